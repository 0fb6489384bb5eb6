"""A long-list table flowable: header repeated on every page, long cells wrapped, and drawn row
by row straight onto the canvas.

Why not platypus `Table`: it styles and draws every cell through a general path (~20 µs a cell)
and re-measures the remainder on every page split, so a 10,000-person roster took 10 s or more as
one Table and about 3 s even in page-sized chunks. Cells here are plain strings drawn in one text
object per row, pre-wrapped into lines where long (Chinese text wraps at any character), or as
Paragraphs where a cell needs a fallback font; a split is an index into the shared row list. Small forms (the person card) still use platypus `Table`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.platypus import Flowable, Paragraph

Cell = str | tuple[str, ...] | Paragraph  # one line, wrapped lines, or rich text (fallback fonts)


def text_width(text: str, font: str, size: float) -> float:
    """Width in points; the font object directly (pdfmetrics.stringWidth adds three calls a cell)."""
    return getFont(font).stringWidth(text, size)

HEADER_FILL = colors.HexColor("#e6e6e6")


@dataclass(frozen=True)
class GridStyle:
    font: str
    header_font: str
    font_size: float = 8.5
    padding: float = 2.5
    centered: frozenset[int] = frozenset()  # column indexes drawn centred

    @property
    def line_height(self) -> float:
        return self.font_size * 1.25


class GridTable(Flowable):
    """Rows [start, end) of a shared row list under a header row."""

    def __init__(self, header: Sequence[str], rows: Sequence[Sequence[Cell]], col_widths: Sequence[float],
                 style: GridStyle, start: int = 0, end: int | None = None,
                 heights: list[float] | None = None) -> None:
        super().__init__()
        self.header, self.rows, self.col_widths, self.style = header, rows, list(col_widths), style
        self.start, self.end = start, len(rows) if end is None else end
        self.heights = heights if heights is not None else [self._row_height(r) for r in rows]
        self.header_height = self._row_height(header)
        self.width = sum(self.col_widths)

    def _row_height(self, row: Sequence[Cell]) -> float:
        style, tallest = self.style, self.style.line_height
        for cell, width in zip(row, self.col_widths, strict=True):
            if isinstance(cell, Paragraph):
                tallest = max(tallest, cell.wrap(width - 2 * style.padding, 10_000)[1])
            elif isinstance(cell, tuple):
                tallest = max(tallest, len(cell) * style.line_height)
        return tallest + 2 * style.padding

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.height = self.header_height + sum(self.heights[self.start:self.end])
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        room = avail_height - self.header_height
        stop = self.start
        while stop < self.end and room >= self.heights[stop]:
            room -= self.heights[stop]
            stop += 1
        if stop == self.start:
            return []  # not even one row fits here: move to the next page
        return [self._part(self.start, stop), self._part(stop, self.end)]

    def _part(self, start: int, end: int) -> GridTable:
        return GridTable(self.header, self.rows, self.col_widths, self.style, start, end, self.heights)

    def draw(self) -> None:
        canvas, style = self.canv, self.style
        lefts = [sum(self.col_widths[:i]) for i in range(len(self.col_widths))]
        top = self.height
        canvas.saveState()
        canvas.setFillColor(HEADER_FILL)
        canvas.rect(0, top - self.header_height, self.width, self.header_height, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        tops = [top]
        y = top - self.header_height
        self._draw_row(self.header, lefts, top, self.header_height, style.header_font, centre_all=True)
        for index in range(self.start, self.end):
            tops.append(y)
            self._draw_row(self.rows[index], lefts, y, self.heights[index], style.font)
            y -= self.heights[index]
        tops.append(y)
        canvas.setLineWidth(0.5)
        for line_y in tops:
            canvas.line(0, line_y, self.width, line_y)
        for x in [*lefts, self.width]:
            canvas.line(x, y, x, top)
        canvas.restoreState()

    def _draw_row(self, row: Sequence[Cell], lefts: list[float], top: float, height: float, font: str,
                  centre_all: bool = False) -> None:
        canvas, style = self.canv, self.style
        baseline = top - height / 2 - style.font_size * 0.35
        text = canvas.beginText()
        text.setFont(font, style.font_size)
        for column, cell in enumerate(row):
            width, left = self.col_widths[column], lefts[column]
            if isinstance(cell, Paragraph):
                cell_height = cell.wrap(width - 2 * style.padding, 10_000)[1]
                cell.drawOn(canvas, left + style.padding, top - height / 2 - cell_height / 2)
                continue
            lines = cell if isinstance(cell, tuple) else (cell,)
            first = baseline + (len(lines) - 1) * style.line_height / 2
            for number, line in enumerate(lines):
                if not line:
                    continue
                x = left + style.padding
                if centre_all or column in style.centered:
                    x = left + (width - text_width(line, font, style.font_size)) / 2
                text.setTextOrigin(x, first - number * style.line_height)
                # _textOut, not textOut: every cell sets its own origin, so the cursor advance
                # (a second width measurement per cell) is wasted work.
                text._textOut(line)
        canvas.drawText(text)


def fits(text: str, width: float, style: GridStyle) -> bool:
    """True when `text` fits on one line of a column `width` wide."""
    return text_width(text, style.font, style.font_size) <= width - 2 * style.padding


def wrap_lines(text: str, width: float, style: GridStyle) -> tuple[str, ...]:
    """Break `text` into lines that fit `width`, at any character (as Chinese text wraps),
    preferring a break after a space or punctuation when one is near."""
    room = width - 2 * style.padding
    lines: list[str] = []
    line = ""
    for char in text:
        if char == "\n":
            lines.append(line)
            line = ""
            continue
        if line and text_width(line + char, style.font, style.font_size) > room:
            space = line.rfind(" ")
            if char == " ":
                lines.append(line)
                line = ""
                continue
            if space > 0:  # "红旗村第三村民小组 组长" breaks at the space
                lines.append(line[:space])
                line = line[space + 1:]
            elif char in "，。；、）)" and len(line) > 1:  # keep closing punctuation off a line start
                lines.append(line[:-1])
                line = line[-1]
            else:
                lines.append(line)
                line = ""
        line += char
    lines.append(line)
    return tuple(lines)
