"""The 发展党员 tab driven as a user would: register an applicant, stage changes refused by the
timing rules and done with a reason, scores for one and for thirty at once, voids, the ranking,
the rule catalogue and the settings — each through its dialog, on a real database."""

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from sqlalchemy import func, select

from models.development.forms import ApplicantForm, StageChange
from models.development.operations import change_stage, register_applicant
from models.people.citizen_id import make
from models.scoring.catalogue import rule_by_code
from models.scoring.entities import ScoreEntry
from models.scoring.entries import EntryForm, add_entries
from tests.views.conftest import type_text
from ui.sizing import FRAME_HEIGHT, FRAME_WIDTH, SMALL_SCREEN_HEIGHT, SMALL_SCREEN_WIDTH
from views.development.applicant_dialog import ApplicantDialog
from views.development.entry_table_model import VOIDED_BRUSH, EntryColumn
from views.development.pipeline_table_model import Column
from views.development.ranking_view import RankColumn
from views.development.rules_page import RuleDialog
from views.development.score_dialog import ReasonDialog, ScoreDialog
from views.development.settings_dialog import SettingsDialog
from views.development.stage_dialog import StageDialog
from views.development.step_dialog import StepDialog

SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"


def applicant(workspace, name: str, serial: int, applied_on: date = date(2025, 3, 1)) -> int:
    form = ApplicantForm(name=name, citizen_id=make("411323", date(1995, 1 + serial % 12, 1 + serial % 27), serial),
                         applied_on=applied_on)
    return workspace.run(register_applicant, form).value


def activist(workspace, name: str, serial: int, on: date = date(2025, 6, 1)) -> int:
    person_id = applicant(workspace, name, serial)
    workspace.run(change_stage, person_id, StageChange("activist", on, override_reason="测试数据"))
    return person_id


def rule_id(store, code: str) -> int:
    with store.read() as session:
        return rule_by_code(session, code).id


@pytest.fixture
def tab(window):
    tab = window.tab("发展党员")
    window.show_tab(tab)
    return tab


def names_shown(tab) -> list[str]:
    return [tab.model.index(r, Column.NAME).data() for r in range(tab.model.rowCount())]


def select_name(tab, name: str) -> None:
    tab.table.selectRow(names_shown(tab).index(name))


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_tool(qtbot, tab, action) -> None:
    click(qtbot, tab.toolbar.widgetForAction(action))


def tick(picker, names: list[str], checked: bool = True) -> None:
    """Tick (or untick) people in a picker as a click on each check box does."""
    for row in range(picker.model.rowCount()):
        item = picker.model.item(row)
        if item.data(Qt.ItemDataRole.UserRole) in names:
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


def ranking_of(tab) -> dict[str, tuple[str, str]]:
    """name -> (rank, total) as the ranking shows them."""
    model = tab.ranking.model
    return {model.index(r, RankColumn.NAME).data(): (model.index(r, RankColumn.RANK).data(),
                                                      model.index(r, RankColumn.TOTAL).data())
            for r in range(model.rowCount())}


# ----- the pipeline ---------------------------------------------------------------------


def test_the_tab_sits_after_the_members_tab(window):
    assert [spec.title for spec in window.tab_specs][:2] == ["党员", "发展党员"]


def test_register_an_applicant_through_the_dialog_shows_the_row(qtbot, tab):
    click_tool(qtbot, tab, tab.apply_action)
    dialog = tab.dialog
    assert isinstance(dialog, ApplicantDialog) and dialog.isVisible()
    type_text(qtbot, dialog.name_edit, "赵敏")
    type_text(qtbot, dialog.id_edit, make("411323", date(2000, 4, 2), 22))
    assert dialog.birth_field.text() == "2000-04-02" and dialog.gender_combo.currentText() == "女"
    type_text(qtbot, dialog.applied_field.line, "2026.10.8")
    dialog.group_combo.setCurrentIndex(dialog.group_combo.findText("第一党小组"))
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert names_shown(tab) == ["赵敏"]
    row = tab.model.row_at(0)
    assert tab.model.index(0, Column.STAGE).data() == "入党申请人"
    assert tab.model.index(0, Column.APPLIED).data() == "2026-10-08"
    assert row.group_name == "第一党小组"
    assert "赵敏" in tab.person.title.text()  # the new person is selected and shown
    assert "递交入党申请书" in tab.person.steps_view.toPlainText()


