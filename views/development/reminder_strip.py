"""The reminders above the pipeline: talks overdue, 思想汇报 missing this quarter, activists past one
year, 公示 ending, 转正 due or overdue (overdue in red). A click selects the person."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListView, QToolButton, QVBoxLayout, QWidget

from models.core.dates import format_date
from models.development.reminders import Reminder
from ui.forms import ERROR_COLOUR, WARNING_COLOUR
from ui.table import ID_ROLE

VISIBLE_ROWS = 3  # the strip stays small; the rest scrolls


def reminder_text(reminder: Reminder) -> str:
    return f"{reminder.name}：{reminder.message}"  # the message names its dates


class ReminderStrip(QWidget):
    person_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QStandardItemModel(self)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.list.clicked.connect(self._clicked)
        self.list.activated.connect(self._clicked)
        self.title = QLabel(self)
        self.toggle = QToolButton(self)
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setAutoRaise(True)
        self.toggle.toggled.connect(self._toggled)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.title)
        head.addWidget(self.toggle)
        head.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addLayout(head)
        layout.addWidget(self.list)
        self._toggled(True)

    def show_reminders(self, reminders: list[Reminder]) -> None:
        self.model.clear()
        for reminder in sorted(reminders, key=lambda r: (not r.overdue, r.due_on or r.due_on.max)):
            item = QStandardItem(reminder_text(reminder))
            item.setData(reminder.person_id, ID_ROLE)
            item.setForeground(QBrush(QColor(ERROR_COLOUR if reminder.overdue else WARNING_COLOUR)))
            due = f"期限：{format_date(reminder.due_on)}。" if reminder.due_on else ""
            item.setToolTip(f"{due}点击在名单中选中此人")
            self.model.appendRow(item)
        overdue = sum(1 for r in reminders if r.overdue)
        text = f"提醒 {len(reminders)} 项" + (f"，其中逾期 {overdue} 项" if overdue else "")
        self.title.setText(f"<b>{text}</b>" if reminders else "没有需要提醒的事项")
        self.toggle.setVisible(bool(reminders))
        self.list.setVisible(bool(reminders) and self.toggle.isChecked())
        row_height = self.list.sizeHintForRow(0) if reminders else -1
        if row_height <= 0:
            row_height = self.fontMetrics().height() + 4
        rows = min(len(reminders), VISIBLE_ROWS)
        self.list.setFixedHeight(rows * row_height + 2 * self.list.frameWidth())

    def texts(self) -> list[str]:
        return [self.model.item(row).text() for row in range(self.model.rowCount())]

    def _toggled(self, shown: bool) -> None:
        self.toggle.setText("收起" if shown else "展开")
        self.list.setVisible(shown and self.model.rowCount() > 0)

    def _clicked(self, index: QModelIndex) -> None:
        person_id = index.data(ID_ROLE)
        if person_id is not None:
            self.person_clicked.emit(person_id)
