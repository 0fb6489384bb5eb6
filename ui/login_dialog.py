"""Signing in at start: 用户名 (the last one remembered), 密码, 登录, 忘记密码… (the 管理员's recovery
code and a new password), the demo account's hint on a demo database only, and the wait after 5
wrong passwords counted down on the button. `sign_in_user` is the whole step: a database without
accounts first creates its 管理员 (ui/first_admin_dialog.py)."""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from models import APP_NAME
from models.access.accounts import DEMO_PASSWORD, has_users, is_demo
from models.access.signin import SignInRefused, recover, sign_in
from models.core.codes import label
from models.workspace import Actor
from ui.first_admin_dialog import FirstAdminDialog, RecoveryCodePage, password_problems
from ui.forms import FieldErrors

LAST_USER_KEY = "login/last_user"  # + the data file: each file has its own accounts


def demo_hint() -> str:
    """The demo database's accounts, one per role, so whoever tries the demo can try each role."""
    from models.demo.accounts import DEMO_ACCOUNTS

    accounts = "、".join(f"{label(role)} {name}" for name, role in DEMO_ACCOUNTS)
    return f"这是演示数据。演示账号：{accounts}，密码都是 {DEMO_PASSWORD}"


def last_user_key(db) -> str:
    """Where the name last signed in on the data file `db` is remembered (QSettings)."""
    import hashlib

    return f"{LAST_USER_KEY}/{hashlib.sha1(str(db).encode()).hexdigest()[:16]}"
ERROR_STYLE = "color: #c62828;"


def app_settings() -> QSettings:
    return QSettings("BranchKeeper", "BranchKeeper")


class WaitCountdown:
    """After too many wrong passwords: `button` stays disabled while `label` counts the seconds down."""

    def __init__(self, button: QPushButton, label: QLabel, text: str) -> None:
        self.button, self.label, self.text = button, label, text
        self.left = 0
        self.timer = QTimer(button)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)

    def start(self, seconds: int) -> None:
        self.left = seconds
        self.button.setEnabled(False)
        self._show()
        self.timer.start()

    def _tick(self) -> None:
        self.left -= 1
        if self.left <= 0:
            self.timer.stop()
            self.button.setText(self.text)
            self.button.setEnabled(True)
            self.label.setText("现在可以再试一次。")
            return
        self._show()

    def _show(self) -> None:
        minutes, seconds = divmod(self.left, 60)
        wait = f"{minutes} 分 {seconds:02d} 秒" if minutes else f"{seconds} 秒"
        self.label.setText(f"密码错误次数过多，请在 {wait}后再试。")
        self.button.setText(f"{self.text}（{self.left}）")

    def running(self) -> bool:
        return self.timer.isActive()


def show_refusal(exc: SignInRefused, label: QLabel, countdown: WaitCountdown) -> None:
    if exc.wait_seconds > 0:
        countdown.start(exc.wait_seconds)
    else:
        label.setText(str(exc))


