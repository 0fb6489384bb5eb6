"""The 报表 tab with the 民情 reports, driven as a user would: choose the month of the 公示, find an
item for the 交办单 by typing words of it, a serial that names no item, the 民情日记 without a
member."""

from datetime import date

import pytest
from PySide6.QtCore import Qt

from models.grievances import operations as ops
from models.grievances.forms import GrievanceForm
from models.people.roster import MemberFilter, list_members
from tests.conftest import TODAY
from tests.pdf_check import read_pdf
from tests.views.conftest import type_text


@pytest.fixture
def tab(qtbot, runner, workspace):
    """The 报表 tab on the seeded database with two items: 王建国's street light (MQ-2026-0001,
    October) and a well (MQ-2026-0002, November), both with 张三 responsible."""
    from views.reports_tab import ReportsTab

    with runner.read() as session:
        zhang = next(r.id for r in list_members(session, MemberFilter(text="张三"), TODAY))
    for received, content in ((date(2026, 10, 8), "三组路灯坏了"), (date(2026, 11, 2), "五组水井抽不上水")):
        workspace.run(ops.register_grievance, GrievanceForm(
            received_on=received, source="phone_call", category="infrastructure", content=content,
            responsible_id=zhang, requester="王建国", requester_phone="13812345678",
            requester_address="红旗村三组45号"))
    widget = ReportsTab(runner)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def choose(qtbot, tab, title: str) -> None:
    """Click the report in the list."""
    row = next(i for i in range(tab.report_list.count()) if tab.report_list.item(i).text() == title)
    tab.report_list.scrollToItem(tab.report_list.item(row))
    rect = tab.report_list.visualItemRect(tab.report_list.item(row))
    qtbot.mouseClick(tab.report_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tab.report().title == title


def generate(qtbot, tab) -> bytes:
    qtbot.mouseClick(tab.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.job is not None and not tab.job.is_running() and tab.generate_button.isEnabled(),
                    timeout=30_000)
    return tab.preview.data


def test_the_notice_of_a_chosen_month(qtbot, tab):
    choose(qtbot, tab, "民情办理情况公示")
    month = tab.fields["month"]
    assert month.isVisible() and not tab.fields["period"].isVisible()
    assert month.currentText() == "默认（上个月：2026年10月）" and "张贴公示" in tab.description.text()
    month.setCurrentIndex(month.findText("2026年11月"))
    text = read_pdf(generate(qtbot, tab)).text
    assert "2026年11月民情办理情况公示" in text
    assert text.index("MQ-2026-0002") < text.index("二、以前受理") < text.index("MQ-2026-0001")  # October's, still open
    assert "王**" in text and "王建国" not in text
    assert tab.preview.suggested_name == "民情办理情况公示-2026年11月-20261122.pdf"


def test_the_slip_of_an_item_found_by_its_words(qtbot, tab):
    choose(qtbot, tab, "民情交办单")
    field = tab.fields["serial"]
    assert field.isVisible() and field.value() is None
    type_text(qtbot, field, "水井")
    qtbot.waitUntil(lambda: field.completer.popup().isVisible() and field.matches.rowCount() > 0, timeout=5_000)
    assert [field.matches.item(i).text() for i in range(field.matches.rowCount())] == [
        "MQ-2026-0002　待办理　张三　五组水井抽不上水"]
    popup = field.completer.popup()
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=popup.visualRect(popup.model().index(0, 0)).center())
    assert field.text() == "MQ-2026-0002" and field.value() == "MQ-2026-0002"
    pdf = read_pdf(generate(qtbot, tab))
    assert pdf.pages == 1 and "编号：MQ-2026-0002" in pdf.text and "13812345678" in pdf.text
    assert tab.preview.suggested_name == "民情交办单-MQ-2026-0002-20261122.pdf"


def test_a_serial_that_names_no_item_is_said_before_anything_is_made(qtbot, tab):
    choose(qtbot, tab, "民情交办单")
    field = tab.fields["serial"]
    field.setFocus()
    qtbot.keyClicks(field, "mq-2026-9")
    qtbot.mouseClick(tab.generate_button, Qt.MouseButton.LeftButton)
    assert tab.job is None and "找不到编号为 MQ-2026-0009 的民情事项" in tab.status.text()
    field.clear()
    qtbot.keyClicks(field, "mq-2026-1")  # typed loosely: read as MQ-2026-0001
    assert "编号：MQ-2026-0001" in read_pdf(generate(qtbot, tab)).text


def test_without_a_serial_every_new_item_has_a_page(qtbot, tab):
    choose(qtbot, tab, "民情交办单")
    assert read_pdf(generate(qtbot, tab)).pages == 2


def test_the_diary_of_every_member_needs_no_member(qtbot, tab):
    choose(qtbot, tab, "民情日记")
    assert tab.fields["person_id"].isVisible() and tab.fields["period"].isVisible()
    assert "本期无记录" in read_pdf(generate(qtbot, tab)).text
