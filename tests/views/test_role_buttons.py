"""Buttons follow the role (ui/permissions.py): a 查看 user sees the write buttons disabled with the
reason, and no 用户管理 or 操作记录; a 录入员 may work on records but not change settings."""

from __future__ import annotations

from PySide6.QtCore import Qt

from models.core.codes import Role
from models.workspace import role_actor
from ui.permissions import NEEDS_ADMIN
from ui.table import select_id

VIEWER_TIP = "当前账号（查看）只能查看和打印"


def test_a_viewer_can_look_but_not_change(qtbot, window_as):
    window = window_as(role_actor("查看员", Role.VIEWER))
    members = window.tab("党员")
    for action in (members.add_action, members.edit_action, members.archive_action, members.restore_action,
                   members.import_action):
        assert not action.isEnabled() and action.toolTip() == VIEWER_TIP, action.text()
    assert members.export_action.isEnabled() and members.card_action.isEnabled()
    members.table.selectRow(0)  # a selection enables 编辑 for those who may: not here
    assert members.table.selectionModel().hasSelection() and not members.edit_action.isEnabled()
    qtbot.mouseDClick(members.table.viewport(), Qt.MouseButton.LeftButton,
                      pos=members.table.visualRect(members.model.index(0, 1)).center())
    assert members.dialog is None  # a double-click opens no editing dialog
    development = window.tab("发展党员")
    assert not development.apply_action.isEnabled() and not development.settings_button.isEnabled()
    assert not development.import_button.isEnabled()
    grievances = window.tab("民情台账")
    assert not grievances.register_action.isEnabled() and not grievances.limits_button.isEnabled()
    assert not grievances.diary.entry_box.isEnabled()
    settings = window.tab("设置")
    titles = [settings.pages.tabText(i) for i in range(settings.pages.count())]
    assert titles == ["支部与党小组", "数据安全"]
    assert settings.audit_view is None and settings.users_page is None
    assert not settings.save_branch_button.isEnabled() and settings.name_edit.isReadOnly()
    assert not settings.add_group_button.isEnabled() and not settings.delete_button.isEnabled()
    safety = settings.safety_page
    assert not safety.backup_button.isEnabled() and not safety.export_button.isEnabled()
    assert not safety.restore_button.isEnabled() and not safety.save_settings_button.isEnabled()
    assert safety.check_button.isEnabled()
    assert window.tab("报表").isEnabled()


def test_a_clerk_works_on_records_but_not_on_settings(qtbot, window_as):
    window = window_as(role_actor("录入员甲", Role.CLERK))
    members = window.tab("党员")
    assert members.add_action.isEnabled() and members.import_action.isEnabled()
    members.table.selectRow(0)
    assert members.edit_action.isEnabled()
    development = window.tab("发展党员")
    assert development.apply_action.isEnabled() and development.import_button.isEnabled()
    assert not development.settings_button.isEnabled() and development.settings_button.toolTip() == NEEDS_ADMIN
    assert not development.rules.add_button.isEnabled()
    grievances = window.tab("民情台账")
    assert grievances.register_action.isEnabled() and not grievances.limits_button.isEnabled()
    settings = window.tab("设置")
    assert settings.users_page is None and settings.audit_view is None
    assert not settings.save_branch_button.isEnabled() and settings.save_branch_button.toolTip() == NEEDS_ADMIN
    safety = settings.safety_page
    assert safety.backup_button.isEnabled() and safety.export_button.isEnabled()
    assert not safety.restore_button.isEnabled() and not safety.save_settings_button.isEnabled()


def test_an_admin_sees_everything(qtbot, window_as, seeded_store):
    window = window_as(role_actor("支书", Role.ADMIN))
    settings = window.tab("设置")
    titles = [settings.pages.tabText(i) for i in range(settings.pages.count())]
    assert titles == ["支部与党小组", "数据安全", "用户管理", "操作记录"]
    members = window.tab("党员")
    assert members.add_action.isEnabled()
    assert select_id(members.table, members.model.row_at(0).id) and members.edit_action.isEnabled()
