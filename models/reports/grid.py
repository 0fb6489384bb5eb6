"""A long-list table flowable: header repeated on every page, long cells wrapped, and drawn row
by row straight onto the canvas.

Why not platypus `Table`: it styles and draws every cell through a general path (~20 µs a cell)
and re-measures the remainder on every page split, so a 10,000-person roster took 10 s or more as
one Table and about 3 s even in page-sized chunks. Cells here are plain strings drawn in one text
object per row, pre-wrapped into lines where long (Chinese text wraps at any character), or as
Paragraphs where a cell needs a fallback font; a split is an index into the shared row list. Small forms (the person card) still use platypus `Table`.
"""

from __future__ import annotations

import re
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


@dataclass(frozen=True)
class Caption:
    """A heading that belongs to a table (党小组 name): drawn above its first rows, so it never
    stands alone at the foot of a page, and as `continued` above the rows on every later page."""

    first: Paragraph  # 第二党小组（12人）
    continued: Paragraph  # 第二党小组（续）
    space_before: float = 0
    space_after: float = 0


# A captioned table starts on a page only with this many of its rows (or all, when fewer).
MIN_ROWS_WITH_CAPTION = 2


class GridTable(Flowable):
    """Rows [start, end) of a shared row list under a header row (and a caption, when given)."""

    def __init__(self, header: Sequence[str], rows: Sequence[Sequence[Cell]], col_widths: Sequence[float],
                 style: GridStyle, start: int = 0, end: int | None = None,
                 heights: list[float] | None = None, caption: Caption | None = None) -> None:
        super().__init__()
        self.header, self.rows, self.col_widths, self.style = header, rows, list(col_widths), style
        self.start, self.end = start, len(rows) if end is None else end
        self.heights = heights if heights is not None else [self._row_height(r) for r in rows]
        self.header_height = self._row_height(header)
        self.width = sum(self.col_widths)
        self.caption = caption
        self.spaceBefore = caption.space_before if caption and start == 0 else 0  # platypus: not at a page top
        self.caption_height = self._caption_height()

    @property
    def _caption_text(self) -> Paragraph | None:
        if self.caption is None:
            return None
        return self.caption.first if self.start == 0 else self.caption.continued

    def _caption_height(self) -> float:
        text = self._caption_text
        if text is None:
            return 0
        return text.wrap(self.width, 10_000)[1] + self.caption.space_after

    def _row_height(self, row: Sequence[Cell]) -> float:
        style, tallest = self.style, self.style.line_height
        for cell, width in zip(row, self.col_widths, strict=True):
            if isinstance(cell, Paragraph):
                tallest = max(tallest, cell.wrap(width - 2 * style.padding, 10_000)[1])
            elif isinstance(cell, tuple):
                tallest = max(tallest, len(cell) * style.line_height)
        return tallest + 2 * style.padding

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.height = self.caption_height + self.header_height + sum(self.heights[self.start:self.end])
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        room = avail_height - self.caption_height - self.header_height
        stop = self.start
        while stop < self.end and room >= self.heights[stop]:
            room -= self.heights[stop]
            stop += 1
        # A caption goes to the next page with its rows rather than end a page with a row or none.
        least = min(MIN_ROWS_WITH_CAPTION, self.end - self.start) if self.caption and self.start == 0 else 1
        left = self.end - stop
        if self.caption and 0 < left < MIN_ROWS_WITH_CAPTION and stop - self.start - least >= MIN_ROWS_WITH_CAPTION - left:
            stop -= MIN_ROWS_WITH_CAPTION - left  # nor leave one row alone under “（续）” on the next page
        if stop - self.start < least:
            return []  # not enough rows fit here: move to the next page
        return [self._part(self.start, stop), self._part(stop, self.end)]

    def _part(self, start: int, end: int) -> GridTable:
        return GridTable(self.header, self.rows, self.col_widths, self.style, start, end, self.heights, self.caption)

    def draw(self) -> None:
        canvas, style = self.canv, self.style
        lefts = [sum(self.col_widths[:i]) for i in range(len(self.col_widths))]
        caption = self._caption_text
        if caption is not None:
            caption_height = caption.wrap(self.width, 10_000)[1]
            caption.drawOn(canvas, 0, self.height - caption_height)
        top = self.height - self.caption_height
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


