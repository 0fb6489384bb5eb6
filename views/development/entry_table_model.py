"""Qt item model over a person's score entries (models.scoring.entries.entries_for): voided rows
stay listed, grey and struck through; entries waiting for 支委会 approval in amber."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from models.core.codes import EntryStatus, label
from models.core.dates import format_date
from models.scoring.entries import EntryRow
from ui.forms import WARNING_COLOUR
from ui.table import ID_ROLE

Index = QModelIndex | QPersistentModelIndex


class EntryColumn(IntEnum):
    DATE = 0
    RULE = 1
    POINTS = 2
    COUNTED = 3
    REASON = 4
    STATUS = 5
    RECORDED_BY = 6


HEADERS = {EntryColumn.DATE: "日期", EntryColumn.RULE: "规则", EntryColumn.POINTS: "分值",
           EntryColumn.COUNTED: "计入", EntryColumn.REASON: "事由", EntryColumn.STATUS: "状态",
           EntryColumn.RECORDED_BY: "记录人"}
ENTRY_WIDTHS = {EntryColumn.DATE: 78, EntryColumn.RULE: 112, EntryColumn.POINTS: 38, EntryColumn.COUNTED: 38,
                EntryColumn.REASON: 110, EntryColumn.STATUS: 60, EntryColumn.RECORDED_BY: 60}
VOIDED_BRUSH = QBrush(QColor("#9a9a9a"))
_PENDING_BRUSH = QBrush(QColor(WARNING_COLOUR))
_STRUCK = QFont()
_STRUCK.setStrikeOut(True)


def _number(value: float) -> str:
    return f"{value:+.0f}" if float(value).is_integer() else f"{value:+.1f}"


def status_text(row: EntryRow) -> str:
    if row.voided:
        return "已作废"
    text = label(row.status)
    return f"{text}（调整）" if row.adjusts_id else text


def _display(row: EntryRow, column: EntryColumn) -> str:
    match column:
        case EntryColumn.DATE:
            return format_date(row.on)
        case EntryColumn.RULE:
            return row.rule_name  # the code is in the tooltip
        case EntryColumn.POINTS:
            return _number(row.points)
        case EntryColumn.COUNTED:
            return "" if row.voided else _number(row.counted)
        case EntryColumn.REASON:
            return f"{row.reason}（作废原因：{row.void_reason}）" if row.voided and row.void_reason else row.reason
        case EntryColumn.STATUS:
            return status_text(row)
        case EntryColumn.RECORDED_BY:
            return row.recorded_by
    return ""


class EntryTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[EntryRow] = []

    def set_rows(self, rows: list[EntryRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> EntryRow:
        return self._rows[row]

    def row_of(self, entry_id: int | None) -> EntryRow | None:
        return next((r for r in self._rows if r.id == entry_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(EntryColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[EntryColumn(section)]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], EntryColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, column)
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.voided:
                return VOIDED_BRUSH
            if row.status == EntryStatus.PENDING:
                return _PENDING_BRUSH
        if role == Qt.ItemDataRole.FontRole and row.voided:
            return _STRUCK
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{row.rule_code} {row.rule_name}：{row.reason}"
            if row.voided:
                tip += f"\n已作废：{row.void_reason}"
            if not row.voided and row.counted != row.points:
                tip += f"\n超过本季度上限，只计 {_number(row.counted)} 分"
            return tip
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (EntryColumn.POINTS, EntryColumn.COUNTED):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
