"""设置 tab: branch names and 党小组 managed by the user."""

from PySide6.QtCore import Qt

from models.branch import get_branch
from tests.views.conftest import type_text


def group_names(tab):
    model = tab.group_model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_add_rename_and_reorder_groups_reaches_the_members_filter(qtbot, window):
    tab = window.settings_tab
    type_text(qtbot, tab.new_group_edit, "第二党小组")
    qtbot.mouseClick(tab.add_group_button, Qt.MouseButton.LeftButton)
    assert group_names(tab) == ["第一党小组", "第二党小组"]
    filter_items = [window.members_tab.group_filter.itemText(i) for i in range(window.members_tab.group_filter.count())]
    assert "第二党小组" in filter_items
    qtbot.mouseClick(tab.up_button, Qt.MouseButton.LeftButton)  # the new group is selected
    assert group_names(tab) == ["第二党小组", "第一党小组"]
    assert tab.group_model.setData(tab.group_model.index(0, 0), "青年党小组")
    assert group_names(tab) == ["青年党小组", "第一党小组"]
    assert not tab.group_model.setData(tab.group_model.index(0, 0), "第一党小组")
    assert "已经有" in tab.group_model.last_error


def test_duplicate_group_name_is_explained(qtbot, window):
    tab = window.settings_tab
    type_text(qtbot, tab.new_group_edit, "第一党小组")
    qtbot.mouseClick(tab.add_group_button, Qt.MouseButton.LeftButton)
    assert "已经有" in tab.group_message.text()
    assert group_names(tab) == ["第一党小组"]


def test_branch_names_are_saved_and_title_updates(qtbot, window, seeded_store):
    tab = window.settings_tab
    tab.name_edit.setText("东风村党支部")
    tab.full_name_edit.setText("中共东风村支部委员会")
    qtbot.mouseClick(tab.save_branch_button, Qt.MouseButton.LeftButton)
    assert tab.branch_status.text() == "已保存"
    assert "东风村党支部" in window.windowTitle()
    with seeded_store.session() as session:
        assert get_branch(session).full_name == "中共东风村支部委员会"
    tab.full_name_edit.clear()
    qtbot.mouseClick(tab.save_branch_button, Qt.MouseButton.LeftButton)
    assert "落款" in tab.branch_errors.labels["full_name"].text()
