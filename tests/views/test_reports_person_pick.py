"""报表 tab: whom a report's person search offers. The 个人积分明细 of an 入党积极分子 can be chosen by
name, pinyin or initials (the stage beside the name tells them from a 党员 of the same name); the
党员基本信息卡 offers members only and says why an activist is not there; 打印积分明细… on the
发展党员 page opens the detail in 报表 for that person and period."""

from datetime import date

import pytest
from PySide6.QtCore import Qt

from models.development.forms import StageChange
from models.development.operations import change_stage
from models.people import branch
from models.people.citizen_id import make
from models.people.operations import create_member
from models.people.rules import PersonForm
from tests.pdf_check import read_pdf
from tests.views.conftest import type_text
from tests.views.development_data import fill


@pytest.fixture
def people(workspace, seeded_store) -> dict[str, int]:
    """The seeded branch, the development pipeline with a year of scores, a 党员 named 黄海波 like
    the activist, and 马春梅 (an activist with scores) disqualified, so archived."""
    ids = fill(workspace)
    with workspace.read() as session:
        group = next(g.id for g in branch.list_groups(session) if g.name == "第一党小组")
    ids["党员黄海波"] = workspace.run(create_member, PersonForm(
        name="黄海波", citizen_id=make("411323", date(1970, 4, 4), 31), group_id=group,
        joined_on=date(1995, 7, 1), confirmed_on=date(1996, 7, 1))).value
    workspace.run(change_stage, ids["马春梅"], StageChange("disqualify", date(2026, 11, 2), note="本人申请退出"))
    return ids


@pytest.fixture
def tab(qtbot, runner, people):
    from views.reports_tab import ReportsTab

    tab = ReportsTab(runner)
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    return tab


def choose_report(tab, code: str) -> None:
    tab.report_list.setCurrentRow([r.code for r in tab.reports].index(code))


def search(qtbot, field, text: str) -> list[str]:
    """Type `text` (Chinese through the input method) and wait for the popup; its lines."""
    field.completer.popup().hide()
    field.clear()
    field.matches.clear()
    type_text(qtbot, field, text)
    qtbot.waitUntil(lambda: field.completer.popup().isVisible() and field.matches.rowCount() > 0, timeout=5_000)
    return [field.matches.item(i).text() for i in range(field.matches.rowCount())]


def click_line(qtbot, field, text: str) -> None:
    popup = field.completer.popup()
    row = next(i for i in range(field.matches.rowCount()) if field.matches.item(i).text() == text)
    index = popup.model().index(row, 0)
    popup.scrollTo(index)
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=popup.visualRect(index).center())


def generate(qtbot, tab) -> None:
    qtbot.mouseClick(tab.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.job is None or (not tab.job.is_running() and tab.generate_button.isEnabled()),
                    timeout=30_000)


def row_label(tab, key: str) -> str:
    return tab.options_form.labelForField(tab.fields[key]).text()


def test_an_activists_score_detail_is_chosen_by_initials_and_previewed(qtbot, tab, people):
    choose_report(tab, "scores")
    field = tab.fields["person_id"]
    assert field.isVisible() and row_label(tab, "person_id") == "人员："
    assert search(qtbot, field, "hhb") == ["黄海波　入党积极分子", "黄海波　正式党员　第一党小组"]
    popup = field.completer.popup()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert field.value() == people["黄海波"] and field.text() == "黄海波　入党积极分子"
    generate(qtbot, tab)
    text = read_pdf(tab.preview.data).text
    assert "个人积分明细" in text and "黄海波" in text and "2026年第三季度" in text
    assert "村道义务清扫" in text and "季度思想汇报" in text  # the activist's own entries of 2026Q3
    assert "带头发展产业" not in text  # a member's entry
    assert tab.preview.suggested_name == "个人积分明细-黄海波-20261122.pdf"


def test_name_and_full_pinyin_find_pipeline_people_too(qtbot, tab, people):
    choose_report(tab, "scores")
    field = tab.fields["person_id"]
    assert search(qtbot, field, "欧阳") == ["欧阳建华　入党积极分子"]
    assert search(qtbot, field, "liuxiao") == ["刘晓燕　入党申请人"]
    assert search(qtbot, field, "sunli") == ["孙立军　发展对象"]
    click_line(qtbot, field, "孙立军　发展对象")
    assert field.value() == people["孙立军"]
    assert search(qtbot, field, "zhaolei") == ["赵磊　预备党员　直属支部"]


