"""Cells of the 民情 reports' tables: like table_cells.cells, but a cell may hold several lines
(反映人 / 电话 / 住址) separated by "\\n", each wrapped to the column. ReportLab; loaded only when a
report is made."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Paragraph

from models.reports.document import Styles
from models.reports.grid import Cell, GridStyle, fits, wrap_lines


def line_cells(row: Sequence[str], widths: Sequence[float], styles: Styles, grid: GridStyle) -> list[Cell]:
    """One table row as GridTable draws it: plain strings where they fit, wrapped lines where long
    or written on several lines, Paragraphs where a character needs a fallback font."""
    out: list[Cell] = []
    for column, (text, width) in enumerate(zip(row, widths, strict=True)):
        covered = styles.fonts.covers(text.replace("\n", ""))
        if not text or (covered and "\n" not in text and fits(text, width, grid)):
            out.append(text)
        elif covered:
            out.append(wrap_lines(text, width, grid))
        else:
            style = styles.center_cell if column in grid.centered else styles.cell
            out.append(Paragraph(styles.fonts.markup(text), style))
    return out
