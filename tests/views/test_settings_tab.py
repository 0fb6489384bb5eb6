"""设置 tab: branch names and 党小组 managed by the user."""

from PySide6.QtCore import Qt

from models.people.branch import get_branch
from tests.views.conftest import type_text


def group_names(tab):
    model = tab.group_model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_add_rename_and_reorder_groups_reaches_the_members_filter(qtbot, window):
    tab = window.tab("设置")
    type_text(qtbot, tab.new_group_edit, "第二党小组")
    qtbot.mouseClick(tab.add_group_button, Qt.MouseButton.LeftButton)
    assert group_names(tab) == ["第一党小组", "第二党小组"]
    filter_items = [window.tab("党员").group_filter.itemText(i) for i in range(window.tab("党员").group_filter.count())]
    assert "第二党小组" in filter_items
    qtbot.mouseClick(tab.up_button, Qt.MouseButton.LeftButton)  # the new group is selected
    assert group_names(tab) == ["第二党小组", "第一党小组"]
    assert tab.group_model.setData(tab.group_model.index(0, 0), "青年党小组")
    assert group_names(tab) == ["青年党小组", "第一党小组"]
    assert not tab.group_model.setData(tab.group_model.index(0, 0), "第一党小组")
    assert "已经有" in tab.group_model.last_error


def test_duplicate_group_name_is_explained(qtbot, window):
    tab = window.tab("设置")
    type_text(qtbot, tab.new_group_edit, "第一党小组")
    qtbot.mouseClick(tab.add_group_button, Qt.MouseButton.LeftButton)
    assert "已经有" in tab.group_message.text()
    assert group_names(tab) == ["第一党小组"]
    qtbot.keyClick(tab.new_group_edit, Qt.Key.Key_Backspace)  # correcting the name: the message goes
    assert tab.group_message.text() == ""


def test_a_branch_field_error_goes_when_the_field_is_edited(qtbot, window):
    tab = window.tab("设置")
    tab.name_edit.clear()
    qtbot.mouseClick(tab.save_branch_button, Qt.MouseButton.LeftButton)
    assert tab.branch_errors.message("name")
    type_text(qtbot, tab.name_edit, "东风村党支部")
    assert tab.branch_errors.message("name") == ""


def test_branch_names_are_saved_and_title_updates(qtbot, window, seeded_store):
    tab = window.tab("设置")
    tab.name_edit.setText("东风村党支部")
    tab.full_name_edit.setText("中共东风村支部委员会")
    qtbot.mouseClick(tab.save_branch_button, Qt.MouseButton.LeftButton)
    assert tab.branch_status.text() == "已保存"
    assert "东风村党支部" in window.windowTitle()
    with seeded_store.read() as session:
        assert get_branch(session).full_name == "中共东风村支部委员会"
    tab.full_name_edit.clear()
    qtbot.mouseClick(tab.save_branch_button, Qt.MouseButton.LeftButton)
    assert "落款" in tab.branch_errors.labels["full_name"].text()


def test_deleting_a_group_in_use_is_refused_before_asking(qtbot, window):
    tab = window.tab("设置")
    tab.group_table.selectRow(0)  # 第一党小组 holds 王建国
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert "还有1人" in tab.group_message.text() and "不能删除" in tab.group_message.text()
    assert getattr(tab, "delete_box", None) is None
    assert group_names(tab) == ["第一党小组"]


def test_deleting_an_empty_group_asks_then_deletes(qtbot, window):
    from PySide6.QtWidgets import QMessageBox

    tab = window.tab("设置")
    type_text(qtbot, tab.new_group_edit, "第二党小组")
    qtbot.mouseClick(tab.add_group_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)  # the new, empty group is selected
    qtbot.mouseClick(tab.delete_box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert group_names(tab) == ["第一党小组"]


def test_audit_log_lists_who_did_what_and_filters_and_exports(qtbot, window, tmp_path):
    from openpyxl import load_workbook

    tab = window.tab("设置")
    tab.name_edit.setText("东风村党支部")
    qtbot.mouseClick(tab.save_branch_button, Qt.MouseButton.LeftButton)
    window.show_tab(tab)
    tab.pages.setCurrentWidget(tab.audit_view)  # the user opens 设置 → 操作记录
    view = tab.audit_view
    texts = [[view.model.index(r, c).data() for c in range(view.model.columnCount())]
             for r in range(view.model.rowCount())]
    assert texts[0][1] == "测试员" and texts[0][2] == "修改支部信息"  # newest first
    assert "支部名称：红旗村党支部 → 东风村党支部" in texts[0][5]
    assert any(t[2] == "新增党员" and t[4] == "王建国" and "411323********" in t[5] for t in texts)
    assert all("13812345678" not in cell for t in texts for cell in t)  # phones masked
    view.operation_combo.setCurrentIndex(view.operation_combo.findText("新增党员"))
    assert view.model.rowCount() == 3 and view.count_label.text() == "共 3 条"
    view.export_to(tmp_path / "操作记录.xlsx")
    qtbot.waitUntil(lambda: "已导出 3 条" in view.count_label.text())
    sheet = load_workbook(tmp_path / "操作记录.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("时间", "操作人", "操作") and len(rows) == 4
    assert {r[2] for r in rows[1:]} == {"新增党员"}


def test_an_import_that_creates_a_group_refreshes_the_members_group_filter(qtbot, window, tmp_path):
    from models.excel.roster_import import import_roster, read_roster
    from tests.excel_files import HEADERS, person_row, write_roster

    path = write_roster(tmp_path / "r.xlsx", [person_row(1, "赵六", __import__("datetime").date(1980, 2, 3), 11,
                                                         "2005-07-01", "2006-07-01") + ["新党小组"]],
                        headers=HEADERS + ["党小组"])
    runner = window.runner
    with runner.read() as session:
        preview = read_roster(path, session, runner.workspace.today())
    runner.run(window, import_roster, preview)
    members = window.tab("党员")
    assert "新党小组" in [members.group_filter.itemText(i) for i in range(members.group_filter.count())]
    assert "新党小组" in group_names(window.tab("设置"))
