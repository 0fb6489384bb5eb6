"""Signing in at start: the first 管理员 and the recovery code, the login with a wrong then the right
password, the demo hint on a demo database only, and the wait after 5 wrong passwords."""

import pytest
from PySide6.QtCore import QSettings, Qt

from models.access.accounts import create_first_admin, has_users
from models.core.codes import Role
from models.demo import fill_demo
from models.workspace import Workspace, local_actor
from models.workspace.audit import AuditFilter, list_audit
from tests.views.conftest import type_text
from ui.app import make_application
from ui.first_admin_dialog import FirstAdminDialog
from ui.login_dialog import LoginDialog, last_user_key


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def with_admin(store):
    Workspace(store, local_actor()).run(create_first_admin, "管理员", "secret1")
    return store


def login_dialog(qtbot, store, settings) -> LoginDialog:
    make_application()
    dialog = LoginDialog(store, settings=settings)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_first_start_creates_the_admin_and_shows_the_recovery_code(qtbot, store):
    make_application()
    dialog = FirstAdminDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.name_edit.text() == "管理员"
    qtbot.keyClicks(dialog.password_edit, "abc")
    qtbot.keyClicks(dialog.confirm_edit, "abc")
    click(qtbot, dialog.create_button)
    assert "至少要 6 个字符" in dialog.errors.message("password")
    dialog.password_edit.clear()
    dialog.confirm_edit.clear()
    qtbot.keyClicks(dialog.password_edit, "secret1")
    qtbot.keyClicks(dialog.confirm_edit, "secret2")
    click(qtbot, dialog.create_button)
    assert "两次输入的密码不一样" in dialog.errors.message("confirm")
    with store.read() as session:
        assert not has_users(session)
    dialog.confirm_edit.clear()
    qtbot.keyClicks(dialog.confirm_edit, "secret1")
    click(qtbot, dialog.create_button)
    page = dialog.code_page
    assert dialog.pages.currentWidget() is page
    code = page.code_label.text()
    assert len(code) == 19 and code.count("-") == 3
    assert not page.done_button.isEnabled()
    dialog.reject()  # Esc does not skip the code
    assert dialog.isVisible()
    click(qtbot, page.copied_box)
    assert page.done_button.isEnabled()
    click(qtbot, page.done_button)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.actor.name == "管理员" and dialog.actor.role == Role.ADMIN and dialog.actor.user_id
    with store.read() as session:
        assert has_users(session)
        operations = [row.operation for row in list_audit(session, AuditFilter())]
    assert "user.first_admin" in operations and "user.sign_in" in operations


def test_the_recovery_code_prints_from_a_preview(qtbot, store):
    make_application()
    dialog = FirstAdminDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password_edit, "secret1")
    qtbot.keyClicks(dialog.confirm_edit, "secret1")
    click(qtbot, dialog.create_button)
    page = dialog.code_page
    click(qtbot, page.print_button)
    preview = page.preview_dialog.preview
    assert preview.document.pageCount() == 1 and preview.data.startswith(b"%PDF")
    preview.message.emit("已送往打印机，共 1 页")  # what the preview says once the page went out
    assert page.done_button.isEnabled()
    page.preview_dialog.close()


def test_a_wrong_password_then_the_right_one(qtbot, with_admin, settings):
    dialog = login_dialog(qtbot, with_admin, settings)
    assert dialog.demo_hint.isHidden()
    type_text(qtbot, dialog.name_edit, "管理员")
    qtbot.keyClicks(dialog.password_edit, "wrong-one")
    click(qtbot, dialog.login_button)
    assert dialog.isVisible() and dialog.actor is None
    assert "用户名或密码不正确" in dialog.message.text()
    assert dialog.password_edit.text() == ""
    qtbot.keyClicks(dialog.password_edit, "secret1")
    click(qtbot, dialog.login_button)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.actor.name == "管理员" and dialog.actor.role == Role.ADMIN
    assert settings.value(last_user_key(with_admin.path)) == "管理员"
    again = login_dialog(qtbot, with_admin, settings)  # the next start remembers the name
    assert again.name_edit.text() == "管理员"


