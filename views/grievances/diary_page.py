"""民情日记: a quick entry line for home visits (党员, 日期, 走访户, 听到的情况 — Enter records it and
keeps the member and the date for the next household), the lines of the period, and 转为民情事项:
a line becomes a ledger item in one step, through the 登记 dialog filled from the line."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from models.core.dates import DateFormatError
from models.grievances.forms import DiaryForm, DiaryRow
from models.grievances.operations import add_diary
from models.workspace import Permission
from ui.forms import DateField, FieldErrors
from ui.operations import OperationRunner
from ui.permissions import allow
from ui.table import make_table_view, select_id, selected_id
from views.grievances.diary_table_model import DIARY_WIDTHS, DiaryColumn, DiaryTableModel


class DiaryPage(QWidget):
    """The tab gives it the members and the rows; it asks the tab to turn a line into an item or
    void it (to_item_requested / void_requested with the DiaryRow)."""

    to_item_requested = Signal(object)  # DiaryRow
    void_requested = Signal(object)  # DiaryRow
    filter_changed = Signal()

    def __init__(self, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.errors = FieldErrors()
        self.model = DiaryTableModel(self)
        self._build_entry()
        self._build_list()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 4, 2, 2)
        layout.setSpacing(4)
        layout.addWidget(self.entry_box)
        layout.addLayout(self.list_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message_label)

    def _build_entry(self) -> None:
        self.entry_box = QWidget(self)
        self.member_combo = QComboBox(self.entry_box)
        self.member_combo.setMinimumWidth(110)
        self.date_field = DateField(self.entry_box)
        self.date_field.set_value(self.runner.workspace.today())
        self.date_field.setMaximumWidth(150)
        self.household_edit = QLineEdit(self.entry_box)
        self.household_edit.setPlaceholderText("如 三组 李长顺家")
        self.heard_edit = QLineEdit(self.entry_box)
        self.heard_edit.setPlaceholderText("听到的情况、群众的诉求，回车即记录")
        self.heard_edit.returnPressed.connect(self.save_line)
        self.household_edit.returnPressed.connect(self.heard_edit.setFocus)
        self.add_button = QPushButton("记录", self.entry_box)
        self.add_button.clicked.connect(self.save_line)
        allow(self.entry_box, self.runner, Permission.MEMBERS_EDIT)
        grid = QGridLayout(self.entry_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(1)
        for column, caption in enumerate(("党员", "走访日期", "走访户", "听到的情况")):
            grid.addWidget(QLabel(caption, self.entry_box), 0, column)
        grid.addWidget(self.errors.wrap("member_id", self.member_combo), 1, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.errors.wrap("on", self.date_field), 1, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.errors.wrap("household", self.household_edit), 1, 2, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.errors.wrap("heard", self.heard_edit), 1, 3, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.add_button, 1, 4, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(2, 1)
        grid.setColumnStretch(3, 3)

    def _build_list(self) -> None:
        self.filter_combo = QComboBox(self)
        self.filter_combo.addItem("全部党员", None)
        self.filter_combo.currentIndexChanged.connect(lambda: self.filter_changed.emit())
        self.void_check = QCheckBox("显示已作废", self)
        self.void_check.toggled.connect(lambda: self.filter_changed.emit())
        self.count_label = QLabel(self)
        self.count_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.to_item_button = QPushButton("转为民情事项…", self)
        self.to_item_button.setToolTip("把选中的一条登记为民情事项（来源：入户走访），登记表已按日记填好")
        self.to_item_button.clicked.connect(lambda: self._request(self.to_item_requested))
        self.void_button = QPushButton("作废…", self)
        self.void_button.clicked.connect(lambda: self._request(self.void_requested))
        allow(self.to_item_button, self.runner, Permission.MEMBERS_EDIT)
        allow(self.void_button, self.runner, Permission.MEMBERS_EDIT)
        self.list_row = QHBoxLayout()
        self.list_row.addWidget(QLabel("查看：", self))
        self.list_row.addWidget(self.filter_combo)
        self.list_row.addWidget(self.void_check)
        self.list_row.addWidget(self.count_label, 1)
        self.list_row.addWidget(self.to_item_button)
        self.list_row.addWidget(self.void_button)
        self.table = make_table_view(self)
        self.table.setModel(self.model)
        for column, width in DIARY_WIDTHS.items():
            self.table.setColumnWidth(column, width)
        self.table.sortByColumn(DiaryColumn.DATE, Qt.SortOrder.DescendingOrder)
        self.table.selectionModel().selectionChanged.connect(self.update_buttons)
        self.table.doubleClicked.connect(lambda: self._request(self.to_item_requested))
        self.message_label = QLabel(self)
        self.message_label.setStyleSheet("color: #1f5fa8;")
        self.message_label.setWordWrap(True)
        self.message_label.hide()

    def say(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    # ----- data -----------------------------------------------------------------------------

    def set_members(self, members: list[tuple[int, str]]) -> None:
        """(id, name) of the members to choose from."""
        for box, first in ((self.member_combo, None), (self.filter_combo, "全部党员")):
            keep = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(first or "（请选择）", None)
            for member_id, name in members:
                box.addItem(name, member_id)
            box.setCurrentIndex(max(box.findData(keep), 0))
            box.blockSignals(False)

    def member_filter(self) -> int | None:
        return self.filter_combo.currentData()

    def include_void(self) -> bool:
        return self.void_check.isChecked()

    def show_rows(self, rows: list[DiaryRow], period_text: str) -> None:
        keep = selected_id(self.table)
        self.model.set_rows(rows)
        select_id(self.table, keep)
        done = sum(1 for r in rows if r.serial)
        self.count_label.setText(f"{period_text}共 {len(rows)} 条" + (f"，已转为民情事项 {done} 条" if done else ""))
        self.update_buttons()

    def selected_row(self) -> DiaryRow | None:
        return self.model.row_of(selected_id(self.table))

    def update_buttons(self) -> None:
        row = self.selected_row()
        self.to_item_button.setEnabled(row is not None and not row.voided and not row.serial)
        self.void_button.setEnabled(row is not None and not row.voided)

    def _request(self, signal) -> None:
        row = self.selected_row()
        if row is None:
            self.say("请先在列表中选中一条民情日记。")
            return
        if signal is self.to_item_requested and row.serial:
            self.say(f"这条民情日记已经转为民情事项 {row.serial}。")
            return
        if not row.voided:
            signal.emit(row)

    # ----- quick entry ----------------------------------------------------------------------

    def form_value(self) -> DiaryForm | None:
        try:
            on = self.date_field.value()
        except DateFormatError as exc:
            self.errors.show({"on": str(exc)})
            return None
        return DiaryForm(member_id=self.member_combo.currentData(), on=on,
                         household=self.household_edit.text().strip(), heard=self.heard_edit.text().strip())

    def save_line(self) -> None:
        form = self.form_value()
        if form is None:
            return
        outcome = self.runner.run(self, add_diary, form, on_invalid=self._invalid)
        if outcome is None:
            return
        self.errors.show({})
        self.household_edit.clear()
        self.heard_edit.clear()
        self.household_edit.setFocus()
        self.say(f"已记录：{self.member_combo.currentText()} 走访 {form.household}。")
        select_id(self.table, outcome.value)

    def _invalid(self, messages: dict[str, str]) -> None:
        self.errors.show({k: v for k, v in messages.items() if k in self.errors.labels})
        rest = [v for k, v in messages.items() if k not in self.errors.labels]
        self.say("；".join(rest))