class LoginDialog(QDialog):
    """用户名 and 密码; `actor` is the signed-in user once accepted."""

    def __init__(self, store, parent: QWidget | None = None, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings if settings is not None else app_settings()
        self.actor: Actor | None = None
        self.setWindowTitle("登录")
        self.setMinimumWidth(460)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._login_page())
        self.pages.addWidget(self._recover_page())
        self.code_page = RecoveryCodePage(self)
        self.code_page.done.connect(self.accept)
        self.pages.addWidget(self.code_page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        with store.read() as session:
            demo = is_demo(session)
        self.demo_hint.setVisible(demo)
        self.name_edit.setText(str(self.settings.value(last_user_key(store.location), "") or ""))
        (self.password_edit if self.name_edit.text() else self.name_edit).setFocus()

    def _login_page(self) -> QWidget:
        page = QWidget(self)
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(30)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.demo_hint = QLabel(demo_hint())
        self.demo_hint.setStyleSheet("color: #1565c0;")
        self.login_button = QPushButton("登录")
        self.login_button.setDefault(True)
        self.forgot_button = QPushButton("忘记密码…")
        self.forgot_button.setFlat(True)
        quit_button = QPushButton("退出")
        self.countdown = WaitCountdown(self.login_button, self.message, "登录")
        self.login_button.clicked.connect(self.try_sign_in)
        self.password_edit.returnPressed.connect(self.try_sign_in)
        self.forgot_button.clicked.connect(self.show_recover)
        quit_button.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow("用户名：", self.name_edit)
        form.addRow("密码：", self.password_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.forgot_button)
        buttons.addStretch(1)
        buttons.addWidget(self.login_button)
        buttons.addWidget(quit_button)
        layout = QVBoxLayout(page)
        title = QLabel(f"<h3>{APP_NAME}</h3>请输入用户名和密码。")
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.demo_hint)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def try_sign_in(self) -> None:
        if self.countdown.running():
            return
        name, password = self.name_edit.text().strip(), self.password_edit.text()
        if not name or not password:
            self.message.setText("请输入用户名和密码。")
            (self.password_edit if name else self.name_edit).setFocus()
            return
        try:
            self.actor = sign_in(self.store, name, password)
        except SignInRefused as exc:
            self.password_edit.clear()
            self.password_edit.setFocus()
            show_refusal(exc, self.message, self.countdown)
            return
        self.settings.setValue(last_user_key(self.store.location), name)
        self.accept()

    # 忘记密码…: the recovery code and a new password, then the new code to keep.

    def _recover_page(self) -> QWidget:
        page = QWidget(self)
        intro = QLabel("管理员忘记密码时，请输入创建账号时打印或抄下的<b>恢复码</b>，再设置新密码。"
                       "其他账号忘记密码，请找管理员在“设置 → 用户管理”中重设。")
        intro.setWordWrap(True)
        self.recover_name = QLineEdit()
        self.recover_code = QLineEdit()
        self.recover_code.setPlaceholderText("XXXX-XXXX-XXXX-XXXX")
        self.new_password = QLineEdit()
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_confirm = QLineEdit()
        self.new_confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.recover_errors = FieldErrors()
        form = QFormLayout()
        form.addRow("用户名：", self.recover_errors.wrap("name", self.recover_name))
        form.addRow("恢复码：", self.recover_errors.wrap("code", self.recover_code))
        form.addRow("新密码：", self.recover_errors.wrap("password", self.new_password))
        form.addRow("确认新密码：", self.recover_errors.wrap("confirm", self.new_confirm))
        self.recover_message = QLabel()
        self.recover_message.setWordWrap(True)
        self.recover_message.setStyleSheet(ERROR_STYLE)
        self.recover_button = QPushButton("设置新密码")
        back = QPushButton("返回登录")
        self.recover_countdown = WaitCountdown(self.recover_button, self.recover_message, "设置新密码")
        self.recover_button.clicked.connect(self.try_recover)
        back.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.recover_button)
        buttons.addWidget(back)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.recover_message)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def show_recover(self) -> None:
        self.recover_name.setText(self.name_edit.text())
        self.pages.setCurrentIndex(1)
        self.recover_code.setFocus()

    def try_recover(self) -> None:
        name, code = self.recover_name.text().strip(), self.recover_code.text()
        problems = password_problems(self.new_password.text(), self.new_confirm.text())
        if not code.strip():
            problems = {"code": "请输入恢复码", **problems}
        if problems:
            self.recover_errors.show(problems)
            return
        try:
            self.actor, new_code = recover(self.store, name, code, self.new_password.text())
        except SignInRefused as exc:
            show_refusal(exc, self.recover_message, self.recover_countdown)
            return
        self.settings.setValue(last_user_key(self.store.location), name)
        self.code_page.set_code(name, new_code)
        self.pages.setCurrentWidget(self.code_page)
        self.setWindowTitle("新的恢复码")

    def reject(self) -> None:
        if self.pages.currentWidget() is self.code_page:
            return  # the old code no longer works: the new one must be taken note of first
        super().reject()


def scripted_sign_in(store) -> Actor | None:
    """The start-up benchmark and smoke checks (BRANCHKEEPER_EXIT_WHEN_READY) sign in as the CLI does,
    with BRANCHKEEPER_USER / BRANCHKEEPER_PASSWORD, so the time measured is the program's own (the
    Argon2id check included) and not a person typing. Never without that variable: a person always
    gets the login."""
    name, password = os.environ.get("BRANCHKEEPER_USER"), os.environ.get("BRANCHKEEPER_PASSWORD")
    if not os.environ.get("BRANCHKEEPER_EXIT_WHEN_READY") or not name or password is None:
        return None
    try:
        return sign_in(store, name, password)
    except SignInRefused:
        return None  # the login shows, as for anyone


def sign_in_user(store, parent: QWidget | None = None, settings: QSettings | None = None) -> Actor | None:
    """The signed-in user for `store`: 创建管理员账号 on a database without accounts, else the login;
    None when the user quit."""
    with store.read() as session:
        accounts = has_users(session)
    if accounts and (scripted := scripted_sign_in(store)) is not None:
        return scripted
    dialog: FirstAdminDialog | LoginDialog
    dialog = LoginDialog(store, parent, settings) if accounts else FirstAdminDialog(store, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    if not accounts and dialog.actor is not None:
        (settings if settings is not None else app_settings()).setValue(last_user_key(store.location), dialog.actor.name)
    return dialog.actor
