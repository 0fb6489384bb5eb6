"""Small things a secretary trips over (issue 11, item 14): shortcuts that need a click first,
Ctrl+P on 党员, Esc throwing a filled dialog away, red text that outlives its mistake, an empty
search that says nothing, the program's name twice in the title."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox

from models.people import roster as people
from models.people.citizen_id import make
from tests.views.conftest import type_text
from tests.views.test_members_tab import names_shown, select_name
from views.members.archive_dialog import ArchiveDialog
from views.members.member_dialog import MemberDialog


def settle(qtbot) -> None:
    qtbot.wait(20)  # the window moves focus to the tab on the next turn of the event loop


@pytest.fixture
def active_window(qtbot, window):
    """The main window as the user sees it after start-up: active, nothing clicked yet."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    settle(qtbot)
    return window


# ----- shortcuts work without a click first ----------------------------------------------


def test_the_list_has_the_keyboard_focus_when_the_window_opens(active_window):
    members = active_window.tab("党员")
    assert QApplication.focusWidget() is members.table


def test_switching_tabs_moves_the_focus_into_the_tab(qtbot, active_window):
    active_window.show_tab(active_window.tab("设置"))
    settle(qtbot)
    settings = active_window.tab("设置")
    assert settings.isAncestorOf(QApplication.focusWidget()) or QApplication.focusWidget() is settings
    active_window.show_tab(active_window.tab("党员"))
    settle(qtbot)
    assert QApplication.focusWidget() is active_window.tab("党员").table


