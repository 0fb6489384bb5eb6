"""设置 tab: the branch's names and secretary, its 党小组 (add, rename, order, delete), 数据安全, and
for a 管理员 用户管理 and 操作记录. What the user's role may not change is shown disabled."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models.people.branch import (
    BranchInfo,
    GroupInfo,
    create_group,
    delete_group,
    get_branch,
    group_in_use_message,
    group_usage,
    list_groups,
    move_group,
    rename_group,
    update_branch,
)
from models.workspace import Changes, Entity, Permission
from ui.forms import FieldErrors
from ui.icons import icon
from ui.operations import OperationRunner
from ui.permissions import allow, may
from ui.table import ID_ROLE, make_table_view, select_id, selected_id
from views.settings.audit_log import AuditLogView
from views.settings.safety_page import SafetyPage
from views.settings.users_page import UsersPage


class GroupTableModel(QAbstractTableModel):
    """党小组 list; the name column is editable (renaming goes through models.people.branch)."""

    HEADERS = ("党小组名称", "在册人数")

    def __init__(self, runner: OperationRunner, parent=None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.groups: list[GroupInfo] = []
        self.last_error = ""

    def reload(self) -> None:
        self.beginResetModel()
        with self.runner.read() as session:
            self.groups = list_groups(session)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(self.groups)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else 2

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def flags(self, index):
        flags = super().flags(index)
        editable = index.column() == 0 and may(self.runner, Permission.SETTINGS_EDIT)
        return flags | Qt.ItemFlag.ItemIsEditable if editable else flags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        group = self.groups[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return group.name if index.column() == 0 else str(group.member_count)
        if role == ID_ROLE:
            return group.id
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802 - Qt override
        if role != Qt.ItemDataRole.EditRole or index.column() != 0:
            return False
        errors: dict[str, str] = {}
        outcome = self.runner.run(None, rename_group, self.groups[index.row()].id, str(value), on_invalid=errors.update)
        self.last_error = errors.get("name", "")
        return outcome is not None


class SettingsTab(QWidget):
    def __init__(self, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        branch_page = QWidget(self)
        columns = QHBoxLayout(branch_page)
        columns.addWidget(self._branch_box(), 1)
        columns.addWidget(self._groups_box(), 1)
        self.safety_page = SafetyPage(runner, self)
        self.pages = QTabWidget(self)
        self.pages.addTab(branch_page, "支部与党小组")
        self.pages.addTab(self.safety_page, "数据安全")
        # Only for those who may: the others do not see these pages at all.
        self.users_page = UsersPage(runner, self) if may(runner, Permission.USERS_MANAGE) else None
        if self.users_page is not None:
            self.pages.addTab(self.users_page, "用户管理")
        self.audit_view = AuditLogView(runner, self) if may(runner, Permission.AUDIT_VIEW) else None
        if self.audit_view is not None:
            self.pages.addTab(self.audit_view, "操作记录")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.pages)
        self.setFocusProxy(self.pages)  # shown by the window: Ctrl+Tab / arrows move between its pages
        runner.changed.connect(self._on_changed)
        self.load_branch()
        self.group_model.reload()

    def _branch_box(self) -> QGroupBox:
        box = QGroupBox("支部信息")
        self.branch_errors = FieldErrors()
        self.name_edit = QLineEdit()
        self.full_name_edit = QLineEdit()
        self.secretary_edit = QLineEdit()
        self.save_branch_button = QPushButton("保存支部信息")
        self.save_branch_button.clicked.connect(self.save_branch)
        if not allow(self.save_branch_button, self.runner, Permission.SETTINGS_EDIT):
            for edit in (self.name_edit, self.full_name_edit, self.secretary_edit):
                edit.setReadOnly(True)
        self.branch_status = QLabel()
        # “已保存” speaks of what was saved: gone as soon as a field is edited again (textEdited,
        # not textChanged: reloading the saved values after the save must not clear it).
        for edit in (self.name_edit, self.full_name_edit, self.secretary_edit):
            edit.textEdited.connect(lambda _text: self.branch_status.setText(""))
        form = QFormLayout()
        form.addRow("支部名称：", self.branch_errors.wrap("name", self.name_edit))
        form.addRow("文件落款全称：", self.branch_errors.wrap("full_name", self.full_name_edit))
        form.addRow("支部书记：", self.branch_errors.wrap("secretary", self.secretary_edit))
        button_row = QHBoxLayout()
        button_row.addWidget(self.save_branch_button)
        button_row.addWidget(self.branch_status)
        button_row.addStretch(1)
        form.addRow("", button_row)
        outer = QVBoxLayout(box)
        outer.addLayout(form)
        outer.addStretch(1)
        return box

    def _groups_box(self) -> QGroupBox:
        box = QGroupBox("党小组")
        self.group_model = GroupTableModel(self.runner, self)
        self.group_table = make_table_view(box)
        self.group_table.setSortingEnabled(False)
        self.group_table.setModel(self.group_model)
        self.group_table.setColumnWidth(0, 220)
        self.group_table.setEditTriggers(self.group_table.EditTrigger.DoubleClicked
                                         | self.group_table.EditTrigger.EditKeyPressed)
        self.group_table.itemDelegate().closeEditor.connect(self._after_rename)
        self.new_group_edit = QLineEdit()
        self.new_group_edit.setPlaceholderText("新党小组名称，如 第五党小组")
        self.new_group_edit.returnPressed.connect(self.add_group)
        # A message about the name typed (已经有…) goes as soon as the name is changed.
        self.new_group_edit.textEdited.connect(lambda: self.group_message.setText(""))
        self.add_group_button = QPushButton(icon("add"), "添加")
        self.add_group_button.clicked.connect(self.add_group)
        self.up_button = QPushButton(icon("up"), "上移")
        self.down_button = QPushButton(icon("down"), "下移")
        self.delete_button = QPushButton(icon("delete"), "删除")
        self.up_button.clicked.connect(lambda: self.move_group(-1))
        self.down_button.clicked.connect(lambda: self.move_group(1))
        self.delete_button.clicked.connect(self.delete_group)
        for control in (self.add_group_button, self.up_button, self.down_button, self.delete_button,
                        self.new_group_edit):
            allow(control, self.runner, Permission.SETTINGS_EDIT)
        self.group_message = QLabel()
        self.group_message.setWordWrap(True)
        self.group_message.setStyleSheet("color: #c0392b;")
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_group_edit, 1)
        add_row.addWidget(self.add_group_button)
        buttons = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        hint = QLabel("双击名称可以改名。没有分党小组的党员归“直属支部”。")
        hint.setStyleSheet("color: #666;")
        layout = QVBoxLayout(box)
        layout.addLayout(add_row)
        layout.addWidget(self.group_table, 1)
        layout.addLayout(buttons)
        layout.addWidget(hint)
        layout.addWidget(self.group_message)
        return box

    def load_branch(self) -> None:
        with self.runner.read() as session:
            info = get_branch(session)
        if info is not None:
            self.name_edit.setText(info.name)
            self.full_name_edit.setText(info.full_name)
            self.secretary_edit.setText(info.secretary)

    def save_branch(self) -> None:
        info = BranchInfo(self.name_edit.text(), self.full_name_edit.text(), self.secretary_edit.text())
        if self.runner.run(self, update_branch, info, on_invalid=self.branch_errors.show) is None:
            self.branch_status.setText("")
            return
        self.branch_errors.show({})
        self.branch_status.setText("已保存")

    def _show_group_error(self, errors: dict[str, str]) -> None:
        self.group_message.setText(errors.get("name", ""))

    def add_group(self) -> None:
        outcome = self.runner.run(self, create_group, self.new_group_edit.text(), on_invalid=self._show_group_error)
        if outcome is not None:
            self.new_group_edit.clear()
            self._groups_changed(outcome.value)

    def move_group(self, step: int) -> None:
        group_id = selected_id(self.group_table)
        if group_id is not None and self.runner.run(self, move_group, group_id, step) is not None:
            self._groups_changed(group_id)

    def delete_group(self) -> None:
        """Refuse first when people belong to the group; otherwise ask, then delete."""
        group_id = selected_id(self.group_table)
        if group_id is None:
            return
        name = self.group_table.selectionModel().selectedRows()[0].data()
        with self.runner.read() as session:
            used = group_usage(session, group_id)
        if used:
            self.group_message.setText(group_in_use_message(name, used))
            return
        box = QMessageBox(QMessageBox.Icon.Question, "删除党小组", f"删除党小组“{name}”？",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.button(QMessageBox.StandardButton.Yes).setText("删除")
        box.button(QMessageBox.StandardButton.No).setText("取消")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(result: int) -> None:
            if result == QMessageBox.StandardButton.Yes and self.runner.run(
                    self, delete_group, group_id, on_invalid=self._show_group_error) is not None:
                self._groups_changed(None)

        box.finished.connect(answered)
        self.delete_box = box
        box.open()

    def _after_rename(self) -> None:
        self.group_message.setText(self.group_model.last_error)

    def _groups_changed(self, select: int | None) -> None:
        self.group_message.setText("")
        select_id(self.group_table, select)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(Entity.BRANCH):
            self.load_branch()
        if changes.touches(Entity.GROUP, Entity.PERSON):
            keep = selected_id(self.group_table)
            self.group_model.reload()
            select_id(self.group_table, keep)
