"""Writing the 民情台账 to .xlsx: every item of a period (or, by default, this year's and every item
still open) with every field, voided ones included and marked. Every string is a text cell, dates
are dates, numbers numbers, and the file is saved atomically (models.excel.output)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from models.core.codes import label
from models.excel.output import data_cell, new_workbook

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E6E6E6")
DATE_FORMAT = "yyyy-mm-dd"

COLUMNS = (("编号", 14), ("登记日期", 12), ("来源", 11), ("反映人", 10), ("联系电话", 15), ("住址", 20),
           ("村民小组/网格", 13), ("类别", 10), ("紧急程度", 9), ("反映内容", 40), ("责任人", 10),
           ("首次响应期限", 13), ("首次响应日期", 13), ("原办理期限", 12), ("办理期限", 12), ("延期次数", 9),
           ("状态", 9), ("剩余工作日", 10), ("是否逾期", 9), ("转办单位", 16), ("办结日期", 12), ("办理结果", 36),
           ("核查人", 10), ("核查日期", 12), ("回访日期", 12), ("满意度", 9), ("重新办理次数", 12), ("作废原因", 20),
           ("登记人", 10))


def _header(sheet) -> list:
    cells = []
    for index, (name, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        cell = data_cell(sheet, name)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cells.append(cell)
    return cells


def _cells(sheet, values: Sequence[object]) -> list:
    row = []
    for value in values:
        cell = data_cell(sheet, value)  # text stays text: “=…” never becomes a formula
        if hasattr(value, "isoformat"):
            cell.number_format = DATE_FORMAT
        row.append(cell)
    return row


def item_values(entry) -> list[object]:
    """One item (models.reports.grievance_ledger.ItemDetail) as the sheet's cells."""
    row = entry.row
    status = "已作废" if row.voided else (label(row.status) or row.status)
    return [row.serial, row.received_on, label(row.source) or row.source, row.requester or "匿名",
            entry.requester_phone, entry.requester_address, row.place, label(row.category) or row.category,
            label(row.urgency) or row.urgency, row.content, row.responsible_name, entry.response_due,
            row.first_action_on, entry.original_deadline, row.deadline, row.extensions, status, row.days_left,
            "是" if row.overdue else "否", entry.referred_to, row.resolved_on, entry.outcome, entry.checked_by,
            entry.checked_on, entry.visited_on, label(row.satisfaction) if row.satisfaction else "", row.reopened,
            entry.void_reason, entry.recorded_by]


def export_grievances(entries: Sequence, path: Path, sheet_title: str = "民情台账") -> None:
    """The items (ItemDetail, in the order given) to `path`, one row each."""
    with new_workbook(path, write_only=True) as book:
        sheet = book.create_sheet(sheet_title[:31])
        sheet.freeze_panes = "B2"
        header = _header(sheet)
        # Excel's 筛选 arrows on the header, over every row written (set before the rows stream out).
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(entries) + 1}"
        sheet.append(header)
        for entry in entries:
            sheet.append(_cells(sheet, item_values(entry)))