def test_shortcuts_work_with_the_focus_outside_the_tab(qtbot, active_window):
    members = active_window.tab("党员")
    tab_bar = active_window.tabs.tabBar()
    tab_bar.setFocus()  # e.g. the user just clicked the 党员 tab's title
    assert QApplication.focusWidget() is tab_bar
    qtbot.keyClick(tab_bar, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert members.search_edit.hasFocus()
    tab_bar.setFocus()
    qtbot.keyClick(tab_bar, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(members.dialog, MemberDialog)
    members.dialog.reject()


def test_a_hidden_tabs_shortcuts_stay_quiet(qtbot, active_window):
    members = active_window.tab("党员")
    select_name(members, "王建国")
    reports = active_window.tab("报表")
    active_window.show_tab(reports)
    settle(qtbot)
    asked = []
    members.print_card_requested.connect(asked.append)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert asked == [] and members.dialog is None


# ----- Ctrl+P on 党员 ----------------------------------------------------------------------


def test_ctrl_p_on_members_shows_the_selected_persons_card_ready_to_print(qtbot, active_window):
    members = active_window.tab("党员")
    select_name(members, "王建国")
    qtbot.keyClick(members.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    reports = active_window.tab("报表")
    assert active_window.tabs.currentWidget() is reports
    assert reports.report_code() == "person" and reports.fields["person_id"].text().startswith("王建国")
    qtbot.waitUntil(lambda: reports.preview.print_action.isEnabled(), timeout=30_000)
    # The next Ctrl+P prints: the preview's print action answers it wherever the focus is.
    assert reports.preview.print_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    assert reports.preview.print_action.shortcutContext() == Qt.ShortcutContext.WindowShortcut


def test_ctrl_p_without_a_selection_says_what_to_do(qtbot, active_window):
    members = active_window.tab("党员")
    members.table.clearSelection()
    qtbot.keyClick(members.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert active_window.tabs.currentWidget() is members
    assert "请先在名单中选中一人" in members.message_label.text()


# ----- Esc, 取消 and closing ask before throwing input away -------------------------------


def open_new_member(qtbot, window) -> MemberDialog:
    members = window.tab("党员")
    members.add_action.trigger()
    dialog = members.dialog
    qtbot.waitExposed(dialog)
    return dialog


def test_esc_on_an_untouched_dialog_closes_it_without_asking(qtbot, active_window):
    dialog = open_new_member(qtbot, active_window)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.discard_box is None
    qtbot.waitUntil(lambda: active_window.tab("党员").dialog is None)


def test_esc_on_a_filled_dialog_asks_and_keep_editing_keeps_the_input(qtbot, active_window):
    dialog = open_new_member(qtbot, active_window)
    type_text(qtbot, dialog.name_edit, "赵敏")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Escape)
    box = dialog.discard_box
    assert box is not None and box.text() == "放弃已填写的内容？"
    assert {b.text() for b in box.buttons()} == {"放弃", "继续填写"}
    assert box.defaultButton().text() == "继续填写"  # Enter or Esc again keeps the input
    keep = next(b for b in box.buttons() if b.text() == "继续填写")
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.name_edit.text() == "赵敏"
    assert dialog.discard_box is None


def test_cancel_on_a_filled_dialog_asks_and_discard_closes_it(qtbot, active_window, seeded_store):
    dialog = open_new_member(qtbot, active_window)
    type_text(qtbot, dialog.phone_edit, "13900001111")
    dialog.reject()  # what 取消 does
    discard = next(b for b in dialog.discard_box.buttons() if b.text() == "放弃")
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: active_window.tab("党员").dialog is None)
    with seeded_store.read() as session:
        assert people.count_members(session) == 3


def test_closing_the_window_of_a_filled_dialog_asks_too(qtbot, active_window):
    members = active_window.tab("党员")
    select_name(members, "张三")
    members.archive_action.trigger()
    dialog = members.dialog
    assert isinstance(dialog, ArchiveDialog)
    dialog.close()  # untouched (the date is today's, filled in by the program): closes
    qtbot.waitUntil(lambda: members.dialog is None)
    members.archive_action.trigger()
    dialog = members.dialog
    type_text(qtbot, dialog.transfer_to_edit, "中共城关镇东街社区支部委员会")
    dialog.close()
    assert dialog.isVisible() and dialog.discard_box is not None
    dialog.discard_box.done(0)


def test_opening_the_calendar_does_not_count_as_input(qtbot, active_window):
    dialog = open_new_member(qtbot, active_window)
    dialog.joined_field._sync_calendar()
    dialog.joined_field.calendar.setSelectedDate(dialog.joined_field.calendar.selectedDate().addYears(-3))
    assert not dialog.has_changes()
    dialog.reject()
    assert dialog.discard_box is None


# ----- red text goes when its field is changed -------------------------------------------


def test_an_error_disappears_as_soon_as_its_field_is_edited(qtbot, active_window):
    dialog = open_new_member(qtbot, active_window)
    dialog.save()
    labels = dialog.errors.labels
    assert labels["name"].isVisible() and labels["gender"].isVisible() and labels["joined_on"].isVisible()
    type_text(qtbot, dialog.name_edit, "赵")
    assert not labels["name"].isVisible()
    assert labels["gender"].isVisible()  # the others stay until their own field changes
    dialog.gender_combo.setCurrentIndex(2)
    assert not labels["gender"].isVisible()
    type_text(qtbot, dialog.joined_field.line, "2")
    assert not labels["joined_on"].isVisible()


def test_typing_a_wrong_id_still_explains_it_while_typing(qtbot, active_window):
    dialog = open_new_member(qtbot, active_window)
    good = make("411323", date(1980, 1, 1), 11)
    type_text(qtbot, dialog.id_edit, good[:17] + ("0" if good[17] != "0" else "1"))
    assert "校验位" in dialog.errors.message("citizen_id")
    qtbot.keyClick(dialog.id_edit, Qt.Key.Key_Backspace)
    assert dialog.errors.message("citizen_id") == ""


# ----- an empty search says so -----------------------------------------------------------


def test_an_empty_search_says_so_and_offers_to_clear(qtbot, active_window):
    members = active_window.tab("党员")
    type_text(qtbot, members.search_edit, "xyz")
    qtbot.waitUntil(lambda: names_shown(members) == [], timeout=2000)
    assert members.count_label.text() == "共 0 人"
    note = members.empty_note
    assert note.isVisible() and "没有找到“xyz”" in note.text() and "拼音首字母" in note.text()
    note.linkActivated.emit("clear")
    assert members.search_edit.text() == "" and len(names_shown(members)) == 3
    assert not note.isVisible()


def test_an_empty_filter_says_so(qtbot, active_window):
    members = active_window.tab("党员")
    members.mobile_filter.click()
    assert names_shown(members) == [] and members.count_label.text() == "共 0 人"
    assert "没有符合筛选条件的党员" in members.empty_note.text() and members.empty_note.isVisible()


# ----- the title -------------------------------------------------------------------------


def test_the_title_names_the_branch_and_qt_adds_the_program_once(active_window):
    # Qt shows "红旗村党支部 — 支部管家": the title itself must not repeat the program's name.
    assert active_window.windowTitle() == "红旗村党支部"
    assert QGuiApplication.applicationDisplayName() == "支部管家"


def test_the_delete_group_question_comes_only_after_the_refusal_check(qtbot, active_window):
    settings = active_window.tab("设置")
    active_window.show_tab(settings)
    settings.group_table.selectRow(0)  # 第一党小组 holds 王建国
    qtbot.mouseClick(settings.delete_button, Qt.MouseButton.LeftButton)
    assert "不能删除" in settings.group_message.text() and "请先把他们调到其他党小组" in settings.group_message.text()
    assert getattr(settings, "delete_box", None) is None
    assert not any(isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_the_first_start_dialog_asks_before_quitting_with_a_name_typed(qtbot, workspace):
    from ui.app import make_application
    from ui.operations import OperationRunner
    from ui.setup_dialog import BranchSetupDialog

    make_application()
    dialog = BranchSetupDialog(OperationRunner(workspace))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reject()  # 退出 with nothing typed: no question
    assert dialog.discard_box is None and not dialog.isVisible()
    dialog.show()
    type_text(qtbot, dialog.name_edit, "东风村党支部")
    dialog.reject()
    assert dialog.isVisible() and dialog.discard_box.text() == "放弃已填写的内容？"
    dialog.discard_box.done(0)