def test_the_demo_hint_shows_on_a_demo_database_only(qtbot, store, settings):
    Workspace(store, local_actor()).run(fill_demo, 3)
    dialog = login_dialog(qtbot, store, settings)
    assert not dialog.demo_hint.isHidden()
    assert "admin" in dialog.demo_hint.text() and "demo1234" in dialog.demo_hint.text()
    qtbot.keyClicks(dialog.name_edit, "admin")
    qtbot.keyClicks(dialog.password_edit, "demo1234")
    click(qtbot, dialog.login_button)
    assert dialog.actor is not None and dialog.actor.role == Role.ADMIN


def test_after_five_wrong_passwords_the_wait_shows_and_login_is_disabled(qtbot, with_admin, settings):
    dialog = login_dialog(qtbot, with_admin, settings)
    type_text(qtbot, dialog.name_edit, "管理员")
    for _ in range(5):
        qtbot.keyClicks(dialog.password_edit, "wrong-one")
        click(qtbot, dialog.login_button)
    assert not dialog.login_button.isEnabled()
    assert "密码错误次数过多" in dialog.message.text() and "秒后再试" in dialog.message.text()
    assert "（30）" in dialog.login_button.text() or "（29）" in dialog.login_button.text()
    qtbot.keyClicks(dialog.password_edit, "secret1")
    dialog.try_sign_in()  # Enter while waiting does nothing
    assert dialog.actor is None and dialog.isVisible()
    dialog.countdown.start(1)  # the rest of the wait, shortened
    qtbot.waitUntil(dialog.login_button.isEnabled, timeout=3000)
    assert dialog.login_button.text() == "登录"


def test_forgotten_password_with_the_recovery_code(qtbot, store, settings):
    code = Workspace(store, local_actor()).run(create_first_admin, "管理员", "secret1").value
    dialog = login_dialog(qtbot, store, settings)
    type_text(qtbot, dialog.name_edit, "管理员")
    click(qtbot, dialog.forgot_button)
    assert dialog.recover_name.text() == "管理员"
    qtbot.keyClicks(dialog.recover_code, code.lower().replace("-", " "))
    qtbot.keyClicks(dialog.new_password, "newpass1")
    qtbot.keyClicks(dialog.new_confirm, "newpass1")
    click(qtbot, dialog.recover_button)
    assert dialog.pages.currentWidget() is dialog.code_page
    assert dialog.code_page.code_label.text() != code
    click(qtbot, dialog.code_page.copied_box)
    click(qtbot, dialog.code_page.done_button)
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.actor.role == Role.ADMIN


def test_escape_on_a_filled_admin_form_asks_before_quitting(qtbot, store):
    make_application()
    dialog = FirstAdminDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Escape)  # nothing typed yet: closes without asking
    assert dialog.result() == dialog.DialogCode.Rejected and not dialog.isVisible()
    dialog.show()
    dialog.name_edit.clear()
    type_text(qtbot, dialog.name_edit, "张书记")
    qtbot.keyClicks(dialog.password_edit, "secret1")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Escape)
    box = dialog.discard_box
    assert dialog.isVisible() and box is not None and box.text() == "放弃已填写的内容？"
    assert {b.text() for b in box.buttons()} == {"放弃", "继续填写"}
    click(qtbot, box.escapeButton())  # 继续填写 (the 否)
    assert dialog.isVisible() and dialog.discard_box is None
    assert dialog.name_edit.text() == "张书记"
    assert dialog.password_edit.text() == "secret1"
    dialog.close()  # the window's close button asks the same
    assert dialog.isVisible() and dialog.discard_box is not None
    click(qtbot, next(b for b in dialog.discard_box.buttons() if b.text() == "放弃"))
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Rejected
    with store.read() as session:
        assert not has_users(session)
