"""Writing the development lists to .xlsx: the pipeline (发展党员名单) and a period's score entries
(积分记录, voided ones included). Every string is a text cell, dates are dates, numbers numbers, and
the file is saved atomically (models.excel.output)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.core.codes import label
from models.excel.output import data_cell, new_workbook
from models.people.branch import group_display

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E6E6E6")
DATE_FORMAT = "yyyy-mm-dd"

PIPELINE_COLUMNS = (("姓名", 10), ("党小组", 13), ("阶段", 12), ("申请入党日期", 13), ("确定积极分子日期", 15),
                    ("列为发展对象日期", 15), ("接收预备党员日期", 15), ("本季度积分", 10), ("本季度名次", 10),
                    ("待办事项", 24), ("期限", 12), ("是否逾期", 9), ("说明", 50))
SCORE_COLUMNS = (("编号", 8), ("日期", 12), ("姓名", 10), ("规则编号", 9), ("积分项目", 24), ("类别", 8), ("分值", 7),
                 ("计入分", 8), ("事由", 30), ("状态", 13), ("作废原因", 24), ("更正的记录编号", 14), ("登记人", 10))


def _start_sheet(book, title: str, columns: Sequence[tuple[str, int]]):
    sheet = book.create_sheet(title)
    for index, (_, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "B2"
    header = []
    for name, _ in columns:
        cell = data_cell(sheet, name)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
        header.append(cell)
    sheet.append(header)
    return sheet


def _cells(sheet, values: Sequence[object]) -> list[WriteOnlyCell]:
    row = []
    for value in values:
        cell = data_cell(sheet, value)  # text stays text: “=…” never becomes a formula
        if hasattr(value, "isoformat"):
            cell.number_format = DATE_FORMAT
        row.append(cell)
    return row


def _number(value: float | None) -> float | int | None:
    """87.0 as 87, 87.5 as it is, None as an empty cell."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(float(value), 1)


def export_pipeline(rows: Sequence, path: Path) -> None:
    """The pipeline list (models.development.pipeline.PipelineRow) as the 发展党员 tab lists it."""
    with new_workbook(path, write_only=True) as book:
        sheet = _start_sheet(book, "发展党员", PIPELINE_COLUMNS)
        for row in rows:
            sheet.append(_cells(sheet, (
                row.name, group_display(row.group_name), label(row.stage), row.applied_on, row.activist_on,
                row.candidate_on, row.joined_on, _number(row.score), row.rank, row.due, row.due_on,
                "是" if row.overdue else "否", row.due_detail)))


def export_scores(entries: Sequence, path: Path, sheet_title: str = "积分记录") -> None:
    """Score entries (models.scoring.entries.EntryRow), voided ones marked with their reason."""
    with new_workbook(path, write_only=True) as book:
        sheet = _start_sheet(book, sheet_title[:31], SCORE_COLUMNS)
        for entry in entries:
            status = "已作废" if entry.voided else (label(entry.status) or entry.status)
            sheet.append(_cells(sheet, (
                entry.id, entry.on, entry.name, entry.rule_code, entry.rule_name, label(entry.category), entry.points,
                0 if entry.voided else _number(entry.counted), entry.reason, status,
                entry.void_reason if entry.voided else "", entry.adjusts_id, entry.recorded_by)))


def period_entries(session: Session, period) -> list:
    """Every score entry dated in the period, voided and pending ones included, by date then
    person; counted as each person's entries are (caps apply within a person's quarter)."""
    from models.scoring.entities import ScoreEntry
    from models.scoring.entries import entries_for

    people = session.scalars(select(ScoreEntry.person_id).where(ScoreEntry.on.between(period.start, period.end))
                             .distinct()).all()
    entries = [entry for person_id in people for entry in entries_for(session, person_id, period)]
    return sorted(entries, key=lambda e: (e.on, e.id))
