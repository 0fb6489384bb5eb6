"""The idle lock (issue test 9, window part): the clock is injected; idle for the set time locks,
activity resets the count, a jump of the wall clock (sleep) locks, the password unlocks, a dialog
with typed input survives the lock, 锁定 is in the audit log, 切换用户 goes back to the sign-in."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout

from models.access.accounts import create_first_admin
from models.access.signin import sign_in
from models.workspace import Workspace, local_actor
from models.workspace.audit import AuditFilter, list_audit
from tests.views.conftest import seed
from ui.app import make_application
from ui.idle_lock import CHECK_MS, IdleLock
from ui.main_window import MainWindow, NextStep
from ui.operations import OperationRunner
from views.tabs import create_tabs


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now

    def run(self, lock: IdleLock, seconds: float) -> None:
        """Let `seconds` pass, with the timer's checks every 15 s as in the window."""
        step = CHECK_MS / 1000
        for _ in range(int(seconds // step)):
            self.now += step
            lock.check()


@pytest.fixture
def signed_in(qtbot, store):
    make_application()
    Workspace(store, local_actor()).run(create_first_admin, "管理员", "secret1")
    actor = sign_in(store, "管理员", "secret1")
    seed(Workspace(store, actor))
    return OperationRunner(Workspace(store, actor))


@pytest.fixture
def locked_window(qtbot, signed_in):
    clock = Clock()
    window = MainWindow(signed_in, create_tabs)
    qtbot.addWidget(window)
    lock = IdleLock(window, signed_in, lambda: 10, clock=clock)
    window.attach_safety(lock, None)
    window.resize(1366, 728)
    window.show()
    qtbot.waitExposed(window)
    yield window, lock, clock
    lock.stop()


def test_idle_for_the_set_time_locks_and_activity_resets_it(qtbot, locked_window):
    window, lock, clock = locked_window
    clock.run(lock, 9 * 60)
    assert not lock.locked
    qtbot.keyClick(window.tab("党员"), Qt.Key.Key_Down)  # the user does something
    clock.run(lock, 9 * 60)
    assert not lock.locked
    clock.run(lock, 60)
    assert lock.locked
    assert window.pages.currentWidget() is window.locked_page
    assert lock.dialog.isVisible()
    with window.runner.read() as session:
        rows = list_audit(session, AuditFilter(operation="user.lock"))
    assert len(rows) == 1 and rows[0].actor == "管理员"
    assert rows[0].changes == {"how": "闲置自动锁定"}


def test_a_jump_of_the_wall_clock_locks(qtbot, locked_window):
    window, lock, clock = locked_window
    clock.run(lock, 60)
    clock.now += 5 * 60  # the PC slept for five minutes between two checks
    lock.check()
    assert lock.locked


def test_unlock_with_the_password(qtbot, locked_window):
    window, lock, clock = locked_window
    qtbot.mouseClick(window.lock_button, Qt.MouseButton.LeftButton)
    assert lock.locked and not window.lock_button.isEnabled()
    dialog = lock.dialog
    assert dialog.name_edit.text() == "管理员"
    qtbot.keyClicks(dialog.password_edit, "wrong-one")
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert lock.locked and "用户名或密码不正确" in dialog.message.text()
    dialog.reject()  # Esc does not unlock
    assert lock.locked and dialog.isVisible()
    qtbot.keyClicks(dialog.password_edit, "secret1")
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert not lock.locked
    assert window.pages.currentWidget() is window.tabs and window.lock_button.isEnabled()
    clock.run(lock, 9 * 60)  # the idle time counts from the unlock
    assert not lock.locked
    with window.runner.read() as session:
        rows = list_audit(session, AuditFilter(operation="user.lock"))
    assert [row.changes for row in rows] == [{"how": "手动锁定"}]


def test_a_dialog_with_typed_input_is_covered_and_comes_back_as_it_was(qtbot, locked_window):
    window, lock, clock = locked_window
    dialog = QDialog(window)
    edit = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(edit)
    dialog.open()
    qtbot.keyClicks(edit, "half typed")
    lock.lock("manual")
    assert dialog.isVisible() and not dialog.isEnabled()
    sheet = dialog.findChild(type(lock.sheets[0]), "lock_sheet")
    assert sheet is not None and sheet.isVisible() and sheet.geometry() == dialog.rect()
    qtbot.keyClicks(lock.dialog.password_edit, "secret1")
    qtbot.mouseClick(lock.dialog.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.findChild(type(sheet), "lock_sheet") is None)
    assert dialog.isVisible() and dialog.isEnabled() and edit.text() == "half typed"
    dialog.close()


def test_switch_user_leaves_the_window_for_the_sign_in(qtbot, locked_window):
    window, lock, clock = locked_window
    window.lock_shortcut.activated.emit()  # Ctrl+L
    assert lock.locked
    qtbot.mouseClick(lock.dialog.switch_button, Qt.MouseButton.LeftButton)
    assert window.next_step == NextStep()
    assert not window.isVisible()
