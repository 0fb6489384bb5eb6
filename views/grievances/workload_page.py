"""责任人工作量: each responsible member's open and overdue items now, what they closed in the year
and the 满意率 of their 回访. A double click shows that member's items in the ledger."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from models.grievances.forms import WorkloadRow
from ui.forms import ERROR_COLOUR
from ui.table import ID_ROLE, SortedRowsModel, make_table_view
from views.grievances.figures_strip import rate_text
from views.grievances.ledger_table_model import OVERDUE_BRUSH, name_key

Index = QModelIndex | QPersistentModelIndex


class WorkColumn(IntEnum):
    NAME = 0
    OPEN = 1
    OVERDUE = 2
    CLOSED = 3
    SATISFACTION = 4


WORK_HEADERS = {WorkColumn.NAME: "责任人", WorkColumn.OPEN: "未办结", WorkColumn.OVERDUE: "其中逾期",
                WorkColumn.CLOSED: "本年办结", WorkColumn.SATISFACTION: "满意率"}
WORK_WIDTHS = {WorkColumn.NAME: 120, WorkColumn.OPEN: 80, WorkColumn.OVERDUE: 80, WorkColumn.CLOSED: 110,
               WorkColumn.SATISFACTION: 110}


class WorkloadModel(SortedRowsModel):
    columns, headers, default_sort = WorkColumn, WORK_HEADERS, WorkColumn.NAME
    centered = frozenset(set(WorkColumn) - {WorkColumn.NAME})

    def sort_value(self, row: WorkloadRow, column: WorkColumn) -> object:
        match column:
            case WorkColumn.NAME:
                return name_key(row.name)
            case WorkColumn.OPEN:
                return (row.open, name_key(row.name))
            case WorkColumn.OVERDUE:
                return (row.overdue, name_key(row.name))
            case WorkColumn.CLOSED:
                return (row.closed_this_year, name_key(row.name))
            case WorkColumn.SATISFACTION:
                return (row.satisfaction_rate is not None, row.satisfaction_rate or 0.0, name_key(row.name))
        return 0

    def row_id(self, row: WorkloadRow) -> int:
        return row.member_id

    def display(self, row: WorkloadRow, column: WorkColumn) -> str:
        return {WorkColumn.NAME: row.name, WorkColumn.OPEN: str(row.open), WorkColumn.OVERDUE: str(row.overdue),
                WorkColumn.CLOSED: str(row.closed_this_year),
                WorkColumn.SATISFACTION: rate_text(row.satisfaction_rate)}[column]

    def role_data(self, row: WorkloadRow, column: WorkColumn, role: int):
        if role == Qt.ItemDataRole.ForegroundRole and column == WorkColumn.OVERDUE and row.overdue:
            return OVERDUE_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole:
            return "双击在台账中查看此人负责的事项"
        return None


class WorkloadPage(QWidget):
    member_chosen = Signal(int)  # member id: show their items in the ledger

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = WorkloadModel(self)
        self.table = make_table_view(self)
        self.table.setModel(self.model)
        self.table.horizontalHeader().setStretchLastSection(False)
        for column, width in WORK_WIDTHS.items():
            self.table.setColumnWidth(column, width)
        self.table.sortByColumn(WorkColumn.NAME, Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(self._chosen)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 4, 2, 2)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)

    def show_rows(self, rows: list[WorkloadRow], year: int) -> None:
        self.model.set_rows(rows)
        self.model.headers = {**WORK_HEADERS, WorkColumn.CLOSED: f"{year}年办结",
                              WorkColumn.SATISFACTION: f"{year}年满意率"}
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(WorkColumn) - 1)
        overdue = sum(r.overdue for r in rows)
        warn = f"，<span style='color:{ERROR_COLOUR}'>逾期 {overdue} 件</span>" if overdue else ""
        self.note.setText(f"共 {len(rows)} 名党员负责民情事项，未办结 {sum(r.open for r in rows)} 件{warn}。"
                          f"未办结和逾期按今天统计，办结和满意率按{year}年统计。双击一行，在台账中查看此人负责的事项。")

    def _chosen(self, index: QModelIndex) -> None:
        member_id = index.data(ID_ROLE)
        if member_id is not None:
            self.member_chosen.emit(member_id)
