"""积分规则: the rule catalogue — add, edit, deactivate (a used rule is never deleted, only
deactivated: its entries keep it). Category, points (+/−), cap per quarter, whom it applies to,
一票否决."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from models.core.codes import Audience, ScoreCategory, choices, label
from models.scoring.catalogue import RuleForm, RuleRow, add_rule, edit_rule, list_rules, set_rule_active
from models.workspace import Permission
from ui.forms import FieldErrors, GuardedDialog, combo, select_data
from ui.operations import OperationRunner
from ui.permissions import allow
from ui.sizing import fit_to_screen
from ui.table import ID_ROLE, make_table_view, select_id, selected_id
from views.development.dialog_parts import form_layout, message_label, ok_cancel, show_errors

Index = QModelIndex | QPersistentModelIndex


class RuleColumn(IntEnum):
    CODE = 0
    CATEGORY = 1
    NAME = 2
    POINTS = 3
    CAP = 4
    APPLIES = 5
    VETO = 6
    ACTIVE = 7
    USED = 8


HEADERS = {RuleColumn.CODE: "编号", RuleColumn.CATEGORY: "类别", RuleColumn.NAME: "规则名称",
           RuleColumn.POINTS: "分值", RuleColumn.CAP: "每季度上限", RuleColumn.APPLIES: "适用对象",
           RuleColumn.VETO: "一票否决", RuleColumn.ACTIVE: "状态", RuleColumn.USED: "已记次数"}
WIDTHS = {RuleColumn.CODE: 60, RuleColumn.CATEGORY: 60, RuleColumn.NAME: 330, RuleColumn.POINTS: 50,
          RuleColumn.CAP: 80, RuleColumn.APPLIES: 120, RuleColumn.VETO: 70, RuleColumn.ACTIVE: 60}
_INACTIVE_BRUSH = QBrush(QColor("#9a9a9a"))


def _display(rule: RuleRow, column: RuleColumn) -> str:
    match column:
        case RuleColumn.CODE:
            return rule.code
        case RuleColumn.CATEGORY:
            return label(rule.category)
        case RuleColumn.NAME:
            return rule.name
        case RuleColumn.POINTS:
            return f"{rule.points:+d}" if rule.points else "0"
        case RuleColumn.CAP:
            return "不限" if rule.cap_per_quarter is None else str(rule.cap_per_quarter)
        case RuleColumn.APPLIES:
            return label(rule.applies_to)
        case RuleColumn.VETO:
            return "是" if rule.veto else ""
        case RuleColumn.ACTIVE:
            return "启用" if rule.active else "已停用"
        case RuleColumn.USED:
            return str(rule.used)
    return ""


class RuleTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[RuleRow] = []

    def set_rows(self, rows: list[RuleRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_of(self, rule_id: int | None) -> RuleRow | None:
        return next((r for r in self._rows if r.id == rule_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(RuleColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[RuleColumn(section)]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        rule, column = self._rows[index.row()], RuleColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(rule, column)
        if role == ID_ROLE:
            return rule.id
        if role == Qt.ItemDataRole.ForegroundRole and not rule.active:
            return _INACTIVE_BRUSH
        if role == Qt.ItemDataRole.TextAlignmentRole and column not in (RuleColumn.NAME, RuleColumn.APPLIES):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class RuleDialog(GuardedDialog):
    """新增 (rule None) or 修改 a rule. A used rule keeps its category and 一票否决 (the model says so)."""

    def __init__(self, runner: OperationRunner, rule: RuleRow | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.rule = runner, rule
        self.saved_id: int | None = None
        self.setWindowTitle("修改积分规则" if rule else "新增积分规则")
        self.errors = FieldErrors()
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("如 JF06")
        self.code_edit.setMaxLength(20)
        self.category_combo = combo(choices(ScoreCategory))
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("如 参加村级志愿服务活动")
        self.points_spin = QSpinBox()
        self.points_spin.setRange(-100, 100)
        self.points_spin.setSuffix(" 分")
        self.cap_spin = QSpinBox()
        self.cap_spin.setRange(0, 1000)
        self.cap_spin.setSpecialValueText("不设上限")
        self.cap_spin.setSuffix(" 分")
        self.applies_combo = combo(choices(Audience))
        self.veto_check = QCheckBox("一票否决（有此记录的人本期不参加排名和评定）")
        form = form_layout()
        for field, text, widget in (("code", "编号", self.code_edit), ("category", "类别", self.category_combo),
                                    ("name", "规则名称", self.name_edit), ("points", "分值", self.points_spin),
                                    ("cap_per_quarter", "每季度上限", self.cap_spin),
                                    ("applies_to", "适用对象", self.applies_combo), ("veto", "", self.veto_check)):
            form.addRow(f"{text}：" if text else "", self.errors.wrap(field, widget))
        hint = QLabel("扣分项的分值填负数（如 -3）。已有记录的规则不能改类别和一票否决，不用时请停用。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.other_label = message_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.other_label)
        layout.addStretch(1)
        layout.addWidget(ok_cancel(self, "保存"))
        if rule is not None:
            self._load(rule)
        fit_to_screen(self, 500, 380)
        self.mark_clean()

    def _load(self, rule: RuleRow) -> None:
        self.code_edit.setText(rule.code)
        select_data(self.category_combo, rule.category)
        self.name_edit.setText(rule.name)
        self.points_spin.setValue(rule.points)
        self.cap_spin.setValue(rule.cap_per_quarter or 0)
        select_data(self.applies_combo, rule.applies_to)
        self.veto_check.setChecked(rule.veto)

    def form(self) -> RuleForm:
        return RuleForm(code=self.code_edit.text(), category=self.category_combo.currentData(),
                        name=self.name_edit.text(), points=self.points_spin.value(),
                        cap_per_quarter=self.cap_spin.value() or None, applies_to=self.applies_combo.currentData(),
                        veto=self.veto_check.isChecked())

    def save(self) -> None:
        invalid = lambda e: show_errors(self.errors, self.other_label, e)  # noqa: E731
        if self.rule is None:
            outcome = self.runner.run(self, add_rule, self.form(), on_invalid=invalid)
            if outcome is not None:
                self.saved_id = outcome.value
        else:
            outcome = self.runner.run(self, edit_rule, self.rule.id, self.form(), on_invalid=invalid)
            self.saved_id = self.rule.id
        if outcome is not None:
            self.accept()


class RulesPage(QWidget):
    """The catalogue with 新增规则 / 修改 / 停用 (启用)."""

    def __init__(self, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.dialog: RuleDialog | None = None
        self.model = RuleTableModel(self)
        self.table = make_table_view(self)
        self.table.setSortingEnabled(False)  # the catalogue's own order
        self.table.setModel(self.model)
        for column, width in WIDTHS.items():
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(self.edit_selected)
        self.add_button = QPushButton("新增规则", self)
        self.edit_button = QPushButton("修改", self)
        self.active_button = QPushButton("停用", self)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.active_button.clicked.connect(self.toggle_active)
        for button in (self.add_button, self.edit_button, self.active_button):
            allow(button, self.runner, Permission.SETTINGS_EDIT)
        note = QLabel("规则停用后不能再记分，已有记录保留；规则不会被删除。")
        note.setStyleSheet("color: #555;")
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.active_button):
            buttons.addWidget(button)
        buttons.addSpacing(12)
        buttons.addWidget(note, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.refresh()

    def refresh(self) -> None:
        keep = selected_id(self.table)
        with self.runner.read() as session:
            self.model.set_rows(list_rules(session))
        select_id(self.table, keep)
        self._selection_changed()

    def selected(self) -> RuleRow | None:
        return self.model.row_of(selected_id(self.table))

    def _selection_changed(self) -> None:
        rule = self.selected()
        self.edit_button.setEnabled(rule is not None)
        self.active_button.setEnabled(rule is not None)
        self.active_button.setText("启用" if rule is not None and not rule.active else "停用")

    def add(self) -> None:
        self._open(RuleDialog(self.runner, None, self))

    def edit_selected(self) -> None:
        rule = self.selected()
        if rule is not None and self.edit_button.isEnabled():  # a double-click too
            self._open(RuleDialog(self.runner, rule, self))

    def toggle_active(self) -> None:
        rule = self.selected()
        if rule is not None:
            self.runner.run(self, set_rule_active, rule.id, not rule.active)

    def _open(self, dialog: RuleDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def finished(_result: int) -> None:
            self.dialog = None
            select_id(self.table, dialog.saved_id)

        dialog.finished.connect(finished)
        dialog.open()
