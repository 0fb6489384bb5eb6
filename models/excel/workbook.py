"""Finding the roster in a workbook: which sheet, which row is the header, and the rows below it.

A workbook may hold several sheets: with no sheet named, the one visible sheet that has a roster
header is read; when several do, the caller is asked to choose (SheetChoiceNeeded lists them).
Hidden sheets are read only when named, and a note says when one was passed over. Reading stops
at the end of the table (EMPTY_RUN empty rows in a row), refuses sheets far larger than any
branch's roster, and keeps at most the header's columns of each row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from models.core.jobs import IsCancelled, Progress, check_cancel
from models.excel.columns import header_score
from models.excel.file_check import WorkbookError
from models.excel.xlsx_reader import Book, SheetPart, open_book

__all__ = ["SheetChoice", "SheetChoiceNeeded", "SheetNotFound", "SheetRows", "WorkbookError", "read_sheet"]

HEADER_SEARCH_ROWS = 30  # non-empty rows at the top of a sheet searched for the header
MAX_COLUMNS = 200
EMPTY_RUN = 1000  # this many empty rows in a row end the table
LOOK_AHEAD = 20_000  # rows scanned past the end for content cut off by a gap, before giving up
MAX_ROWS = 50_000  # filled rows below the header: more than twice the largest roster we support
NO_HEADER = "没有找到表头行。表头至少要有“姓名”和“公民身份号码”（或“身份证号”）等列名"


@dataclass
class SheetRows:
    sheet: str
    header_row: int  # 1-based, as Excel shows it
    headers: list[str]
    rows: list[tuple[int, tuple]]  # (Excel row number, cell values); empty rows inside the table as ()
    notes: list[str] = field(default_factory=list)  # what the user should know about how it was read


@dataclass(frozen=True)
class SheetChoice:
    """A sheet that looks like a roster, offered when the file has more than one."""

    name: str
    hidden: bool
    header_row: int
    headers: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.name + ("（隐藏）" if self.hidden else "")


class SheetChoiceNeeded(WorkbookError):
    """Several sheets (or only hidden ones) have a roster header: the user must say which."""

    def __init__(self, finding: str, choices: list[SheetChoice]) -> None:
        super().__init__(f"{finding}。请选择要导入的工作表")
        self.finding, self.choices = finding, choices  # the CLI adds its own way of choosing


class SheetNotFound(WorkbookError):
    """The sheet asked for by name is not in the file."""


def _blank(values: tuple) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _top_rows(book: Book, sheet: SheetPart) -> Iterator[tuple[int, tuple]]:
    """The first non-empty rows of a sheet, as far as a header could be."""
    found, last = 0, 0
    for number, values in book.rows(sheet, MAX_COLUMNS):
        if number - last > EMPTY_RUN:
            return
        if not _blank(values):
            last = number
            found += 1
            yield number, values
            if found >= HEADER_SEARCH_ROWS:
                return


def _find_header(book: Book, sheet: SheetPart) -> SheetChoice | None:
    top = list(_top_rows(book, sheet))
    scores = [header_score(values) for _, values in top]
    best = max(scores, default=0)
    if best < 2:
        return None
    number, values = top[scores.index(best)]
    headers = ["" if v is None else str(v).strip() for v in values]
    while headers and not headers[-1]:
        headers.pop()
    return SheetChoice(sheet.name, sheet.hidden, number, tuple(headers))


def _choose(book: Book, name: str | None) -> tuple[SheetPart, SheetChoice, list[str]]:
    """The sheet to read, its header, and notes on the choice."""
    if name is not None:
        matches = [s for s in book.sheets if s.name == name] or [s for s in book.sheets if s.name.strip() == name.strip()]
        if not matches:
            names = "、".join(f"“{s.name}”" for s in book.sheets) or "（没有）"
            raise SheetNotFound(f"文件中没有名为“{name}”的工作表。文件中的工作表：{names}")
        header = _find_header(book, matches[0])
        if header is None:
            raise WorkbookError(f"工作表“{name}”中" + NO_HEADER)
        notes = [f"工作表“{name}”是隐藏的，按指定读取了它"] if matches[0].hidden else []
        return matches[0], header, notes
    found = [(s, h) for s in book.sheets if (h := _find_header(book, s)) is not None]
    visible = [(s, h) for s, h in found if not s.hidden]
    hidden = [h.name for s, h in found if s.hidden]
    if len(visible) == 1:
        notes = [f"隐藏的工作表“{n}”中也有名单的表头，没有读取（隐藏的工作表只在指定时才导入）" for n in hidden]
        return (*visible[0], notes)
    if not found:
        raise WorkbookError("表格中" + NO_HEADER)
    choices = [h for _, h in visible] + [h for s, h in found if s.hidden]
    listed = "、".join(f"“{c.label}”" for c in choices)
    if visible:
        finding = f"文件中有 {len(visible)} 个工作表都像是党员名单：{listed}"
    else:
        finding = f"名单的表头只在隐藏的工作表中找到：{listed}。隐藏的工作表不会自动导入，请确认是否要导入它"
    raise SheetChoiceNeeded(finding, choices)


def read_sheet(path: Path, sheet: str | None = None, progress: Progress | None = None,
               cancelled: IsCancelled | None = None) -> SheetRows:
    """The roster's header and every row below it (cached values of formulas), from the sheet
    named `sheet`, or else the one visible sheet with a roster header."""
    with open_book(Path(path), cancelled) as book:
        part, header, notes = _choose(book, sheet)
        result = SheetRows(sheet=part.name, header_row=header.header_row, headers=list(header.headers), rows=[],
                           notes=notes)
        _read_rows(book, part, result, progress, cancelled)
        return result


def _read_rows(book: Book, part: SheetPart, result: SheetRows, progress: Progress | None,
               cancelled: IsCancelled | None) -> None:
    """Rows below the header until EMPTY_RUN empty ones; empty rows inside the table are kept (as
    ()) so that the preview can list them as skipped."""
    width = max(len(result.headers), 1)
    rows = iter(book.rows(part, width))
    last, seen = result.header_row, 0
    for number, values in rows:
        if number <= result.header_row:
            continue
        blank = _blank(values)
        run = number - last - (0 if blank else 1)  # empty rows since the last filled one
        if run >= EMPTY_RUN:
            _note_cut_off(result, last, number if not blank else _next_filled(rows, number))
            break
        if blank:
            continue
        result.rows += [(n, ()) for n in range(last + 1, number)]
        result.rows.append((number, values))
        last = number
        seen += 1
        if seen > MAX_ROWS:
            raise WorkbookError(f"工作表“{part.name}”的表头下有超过 {MAX_ROWS} 行内容，远多于一个党组织的花名册，"
                                "没有读取。请检查是否选错了文件或工作表；如果确是名单，请分成几个文件导入")
        if seen % 2000 == 0:
            check_cancel(cancelled)
            if progress is not None:
                progress(0.5 * book.fraction, f"正在读取第 {number} 行…")


def _next_filled(rows: Iterator[tuple[int, tuple]], after: int) -> int | None:
    """The next row with content within LOOK_AHEAD rows, if any (a sheet formatted down to row
    1,048,576 is not read to its end)."""
    for number, values in rows:
        if number - after > LOOK_AHEAD:
            return None
        if not _blank(values):
            return number
    return None


def _note_cut_off(result: SheetRows, last: int, filled: int | None) -> None:
    if filled is not None:
        result.notes.append(f"第{filled}行起还有内容，但与上面的表格隔了 {filled - last - 1} 个空行，没有读取。"
                            "如果那也是名单，请删去中间的空行后重新导入")
