"""The 党员 tab driven as a user would: toolbar clicks, typing, dialogs, filters."""

from datetime import date

from PySide6.QtCore import QPoint, Qt

from models.people import roster as people
from models.people.citizen_id import make
from models.people.operations import create_member
from models.people.rules import PersonForm
from models.workspace import Workspace
from tests.conftest import TODAY
from tests.views.conftest import type_text
from views.members.archive_dialog import ArchiveDialog, RestoreDialog
from views.members.member_dialog import MemberDialog
from views.members.member_table_model import Column


def names_shown(tab):
    return [tab.model.index(r, Column.NAME).data() for r in range(tab.model.rowCount())]


def click_tool(qtbot, tab, action):
    qtbot.mouseClick(tab.toolbar.widgetForAction(action), Qt.MouseButton.LeftButton)


def select_name(tab, name):
    row = names_shown(tab).index(name)
    tab.table.selectRow(row)


def test_roster_lists_people_in_pinyin_order(window):
    tab = window.tab("党员")
    assert names_shown(tab) == ["李芳", "王建国", "张三"]
    assert tab.count_label.text() == "共 3 人"


def test_item_model_passes_qt_model_tester(window, qtmodeltester):
    qtmodeltester.check(window.tab("党员").model)


def test_add_member_through_the_dialog_shows_the_new_row(qtbot, window, seeded_store):
    tab = window.tab("党员")
    click_tool(qtbot, tab, tab.add_action)
    dialog = tab.dialog
    assert isinstance(dialog, MemberDialog) and dialog.isVisible()
    assert dialog.height() <= 700
    type_text(qtbot, dialog.name_edit, "赵  敏")
    type_text(qtbot, dialog.id_edit, make("411323", date(1985, 4, 2), 22))
    assert dialog.birth_field.text() == "1985-04-02"  # filled from the ID
    assert dialog.gender_combo.currentText() == "女"
    type_text(qtbot, dialog.joined_field.line, "2010.7.1")
    type_text(qtbot, dialog.confirmed_field.line, "2011年7月1日")
    type_text(qtbot, dialog.phone_edit, "13912345678")
    dialog.group_combo.setCurrentIndex(dialog.group_combo.findText("第一党小组"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert "赵敏" in names_shown(tab)
    assert tab.count_label.text() == "共 4 人"
    assert "赵敏" in tab.detail.toPlainText()  # the new person is selected and shown
    with seeded_store.read() as session:
        row = next(r for r in people.list_members(session, people.MemberFilter(text="zm"), TODAY))
        assert row.group_name == "第一党小组"


def test_wrong_id_shows_the_error_next_to_the_field_and_saves_nothing(qtbot, window, seeded_store):
    tab = window.tab("党员")
    tab.add_action.trigger()
    dialog = tab.dialog
    type_text(qtbot, dialog.name_edit, "孙七")
    good = make("411323", date(1980, 1, 1), 11)
    type_text(qtbot, dialog.id_edit, good[:17] + ("0" if good[17] != "0" else "1"))
    message = dialog.errors.labels["citizen_id"]
    assert message.isVisible() and "校验位" in message.text()  # shown while typing
    type_text(qtbot, dialog.joined_field.line, "2005-07-01")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # still open, nothing saved
    assert "校验位" in dialog.errors.labels["citizen_id"].text()
    with seeded_store.read() as session:
        assert people.count_members(session) == 3
    dialog.reject()
    assert "孙七" not in names_shown(tab)


def test_bad_dates_and_phone_are_reported_per_field(qtbot, window):
    tab = window.tab("党员")
    tab.add_action.trigger()
    dialog = tab.dialog
    type_text(qtbot, dialog.name_edit, "周八")
    type_text(qtbot, dialog.id_edit, make("411323", date(2000, 5, 5), 11))
    type_text(qtbot, dialog.joined_field.line, "2016-01-01")  # before the 18th birthday
    type_text(qtbot, dialog.confirmed_field.line, "明年")
    type_text(qtbot, dialog.phone_edit, "12345")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "未满18周岁" in dialog.errors.labels["joined_on"].text()
    assert "不是日期" in dialog.errors.labels["confirmed_on"].text()
    assert "电话格式不对" in dialog.errors.labels["phone"].text()
    dialog.reject()


def test_search_finds_by_initials_full_pinyin_and_chinese(qtbot, window):
    tab = window.tab("党员")
    for text in ("wjg", "wangjianguo", "建国"):
        tab.search_edit.clear()
        type_text(qtbot, tab.search_edit, text)
        qtbot.waitUntil(lambda: names_shown(tab) == ["王建国"], timeout=2000)
    tab.search_edit.clear()
    qtbot.waitUntil(lambda: len(names_shown(tab)) == 3, timeout=2000)


def test_ctrl_f_focuses_search_and_ctrl_n_opens_the_dialog(qtbot, window):
    tab = window.tab("党员")
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert tab.search_edit.hasFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(tab.dialog, MemberDialog)
    tab.dialog.reject()


def test_f5_reloads_what_another_window_changed(qtbot, window, seeded_store):
    tab = window.tab("党员")
    # Another program (or the CLI) on the same file: its change reaches this window only on F5.
    other = Workspace(seeded_store, window.runner.workspace.actor, today=lambda: TODAY)
    other.run(create_member, PersonForm(name="钱多", citizen_id=make("411323", date(1970, 1, 1), 31),
                                        joined_on=date(1999, 1, 1), confirmed_on=date(2000, 1, 1)))
    assert "钱多" not in names_shown(tab)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_F5)
    assert "钱多" in names_shown(tab)


def test_archive_hides_the_row_and_the_toggle_shows_it_then_restore(qtbot, window):
    tab = window.tab("党员")
    select_name(tab, "张三")
    click_tool(qtbot, tab, tab.archive_action)
    dialog = tab.dialog
    assert isinstance(dialog, ArchiveDialog)
    dialog.reason_buttons["deceased"].setChecked(True)
    dialog.date_field.line.clear()
    type_text(qtbot, dialog.date_field.line, "2026-10-03")
    dialog.save()
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert "张三" not in names_shown(tab)
    tab.archived_toggle.click()
    assert "张三" in names_shown(tab)
    row = names_shown(tab).index("张三")
    assert "已去世" in tab.model.index(row, Column.STAGE).data()
    select_name(tab, "张三")
    assert tab.restore_action.isEnabled() and not tab.archive_action.isEnabled()
    click_tool(qtbot, tab, tab.restore_action)
    dialog = tab.dialog
    assert isinstance(dialog, RestoreDialog)
    type_text(qtbot, dialog.note_edit, "误操作，恢复")
    dialog.save()
    qtbot.waitUntil(lambda: tab.dialog is None)
    tab.archived_toggle.click()
    assert "张三" in names_shown(tab)
    assert tab.count_label.text() == "共 3 人"
    select_name(tab, "张三")
    history = tab.detail.toPlainText().split("经历", 1)[1]
    # Newest first: the return, then the death recorded by mistake, then joining — nothing overwritten.
    assert history.index("恢复") < history.index("去世") < history.index("转正") < history.index("入党")
    assert "误操作，恢复" in history


def test_transfer_out_needs_destination(qtbot, window, seeded_store):
    tab = window.tab("党员")
    select_name(tab, "李芳")
    tab.archive_action.trigger()
    dialog = tab.dialog
    dialog.save()
    assert "转往的党组织" in dialog.errors.labels["transfer_to"].text()
    with seeded_store.read() as session:
        assert people.count_members(session) == 3
    type_text(qtbot, dialog.transfer_to_edit, "中共城关镇东街社区支部委员会")
    type_text(qtbot, dialog.letter_edit, "豫组转字〔2026〕8号")
    dialog.save()
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert "李芳" not in names_shown(tab)


def test_edit_by_double_click_changes_the_row(qtbot, window):
    tab = window.tab("党员")
    row = names_shown(tab).index("王建国")
    rect = tab.table.visualRect(tab.model.index(row, Column.NAME))
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = tab.dialog
    assert isinstance(dialog, MemberDialog)
    assert dialog.name_edit.text() == "王建国" and dialog.joined_field.text() == "1992-07-01"
    dialog.phone_edit.setText("0371-66668888")
    dialog.save()
    qtbot.waitUntil(lambda: tab.dialog is None)
    row = names_shown(tab).index("王建国")
    assert tab.model.index(row, Column.PHONE).data() == "0371-66668888"


def test_filters_group_category_and_mobile(qtbot, window):
    tab = window.tab("党员")
    tab.group_filter.setCurrentIndex(tab.group_filter.findText("第一党小组"))
    assert names_shown(tab) == ["王建国"]
    tab.group_filter.setCurrentIndex(0)
    tab.stage_filter.setCurrentIndex(tab.stage_filter.findText("预备党员"))
    assert names_shown(tab) == []
    tab.stage_filter.setCurrentIndex(0)
    tab.mobile_filter.click()
    assert names_shown(tab) == []


def test_clicking_headers_sorts_by_raw_values(qtbot, window):
    tab = window.tab("党员")
    header = tab.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(Column.AGE) + 10, 5))
    ages = [int(tab.model.index(r, Column.AGE).data()) for r in range(tab.model.rowCount())]
    assert ages == sorted(ages) or ages == sorted(ages, reverse=True)
    tab.table.sortByColumn(Column.NAME, Qt.SortOrder.DescendingOrder)
    assert names_shown(tab) == ["张三", "王建国", "李芳"]