# Pieces a line must not break inside: a date (2024-11-27, 2024.11.27), a phone or letter number
# (0371-66668888, 豫组转字〔2024〕88号's digits), a run of ASCII letters and digits.
_UNBROKEN = re.compile(r"[0-9A-Za-z]+(?:[-./:][0-9A-Za-z]+)*")
_OPENING = "（(《〔【“‘"  # stays with what follows it
_CLOSING = "，。；、：）)》〕】”’！？"  # stays with what precedes it


def _pieces(text: str) -> list[str]:
    """`text` as the pieces lines are made of: an unbroken ASCII run, or one character, with
    opening brackets glued to the piece after them and closing punctuation to the piece before."""
    pieces: list[str] = []
    position, opening = 0, ""
    while position < len(text):
        found = _UNBROKEN.match(text, position)
        piece = found.group(0) if found else text[position]
        position += len(piece)
        if piece in _OPENING:
            opening += piece
        elif piece in _CLOSING and pieces and not opening:
            pieces[-1] += piece
        else:
            pieces.append(opening + piece)
            opening = ""
    if opening:
        pieces.append(opening)
    return pieces


def wrap_lines(text: str, width: float, style: GridStyle) -> tuple[str, ...]:
    """Break `text` into lines that fit `width`: Chinese text at any character, but never inside a
    date, a number or an ASCII word where avoidable (“已转出（2024-11-27）” breaks before the date,
    not as “（2024” / “-11-27）”), with closing punctuation kept off a line's start, and after a
    space when the line has one (“红旗村第三村民小组 组长” breaks at the space)."""
    room = width - 2 * style.padding
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        pieces = _pieces(paragraph)[::-1]  # a stack: a piece too wide for the column is put back in parts
        while pieces:
            piece = pieces.pop()
            if not _fits(piece, room, style) and len(piece) > 1:
                pieces += _parts(piece, room, style)[::-1]
                continue
            if line and not _fits(line + piece, room, style):
                if piece == " ":
                    lines.append(line)
                    line = ""
                    continue
                space = line.rfind(" ")
                lines.append(line[:space] if space > 0 else line)
                line = line[space + 1:] if space > 0 else ""
            line += piece
        lines.append(line)
    return tuple(lines)


def _parts(piece: str, room: float, style: GridStyle) -> list[str]:
    """A piece wider than the column in smaller parts: its brackets apart first (“（” and
    “2024-11-27）”), the characters one by one only when the rest is still too wide."""
    core = piece.lstrip(_OPENING)
    if core and core != piece:
        return [piece[:len(piece) - len(core)], core]
    core = piece.rstrip(_CLOSING)
    if core and core != piece and _fits(core, room, style):
        keep = max(end for end in range(len(core), len(piece)) if _fits(piece[:end], room, style))
        return [piece[:keep], piece[keep:]]  # as much of the punctuation as fits stays with it
    cut = _longest_fit(piece, room, style)
    separator = max(piece.rfind(mark, 0, cut) for mark in "-./:")
    if separator > 0:
        cut = separator + 1  # a long number breaks after its hyphen: “0371-” / “66668888”
    return [piece[:cut], piece[cut:]]


def _fits(text: str, room: float, style: GridStyle) -> bool:
    return text_width(text, style.font, style.font_size) <= room


def _longest_fit(text: str, room: float, style: GridStyle) -> int:
    """How many leading characters of `text` fit `room` (at least one)."""
    for end in range(len(text) - 1, 0, -1):
        if _fits(text[:end], room, style):
            return end
    return 1
