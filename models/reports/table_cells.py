"""Cells for grid.GridTable: plain strings where they fit, wrapped lines where long, Paragraphs
where a character needs a fallback font (a rare name character such as 䶮). ReportLab; loaded
only when a report is made."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Paragraph

from models.reports.document import Styles
from models.reports.grid import Cell, GridStyle, fits, wrap_lines


def cells(row: Sequence[str], widths: Sequence[float], styles: Styles, grid: GridStyle) -> list[Cell]:
    """One table row as GridTable draws it."""
    out: list[Cell] = []
    for column, (text, width) in enumerate(zip(row, widths, strict=True)):
        if not text or (styles.fonts.covers(text) and fits(text, width, grid)):
            out.append(text)
        elif styles.fonts.covers(text):
            out.append(wrap_lines(text, width, grid))
        else:
            style = styles.center_cell if column in grid.centered else styles.cell
            out.append(Paragraph(styles.fonts.markup(text), style))
    return out
