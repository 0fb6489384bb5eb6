"""用户管理 (管理员 only): the accounts with their role and state; add, change the role, reset a
password, deactivate or activate — each an operation of models/access/accounts.py."""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from models.access.accounts import UserInfo, list_users, set_active
from models.core.codes import label
from models.workspace import Changes, Entity
from ui.forms import ERROR_STYLE
from ui.icons import icon
from ui.operations import OperationRunner
from ui.table import SortedRowsModel, make_table_view, select_id, selected_id
from views.settings.user_dialogs import AddUserDialog, ResetPasswordDialog, RoleDialog

HEADERS = ("用户名", "角色", "状态", "上次登录")
WIDTHS = (180, 100, 80, 160)


class UserColumn(IntEnum):
    NAME = 0
    ROLE = 1
    STATE = 2
    LAST_LOGIN = 3


class UserTableModel(SortedRowsModel):
    columns = UserColumn
    headers = dict(zip(UserColumn, HEADERS, strict=True))
    default_sort = UserColumn.NAME

    def sort_value(self, row: UserInfo, column: IntEnum) -> object:
        return (row.name, label(row.role), not row.active, row.last_login_at or datetime.min)[column]

    def display(self, row: UserInfo, column: IntEnum) -> str:
        last = f"{row.last_login_at:%Y-%m-%d %H:%M}" if row.last_login_at else "从未登录"
        return (row.name, label(row.role), "启用" if row.active else "已停用", last)[column]

    def role_data(self, row: UserInfo, column: IntEnum, role: int) -> object:
        if role == Qt.ItemDataRole.ForegroundRole and not row.active:
            return Qt.GlobalColor.gray
        return None

    def user(self, user_id: int | None) -> UserInfo | None:
        return next((u for u in self._rows if u.id == user_id), None)


class UsersPage(QWidget):
    def __init__(self, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.dialog: QDialog | None = None
        self.model = UserTableModel(self)
        self.table = make_table_view(self)
        self.table.setSortingEnabled(False)
        self.table.setModel(self.model)
        for column, width in enumerate(WIDTHS):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.change_role())
        self.add_button = QPushButton(icon("add"), "添加用户…", self)
        self.role_button = QPushButton("修改角色…", self)
        self.password_button = QPushButton("重设密码…", self)
        self.active_button = QPushButton("停用", self)
        self.add_button.clicked.connect(self.add_user)
        self.role_button.clicked.connect(self.change_role)
        self.password_button.clicked.connect(self.reset_password)
        self.active_button.clicked.connect(self.toggle_active)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.role_button, self.password_button, self.active_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        hint = QLabel("每个人用自己的账号登录，操作记录里记的就是他的名字。离开岗位的人请“停用”（记录会保留）。"
                      "忘记密码的人由管理员“重设密码”。", self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message_label)
        layout.addWidget(hint)
        runner.changed.connect(self._on_changed)
        self.reload()

    def reload(self) -> None:
        keep = selected_id(self.table)
        with self.runner.read() as session:
            self.model.set_rows(list_users(session))
        if not select_id(self.table, keep):
            self._selection_changed()

    def selected(self) -> UserInfo | None:
        return self.model.user(selected_id(self.table))

    def _selection_changed(self) -> None:
        user = self.selected()
        for button in (self.role_button, self.password_button, self.active_button):
            button.setEnabled(user is not None)
        self.active_button.setText("启用" if user is not None and not user.active else "停用")

    def _say(self, text: str, error: bool = False) -> None:
        self.message_label.setStyleSheet(ERROR_STYLE if error else "color: #1f5fa8;")
        self.message_label.setText(text)

    def _refused(self, errors: dict[str, str]) -> None:
        self._say("；".join(errors.values()), error=True)

    def _open(self, dialog: QDialog, done) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def finished(result: int) -> None:
            self.dialog = None
            if result == QDialog.DialogCode.Accepted:
                done(dialog)

        dialog.finished.connect(finished)
        dialog.open()

    def add_user(self) -> None:
        def added(dialog) -> None:
            select_id(self.table, dialog.saved)
            user = self.selected()
            self._say(f"已添加用户“{user.name}”（{label(user.role)}）。" if user else "已添加用户。")

        self._open(AddUserDialog(self.runner, self), added)

    def change_role(self) -> None:
        user = self.selected()
        if user is not None:
            self._open(RoleDialog(self.runner, user.id, user.name, user.role, self),
                       lambda _d: self._say(f"已修改“{user.name}”的角色。"))

    def reset_password(self) -> None:
        user = self.selected()
        if user is not None:
            self._open(ResetPasswordDialog(self.runner, user.id, user.name, self),
                       lambda _d: self._say(f"已重设“{user.name}”的密码。请当面告诉本人。"))

    def toggle_active(self) -> None:
        user = self.selected()
        if user is None:
            return
        if self.runner.run(self, set_active, user.id, not user.active, on_invalid=self._refused) is not None:
            self._say(f"已{'启用' if not user.active else '停用'}“{user.name}”。")

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(Entity.USER):
            self.reload()
