"""Lock the window after it has not been used for a while (default 10 minutes, setting
`idle_lock_minutes`), measured on the wall clock so a PC that slept locks when it wakes; by hand
with 锁定 or Ctrl+L. Unlocking needs the signed-in user's password (or a 管理员's), with the same
wait after wrong passwords as the sign-in.

What locking does:
- the window's content is replaced by a blank 已锁定 page (MainWindow.show_locked);
- every other open window or dialog is covered by an opaque 已锁定 sheet and disabled. Dialogs are
  not hidden or closed: hiding a dialog that runs its own loop (exec) would end it as if 取消 had
  been pressed and lose what was typed. Under the sheet they keep their input and come back as
  they were after unlocking;
- the unlock dialog is application-modal, so it is the one thing that takes input;
- 切换用户 leaves the window (MainWindow.request_sign_in): open dialogs close, as on exit.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.access.signin import SignInRefused, lock_screen, sign_in
from models.core.codes import Role
from ui.login_dialog import ERROR_STYLE, WaitCountdown, show_refusal
from ui.operations import OperationRunner

CHECK_MS = 15_000  # how often the clock is compared
JUMP_SECONDS = 120  # a gap this long between two checks means the PC slept (or the clock was changed)
ACTIVITY = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.KeyPress,
                      QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.InputMethod})


class UnlockDialog(QDialog):
    """已锁定: 用户名 (the signed-in user; a 管理员 may type their own), 密码, 解锁, 切换用户."""

    switch_user = Signal()

    def __init__(self, lock: IdleLock) -> None:
        super().__init__(lock.window)
        self.lock = lock
        self.setWindowTitle("已锁定")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setMinimumWidth(420)
        actor = lock.runner.workspace.actor
        intro = QLabel(f"窗口已锁定，保护党员信息不被旁人看到。\n请输入“{actor.name}”的密码解锁。")
        intro.setWordWrap(True)
        self.name_edit = QLineEdit(actor.name)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.unlock_button = QPushButton("解锁")
        self.unlock_button.setDefault(True)
        self.switch_button = QPushButton("切换用户")
        self.countdown = WaitCountdown(self.unlock_button, self.message, "解锁")
        self.unlock_button.clicked.connect(self.try_unlock)
        self.password_edit.returnPressed.connect(self.try_unlock)
        self.switch_button.clicked.connect(self.switch_user)
        form = QFormLayout()
        form.addRow("用户名：", self.name_edit)
        form.addRow("密码：", self.password_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.switch_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.password_edit.setFocus()

    def try_unlock(self) -> None:
        if self.countdown.running():
            return
        name = self.name_edit.text().strip()
        try:
            who = sign_in(self.lock.runner.workspace.store, name, self.password_edit.text())
        except SignInRefused as exc:
            self.password_edit.clear()
            show_refusal(exc, self.message, self.countdown)
            return
        if who.name != self.lock.runner.workspace.actor.name and who.role != Role.ADMIN:
            self.password_edit.clear()
            self.message.setText(f"只有“{self.lock.runner.workspace.actor.name}”本人或管理员可以解锁。"
                                 "要用自己的账号，请点“切换用户”。")
            return
        self.accept()

    def reject(self) -> None:
        """Esc and the close button do not unlock."""


class IdleLock(QObject):
    """Watches input on the whole application; locks `window` when idle ≥ minutes_getter() minutes
    or when the wall clock jumped (sleep). `locked_changed(bool)` tells the window."""

    locked_changed = Signal(bool)

    def __init__(self, window, runner: OperationRunner, minutes_getter: Callable[[], int],
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(window)
        self.window, self.runner, self.minutes_getter, self.clock = window, runner, minutes_getter, clock
        self.locked = False
        self.dialog: UnlockDialog | None = None
        self.sheets: list[QWidget] = []
        self.last_activity = self.last_check = clock()
        app = QApplication.instance()
        app.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if not self.locked and event.type() in ACTIVITY:
            self.last_activity = self.clock()
        return False

    def idle_seconds(self) -> float:
        return self.clock() - self.last_activity

    def check(self) -> None:
        """The timer's tick: lock when idle long enough or when the clock jumped since the last tick."""
        now = self.clock()
        gap, self.last_check = now - self.last_check, now
        if self.locked:
            return
        if abs(gap) >= JUMP_SECONDS or self.idle_seconds() >= self._limit() * 60:
            self.lock("idle")

    def _limit(self) -> int:
        try:
            return max(1, int(self.minutes_getter()))
        except Exception:  # noqa: BLE001 - an unreadable setting must not keep the window open
            return 10

    def lock(self, reason: str = "manual") -> None:
        """Hide the content, cover the other windows, record 锁定, ask for the password."""
        if self.locked:
            return
        self.locked = True
        self.runner.run(self.window, lock_screen, reason)
        self._cover_other_windows()
        self.window.show_locked(True)
        self.locked_changed.emit(True)
        self.dialog = UnlockDialog(self)
        self.dialog.accepted.connect(self.unlock)
        self.dialog.switch_user.connect(self._switch_user)
        self.dialog.show()  # application-modal (open() would make it window-modal only)

    def unlock(self) -> None:
        for sheet in self.sheets:
            try:
                sheet.parentWidget().setEnabled(True)
                sheet.deleteLater()
            except RuntimeError:  # the dialog under it is gone
                pass
        self.sheets.clear()
        self.window.show_locked(False)
        self.locked = False
        self.last_activity = self.last_check = self.clock()
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
        self.locked_changed.emit(False)

    def _switch_user(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.done(QDialog.DialogCode.Rejected)
            dialog.deleteLater()
        self.stop()
        self.window.request_sign_in()

    def _cover_other_windows(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if widget is self.window or not widget.isVisible() or not widget.isWindow():
                continue
            sheet = QLabel("已锁定", widget)
            sheet.setObjectName("lock_sheet")
            sheet.setAlignment(Qt.AlignmentFlag.AlignCenter)
            sheet.setAutoFillBackground(True)
            sheet.setStyleSheet("background: #eceff1; color: #607d8b; font-size: 16pt;")
            sheet.setGeometry(widget.rect())
            sheet.show()
            sheet.raise_()
            widget.setEnabled(False)
            self.sheets.append(sheet)
