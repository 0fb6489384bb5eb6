"""Qt item model over models.development.pipeline.list_pipeline: one row per person in the pipeline."""

from __future__ import annotations

from datetime import date
from enum import IntEnum

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from models.core.codes import PIPELINE_STAGES
from models.core.dates import format_date
from models.development.pipeline import PipelineRow
from models.people.branch import group_display
from ui.forms import ERROR_COLOUR, WARNING_COLOUR
from ui.table import SortedRowsModel
from views.development.labels import stage_label

Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    # What is due and the score come before the dates: on a 1366×768 screen they must show
    # without scrolling sideways.
    NAME = 0
    STAGE = 1
    DUE = 2
    SCORE = 3
    RANK = 4
    APPLIED = 5
    ACTIVIST = 6
    CANDIDATE = 7
    JOINED = 8
    GROUP = 9


HEADERS = {
    Column.NAME: "姓名", Column.STAGE: "阶段", Column.DUE: "待办事项", Column.SCORE: "积分", Column.RANK: "名次",
    Column.APPLIED: "申请日期", Column.ACTIVIST: "确定积极分子", Column.CANDIDATE: "列为发展对象",
    Column.JOINED: "接收预备党员", Column.GROUP: "党小组",
}
WIDTHS = {
    Column.NAME: 76, Column.STAGE: 92, Column.DUE: 214, Column.SCORE: 44, Column.RANK: 40, Column.APPLIED: 84,
    Column.ACTIVIST: 90, Column.CANDIDATE: 90, Column.JOINED: 90, Column.GROUP: 90,
}
_DATES = {Column.APPLIED: "applied_on", Column.ACTIVIST: "activist_on", Column.CANDIDATE: "candidate_on",
          Column.JOINED: "joined_on"}
_CENTERED = {Column.SCORE, Column.RANK, *_DATES}
_HEADER_TIPS = {Column.SCORE: "本季度积分（起始分加本季度计入的积分）", Column.RANK: "本季度在同类人员中的名次"}
_OVERDUE_BRUSH = QBrush(QColor(ERROR_COLOUR))
_DUE_SOON_BRUSH = QBrush(QColor(WARNING_COLOUR))
_STAGE_ORDER = {stage.value: n for n, stage in enumerate(PIPELINE_STAGES)}


def _score_text(score: float | None) -> str:
    if score is None:
        return ""
    return f"{score:.0f}" if float(score).is_integer() else f"{score:.1f}"


def _display(row: PipelineRow, column: Column) -> str:
    if column in _DATES:
        return format_date(getattr(row, _DATES[column]))
    match column:
        case Column.NAME:
            return row.name
        case Column.STAGE:
            return stage_label(row.stage)
        case Column.GROUP:
            return group_display(row.group_name)
        case Column.SCORE:
            return _score_text(row.score)
        case Column.RANK:
            return "" if row.rank is None else str(row.rank)
        case Column.DUE:
            if row.due_on is not None and row.due:
                return f"{row.due}（{format_date(row.due_on)}）"
            return row.due
    return ""


def _sort_value(row: PipelineRow, column: Column) -> object:
    """Raw keys: pinyin for names, stage order, ordinals for dates, numbers for score and rank."""
    if column in _DATES:
        value: date | None = getattr(row, _DATES[column])
        return value.toordinal() if value else 0
    match column:
        case Column.NAME:
            return row.sort_key
        case Column.STAGE:
            return (_STAGE_ORDER.get(row.stage, 99), row.sort_key)
        case Column.SCORE:
            return -1.0 if row.score is None else row.score
        case Column.RANK:
            return 10**9 if row.rank is None else row.rank
        case Column.DUE:
            # Overdue first, then by the date it is due; nothing due last.
            return (not row.overdue, row.due_on.toordinal() if row.due_on else 10**7, row.sort_key)
    return _display(row, column)


class PipelineTableModel(SortedRowsModel):
    """The pipeline rows, sorted by the model itself on raw keys (as the 党员 list)."""

    columns, headers, header_tips, default_sort = Column, HEADERS, _HEADER_TIPS, Column.STAGE
    centered, display = _CENTERED, staticmethod(_display)

    def sort_value(self, row: PipelineRow, column: Column) -> object:
        return _sort_value(row, column)

    def row_of(self, person_id: int | None) -> PipelineRow | None:
        return next((r for r in self._rows if r.id == person_id), None)

    def role_data(self, row, column: Column, role: int):
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.overdue:
                return _OVERDUE_BRUSH  # the whole row red: something is late
            if column == Column.DUE and row.due:
                return _DUE_SOON_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.NAME:
            return row.name
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.DUE and row.due:
            return row.due_detail or (("已逾期：" if row.overdue else "待办：") + _display(row, column))
        return None