def test_a_missing_applied_date_is_said_under_its_field_and_nothing_is_saved(qtbot, tab, seeded_store):
    tab.apply_action.trigger()
    dialog = tab.dialog
    type_text(qtbot, dialog.name_edit, "钱多")
    type_text(qtbot, dialog.id_edit, make("411323", date(2001, 5, 6), 31))
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.errors.message("applied_on")
    assert tab.model.rowCount() == 0


def test_an_applicant_under_18_needs_a_reason(qtbot, tab):
    tab.apply_action.trigger()
    dialog = tab.dialog
    type_text(qtbot, dialog.name_edit, "孙小")
    type_text(qtbot, dialog.id_edit, make("411323", date(2010, 5, 6), 31))
    type_text(qtbot, dialog.applied_field.line, "2026-10-08")
    dialog.applied_field.line.editingFinished.emit()
    assert dialog.override.isVisible() and "18" in dialog.override.findings_label.text()
    click(qtbot, dialog.save_button)
    assert dialog.isVisible() and tab.model.rowCount() == 0
    type_text(qtbot, dialog.override.reason_edit, "按上级通知登记，年满18岁后再确定积极分子")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert names_shown(tab) == ["孙小"]
    assert "按上级通知登记" in tab.person.steps_view.toPlainText()


def test_pipeline_model_passes_the_qt_model_tester(tab, workspace, qtmodeltester):
    activist(workspace, "周一", 1)
    applicant(workspace, "吴二", 2)
    tab.refresh()
    qtmodeltester.check(tab.model)


def test_stage_filter_and_pinyin_search(qtbot, tab, workspace):
    activist(workspace, "周一", 1)
    applicant(workspace, "吴二", 2)
    tab.refresh()
    assert sorted(names_shown(tab)) == ["吴二", "周一"]
    tab.stage_filter.setCurrentIndex(tab.stage_filter.findText("入党积极分子"))
    assert names_shown(tab) == ["周一"]
    tab.stage_filter.setCurrentIndex(0)
    type_text(qtbot, tab.search_edit, "we")
    qtbot.waitUntil(lambda: names_shown(tab) == ["吴二"])


# ----- stage changes and the timing rules -----------------------------------------------


def test_a_refused_stage_change_shows_the_findings_then_goes_ahead_with_a_reason(qtbot, tab, workspace):
    person = activist(workspace, "陈新", 5, on=date(2026, 6, 1))  # not yet a year as activist
    tab.refresh()
    select_name(tab, "陈新")
    assert tab.stage_actions["candidate"].isEnabled() and not tab.stage_actions["admit"].isEnabled()
    click_tool(qtbot, tab, tab.stage_actions["candidate"])
    dialog = tab.dialog
    assert isinstance(dialog, StageDialog)
    tick(dialog.picker, ["王建国", "张三"])
    assert "王建国" in dialog.picker.count_label.text()
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()  # refused: TimingNotMet
    findings = dialog.override.findings_label.text()
    assert dialog.override.isVisible() and "以下时限要求未满足" in findings and "1年" in findings
    type_text(qtbot, dialog.override.reason_edit, "经镇党委同意提前列为发展对象")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: tab.dialog is None)
    row = tab.model.row_of(person)
    assert row.stage == "candidate" and row.candidate_on == date(2026, 11, 22)
    text = tab.person.steps_view.toPlainText()
    assert "经镇党委同意提前列为发展对象" in text  # the reason is kept and shown
    assert "王建国" in text and "张三" in text  # the 入党介绍人 as links


def test_stage_actions_follow_the_selected_persons_stage(tab, workspace):
    applicant(workspace, "吴二", 2)
    tab.refresh()
    select_name(tab, "吴二")
    enabled = {code for code, action in tab.stage_actions.items() if action.isEnabled()}
    assert enabled == {"activist", "disqualify"}


def test_a_rule_switched_off_in_settings_no_longer_stops_the_change(qtbot, tab, workspace):
    activist(workspace, "陈新", 5, on=date(2026, 6, 1))
    tab.refresh()
    click(qtbot, tab.settings_button)
    settings = tab.dialog
    assert isinstance(settings, SettingsDialog)
    settings.timing["activist_years"][0].setChecked(False)
    click(qtbot, settings.save_button)
    qtbot.waitUntil(lambda: tab.dialog is None)
    select_name(tab, "陈新")
    tab.stage_actions["candidate"].trigger()
    dialog = tab.dialog
    assert not dialog.override.isVisibleTo(dialog)
    tick(dialog.picker, ["王建国", "张三"])
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert tab.model.row_at(0).stage == "candidate"


