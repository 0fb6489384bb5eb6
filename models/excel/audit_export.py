"""操作记录 to .xlsx: the audit rows as the 设置 tab lists them, changes written out in Chinese."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl.styles import Alignment, Font, PatternFill

from models.excel.output import data_cell, new_workbook
from models.operations import operation_title
from models.workspace.audit import ACTION_LABELS, AuditRow, describe_changes
from models.workspace.changes import ENTITY_LABELS

HEADERS = (("时间", 20), ("操作人", 12), ("操作", 20), ("对象", 10), ("编号", 8), ("动作", 8), ("摘要", 20),
           ("变更内容", 80))


def export_audit(rows: Sequence[AuditRow], path: Path) -> None:
    """Write these audit rows (newest first, as listed) to `path`; every cell is plain text."""
    with new_workbook(path, write_only=True) as book:
        sheet = book.create_sheet("操作记录")
        for index, (_, width) in enumerate(HEADERS):
            sheet.column_dimensions[chr(ord("A") + index)].width = width
        sheet.freeze_panes = "A2"
        header = []
        for title, _ in HEADERS:
            cell = data_cell(sheet, title)
            cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="E6E6E6")
            cell.alignment = Alignment(horizontal="center")
            header.append(cell)
        sheet.append(header)
        for row in rows:
            values = (row.at.strftime("%Y-%m-%d %H:%M:%S"), row.actor, operation_title(row.operation),
                      ENTITY_LABELS.get(row.entity, row.entity), "" if row.entity_id is None else str(row.entity_id),
                      ACTION_LABELS.get(row.action, row.action), row.summary, describe_changes(row))
            sheet.append([data_cell(sheet, value) for value in values])  # text, never a formula
