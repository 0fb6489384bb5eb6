"""设置 → 用户管理, as a 管理员 uses it: add a 录入员 through the dialog, field errors in the dialog,
refusals of the model shown in Chinese; and 修改我的密码 for the signed-in user."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from models.access.accounts import create_first_admin, list_users
from models.access.signin import sign_in
from models.core.codes import Role
from models.workspace import role_actor
from tests.views.conftest import type_text
from views.settings.user_dialogs import AddUserDialog, OwnPasswordDialog

ADMIN_PASSWORD = "secret1"


@pytest.fixture
def admin_window(workspace, window_as):
    workspace.run(create_first_admin, "管理员", ADMIN_PASSWORD)
    with workspace.read() as session:
        admin = list_users(session)[0]
    return window_as(role_actor(admin.name, Role.ADMIN, admin.id))


def users_page(window):
    tab = window.tab("设置")
    window.show_tab(tab)
    tab.pages.setCurrentWidget(tab.users_page)
    return tab.users_page


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def texts(page, row: int) -> list[str]:
    return [page.model.index(row, column).data() for column in range(4)]


def test_the_list_shows_each_account(admin_window):
    page = users_page(admin_window)
    assert page.model.rowCount() == 1
    assert texts(page, 0) == ["管理员", "管理员", "启用", "从未登录"]


def test_add_a_clerk_through_the_dialog(qtbot, admin_window, seeded_store):
    page = users_page(admin_window)
    click(qtbot, page.add_button)
    dialog = page.dialog
    assert isinstance(dialog, AddUserDialog) and dialog.role_combo.currentText() == "录入员"
    type_text(qtbot, dialog.name_edit, "张会计")
    type_text(qtbot, dialog.password_edit, "zhang123")
    type_text(qtbot, dialog.confirm_edit, "zhang123")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    row = next(r for r in range(2) if texts(page, r)[0] == "张会计")
    assert texts(page, row) == ["张会计", "录入员", "启用", "从未登录"]
    assert "已添加用户“张会计”（录入员）" in page.message_label.text()
    actor = sign_in(seeded_store, "张会计", "zhang123")
    assert actor.role == Role.CLERK


def test_a_wrong_confirmation_and_a_short_password_show_under_their_fields(qtbot, admin_window):
    page = users_page(admin_window)
    click(qtbot, page.add_button)
    dialog = page.dialog
    type_text(qtbot, dialog.name_edit, "李四")
    type_text(qtbot, dialog.password_edit, "li123456")
    type_text(qtbot, dialog.confirm_edit, "li654321")
    click(qtbot, dialog.save_button)
    assert dialog.errors.message("confirm") == "两次输入的密码不一致"
    assert dialog.isVisible() and page.model.rowCount() == 1
    for edit in (dialog.password_edit, dialog.confirm_edit):
        edit.clear()
        type_text(qtbot, edit, "123")
    click(qtbot, dialog.save_button)
    assert "密码至少" in dialog.errors.message("password")
    type_text(qtbot, dialog.name_edit, "")
    dialog.name_edit.clear()
    click(qtbot, dialog.save_button)
    assert dialog.errors.message("name") == "请填写用户名"


def test_deactivating_the_last_admin_is_refused_in_chinese(qtbot, admin_window, workspace):
    """The model refuses (the page says why); the account stays active."""
    page = users_page(admin_window)
    page.table.selectRow(0)
    assert page.active_button.text() == "停用"
    click(qtbot, page.active_button)
    assert "不能停用自己的账号" in page.message_label.text() or "唯一启用的管理员" in page.message_label.text()
    with workspace.read() as session:
        assert list_users(session)[0].active


def test_the_only_admin_seen_by_another_manager_cannot_be_deactivated(qtbot, workspace, window_as):
    """Not oneself: the rule that one active 管理员 must remain."""
    workspace.run(create_first_admin, "管理员", ADMIN_PASSWORD)
    window = window_as(role_actor("技术员", Role.ADMIN))  # a 管理员 without an account of this name
    page = users_page(window)
    page.table.selectRow(0)
    click(qtbot, page.active_button)
    assert "“管理员”是唯一启用的管理员" in page.message_label.text()
    with workspace.read() as session:
        assert list_users(session)[0].active


def test_deactivate_and_activate_a_clerk(qtbot, admin_window, workspace):
    from models.access.accounts import add_user

    workspace.run(add_user, "王五", Role.CLERK, "wang12345")  # outside this window: it reloads by hand
    page = users_page(admin_window)
    page.reload()
    row = next(r for r in range(page.model.rowCount()) if texts(page, r)[0] == "王五")
    page.table.selectRow(row)
    click(qtbot, page.active_button)
    row = next(r for r in range(page.model.rowCount()) if texts(page, r)[0] == "王五")
    assert texts(page, row)[2] == "已停用" and page.active_button.text() == "启用"
    click(qtbot, page.active_button)
    row = next(r for r in range(page.model.rowCount()) if texts(page, r)[0] == "王五")
    assert texts(page, row)[2] == "启用"


def test_change_my_own_password(qtbot, admin_window, seeded_store):
    tab = admin_window.tab("设置")
    admin_window.show_tab(tab)
    page = tab.safety_page
    tab.pages.setCurrentWidget(page)
    click(qtbot, page.password_button)
    dialog = page.dialog
    assert isinstance(dialog, OwnPasswordDialog)
    type_text(qtbot, dialog.old_edit, "not-it")
    type_text(qtbot, dialog.new_edit, "newpass1")
    type_text(qtbot, dialog.confirm_edit, "newpass1")
    click(qtbot, dialog.save_button)
    assert dialog.errors.message("old_password") == "原密码不正确"
    dialog.old_edit.clear()
    type_text(qtbot, dialog.old_edit, ADMIN_PASSWORD)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert "密码已修改" in page.account_message.text()
    assert sign_in(seeded_store, "管理员", "newpass1").role == Role.ADMIN


def test_change_a_role_and_reset_a_password(qtbot, admin_window, seeded_store):
    from views.settings.user_dialogs import ResetPasswordDialog, RoleDialog

    page = users_page(admin_window)
    click(qtbot, page.add_button)
    dialog = page.dialog
    type_text(qtbot, dialog.name_edit, "zhao")
    for edit in (dialog.password_edit, dialog.confirm_edit):
        type_text(qtbot, edit, "zhao1234")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    click(qtbot, page.role_button)
    dialog = page.dialog
    assert isinstance(dialog, RoleDialog)
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findText("查看"))
    click(qtbot, dialog.save_button)
    assert texts(page, next(r for r in range(2) if texts(page, r)[0] == "zhao"))[1] == "查看"
    click(qtbot, page.password_button)
    dialog = page.dialog
    assert isinstance(dialog, ResetPasswordDialog)
    type_text(qtbot, dialog.password_edit, "fresh123")
    type_text(qtbot, dialog.confirm_edit, "fresh123")
    click(qtbot, dialog.save_button)
    assert "已重设“zhao”的密码" in page.message_label.text()
    assert sign_in(seeded_store, "zhao", "fresh123").role == Role.VIEWER