def test_escape_on_a_filled_stage_dialog_asks_first(qtbot, tab, workspace):
    activist(workspace, "陈新", 5)
    tab.refresh()
    select_name(tab, "陈新")
    tab.stage_actions["disqualify"].trigger()
    dialog = tab.dialog
    type_text(qtbot, dialog.note_edit, "本人申请退出")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.discard_box is not None and dialog.isVisible()
    dialog.discard_box.done(0)


def test_materials_are_ticked_off_with_a_click(qtbot, tab, workspace, seeded_store):
    applicant(workspace, "吴二", 2)
    tab.refresh()
    select_name(tab, "吴二")
    assert "☐ 入党申请书" in tab.person.materials_view.toPlainText()
    tab.person.materials_view.anchorClicked.emit(QUrl("material:application"))
    assert "☑ 入党申请书" in tab.person.materials_view.toPlainText()
    assert "2026-11-22收到" in tab.person.materials_view.toPlainText()
    tab.person.materials_view.anchorClicked.emit(QUrl("material:application"))
    assert "☐ 入党申请书" in tab.person.materials_view.toPlainText()


# ----- scores ---------------------------------------------------------------------------


def test_batch_score_thirty_people_in_one_go_changes_the_ranking(qtbot, tab, workspace, seeded_store):
    first = activist(workspace, "甲先", 100)
    names = [SURNAMES[n] + "某" + "一二三四五六七八九十"[n % 10] for n in range(30)]
    for n, name in enumerate(names):
        activist(workspace, name, n + 1)
    workspace.run(add_entries, EntryForm((first,), rule_id(seeded_store, "JF02"), date(2026, 10, 9), "防汛值守"))
    tab.pages.setCurrentWidget(tab.ranking)
    tab.ranking.set_period("2026Q4", "activists")
    before = ranking_of(tab)
    assert before["甲先"] == ("1", "65") and before[names[0]] == ("2", "60")

    tab.pages.setCurrentWidget(tab.pipeline_page)
    click_tool(qtbot, tab, tab.batch_action)
    dialog = tab.dialog
    assert isinstance(dialog, ScoreDialog) and dialog.batch
    dialog.rule_combo.setCurrentIndex(dialog.rule_combo.findData(rule_id(seeded_store, "JF04")))
    type_text(qtbot, dialog.reason_edit, "获县级表彰（集体）")
    click(qtbot, dialog.picker.all_button)
    tick(dialog.picker, ["甲先", "王建国", "张三", "李芳"], checked=False)
    assert len(dialog.picker.checked_ids()) == 30
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert "已记分 30 人" in tab.message_label.text()
    with seeded_store.read() as session:
        runs = session.execute(select(func.count(), func.count(func.distinct(ScoreEntry.run_id)))
                               .where(ScoreEntry.reason == "获县级表彰（集体）")).one()
    assert tuple(runs) == (30, 1)  # thirty entries, one operation

    tab.pages.setCurrentWidget(tab.ranking)
    after = ranking_of(tab)
    assert after["甲先"] == ("31", "65")
    assert {after[name] for name in names} == {("1", "70")}  # ties share the rank


def test_the_batch_dialog_says_beforehand_who_goes_past_the_cap(qtbot, tab, workspace, seeded_store):
    person = activist(workspace, "陈新", 5)
    workspace.run(add_entries, EntryForm((person,), rule_id(seeded_store, "JC01"), date(2026, 10, 9), "十月思想汇报"))
    tab.refresh()
    select_name(tab, "陈新")
    tab.score_action.trigger()
    dialog = tab.dialog
    assert dialog.picker.checked_ids() == [person]
    dialog.rule_combo.setCurrentIndex(dialog.rule_combo.findData(rule_id(seeded_store, "JC01")))
    assert dialog.notes_label.isVisibleTo(dialog) and "上限" in dialog.notes_label.text()
    type_text(qtbot, dialog.reason_edit, "十一月思想汇报")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert "上限" in tab.message_label.text()


