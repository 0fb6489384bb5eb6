"""Qt item model over models.grievances.ledger.list_ledger: one row per 民情事项. Overdue rows in
red, rows in the 催办 window (due soon) in amber, voided ones grey and struck through."""

from __future__ import annotations

from enum import IntEnum
from functools import cache

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from models.core.codes import GrievanceStatus, Satisfaction, label
from models.core.dates import format_date
from models.core.pinyin import keys_for
from models.grievances.forms import LedgerRow
from ui.forms import ERROR_COLOUR, WARNING_COLOUR
from ui.table import SortedRowsModel

Index = QModelIndex | QPersistentModelIndex



def waiting_to_reopen(row: LedgerRow) -> bool:
    """回访不满意 and not yet reopened: the status reads 已回访（不满意）."""
    return row.status == GrievanceStatus.VISITED and row.satisfaction == Satisfaction.UNSATISFIED

class Column(IntEnum):
    # What needs doing comes first: on a 1366×768 screen the status, the days left and what it is
    # about must show without scrolling sideways; the other fields of the issue follow.
    SERIAL = 0
    STATUS = 1
    DAYS_LEFT = 2
    CONTENT = 3
    RESPONSIBLE = 4
    DEADLINE = 5
    CATEGORY = 6
    URGENCY = 7
    RECEIVED = 8
    SOURCE = 9
    REQUESTER = 10
    PLACE = 11


HEADERS = {
    Column.SERIAL: "编号", Column.STATUS: "状态", Column.DAYS_LEFT: "剩余工作日", Column.CONTENT: "反映内容",
    Column.RESPONSIBLE: "责任人", Column.DEADLINE: "办理期限", Column.CATEGORY: "类别", Column.URGENCY: "紧急程度",
    Column.RECEIVED: "登记日期", Column.SOURCE: "来源", Column.REQUESTER: "反映人", Column.PLACE: "村民小组/网格",
}
WIDTHS = {
    Column.SERIAL: 112, Column.STATUS: 58, Column.DAYS_LEFT: 82, Column.CONTENT: 176, Column.RESPONSIBLE: 62,
    Column.DEADLINE: 84, Column.CATEGORY: 66, Column.URGENCY: 62, Column.RECEIVED: 84, Column.SOURCE: 80,
    Column.REQUESTER: 62, Column.PLACE: 90,
}
_HEADER_TIPS = {Column.DAYS_LEFT: "距办理期限还有几个工作日（周末和法定节假日不算）；办结后不再显示",
                Column.DEADLINE: "现在的办理期限（批准延期后为新的期限）"}
_CENTERED = {Column.STATUS, Column.DAYS_LEFT, Column.DEADLINE, Column.URGENCY, Column.RECEIVED}
OVERDUE_BRUSH = QBrush(QColor(ERROR_COLOUR))
DUE_SOON_BRUSH = QBrush(QColor(WARNING_COLOUR))
VOIDED_BRUSH = QBrush(QColor("#9a9a9a"))
STRUCK_FONT = QFont()
STRUCK_FONT.setStrikeOut(True)
_STATUS_ORDER = {status.value: n for n, status in enumerate(GrievanceStatus)}
_URGENCY_ORDER = {"urgent": 0, "pressing": 1, "ordinary": 2}
ANONYMOUS = "匿名"


@cache
def name_key(name: str) -> str:
    """Pinyin sort key of a name (a ledger holds a few dozen responsible members, many rows each)."""
    return keys_for(name).sort if name else ""


def days_left_text(row: LedgerRow) -> str:
    """3天 / 今天到期 / 逾期2天 (working days); empty once the item is no longer open."""
    if row.days_left is None or row.voided:
        return ""
    if row.days_left > 0:
        return f"{row.days_left}天"
    if row.days_left == 0:
        return "逾期" if row.overdue else "今天到期"
    return f"逾期{-row.days_left}天"


def _display(row: LedgerRow, column: Column) -> str:
    match column:
        case Column.SERIAL:
            return row.serial
        case Column.STATUS:
            return label(row.status)
        case Column.DAYS_LEFT:
            return days_left_text(row)
        case Column.CONTENT:
            return " ".join(row.content.split())  # one line
        case Column.RESPONSIBLE:
            return row.responsible_name
        case Column.DEADLINE:
            return format_date(row.deadline)
        case Column.CATEGORY:
            return label(row.category)
        case Column.URGENCY:
            return label(row.urgency)
        case Column.RECEIVED:
            return format_date(row.received_on)
        case Column.SOURCE:
            return label(row.source)
        case Column.REQUESTER:
            return row.requester or ANONYMOUS
        case Column.PLACE:
            return row.place
    return ""