def test_archived_people_are_offered_marked_and_their_detail_made(qtbot, tab, people):
    """A disqualified activist's past quarters still have entries worth printing: offered, marked."""
    choose_report(tab, "scores")
    field = tab.fields["person_id"]
    assert search(qtbot, field, "mcm") == ["马春梅　入党积极分子（已归档）"]
    qtbot.keyClick(field, Qt.Key.Key_Return)  # the only match
    assert field.value() == people["马春梅"]
    generate(qtbot, tab)
    text = read_pdf(tab.preview.data).text
    assert "马春梅" in text and "防汛值守" in text


def test_the_card_offers_members_only_and_says_why_not_an_activist(qtbot, tab, people):
    choose_report(tab, "person")
    field = tab.fields["person_id"]
    assert row_label(tab, "person_id") == "党员："
    assert search(qtbot, field, "hhb") == ["黄海波　第一党小组"]  # the 党员, not the activist
    lines = search(qtbot, field, "ouyang")
    assert lines == ["没有找到党员“ouyang”", "欧阳建华　入党积极分子：不是党员"]
    assert not any(field.matches.item(i).isEnabled() for i in range(field.matches.rowCount()))
    assert field.matches.item(1).toolTip() == "“欧阳建华”是入党积极分子，党员基本信息卡只能为党员（正式党员、预备党员）生成"
    qtbot.keyClick(field, Qt.Key.Key_Return)  # nothing to pick
    assert field.value() is None
    assert search(qtbot, field, "zzz") == ["没有找到“zzz”"]


def test_an_activist_chosen_for_the_detail_cannot_go_on_a_card(qtbot, tab, people):
    tab.select_person(people["周婷"], "scores")
    assert tab.fields["person_id"].text() == "周婷　入党积极分子" and tab.status.text() == ""
    choose_report(tab, "person")
    refusal = "“周婷”是入党积极分子，党员基本信息卡只能为党员（正式党员、预备党员）生成"
    assert tab.status.text() == refusal
    qtbot.mouseClick(tab.generate_button, Qt.MouseButton.LeftButton)
    assert tab.status.text() == refusal and tab.job is None and not tab.preview.data
    choose_report(tab, "scores")  # the choice was kept: back to the detail, it is made
    generate(qtbot, tab)
    assert "周婷" in read_pdf(tab.preview.data).text


def test_select_person_sets_the_period_asked_for(qtbot, tab, people):
    tab.select_person(people["黄海波"], "scores", "2026Q1")
    period = tab.fields["period"]
    assert tab.report_code() == "scores" and period.value() == "2026Q1" and period.currentText() == "2026年第一季度"
    tab.select_person(people["黄海波"], "scores", "2023Q2")  # older than the list goes: added
    assert period.value() == "2023Q2" and period.currentText() == "2023年第二季度"


# ----- from the 发展党员 page ----------------------------------------------------------------


@pytest.fixture
def development_window(qtbot, runner, people):
    from ui.main_window import MainWindow
    from views.tabs import create_tabs

    win = MainWindow(runner, create_tabs)
    qtbot.addWidget(win)
    win.resize(1366, 728)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_print_scores_on_the_person_page_opens_the_detail_in_reports(qtbot, development_window, people):
    development = development_window.tab("发展党员")
    development_window.show_tab(development)
    page = development.person
    page.tabs.setCurrentIndex(page.tabs.count() - 1)  # 积分记录
    assert not page.print_scores_button.isEnabled()  # nobody chosen yet
    development.show_person(people["黄海波"])
    page.period_combo.setCurrentIndex(page.period_combo.findText("2026年第三季度"))
    assert page.print_scores_button.isVisible() and page.print_scores_button.isEnabled()
    qtbot.mouseClick(page.print_scores_button, Qt.MouseButton.LeftButton)
    reports = development_window.tab("报表")
    assert development_window.tabs.currentWidget() is reports
    assert reports.report_code() == "scores" and reports.fields["person_id"].value() == people["黄海波"]
    assert reports.fields["person_id"].text() == "黄海波　入党积极分子"
    assert reports.fields["period"].value() == "2026Q3"
    qtbot.waitUntil(lambda: reports.preview.document.pageCount() >= 1, timeout=30_000)
    text = read_pdf(reports.preview.data).text
    assert "黄海波" in text and "2026年第三季度" in text and "村道义务清扫" in text
    assert reports.preview.suggested_name == "个人积分明细-黄海波-2026年第三季度-20261122.pdf"
