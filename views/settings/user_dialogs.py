"""The dialogs of 用户管理: 添加用户, 修改角色, 重设密码, and everyone's 修改我的密码. Each runs its
operation (models/access/accounts.py) itself and shows the refusals under the fields."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from models.access.accounts import MIN_PASSWORD, add_user, change_own_password, change_role, reset_password
from models.core.codes import Role, choices
from ui.forms import FieldErrors, GuardedDialog, combo, select_data
from ui.operations import OperationRunner
from views.development.dialog_parts import form_layout, message_label, ok_cancel

MISMATCH = "两次输入的密码不一致"
ROLE_HINT = "管理员：全部功能；录入员：录入和修改记录、导入、备份，不能管理用户、修改设置和恢复；查看：只能查看和打印。"


def password_edit(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setPlaceholderText(placeholder)
    return edit


class _AccountDialog(GuardedDialog):
    """A form whose fields are keyed by the operation's field names; other messages go below."""

    def __init__(self, runner: OperationRunner, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.setWindowTitle(title)
        self.errors = FieldErrors()
        self.other_label = message_label()
        self.form = form_layout()
        self.saved = None

    def finish_layout(self, ok_text: str, note: str = "") -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        if note:
            hint = QLabel(note)
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #555;")
            layout.addWidget(hint)
        layout.addWidget(self.other_label)
        layout.addStretch(1)
        layout.addWidget(ok_cancel(self, ok_text))
        self.setMinimumWidth(420)
        self.mark_clean()

    def show_errors(self, errors: dict[str, str]) -> None:
        self.errors.show({k: v for k, v in errors.items() if k in self.errors.labels})
        rest = [v for k, v in errors.items() if k not in self.errors.labels]
        self.other_label.setText("；".join(rest))
        self.other_label.setVisible(bool(rest))

    def mismatch(self, first: QLineEdit, second: QLineEdit, field: str) -> bool:
        """True (and the message under `field`) when the two passwords differ."""
        if first.text() == second.text():
            return False
        self.show_errors({field: MISMATCH})
        return True

    def run(self, op, *args) -> None:
        outcome = self.runner.run(self, op, *args, on_invalid=self.show_errors)
        if outcome is not None:
            self.saved = outcome.value
            self.accept()


class AddUserDialog(_AccountDialog):
    def __init__(self, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, "添加用户", parent)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("如 张会计（登录时输入）")
        self.role_combo = combo(choices(Role))
        select_data(self.role_combo, Role.CLERK)
        self.password_edit = password_edit(f"至少 {MIN_PASSWORD} 位")
        self.confirm_edit = password_edit()
        self.form.addRow("用户名：", self.errors.wrap("name", self.name_edit))
        self.form.addRow("角色：", self.errors.wrap("role", self.role_combo))
        self.form.addRow("密码：", self.errors.wrap("password", self.password_edit))
        self.form.addRow("再输一次：", self.errors.wrap("confirm", self.confirm_edit))
        self.finish_layout("添加", ROLE_HINT)

    def save(self) -> None:
        if not self.mismatch(self.password_edit, self.confirm_edit, "confirm"):
            self.run(add_user, self.name_edit.text(), self.role_combo.currentData(), self.password_edit.text())


class RoleDialog(_AccountDialog):
    def __init__(self, runner: OperationRunner, user_id: int, name: str, role: Role,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner, f"修改角色：{name}", parent)
        self.user_id = user_id
        self.role_combo = combo(choices(Role))
        select_data(self.role_combo, role)
        self.form.addRow("用户：", QLabel(name))
        self.form.addRow("角色：", self.errors.wrap("role", self.role_combo))
        self.finish_layout("保存", ROLE_HINT)

    def save(self) -> None:
        self.run(change_role, self.user_id, self.role_combo.currentData())


class ResetPasswordDialog(_AccountDialog):
    """A 管理员 sets a new password for someone who forgot theirs (tell them in person)."""

    def __init__(self, runner: OperationRunner, user_id: int, name: str, parent: QWidget | None = None) -> None:
        super().__init__(runner, f"重设密码：{name}", parent)
        self.user_id = user_id
        self.password_edit = password_edit(f"至少 {MIN_PASSWORD} 位")
        self.confirm_edit = password_edit()
        self.form.addRow("用户：", QLabel(name))
        self.form.addRow("新密码：", self.errors.wrap("password", self.password_edit))
        self.form.addRow("再输一次：", self.errors.wrap("confirm", self.confirm_edit))
        self.finish_layout("重设密码", "重设后请当面告诉本人新密码，并请他登录后在“数据安全”页修改成自己的密码。")

    def save(self) -> None:
        if not self.mismatch(self.password_edit, self.confirm_edit, "confirm"):
            self.run(reset_password, self.user_id, self.password_edit.text())


class OwnPasswordDialog(_AccountDialog):
    def __init__(self, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, "修改我的密码", parent)
        self.old_edit = password_edit()
        self.new_edit = password_edit(f"至少 {MIN_PASSWORD} 位")
        self.confirm_edit = password_edit()
        self.form.addRow("用户：", QLabel(runner.workspace.actor.name))
        self.form.addRow("原密码：", self.errors.wrap("old_password", self.old_edit))
        self.form.addRow("新密码：", self.errors.wrap("new_password", self.new_edit))
        self.form.addRow("再输一次：", self.errors.wrap("confirm", self.confirm_edit))
        self.finish_layout("修改密码")

    def save(self) -> None:
        if not self.mismatch(self.new_edit, self.confirm_edit, "confirm"):
            self.run(change_own_password, self.old_edit.text(), self.new_edit.text())
