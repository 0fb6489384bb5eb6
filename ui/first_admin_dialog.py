"""First start of a database without accounts: create the 管理员 (name, password twice), then show
the one-time recovery code to print or copy down. `RecoveryCodePage` is reused when a forgotten
password was reset with the old code (the new code replaces it)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
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

from models.access.accounts import MIN_PASSWORD, create_first_admin
from models.access.signin import SignInRefused, sign_in
from models.people.branch import get_branch
from models.workspace import Actor, Workspace, local_actor
from ui.forms import FieldErrors, GuardedDialog
from ui.operations import OperationRunner


def password_problems(password: str, confirm: str) -> dict[str, str]:
    """The dialog's own checks before the model's: length and the second typing."""
    if len(password) < MIN_PASSWORD:
        return {"password": f"密码至少要 {MIN_PASSWORD} 个字符"}
    if password != confirm:
        return {"confirm": "两次输入的密码不一样，请重新输入"}
    return {}


class RecoveryCodePage(QWidget):
    """The code in large letters, 打印 (a one-page PDF in the print preview), 我已抄写在纸上, and
    我已记下 — enabled once the page was sent to the printer or the box is ticked."""

    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = self.code = self.branch = ""
        self.printed = False
        self.preview_dialog: QDialog | None = None
        intro = QLabel("这是管理员账号的<b>恢复码</b>。忘记密码时，只有用它才能重新设置密码。<br>"
                       "它只显示这一次：请现在打印出来，或工整地抄在纸上，和公章一样妥善保管。")
        intro.setWordWrap(True)
        self.code_label = QLabel()
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(22)
        font.setBold(True)
        self.code_label.setFont(font)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label.setStyleSheet("border: 1px solid #999; padding: 12px; background: #fffbe6;")
        self.print_button = QPushButton("打印…")
        self.copied_box = QCheckBox("我已抄写在纸上")
        self.done_button = QPushButton("我已记下")
        self.done_button.setEnabled(False)
        self.done_button.setDefault(True)
        self.status = QLabel()
        self.print_button.clicked.connect(self.show_print_preview)
        self.copied_box.toggled.connect(self._update)
        self.done_button.clicked.connect(self.done)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.copied_box)
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.code_label)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def set_code(self, user: str, code: str, branch: str = "") -> None:
        self.user, self.code, self.branch = user, code, branch
        self.code_label.setText(code)
        self.printed = False
        self.copied_box.setChecked(False)
        self._update()

    def _update(self) -> None:
        self.done_button.setEnabled(self.printed or self.copied_box.isChecked())

    def show_print_preview(self) -> None:
        """The page in the print preview (打印 there sends it; nothing is saved by itself)."""
        from ui.pdf_preview import PdfPreview

        dialog = QDialog(self)
        dialog.setWindowTitle("打印恢复码")
        dialog.resize(720, 640)
        preview = PdfPreview(dialog)
        from ui.recovery_code_pdf import recovery_code_pdf  # ReportLab: only when printed, not at every sign-in

        preview.set_pdf(recovery_code_pdf(self.user, self.code, self.branch), "管理员恢复码.pdf")
        preview.message.connect(self._printed)
        layout = QVBoxLayout(dialog)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(preview)
        dialog.preview = preview
        self.preview_dialog = dialog
        dialog.open()

    def _printed(self, message: str) -> None:
        self.status.setText(message)
        if message.startswith("已送往打印机"):
            self.printed = True
            self._update()


class FirstAdminDialog(GuardedDialog):
    """创建管理员账号, then the recovery code; `actor` is the new 管理员, signed in, once accepted.
    Esc, 退出 or the close button on a filled form ask “放弃已填写的内容？” first."""

    def __init__(self, store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.runner = OperationRunner(Workspace(store, local_actor()), self)
        self.actor: Actor | None = None
        self.setWindowTitle("创建管理员账号")
        self.setMinimumWidth(560)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._form_page())
        self.code_page = RecoveryCodePage(self)
        self.code_page.done.connect(self.accept)
        self.pages.addWidget(self.code_page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.mark_clean()

    def _form_page(self) -> QWidget:
        page = QWidget(self)
        intro = QLabel("这个数据文件还没有账号。请先创建<b>管理员</b>账号：以后打开程序时要用它登录，"
                       "管理员还可以在“设置”中为其他人添加录入员或查看账号。")
        intro.setWordWrap(True)
        self.name_edit = QLineEdit("管理员")
        self.name_edit.setMaxLength(30)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(f"至少 {MIN_PASSWORD} 个字符")
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors = FieldErrors()
        form = QFormLayout()
        form.addRow("用户名：", self.errors.wrap("name", self.name_edit))
        form.addRow("密码：", self.errors.wrap("password", self.password_edit))
        form.addRow("确认密码：", self.errors.wrap("confirm", self.confirm_edit))
        self.create_button = QPushButton("创建账号")
        self.create_button.setDefault(True)
        self.quit_button = QPushButton("退出")
        self.create_button.clicked.connect(self.create)
        self.quit_button.clicked.connect(self.reject)
        self.confirm_edit.returnPressed.connect(self.create)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.quit_button)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addLayout(buttons)
        return page

    def create(self) -> None:
        name, password = self.name_edit.text().strip(), self.password_edit.text()
        problems = password_problems(password, self.confirm_edit.text())
        if not name:
            problems = {"name": "请填写用户名", **problems}
        if problems:
            self.errors.show(problems)
            return
        outcome = self.runner.run(self, create_first_admin, name, password, on_invalid=self._invalid)
        if outcome is None:
            return
        try:
            self.actor = sign_in(self.store, name, password)
        except SignInRefused as exc:  # not expected right after creating it; said, never hidden
            self.errors.show({"password": str(exc)})
            return
        with self.runner.read() as session:
            branch = get_branch(session)
        self.code_page.set_code(name, outcome.value, branch.full_name or branch.name if branch else "")
        self.pages.setCurrentWidget(self.code_page)
        self.setWindowTitle("管理员恢复码")

    def _invalid(self, errors: dict[str, str]) -> None:
        shown = {field if field in self.errors.labels else "name": message for field, message in errors.items()}
        self.errors.show(shown)

    def reject(self) -> None:
        if self.pages.currentWidget() is self.code_page:
            return  # the account exists: the code must be taken note of (我已记下) before going on
        super().reject()
