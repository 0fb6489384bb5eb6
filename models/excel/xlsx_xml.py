"""The parts of an .xlsx that grow with the data, parsed with expat as a stream: the shared strings
(xl/sharedStrings.xml) and the rows of a sheet. Nothing here holds more than one cell's text at a
time, and no cell's text beyond CELL_LIMIT characters; entity declarations (XML bombs) are refused.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from xml.parsers import expat

from models.core.jobs import IsCancelled, check_cancel
from models.excel.file_check import WorkbookError

CELL_LIMIT = 32_767  # Excel's own maximum: a longer cell was not made by a spreadsheet program
STRINGS_BUDGET = 50_000_000  # characters of shared text kept; a large roster has a few million
STRINGS_COUNT = 5_000_000
CHUNK = 1 << 16
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")  # how Excel writes characters XML cannot hold
_REFERENCE = re.compile(r"\$?([A-Za-z]{1,7})\$?[0-9]+")


@dataclass(frozen=True)
class TooLong:
    """A cell longer than CELL_LIMIT characters: its length and first characters, not its text."""

    length: int
    head: str

    def __str__(self) -> str:
        return self.head + "…"


class Refused(Exception):
    """An XML entity declaration: no roster needs one, and they are how XML bombs are built."""


class EndOfData(Exception):
    """</sheetData>: everything after it is layout, not values."""


class _Text:
    """Character data of one cell, kept up to CELL_LIMIT characters and counted beyond."""

    __slots__ = ("parts", "kept", "length")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.kept = self.length = 0

    def add(self, data: str) -> None:
        self.length += len(data)
        if self.kept < CELL_LIMIT:
            piece = data[:CELL_LIMIT - self.kept]
            self.parts.append(piece)
            self.kept += len(piece)

    def value(self) -> str | TooLong:
        text = "".join(self.parts)
        if self.length > CELL_LIMIT:
            return TooLong(self.length, text[:20])
        return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def parser_for(handler) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text, parser.buffer_size = True, CHUNK
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = _refuse
    parser.StartElementHandler, parser.EndElementHandler = handler.start, handler.end
    parser.CharacterDataHandler = handler.data
    return parser


def _refuse(*_args) -> None:
    raise Refused


def _local(name: str) -> str:
    return name[name.rfind("}") + 1:]


class _StringsHandler:
    """xl/sharedStrings.xml: each <si>'s text (runs joined, phonetic guides left out)."""

    def __init__(self) -> None:
        self.strings: list[str | TooLong] = []
        self.text: _Text | None = None
        self.collecting, self.phonetic, self.kept = False, 0, 0

    def start(self, name: str, _attrs: dict) -> None:
        tag = _local(name)
        if tag == "si":
            self.text = _Text()
        elif tag == "rPh":
            self.phonetic += 1
        elif tag == "t" and self.text is not None and not self.phonetic:
            self.collecting = True

    def end(self, name: str) -> None:
        tag = _local(name)
        if tag == "t":
            self.collecting = False
        elif tag == "rPh":
            self.phonetic -= 1
        elif tag == "si" and self.text is not None:
            self.kept += min(self.text.length, CELL_LIMIT)
            if self.kept > STRINGS_BUDGET or len(self.strings) >= STRINGS_COUNT:
                raise WorkbookError("文件中的文字内容多得异常（相当于几十万页），不像是党员花名册，没有读取。"
                                    "请检查是否选错了文件")
            self.strings.append(self.text.value())
            self.text = None

    def data(self, text: str) -> None:
        if self.collecting:
            self.text.add(text)


def read_strings(archive: zipfile.ZipFile, part: str, cancelled: IsCancelled | None = None) -> list[str | TooLong]:
    """Every shared string, in order (cells refer to them by number)."""
    handler = _StringsHandler()
    parser = parser_for(handler)
    with archive.open(part) as source:
        while chunk := source.read(CHUNK):
            check_cancel(cancelled)
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    return handler.strings


def _column(reference: str | None, previous: int) -> int:
    """The 1-based column of a cell reference such as B7 (the next column when it has none)."""
    if reference is None:
        return previous + 1
    match = _REFERENCE.fullmatch(reference)
    if match is None:
        raise ValueError(f"bad cell reference {reference!r}")
    number = 0
    for letter in match.group(1).upper():
        number = number * 26 + ord(letter) - 64
    return number


def _row_number(text: str | None, previous: int) -> int:
    if text is None:
        return previous + 1
    value = float(text)
    if not value.is_integer() or value < 1:
        raise ValueError(f"bad row number {text!r}")
    return int(value)


class Styles:
    """What the cell values need from the styles and the workbook: which styles are dates."""

    def __init__(self, dates: set[int], durations: set[int], epoch) -> None:
        self.dates, self.durations, self.epoch = dates, durations, epoch


class SheetHandler:
    """<sheetData> row by row: finished rows collect in `done` as (row number, values)."""

    def __init__(self, strings: list, styles: Styles, columns: int) -> None:
        self.strings, self.styles, self.columns = strings, styles, columns
        self.done: list[tuple[int, tuple]] = []
        self.row = self.col = 0
        self.values: dict[int, object] = {}
        self.kind, self.style = "n", 0
        self.text: _Text | None = None
        self.collecting, self.phonetic = False, 0

    def start(self, name: str, attrs: dict) -> None:
        tag = _local(name)
        if tag == "c":
            self.col = _column(attrs.get("r"), self.col)
            self.kind, self.style, self.text = attrs.get("t", "n"), _style(attrs.get("s")), None
        elif tag == "v" or tag == "is":
            self.text = _Text()
            self.collecting = tag == "v"
        elif tag == "t" and self.text is not None and not self.phonetic:
            self.collecting = True
        elif tag == "rPh":
            self.phonetic += 1
        elif tag == "row":
            self.row, self.col = _row_number(attrs.get("r"), self.row), 0

    def end(self, name: str) -> None:
        tag = _local(name)
        if tag in ("v", "t"):
            self.collecting = False
        elif tag == "rPh":
            self.phonetic -= 1
        elif tag == "c":
            value = None if self.text is None else self._value(self.text.value())
            if value is not None and self.col <= self.columns:
                self.values[self.col] = value
        elif tag == "row":
            width = max(self.values, default=0)
            self.done.append((self.row, tuple(self.values.get(c) for c in range(1, width + 1))))
            self.values = {}
        elif tag == "sheetData":
            raise EndOfData

    def data(self, text: str) -> None:
        if self.collecting:
            self.text.add(text)

    def _value(self, text: str | TooLong) -> object:
        """The cell's value as openpyxl would give it with data_only (cached results of formulas),
        except that a value that does not fit its declared type is kept as text, not refused."""
        kind = self.kind
        if kind == "inlineStr" or isinstance(text, TooLong):
            return text
        if text == "":
            return None
        if kind == "s":
            index = int(text)
            if not 0 <= index < len(self.strings):
                raise IndexError(f"shared string {index} missing")
            return self.strings[index]
        if kind in ("str", "e"):
            return text
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            try:
                return from_ISO8601(text.strip())
            except ValueError:
                return text
        return self._number(text)

    def _number(self, text: str) -> object:
        try:
            number = float(text) if any(c in text for c in ".eE") else int(text)
        except ValueError:
            return text
        if self.style in self.styles.dates:
            from openpyxl.utils.datetime import from_excel

            try:
                return from_excel(number, self.styles.epoch, timedelta=self.style in self.styles.durations)
            except (OverflowError, ValueError):
                return number
        return number


def _style(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0