def test_selecting_a_person_shows_the_detail_panel(window):
    tab = window.tab("党员")
    select_name(tab, "王建国")
    text = tab.detail.toPlainText()
    assert "王建国" in text and "第一党小组" in text and "1992-07-01" in text and "党龄" in text


# ----- the rules' warnings and errors in the dialog and the list (issue 11, item 15) --------


def fill_probationer(qtbot, dialog, joined: str) -> None:
    type_text(qtbot, dialog.name_edit, "赵敏")
    type_text(qtbot, dialog.id_edit, make("411323", date(1995, 4, 2), 22))
    dialog.stage_combo.setCurrentIndex(dialog.stage_combo.findText("预备党员"))
    type_text(qtbot, dialog.joined_field.line, joined)
    dialog.joined_field.line.editingFinished.emit()  # the user leaves the field


def test_a_probation_over_a_year_is_saved_with_an_amber_warning_and_marked_in_the_list(qtbot, window):
    tab = window.tab("党员")
    tab.add_action.trigger()
    dialog = tab.dialog
    fill_probationer(qtbot, dialog, "2025-06-01")
    label = dialog.errors.labels["stage"]
    assert label.isVisible() and "满一年，请及时讨论转正" in label.text()  # shown before saving
    assert dialog.errors.kinds["stage"] == "warning" and "a04d00" in label.styleSheet()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.dialog is None)  # a warning does not block the save
    row = names_shown(tab).index("赵敏")
    index = tab.model.index(row, Column.STAGE)
    assert index.data() == "预备党员（待转正）"
    assert "2026-06-01满一年" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert "1 名预备党员待转正" in tab.count_label.text()
    select_name(tab, "赵敏")
    assert "请核对" in tab.detail.toPlainText() and "请及时讨论转正" in tab.detail.toPlainText()