def _serial_key(serial: str) -> tuple[str, int, str]:
    """MQ-2026-0001: by year, then number (a five-digit number sorts after the four-digit ones)."""
    return serial[3:7], len(serial), serial


def _sort_value(row: LedgerRow, column: Column) -> object:
    """Raw keys: (year, number) for serials, ordinals for dates, pinyin for names, code orders."""
    match column:
        case Column.SERIAL:
            return _serial_key(row.serial)
        case Column.STATUS:
            return (_STATUS_ORDER.get(row.status, 99), _serial_key(row.serial))
        case Column.DAYS_LEFT:
            closed = row.days_left is None or row.voided
            return (closed, row.days_left if not closed else 0, row.deadline.toordinal())
        case Column.RESPONSIBLE:
            return (name_key(row.responsible_name), _serial_key(row.serial))
        case Column.DEADLINE:
            return (row.deadline.toordinal(), _serial_key(row.serial))
        case Column.URGENCY:
            return (_URGENCY_ORDER.get(row.urgency, 9), _serial_key(row.serial))
        case Column.RECEIVED:
            return (row.received_on.toordinal(), _serial_key(row.serial))
        case Column.REQUESTER:
            return (not row.requester, name_key(row.requester), _serial_key(row.serial))
    return (_display(row, column), _serial_key(row.serial))


def row_tooltip(row: LedgerRow) -> str:
    lines = [f"{row.serial}　{label(row.category)}　{label(row.status)}", row.content]
    if row.voided:
        lines.append("已作废")
    elif row.overdue:
        lines.append(f"已超过办理期限 {format_date(row.deadline)}，可以督办")
    elif row.due_soon:
        lines.append(f"办理期限 {format_date(row.deadline)} 临近，可以催办")
    if row.extensions:
        lines.append(f"已延期 {row.extensions} 次")
    if row.reopened:
        lines.append(f"重新办理 {row.reopened} 次")
    return "\n".join(lines)


class LedgerTableModel(SortedRowsModel):
    """The ledger rows, sorted by the model itself on raw keys (50,000 rows sort in milliseconds)."""

    columns, headers, header_tips, default_sort = Column, HEADERS, _HEADER_TIPS, Column.SERIAL
    centered, display = _CENTERED, staticmethod(_display)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._by_id: dict[int, LedgerRow] = {}
        self._positions: dict[int, int] | None = None  # id -> row number, built when first asked
        self.layoutChanged.connect(self._forget_positions)
        self.modelReset.connect(self._forget_positions)

    def sort_value(self, row: LedgerRow, column: Column) -> object:
        return _sort_value(row, column)

    def _sorted(self, rows: list) -> list:
        # The serial (the default order) without the per-row dispatch: 50,000 rows in a few milliseconds.
        if self._sort_column == Column.SERIAL:
            return sorted(rows, key=lambda r: (r.serial[3:7], len(r.serial), r.serial),
                          reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        return super()._sorted(rows)

    def set_rows(self, rows: list) -> None:
        self._by_id = {row.id: row for row in rows}
        super().set_rows(rows)

    def row_of(self, grievance_id: int | None) -> LedgerRow | None:
        return self._by_id.get(grievance_id) if grievance_id is not None else None

    def position_of(self, grievance_id: int | None) -> int | None:
        """The row number of an item as now sorted (None when it is not listed)."""
        if self._positions is None:
            self._positions = {row.id: n for n, row in enumerate(self._rows)}
        return self._positions.get(grievance_id) if grievance_id is not None else None

    def _forget_positions(self) -> None:
        self._positions = None

    def rows(self) -> list[LedgerRow]:
        return list(self._rows)

    def role_data(self, row, column: Column, role: int):
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.voided:
                return VOIDED_BRUSH
            if row.overdue:
                return OVERDUE_BRUSH  # the whole row red: it is late
            if row.due_soon:
                return DUE_SOON_BRUSH
            if column == Column.STATUS and waiting_to_reopen(row):
                return DUE_SOON_BRUSH  # 回访不满意: 重新办理 is waiting
        if role == Qt.ItemDataRole.FontRole and row.voided:
            return STRUCK_FONT
        if role == Qt.ItemDataRole.ToolTipRole:
            return row_tooltip(row)
        return None