def test_void_an_entry_and_see_it_grey_and_struck(qtbot, tab, workspace, seeded_store):
    person = activist(workspace, "陈新", 5)
    workspace.run(add_entries, EntryForm((person,), rule_id(seeded_store, "JF01"), date(2026, 11, 2), "清扫村道"))
    tab.refresh()
    select_name(tab, "陈新")
    tab.person.tabs.setCurrentIndex(2)
    entries = tab.person.entries
    assert entries.rowCount() == 1 and not tab.void_action.isEnabled()
    tab.person.entry_table.selectRow(0)
    assert tab.void_action.isEnabled()
    click_tool(qtbot, tab, tab.void_action)
    dialog = tab.dialog
    assert isinstance(dialog, ReasonDialog)
    click(qtbot, dialog.save_button)
    assert dialog.errors.message("reason")  # a reason is required
    type_text(qtbot, dialog.reason_edit, "录错了人")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert entries.rowCount() == 1  # kept, shown as voided
    index = entries.index(0, EntryColumn.RULE)
    assert index.data(Qt.ItemDataRole.ForegroundRole).color() == VOIDED_BRUSH.color()
    assert index.data(Qt.ItemDataRole.FontRole).strikeOut()
    assert entries.index(0, EntryColumn.STATUS).data() == "已作废"
    assert "录错了人" in entries.index(0, EntryColumn.REASON).data()
    assert "另有作废 1 条" in tab.person.total_label.text()


def test_posting_a_quarter_records_it_and_locks_it(qtbot, tab, workspace):
    activist(workspace, "陈新", 5)
    tab.pages.setCurrentWidget(tab.ranking)
    tab.ranking.set_period("2026Q4", "activists")
    assert tab.ranking.posted_label.text() == "尚未公示"
    click(qtbot, tab.ranking.post_button)
    dialog = tab.ranking.dialog
    assert dialog.to_field.value() > dialog.from_field.value()  # five working days by default
    type_text(qtbot, dialog.note_edit, "村务公开栏")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: tab.ranking.dialog is None)
    assert "已公示" in tab.ranking.posted_label.text() and not tab.ranking.post_button.isEnabled()


# ----- the rule catalogue ---------------------------------------------------------------


def test_add_a_rule_and_deactivate_it(qtbot, tab):
    rules = tab.rules
    tab.pages.setCurrentWidget(rules)
    count = rules.model.rowCount()
    click(qtbot, rules.add_button)
    dialog = rules.dialog
    assert isinstance(dialog, RuleDialog)
    type_text(qtbot, dialog.code_edit, "JF06")
    type_text(qtbot, dialog.name_edit, "带头移风易俗")
    dialog.category_combo.setCurrentIndex(dialog.category_combo.findText("加分"))
    dialog.points_spin.setValue(-2)
    click(qtbot, dialog.save_button)
    assert dialog.isVisible() and dialog.errors.message("points")  # a bonus must be positive
    dialog.points_spin.setValue(3)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: rules.dialog is None)
    assert rules.model.rowCount() == count + 1
    assert rules.selected().code == "JF06"
    click(qtbot, rules.active_button)
    assert not rules.selected().active and rules.active_button.text() == "启用"
    assert rules.model.rowCount() == count + 1  # deactivated, never deleted


# ----- steps, reminders, approval -------------------------------------------------------


def test_record_a_step_then_void_it_from_the_persons_page(qtbot, tab, workspace):
    activist(workspace, "陈新", 5)
    tab.refresh()
    select_name(tab, "陈新")
    click_tool(qtbot, tab, tab.step_action)
    dialog = tab.dialog
    assert isinstance(dialog, StepDialog)
    dialog.step_combo.setCurrentIndex(dialog.step_combo.findData("thought_report"))
    type_text(qtbot, dialog.note_edit, "第四季度思想汇报")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: tab.dialog is None)
    html = tab.person.steps_view.toHtml()
    assert "第四季度思想汇报" in tab.person.steps_view.toPlainText()
    event_id = dialog.saved_id
    assert f"void-step:{event_id}" in html
    tab.person.steps_view.anchorClicked.emit(QUrl(f"void-step:{event_id}"))
    reason = tab.dialog
    assert isinstance(reason, ReasonDialog)
    type_text(qtbot, reason.reason_edit, "日期记错")
    click(qtbot, reason.save_button)
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert "（已作废：日期记错）" in tab.person.steps_view.toPlainText()  # kept, struck through


def test_a_publicity_step_ends_after_five_working_days(qtbot, tab, workspace):
    person = activist(workspace, "陈新", 5, on=date(2025, 3, 1))
    workspace.run(change_stage, person, StageChange("candidate", date(2026, 5, 1), override_reason="测试"))
    tab.refresh()
    select_name(tab, "陈新")
    tab.step_action.trigger()
    dialog = tab.dialog
    dialog.step_combo.setCurrentIndex(dialog.step_combo.findData("publicity"))
    dialog.date_field.line.setText("2026-09-29")
    dialog.date_field.line.editingFinished.emit()
    # 9-29, 9-30, then 国庆 (10-1 to 10-7) skipped, 10-8, 10-9 and the make-up Saturday 10-10.
    assert dialog.until_field.text() == "2026-10-10"


