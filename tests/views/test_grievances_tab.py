"""The 民情台账 tab driven as a user would: register an item through its dialog, add progress, extend,
close, visit back 不满意 and reopen — the figures strip changing at each step; Esc in a filled dialog;
a 民情日记 line turned into an item in one step; the filters; the chart painting its bars; the time
limits in 设置 — each through the tab's buttons and dialogs, on a real database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from models.grievances.entities import Grievance
from models.grievances.forms import GrievanceForm
from models.grievances.operations import register_grievance
from models.people.roster import MemberFilter, list_members
from models.workspace.audit import AuditFilter, count_audit
from tests.views.conftest import type_text
from tests.views.grievance_data import fill
from ui.forms import ERROR_COLOUR, WARNING_COLOUR
from ui.sizing import FRAME_HEIGHT, FRAME_WIDTH, SMALL_SCREEN_HEIGHT, SMALL_SCREEN_WIDTH
from ui.table import ID_ROLE
from views.grievances import grievances_tab
from views.grievances.action_dialogs import ActionDialog
from views.grievances.chart_page import REGISTERED_COLOUR
from views.grievances.ledger_table_model import Column
from views.grievances.limits_dialog import LimitsDialog
from views.grievances.register_dialog import RegisterDialog
from views.grievances.workload_page import WorkColumn


@pytest.fixture
def tab(window):
    tab = window.tab("民情台账")
    window.show_tab(tab)
    return tab


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_tool(qtbot, tab, action) -> None:
    click(qtbot, tab.toolbar.widgetForAction(action))


def members(store) -> dict[str, int]:
    with store.read() as session:
        return {r.name: r.id for r in list_members(session, MemberFilter(), date(2026, 11, 22))}


def serials(tab) -> list[str]:
    return [tab.model.index(r, Column.SERIAL).data() for r in range(tab.model.rowCount())]


def select_serial(tab, serial: str) -> None:
    tab.table.selectRow(serials(tab).index(serial))


def cell(tab, serial: str, column: Column):
    return tab.model.index(serials(tab).index(serial), column)


def strip(tab) -> dict[str, str]:
    return tab.strip.texts()


def pick(box, text: str) -> None:
    index = box.findText(text)
    assert index >= 0, f"{text} not in the list"
    box.setCurrentIndex(index)


def set_date(qtbot, field, text: str) -> None:
    field.line.clear()
    type_text(qtbot, field.line, text)


def row_count(store) -> int:
    with store.read() as session:
        return session.query(Grievance).count()


def do_action(qtbot, tab, code: str, fill_in) -> None:
    """Click the toolbar button of `code`, fill its dialog, save it and wait for it to close."""
    action = tab.item_actions[code]
    assert action.isEnabled(), f"{code} should be enabled"
    click_tool(qtbot, tab, action)
    dialog = tab.dialog
    assert isinstance(dialog, ActionDialog) and dialog.code == code
    fill_in(dialog)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: tab.dialog is not dialog)


# ----- the whole way of one item ----------------------------------------------------------


def test_the_tab_sits_after_the_development_tab(window):
    assert [spec.title for spec in window.tab_specs][:3] == ["党员", "发展党员", "民情台账"]


def test_register_progress_extend_close_visit_and_reopen_change_the_figures(qtbot, tab, seeded_store):
    assert strip(tab)["登记"] == "0" and strip(tab)["办结率"] == "—"
    click_tool(qtbot, tab, tab.register_action)
    dialog = tab.dialog
    assert isinstance(dialog, RegisterDialog) and dialog.isVisible()
    set_date(qtbot, dialog.date_field, "2026.11.2")
    pick(dialog.source_combo, "来电")
    pick(dialog.category_combo, "基础设施")
    pick(dialog.urgency_combo, "紧急")
    pick(dialog.responsible_combo, "张三")
    type_text(qtbot, dialog.requester_edit, "赵大爷")
    type_text(qtbot, dialog.phone_edit, "13812345678")
    type_text(qtbot, dialog.place_edit, "三组")
    type_text(qtbot, dialog.content_edit, "三组到村部的路有两处塌陷，雨天无法通行")
    assert "2026-11-05" in dialog.limit_label.text()  # 紧急: 3 working days after Monday 11-02
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert serials(tab) == ["MQ-2026-0001"]
    assert tab.selected_row().serial == "MQ-2026-0001"  # the new item is selected and shown
    assert "三组到村部的路有两处塌陷" in tab.item.text() and "赵大爷" in tab.item.text()
    assert cell(tab, "MQ-2026-0001", Column.STATUS).data() == "待办理"
    assert cell(tab, "MQ-2026-0001", Column.DEADLINE).data() == "2026-11-05"
    assert cell(tab, "MQ-2026-0001", Column.DAYS_LEFT).data().startswith("逾期")  # today is 2026-11-22
    assert strip(tab) == {"登记": "1", "办理中": "1", "逾期": "1", "办结率": "0%", "按期办结率": "—",
                          "满意率": "—", "响应率": "0%", "重办率": "—"}
    assert tab.item_actions["supervise"].isEnabled() and not tab.item_actions["visit"].isEnabled()

    def progress(d):
        set_date(qtbot, d.inputs["on"], "2026-11-03")
        type_text(qtbot, d.inputs["note"], "已到现场查看，联系镇交管所")

    do_action(qtbot, tab, "progress", progress)
    assert cell(tab, "MQ-2026-0001", Column.STATUS).data() == "办理中"
    assert strip(tab)["响应率"] == "100%"
    assert "联系镇交管所" in tab.item.text()

    def extend(d):
        set_date(qtbot, d.inputs["on"], "2026-11-20")
        set_date(qtbot, d.inputs["new_deadline"], "2026-11-30")
        type_text(qtbot, d.inputs["reason"], "等镇里统一安排施工队")
        type_text(qtbot, d.inputs["approver"], "王建国")

    do_action(qtbot, tab, "extend", extend)
    assert cell(tab, "MQ-2026-0001", Column.DEADLINE).data() == "2026-11-30"
    assert strip(tab)["逾期"] == "0"
    assert "期限延至 2026-11-30" in tab.item.text() and "批准人：王建国" in tab.item.text()
    assert not tab.item_actions["supervise"].isEnabled()  # no longer overdue

    def close(d):
        set_date(qtbot, d.inputs["on"], "2026-11-21")
        type_text(qtbot, d.inputs["outcome"], "修补塌陷路面两处，恢复通行")

    do_action(qtbot, tab, "close", close)
    assert cell(tab, "MQ-2026-0001", Column.STATUS).data() == "已办结"
    assert {k: strip(tab)[k] for k in ("办理中", "办结率", "按期办结率", "重办率")} == {
        "办理中": "0", "办结率": "100%", "按期办结率": "100%", "重办率": "0%"}

    def visit(d):
        pick(d.inputs["satisfaction"], "不满意")
        type_text(qtbot, d.inputs["comment"], "下雨又有积水")
        type_text(qtbot, d.inputs["visitor"], "李芳")

    do_action(qtbot, tab, "visit", visit)
    assert strip(tab)["满意率"] == "0%"
    # 不满意: 重新办理 is offered at once, its reason filled from the visit.
    reopen = tab.dialog
    assert isinstance(reopen, ActionDialog) and reopen.code == "reopen" and reopen.isVisible()
    assert reopen.inputs["reason"].toPlainText() == "回访不满意：下雨又有积水"
    click(qtbot, reopen.save_button)
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert cell(tab, "MQ-2026-0001", Column.STATUS).data() == "办理中"
    assert cell(tab, "MQ-2026-0001", Column.DEADLINE).data() == "2026-11-25"  # 3 working days from 11-22
    assert {k: strip(tab)[k] for k in ("办理中", "办结率", "按期办结率", "重办率")} == {
        "办理中": "1", "办结率": "0%", "按期办结率": "—", "重办率": "100%"}
    history = tab.item.text()
    for kind in ("登记", "进展", "延期", "办结", "回访", "重新办理"):
        assert kind in history


def test_a_refused_action_says_why_under_its_field_and_changes_nothing(qtbot, tab, seeded_store, workspace):
    workspace.run(register_grievance, GrievanceForm(
        received_on=date(2026, 11, 16), source="walk_in", category="policy", content="咨询低保政策",
        responsible_id=members(seeded_store)["李芳"]))
    tab.refresh()
    select_serial(tab, "MQ-2026-0001")
    with seeded_store.read() as session:
        before = count_audit(session, AuditFilter())
    click_tool(qtbot, tab, tab.item_actions["close"])
    dialog = tab.dialog
    set_date(qtbot, dialog.inputs["on"], "2026-11-10")  # before it was registered
    type_text(qtbot, dialog.inputs["outcome"], "已解答")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert "不能早于登记日期" in dialog.errors.message("on")
    with seeded_store.read() as session:
        assert count_audit(session, AuditFilter()) == before
    assert cell(tab, "MQ-2026-0001", Column.STATUS).data() == "待办理"


def test_esc_in_a_filled_register_dialog_asks_and_then_writes_nothing(qtbot, tab, seeded_store):
    with seeded_store.read() as session:
        before = count_audit(session, AuditFilter())
    click_tool(qtbot, tab, tab.register_action)
    dialog = tab.dialog
    type_text(qtbot, dialog.content_edit, "路灯不亮")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.discard_box is not None  # asks: 放弃已填写的内容？
    click(qtbot, dialog.discard_box.escapeButton())  # 继续填写
    assert dialog.isVisible() and dialog.content_edit.toPlainText() == "路灯不亮"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    discard = next(b for b in dialog.discard_box.buttons() if b.text() == "放弃")
    click(qtbot, discard)
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert row_count(seeded_store) == 0 and tab.model.rowCount() == 0
    with seeded_store.read() as session:
        assert count_audit(session, AuditFilter()) == before


def test_esc_in_an_untouched_register_dialog_closes_it_without_asking(qtbot, tab):
    click_tool(qtbot, tab, tab.register_action)
    dialog = tab.dialog
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert dialog.discard_box is None


def test_every_missing_field_is_named_at_once(qtbot, tab, seeded_store):
    click_tool(qtbot, tab, tab.register_action)
    dialog = tab.dialog
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    for field, text in (("source", "请选择来源"), ("category", "请选择类别"), ("responsible_id", "请选择责任人"),
                        ("content", "请填写反映内容")):
        assert dialog.errors.message(field) == text
    type_text(qtbot, dialog.phone_edit, "12345")
    pick(dialog.source_combo, "来访")
    pick(dialog.category_combo, "教育")
    pick(dialog.responsible_combo, "李芳")
    type_text(qtbot, dialog.content_edit, "校车太早")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible() and dialog.errors.message("requester_phone")  # the operation checks the phone
    assert row_count(seeded_store) == 0


# ----- 民情日记 ----------------------------------------------------------------------------


def test_a_diary_line_becomes_an_item_in_one_step(qtbot, tab, seeded_store):
    tab.pages.setCurrentWidget(tab.diary)
    page = tab.diary
    pick(page.member_combo, "李芳")
    type_text(qtbot, page.household_edit, "四组 赵长贵家")
    type_text(qtbot, page.heard_edit, "老人独居，想申请村里的助餐服务")
    qtbot.keyClick(page.heard_edit, Qt.Key.Key_Return)  # Enter records the line
    assert page.model.rowCount() == 1 and page.heard_edit.text() == ""
    assert page.member_combo.currentText() == "李芳"  # kept for the next household
    page.table.selectRow(0)
    click(qtbot, page.to_item_button)
    dialog = tab.dialog
    assert isinstance(dialog, RegisterDialog)
    assert dialog.content_edit.toPlainText() == "老人独居，想申请村里的助餐服务"
    assert dialog.source_combo.currentText() == "入户走访" and dialog.responsible_combo.currentText() == "李芳"
    assert dialog.address_edit.text() == "四组 赵长贵家" and dialog.date_field.text() == "2026-11-22"
    assert (dialog.place_edit.text(), dialog.requester_edit.text()) == ("四组", "赵长贵")  # not saved as 匿名
    pick(dialog.category_combo, "养老助残")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert tab.pages.currentWidget() is tab.ledger_page
    assert tab.selected_row().serial == "MQ-2026-0001" and tab.selected_row().source == "home_visit"
    tab.pages.setCurrentWidget(tab.diary)
    assert page.model.row_at(0).serial == "MQ-2026-0001"
    page.table.selectRow(0)
    assert not page.to_item_button.isEnabled()  # a line becomes at most one item


def test_a_diary_line_with_nothing_heard_is_refused_under_its_field(qtbot, tab):
    tab.pages.setCurrentWidget(tab.diary)
    page = tab.diary
    pick(page.member_combo, "张三")
    type_text(qtbot, page.household_edit, "三组 陈家")
    click(qtbot, page.add_button)
    assert page.errors.message("heard") and page.model.rowCount() == 0


# ----- the ledger ---------------------------------------------------------------------------


def test_overdue_rows_are_red_due_soon_amber_and_filterable_alone(qtbot, tab, workspace):
    fill(workspace)
    tab.refresh()
    overdue = cell(tab, "MQ-2026-0011", Column.SERIAL).data(Qt.ItemDataRole.ForegroundRole)
    due_soon = cell(tab, "MQ-2026-0012", Column.SERIAL).data(Qt.ItemDataRole.ForegroundRole)
    assert overdue.color() == QColor(ERROR_COLOUR) and due_soon.color() == QColor(WARNING_COLOUR)
    assert "MQ-2025-0001" in serials(tab)  # last year's item still open shows with this year's
    assert "MQ-2026-0016" not in serials(tab)  # voided
    click(qtbot, tab.filters.overdue_check)
    assert sorted(serials(tab)) == ["MQ-2025-0001", "MQ-2026-0011"]
    click(qtbot, tab.filters.overdue_check)
    type_text(qtbot, tab.filters.search_edit, "cg")  # 陈刚, by initials
    qtbot.waitUntil(lambda: serials(tab) == ["MQ-2026-0011"])
    tab.filters.clear()
    pick(tab.filters.status_combo, "已转办")
    assert serials(tab) == ["MQ-2026-0013"]
    select_serial(tab, "MQ-2026-0013")
    enabled = {code for code, action in tab.item_actions.items() if action.isEnabled()}
    assert enabled == {"progress", "extend", "remind", "answer", "close", "edit", "void"}


def test_a_closed_item_asks_for_its_visit_by_the_set_day(tab, workspace):
    fill(workspace)
    tab.refresh()
    select_serial(tab, "MQ-2026-0017")  # 办结 2026-11-20; 回访 within 10 working days
    assert "请于2026-12-04前“回访”群众" in tab.item.text()
    assert tab.item_actions["visit"].isEnabled() and not tab.item_actions["close"].isEnabled()


def test_correcting_the_category_moves_the_deadline(qtbot, tab, seeded_store, workspace):
    workspace.run(register_grievance, GrievanceForm(
        received_on=date(2026, 11, 16), source="walk_in", category="policy", content="咨询低保政策",
        responsible_id=members(seeded_store)["李芳"]))
    tab.refresh()
    select_serial(tab, "MQ-2026-0001")
    assert cell(tab, "MQ-2026-0001", Column.DEADLINE).data() == "2026-12-07"  # 一般: 15 working days
    click_tool(qtbot, tab, tab.item_actions["edit"])
    dialog = tab.dialog
    assert isinstance(dialog, RegisterDialog) and dialog.windowTitle() == "修改登记 — MQ-2026-0001"
    assert dialog.content_edit.toPlainText() == "咨询低保政策"
    assert dialog.deadline_field.value() == date(2026, 12, 7)
    pick(dialog.urgency_combo, "紧急")
    assert "2026-11-19" in dialog.limit_label.text()
    assert dialog.deadline_field.value() is None  # the old date would not hold: the box shows none, not a stale one
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert cell(tab, "MQ-2026-0001", Column.DEADLINE).data() == "2026-11-19"
    assert cell(tab, "MQ-2026-0001", Column.URGENCY).data() == "紧急"
    assert "更正登记" in tab.item.text() and "紧急程度（一般→紧急）" in tab.item.text()


def test_a_voided_item_leaves_the_ledger_and_shows_struck_out_when_asked(qtbot, tab, seeded_store, workspace):
    workspace.run(register_grievance, GrievanceForm(
        received_on=date(2026, 11, 16), source="walk_in", category="policy", content="咨询低保政策",
        responsible_id=members(seeded_store)["李芳"]))
    tab.refresh()
    select_serial(tab, "MQ-2026-0001")
    click_tool(qtbot, tab, tab.item_actions["void"])
    dialog = tab.dialog
    click(qtbot, dialog.save_button)  # no reason: refused
    assert dialog.isVisible() and dialog.errors.message("reason")
    type_text(qtbot, dialog.inputs["reason"], "重复登记")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert serials(tab) == [] and row_count(seeded_store) == 1  # kept, not deleted
    click(qtbot, tab.filters.void_check)
    assert serials(tab) == ["MQ-2026-0001"]
    assert cell(tab, "MQ-2026-0001", Column.STATUS).data() == "已作废"
    assert cell(tab, "MQ-2026-0001", Column.SERIAL).data(Qt.ItemDataRole.FontRole).strikeOut()
    select_serial(tab, "MQ-2026-0001")
    assert "已作废：重复登记" in tab.item.text()
    assert not any(action.isEnabled() for action in tab.item_actions.values())


def test_a_period_narrows_the_ledger_and_the_figures(tab, workspace):
    fill(workspace)
    tab.refresh()
    assert tab.strip.set_period_code("2026Q2")
    assert sorted(serials(tab)) == ["MQ-2026-0004", "MQ-2026-0005", "MQ-2026-0006"]
    assert strip(tab)["登记"] == "3" and strip(tab)["重办率"] == "33.3%"
    assert tab.strip.set_period_code("2026-11")
    assert strip(tab)["登记"] == "6"


def test_workload_lists_each_member_and_opens_their_items(qtbot, tab, workspace, seeded_store):
    fill(workspace)
    tab.pages.setCurrentWidget(tab.workload)
    model = tab.workload.model
    rows = {model.row_at(r).name: model.row_at(r) for r in range(model.rowCount())}
    assert set(rows) == {"王建国", "张三", "李芳"}
    assert rows["张三"].overdue == 1
    tab.workload.member_chosen.emit(members(seeded_store)["张三"])
    assert tab.pages.currentWidget() is tab.ledger_page
    assert {tab.model.row_at(r).responsible_name for r in range(tab.model.rowCount())} == {"张三"}


def test_sorting_the_workload_keeps_the_chosen_member_chosen(qtbot, tab, workspace, seeded_store):
    """Workload rows are keyed by member_id, not id: sorting with a row selected once failed."""
    fill(workspace)
    tab.pages.setCurrentWidget(tab.workload)
    table, model = tab.workload.table, tab.workload.model
    zhang = members(seeded_store)["张三"]
    table.selectRow(next(r for r in range(model.rowCount()) if model.row_at(r).member_id == zhang))
    table.sortByColumn(WorkColumn.OVERDUE, Qt.SortOrder.DescendingOrder)
    assert model.row_at(0).name == "张三" and table.selectionModel().selectedRows()[0].row() == 0
    assert model.index(0, WorkColumn.NAME).data(ID_ROLE) == zhang


def test_the_item_models_pass_the_qt_model_tester(tab, workspace, qtmodeltester):
    fill(workspace)
    tab.refresh()
    tab.pages.setCurrentWidget(tab.workload)
    tab.pages.setCurrentWidget(tab.diary)
    for model in (tab.model, tab.workload.model, tab.diary.model):
        assert model.rowCount() > 0
        qtmodeltester.check(model)


def test_sorting_by_days_left_puts_the_latest_first(tab, workspace):
    fill(workspace)
    tab.refresh()
    tab.table.sortByColumn(Column.DAYS_LEFT, Qt.SortOrder.AscendingOrder)
    assert serials(tab)[:2] == ["MQ-2025-0001", "MQ-2026-0011"]


def test_with_more_items_than_it_loads_the_count_line_says_so_and_the_filters_search_them_all(
        qtbot, tab, workspace, monkeypatch):
    monkeypatch.setattr(grievances_tab, "LEDGER_LIMIT", 5)
    fill(workspace)
    tab.refresh()
    newest = ["MQ-2026-0018", "MQ-2026-0017", "MQ-2026-0015", "MQ-2026-0014", "MQ-2026-0013"]  # 0016 voided
    assert serials(tab) == newest
    # the year's figures count 2026's items; the line says the ledger also lists an open one of 2025
    assert tab.count_label.full_text() == "显示最新 5 件（共 18 件，含往年未办结 1 件，逾期 2 件）；请用筛选或搜索缩小范围"
    assert "最新 5 件" in tab.count_label.text()
    tip = tab.count_label.toolTip()
    assert "含往年登记、至今未办结的 1 件" in tip and "点列标题排序时，只在这 5 件中排序" in tip
    tab.table.sortByColumn(Column.DAYS_LEFT, Qt.SortOrder.AscendingOrder)  # the loaded rows only
    assert sorted(serials(tab)) == sorted(newest)
    click(qtbot, tab.filters.overdue_check)  # the old overdue items lie beyond the five loaded
    assert sorted(serials(tab)) == ["MQ-2025-0001", "MQ-2026-0011"]
    assert tab.count_label.full_text() == "共 2 件（含往年未办结 1 件），逾期 2 件"
    assert "只在这" not in tab.count_label.toolTip()
    click(qtbot, tab.filters.overdue_check)
    pick(tab.filters.category_combo, "基础设施")  # exactly five: all of them shown
    assert len(serials(tab)) == 5 and tab.count_label.full_text() == "共 5 件（含往年未办结 1 件），逾期 2 件"
    pick(tab.filters.category_combo, "全部类别")
    assert tab.count_label.full_text().startswith("显示最新 5 件（共 18 件")
    monkeypatch.setattr(grievances_tab, "LEDGER_LIMIT", 1)
    click(qtbot, tab.filters.overdue_check)  # limited overdue: the longest overdue is the one kept
    assert serials(tab) == ["MQ-2025-0001"]
    assert tab.count_label.full_text().startswith("显示逾期最久的 1 件（共 2 件")


def test_an_item_older_than_the_loaded_rows_is_shown_by_its_serial(tab, workspace, monkeypatch):
    monkeypatch.setattr(grievances_tab, "LEDGER_LIMIT", 5)
    ids = fill(workspace)
    tab.refresh()
    tab.show_item(ids["冬季村道结冰，老人出行容易滑倒"])
    assert tab.selected_row().serial == "MQ-2025-0001" and tab.filters.search_edit.text() == "MQ-2025-0001"
    assert "冬季村道结冰" in tab.item.text()


# ----- the chart and the settings ------------------------------------------------------------


def test_the_chart_paints_a_bar_for_each_category_with_items(qtbot, tab, workspace):
    fill(workspace)
    tab.pages.setCurrentWidget(tab.chart)
    image = tab.chart.grab().toImage()
    assert not image.isNull() and image.width() > 300
    painted = {label for label, series, rect in tab.chart.by_category.bar_rects if series == "登记" and rect.height() > 0}
    assert painted == {"基础设施", "环境卫生", "医疗卫生", "养老助残", "教育", "就业增收", "矛盾纠纷", "政策咨询"}
    months = [label for label, series, _ in tab.chart.by_month.bar_rects if series == "登记"]
    assert months == [f"{m}月" for m in range(1, 13)]
    label, _, rect = next(b for b in tab.chart.by_category.bar_rects if b[0] == "基础设施" and b[1] == "登记")
    dpr = image.devicePixelRatio()
    pixel = image.pixelColor(int(rect.center().x() * dpr), int((rect.bottom() - 2) * dpr))
    assert pixel == QColor(REGISTERED_COLOUR)


def test_the_chart_says_when_the_period_has_nothing(tab):
    tab.pages.setCurrentWidget(tab.chart)
    tab.chart.grab()
    assert tab.chart.by_category.top_value() == 0 and tab.chart.by_category.bar_rects == []


def test_changed_time_limits_give_new_items_their_deadline(qtbot, tab):
    click(qtbot, tab.limits_button)
    dialog = tab.dialog
    assert isinstance(dialog, LimitsDialog)
    spin = dialog.spins["grievance.infrastructure.ordinary.completion_days"]
    spin.setValue(10)
    dialog.spins["grievance.education.urgent.response_days"].setValue(5)  # longer than 办结 (3): refused
    click(qtbot, dialog.save_button)
    assert dialog.isVisible() and "首次响应时限（教育·紧急）" in dialog.other_label.text()
    dialog.spins["grievance.education.urgent.response_days"].setValue(1)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: tab.dialog is None)
    click_tool(qtbot, tab, tab.register_action)
    register = tab.dialog
    set_date(qtbot, register.date_field, "2026-11-16")
    pick(register.category_combo, "基础设施")
    assert "10 个工作日内办结，即 2026-11-30 前" in register.limit_label.text()
    register.done(0)


# ----- the screen -----------------------------------------------------------------------------

SIZES_SCRIPT = Path(__file__).with_name("grievance_window_sizes.py")


@pytest.fixture(scope="module")
def measured() -> dict:
    """The tab and its dialogs opened at 125% on a 1366×768 screen, in a subprocess (as test_dialog_sizes)."""
    env = {k: v for k, v in os.environ.items() if k not in ("QT_SCALE_FACTOR", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, str(SIZES_SCRIPT)], capture_output=True, text=True, encoding="utf-8",
                          env=env, timeout=300, cwd=SIZES_SCRIPT.parents[2])
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


WINDOWS = {"grievances_tab", "grievance_register_dialog", "grievance_register_dialog_errors", "grievance_progress_dialog",
           "grievance_extend_dialog", "grievance_extend_dialog_errors", "grievance_remind_dialog",
           "grievance_supervise_dialog", "grievance_refer_dialog", "grievance_answer_dialog", "grievance_close_dialog",
           "grievance_check_dialog", "grievance_visit_dialog", "grievance_reopen_dialog", "grievance_void_dialog",
           "grievance_limits_dialog", "grievance_diary_to_item_dialog"}


@pytest.mark.parametrize("name", sorted(WINDOWS))
def test_the_tab_and_its_dialogs_fit_1366x768_at_125_percent(measured, name):
    size = measured["windows"][name]
    sizes = [(size["min_width"], size["min_height"], "最小")]
    if not size["maximized"]:
        sizes.append((size["width"], size["height"], "默认"))
    for width, height, which in sizes:
        framed = (width + FRAME_WIDTH, height + FRAME_HEIGHT)
        assert framed[0] <= SMALL_SCREEN_WIDTH and framed[1] <= SMALL_SCREEN_HEIGHT, \
            f"{name} {which} {width}×{height}, with its frame {framed[0]}×{framed[1]}: larger than 1093×560"


def test_a_failed_check_through_the_dialog_sends_the_item_back_and_reminders_reach_to_check_items(
        qtbot, tab, seeded_store, workspace):
    from models.grievances.operations import close_grievance
    from tests.models.grievance_helpers import set_grievance_settings

    set_grievance_settings(workspace, check_required=True)
    gid = workspace.run(register_grievance, GrievanceForm(
        received_on=date(2026, 11, 16), source="walk_in", category="infrastructure", content="路灯不亮",
        responsible_id=members(seeded_store)["李芳"])).value
    workspace.run(close_grievance, gid, date(2026, 11, 18), "已换灯泡")
    tab.refresh()
    select_serial(tab, "MQ-2026-0001")
    assert cell(tab, "MQ-2026-0001", Column.STATUS).data() == "待核查"
    assert tab.item_actions["remind"].isEnabled() and not tab.item_actions["progress"].isEnabled()

    def failed(d):
        type_text(qtbot, d.inputs["checker"], "王建国")
        pick(d.inputs["passed"], "未通过，退回办理中")
        type_text(qtbot, d.inputs["note"], "东头两盏还不亮")

    do_action(qtbot, tab, "check", failed)
    assert cell(tab, "MQ-2026-0001", Column.STATUS).data() == "办理中"
    assert "核查未通过：东头两盏还不亮" in tab.item.text()
    assert tab.item_actions["close"].isEnabled()


def test_print_slip_on_the_item_page_opens_the_slip_in_reports(qtbot, window, tab, seeded_store, workspace):
    from tests.pdf_check import read_pdf

    assert not tab.item.slip_button.isEnabled()  # nothing chosen yet
    workspace.run(register_grievance, GrievanceForm(
        received_on=date(2026, 11, 16), source="walk_in", category="infrastructure", content="三组路灯不亮",
        responsible_id=members(seeded_store)["李芳"]))
    tab.refresh()
    select_serial(tab, "MQ-2026-0001")
    assert tab.item.slip_button.isEnabled()
    click(qtbot, tab.item.slip_button)
    reports = window.tab("报表")
    assert window.tabs.currentWidget() is reports
    assert reports.report_code() == "grievance-slip" and reports.fields["serial"].value() == "MQ-2026-0001"
    qtbot.waitUntil(lambda: reports.preview.document.pageCount() >= 1, timeout=30_000)
    text = read_pdf(reports.preview.data).text
    assert "MQ-2026-0001" in text and "三组路灯不亮" in text and "李芳" in text


def test_the_days_left_header_says_it_counts_working_days(tab):
    tip = tab.model.headerData(Column.DAYS_LEFT, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "工作日" in tip and "法定节假日" in tip
    assert tab.model.headerData(Column.SERIAL, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) is None


def test_esc_in_the_time_limits_dialog_asks_before_dropping_a_changed_number(qtbot, tab):
    click(qtbot, tab.limits_button)
    dialog = tab.dialog
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing changed: closes without asking
    qtbot.waitUntil(lambda: tab.dialog is None)
    click(qtbot, tab.limits_button)
    dialog = tab.dialog
    spin = dialog.spins["grievance.infrastructure.ordinary.completion_days"]
    spin.selectAll()
    qtbot.keyClicks(spin, "9")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.discard_box is not None  # asks: 放弃已填写的内容？
    click(qtbot, dialog.discard_box.escapeButton())  # 继续填写
    assert dialog.isVisible() and spin.value() == 9