def test_a_probation_of_seven_years_is_refused_in_red(qtbot, window, seeded_store):
    tab = window.tab("党员")
    tab.add_action.trigger()
    dialog = tab.dialog
    fill_probationer(qtbot, dialog, "2019-07-01")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "预备期最长两年" in dialog.errors.message("stage") and dialog.errors.kinds["stage"] == "error"
    with seeded_store.read() as session:
        assert people.count_members(session) == 3
    dialog.stage_combo.setCurrentIndex(dialog.stage_combo.findText("正式党员"))
    assert dialog.errors.message("stage") == ""  # changed: the message described the old choice
    dialog.done(0)


def test_a_recent_full_member_without_confirmation_date_is_refused(qtbot, window):
    tab = window.tab("党员")
    tab.add_action.trigger()
    dialog = tab.dialog
    type_text(qtbot, dialog.name_edit, "钱多")
    type_text(qtbot, dialog.id_edit, make("411323", date(1990, 4, 2), 31))
    type_text(qtbot, dialog.joined_field.line, "2023-07-01")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "请填写转正日期" in dialog.errors.message("confirmed_on")
    type_text(qtbot, dialog.confirmed_field.line, "2024-07-01")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.dialog is None)


def test_short_ethnicity_and_phone_with_separators_are_saved_in_full(qtbot, window, seeded_store):
    tab = window.tab("党员")
    select_name(tab, "张三")
    tab.edit_action.trigger()
    dialog = tab.dialog
    dialog.ethnicity_combo.setCurrentText("回")
    dialog.phone_edit.setText("138-0000-1111")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.dialog is None)
    row = names_shown(tab).index("张三")
    assert tab.model.index(row, Column.PHONE).data() == "13800001111"
    with seeded_store.read() as session:
        person_id = tab.model.row_at(row).id
        assert people.get_person(session, person_id, TODAY).form.ethnicity == "回族"


def test_the_group_column_fits_a_long_group_name(qtbot, window):
    """A township's group names (青山村第三党小组…) are longer than a village's: the 党小组 column widens to
    show them whole, up to a limit."""
    from models.people.branch import create_group

    tab = window.tab("党员")
    narrow = tab.table.columnWidth(Column.GROUP)
    name = "青山村第三党小组"
    assert window.runner.run(window, create_group, name) is not None
    wide = tab.table.columnWidth(Column.GROUP)
    assert wide > narrow and wide >= tab.table.fontMetrics().horizontalAdvance(name)
    window.runner.run(window, create_group, "青山村第三党小组" * 4)
    assert tab.table.columnWidth(Column.GROUP) == 220  # longer still: cut, not the whole table's width


def test_typing_narrows_the_list_in_the_order_a_header_click_chose(qtbot, window):
    """Typing narrows the rows already read (no query per keystroke), keeping the order the user chose."""
    tab = window.tab("党员")
    tab.table.sortByColumn(Column.NAME, Qt.SortOrder.DescendingOrder)
    type_text(qtbot, tab.search_edit, "i")  # wangjianguo, lifang; not zhangsan
    qtbot.waitUntil(lambda: not tab._search_timer.isActive(), timeout=2000)
    assert names_shown(tab) == ["王建国", "李芳"]
    tab.table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
    for text in ("", "i"):  # the whole list again, then narrowed anew: in the new order
        tab.search_edit.setText(text)
        qtbot.waitUntil(lambda: not tab._search_timer.isActive(), timeout=2000)
    assert names_shown(tab) == ["李芳", "王建国"]
    assert tab.count_label.text() == "共 2 人"