def test_reminders_show_above_the_list_and_select_the_person(qtbot, tab, workspace):
    applicant(workspace, "吴二", 2, applied_on=date(2026, 9, 1))  # no talk for over a month
    activist(workspace, "周一", 1)
    tab.refresh()
    texts = tab.reminders.texts()
    assert any(text.startswith("吴二：") and "谈话" in text for text in texts)
    assert tab.model.row_of(tab.model.row_at(names_shown(tab).index("吴二")).id).overdue
    index = tab.reminders.model.index(next(n for n, t in enumerate(texts) if t.startswith("吴二：")), 0)
    tab.reminders.list.clicked.emit(index)
    assert tab.selected_person().name == "吴二"


def test_pending_entries_count_once_approved(qtbot, tab, workspace, seeded_store):
    from models.settings.values import get_settings, update_settings

    person = activist(workspace, "陈新", 5)
    with seeded_store.read() as session:
        settings = get_settings(session)
    workspace.run(update_settings, replace(settings, scoring=replace(settings.scoring, approval_required=True)))
    workspace.run(add_entries, EntryForm((person,), rule_id(seeded_store, "JF04"), date(2026, 11, 2), "县级表彰"))
    tab.pages.setCurrentWidget(tab.ranking)
    tab.ranking.set_period("2026Q4", "activists")
    assert ranking_of(tab)["陈新"] == ("1", "60")  # pending: not counted
    assert tab.ranking.approve_button.text() == "审核积分（1 条待审核）"
    click(qtbot, tab.ranking.approve_button)
    dialog = tab.ranking.dialog
    click(qtbot, dialog.picker.all_button)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: tab.ranking.dialog is None)
    assert ranking_of(tab)["陈新"] == ("1", "70")
    assert tab.ranking.approve_button.text() == "审核积分"


# ----- the screen -----------------------------------------------------------------------

SIZES_SCRIPT = Path(__file__).with_name("development_window_sizes.py")
DIALOGS = {"applicant_dialog", "applicant_dialog_errors", "step_dialog", "stage_dialog_findings",
           "stage_dialog_disqualify", "stage_dialog_disqualify_errors", "score_dialog", "score_dialog_batch",
           "score_dialog_batch_errors", "reason_dialog", "rule_dialog", "rule_dialog_errors", "settings_dialog",
           "settings_dialog_scoring", "posting_dialog", "approval_dialog"}


@pytest.fixture(scope="module")
def measured() -> dict:
    """The tab and its dialogs opened at 125% on a 1366×768 screen, in a subprocess (as test_dialog_sizes)."""
    env = {k: v for k, v in os.environ.items() if k not in ("QT_SCALE_FACTOR", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, str(SIZES_SCRIPT)], capture_output=True, text=True, encoding="utf-8",
                          env=env, timeout=300, cwd=SIZES_SCRIPT.parents[2])
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", sorted(DIALOGS | {"development_tab"}))
def test_the_tab_and_its_dialogs_fit_1366x768_at_125_percent(measured, name):
    size = measured["windows"][name]
    sizes = [(size["min_width"], size["min_height"], "最小")]
    if not size["maximized"]:
        sizes.append((size["width"], size["height"], "默认"))
    for width, height, which in sizes:
        framed = (width + FRAME_WIDTH, height + FRAME_HEIGHT)
        assert framed[0] <= SMALL_SCREEN_WIDTH and framed[1] <= SMALL_SCREEN_HEIGHT, \
            f"{name} {which} {width}×{height}, with its frame {framed[0]}×{framed[1]}: larger than 1093×560"


def test_the_other_item_models_pass_the_qt_model_tester(tab, workspace, seeded_store, qtmodeltester):
    person = activist(workspace, "陈新", 5)
    workspace.run(add_entries, EntryForm((person,), rule_id(seeded_store, "JF01"), date(2026, 11, 2), "清扫村道"))
    tab.refresh()
    select_name(tab, "陈新")
    tab.ranking.set_period("2026Q4", "activists")
    tab.rules.refresh()
    for model in (tab.person.entries, tab.ranking.model, tab.rules.model):
        assert model.rowCount() > 0
        qtmodeltester.check(model)
