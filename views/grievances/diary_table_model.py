"""Qt item model over models.grievances.diary_reads.list_diary: the 民情日记 lines, with the item a
line became; voided lines grey and struck through."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from models.core.dates import format_date
from models.grievances.forms import DiaryRow
from ui.table import SortedRowsModel
from views.grievances.ledger_table_model import STRUCK_FONT, VOIDED_BRUSH, name_key

Index = QModelIndex | QPersistentModelIndex


class DiaryColumn(IntEnum):
    DATE = 0
    MEMBER = 1
    HOUSEHOLD = 2
    ITEM = 3
    HEARD = 4  # last: the long text takes the rest of the width


DIARY_HEADERS = {DiaryColumn.DATE: "走访日期", DiaryColumn.MEMBER: "党员", DiaryColumn.HOUSEHOLD: "走访户",
                 DiaryColumn.HEARD: "听到的情况", DiaryColumn.ITEM: "民情事项"}
DIARY_WIDTHS = {DiaryColumn.DATE: 84, DiaryColumn.MEMBER: 70, DiaryColumn.HOUSEHOLD: 130, DiaryColumn.ITEM: 100,
                DiaryColumn.HEARD: 420}


def _display(row: DiaryRow, column: DiaryColumn) -> str:
    match column:
        case DiaryColumn.DATE:
            return format_date(row.on)
        case DiaryColumn.MEMBER:
            return row.member_name
        case DiaryColumn.HOUSEHOLD:
            return row.household
        case DiaryColumn.HEARD:
            return " ".join(row.heard.split())
        case DiaryColumn.ITEM:
            return "已作废" if row.voided else row.serial
    return ""


class DiaryTableModel(SortedRowsModel):
    columns, headers, default_sort = DiaryColumn, DIARY_HEADERS, DiaryColumn.DATE
    centered, display = frozenset({DiaryColumn.DATE, DiaryColumn.ITEM}), staticmethod(_display)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._by_id: dict[int, DiaryRow] = {}

    def set_rows(self, rows: list) -> None:
        self._by_id = {row.id: row for row in rows}
        super().set_rows(rows)

    def row_of(self, diary_id: int | None) -> DiaryRow | None:
        return self._by_id.get(diary_id) if diary_id is not None else None

    def sort_value(self, row: DiaryRow, column: DiaryColumn) -> object:
        match column:
            case DiaryColumn.DATE:
                return (row.on.toordinal(), row.id)
            case DiaryColumn.MEMBER:
                return (name_key(row.member_name), row.on.toordinal(), row.id)
            case DiaryColumn.ITEM:
                return (row.serial, row.on.toordinal(), row.id)
        return (_display(row, column), row.id)

    def role_data(self, row: DiaryRow, column: DiaryColumn, role: int):
        if role == Qt.ItemDataRole.ForegroundRole and row.voided:
            return VOIDED_BRUSH
        if role == Qt.ItemDataRole.FontRole and row.voided:
            return STRUCK_FONT
        if role == Qt.ItemDataRole.ToolTipRole and column in (DiaryColumn.HEARD, DiaryColumn.HOUSEHOLD):
            return row.heard if column == DiaryColumn.HEARD else row.household
        return None
