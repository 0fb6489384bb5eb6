"""The 报表 tab's option widgets for the 民情 reports: a month (民情办理情况公示) and a 民情事项 by its
serial (民情交办单). views.report_fields lists them with the others in FIELDS."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget

from models.core.codes import label
from models.reports.declaration import ReportOption
from models.reports.options import last_month, normal_serial
from models.workspace import Changes
from ui.operations import OperationRunner
from ui.table import ID_ROLE


class MonthField(QComboBox):
    """A month: 默认 (the month before this one) and the recent months. The value is the month's
    code (2026-10) or None."""

    edited = Signal()
    MONTHS = 24  # two years back

    def __init__(self, option: ReportOption, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.option = option
        self.setToolTip(option.help)
        today = runner.workspace.today()
        self.default_title = last_month(today).title  # what 默认 means, also in the file name
        self.addItem(f"默认（上个月：{self.default_title}）", None)
        year, month = today.year, today.month
        for _ in range(self.MONTHS):
            self.addItem(f"{year}年{month}月", f"{year}-{month:02d}")
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        self.currentIndexChanged.connect(self.edited)

    def value(self) -> str | None:
        return self.currentData()

    def set_month(self, code: str) -> None:
        """Choose the month `code` (2026-10), adding it when it is older than the list goes."""
        index = self.findData(code)
        if index < 0:
            year, month = code.split("-")
            self.addItem(f"{int(year)}年{int(month)}月", code)
            index = self.count() - 1
        self.setCurrentIndex(index)

    def file_part(self) -> str:
        return self.currentText() if self.currentData() is not None else self.default_title

    def refresh(self, changes: Changes) -> None:
        """Months do not depend on the data."""


class SerialField(QLineEdit):
    """A 民情事项 by its serial: typed (MQ-2026-0001, mq-2026-1), or found by typing words of its
    content, a name or the serial and picking it from the matches (at most LIMIT). Empty means the
    report's default; text that names no item is reported by `problem()` before anything is made."""

    edited = Signal()
    LIMIT = 30
    PAUSE_MS = 250
    POPUP_WIDTH = 460

    def __init__(self, option: ReportOption, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.option, self.runner = option, runner
        self.setPlaceholderText("如 MQ-2026-0001，或输入内容查找")
        self.setToolTip(option.help)
        self.setClearButtonEnabled(True)
        self.matches = QStandardItemModel(self)
        self.completer = QCompleter(self.matches, self)
        self.completer.setWidget(self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(12)
        self.completer.activated[QModelIndex].connect(self._picked)
        self._pause = QTimer(self, singleShot=True, interval=self.PAUSE_MS)
        self._pause.timeout.connect(self.search)
        self.textEdited.connect(lambda _text: self._pause.start())
        self.textChanged.connect(self.edited)

    def value(self) -> str | None:
        return normal_serial(self.text()) if self.text().strip() else None

    def set_serial(self, serial: str) -> None:
        """Choose the item `serial` (e.g. from the 民情台账 tab)."""
        self._pause.stop()
        self.setText(serial)

    def problem(self) -> str:
        """Why the text names no item (Chinese), or ""."""
        text = self.text().strip()
        if not text:
            return ""
        serial = normal_serial(text)
        if serial is None:
            return f"{self.option.label}：“{text}”不是有效的编号，请写成 MQ-2026-0001 的格式，或输入内容查找后选择"
        from models.grievances.ledger import find_by_serial

        with self.runner.read() as session:
            found = find_by_serial(session, serial)
        return "" if found is not None else f"{self.option.label}：找不到编号为 {serial} 的民情事项"

    def search(self) -> None:
        """Fill the popup with the items whose serial, content or names match the text."""
        from models.grievances.ledger import LedgerFilter, list_ledger

        self._pause.stop()
        text = self.text().strip()
        self.matches.clear()
        if not text or normal_serial(text) is not None:
            self.completer.popup().hide()
            return
        with self.runner.read() as session:
            rows = list_ledger(session, LedgerFilter(text=text, include_void=True), self.runner.workspace.today())
        for row in rows[:self.LIMIT]:
            content = row.content if len(row.content) <= 24 else row.content[:23] + "…"
            item = QStandardItem(f"{row.serial}　{label(row.status)}　{row.responsible_name}　{content}")
            item.setData(row.serial, ID_ROLE)
            self.matches.appendRow(item)
        if not rows:
            item = QStandardItem(f"没有找到“{text}”")
            item.setEnabled(False)
            self.matches.appendRow(item)
        room = self.rect()
        room.setWidth(max(room.width(), self.POPUP_WIDTH))  # the matches' content, not cut at the box's width
        self.completer.complete(room)

    def _picked(self, index: QModelIndex) -> None:
        serial = index.data(ID_ROLE)
        if serial:
            self.set_serial(serial)

    def file_part(self) -> str:
        return self.value() or ""

    def refresh(self, changes: Changes) -> None:
        """The serial typed stays; `problem()` asks the data when the report is made."""
