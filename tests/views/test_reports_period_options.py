"""报表 tab with the scoring reports: the period, year and 公示期 options as a user sets them."""

import pytest
from PySide6.QtCore import Qt

from tests.models.scoring_data import fill_scored
from tests.pdf_check import read_pdf
from tests.views.conftest import type_text


@pytest.fixture
def tab(qtbot, workspace):
    from ui.app import make_application
    from ui.operations import OperationRunner
    from views.reports_tab import ReportsTab

    fill_scored(workspace)
    make_application()
    tab = ReportsTab(OperationRunner(workspace))
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    return tab


def choose_report(tab, code: str) -> None:
    tab.report_list.setCurrentRow([r.code for r in tab.reports].index(code))


def shown(tab) -> set[str]:
    return {key for key, field in tab.fields.items() if tab.options_form.isRowVisible(field)}


def generate(qtbot, tab) -> None:
    qtbot.mouseClick(tab.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.job is None or (not tab.job.is_running() and tab.generate_button.isEnabled()),
                    timeout=30_000)


def choose(combo, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, [combo.itemText(i) for i in range(combo.count())]
    combo.setCurrentIndex(index)


def test_ranking_notice_with_a_chosen_quarter_and_notice_dates(qtbot, tab):
    choose_report(tab, "ranking")
    assert shown(tab) == {"period", "notice_from", "notice_to"}
    period = tab.fields["period"]
    assert period.currentText() == "默认（上一季度：2026年第三季度）" and period.value() is None
    choose(period, "2026年第三季度")
    assert period.value() == "2026Q3"
    type_text(qtbot, tab.fields["notice_from"].line, "2026-13-01")
    generate(qtbot, tab)
    assert tab.status.text() == "公示开始日期：“2026-13-01”不是存在的日期" and not tab.preview.data
    tab.fields["notice_from"].line.clear()
    type_text(qtbot, tab.fields["notice_from"].line, "2026-10-08")
    generate(qtbot, tab)
    text = read_pdf(tab.preview.data).text.replace(" ", "")
    assert "2026年第三季度入党积极分子积分排名公示" in text and "公示期：2026年10月8日至2026年10月13日" in text
    assert tab.file_name() == "入党积极分子积分排名公示-2026年第三季度-20261122.pdf"


def test_the_detail_shows_one_period_list_and_the_stars_a_year(qtbot, tab):
    choose_report(tab, "stars")
    assert shown(tab) == {"year"}
    year = tab.fields["year"]
    assert year.currentText() == "默认（2026年度）"
    assert [year.itemText(i) for i in range(1, year.count())] == ["2026年度", "2025年度", "2024年度", "2023年度"]
    choose(year, "2025年度")
    choose_report(tab, "scores")
    assert shown(tab) == {"person_id", "period"}  # the period list offers the years too
    assert "year" not in tab.values() and "2025" not in tab.file_name()  # the stars' year is not used here
    choose_report(tab, "stars")
    choose(year, "2026年度")
    generate(qtbot, tab)
    assert "党员年度积分及星级评定表（2026年）" in read_pdf(tab.preview.data).text.replace(" ", "")
    assert tab.file_name() == "党员年度积分及星级评定表-2026年度-20261122.pdf"


def test_period_list_has_recent_quarters_then_years(tab):
    period = tab.fields["period"]
    items = [period.itemText(i) for i in range(period.count())]
    assert items[1:4] == ["2026年第四季度", "2026年第三季度", "2026年第二季度"]
    assert items[8] == "2025年第一季度" and items[9:] == ["2026年度", "2025年度", "2024年度", "2023年度"]
