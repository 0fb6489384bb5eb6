"""Reading an .xlsx that may be damaged or hostile, with flat memory and Chinese messages.

openpyxl reads the package's small parts (content types, workbook, relationships, styles); the
shared strings and the sheets — the parts that grow with the data — are streamed through expat
(models/excel/xlsx_xml.py), so memory does not grow with what a file holds: a cell is kept up to
CELL_LIMIT characters (a longer one becomes `TooLong`, its text dropped), a row up to the columns
asked for, and a sheet is read row by row; a part that unpacks to more than PART_LIMIT is refused. Any damage (a cut or corrupted zip, broken XML, a missing part, a wrong value
type, an entity bomb) becomes a `WorkbookError` whose message says what is wrong and what to do.
"""

from __future__ import annotations

import warnings
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from models.core.errors import UserError
from models.core.jobs import IsCancelled, check_cancel
from models.excel.file_check import ADVICE, WorkbookError, check_package, check_signature, open_file
from models.excel.xlsx_xml import CHUNK, EndOfData, Refused, SheetHandler, Styles, parser_for, read_strings

PART_LIMIT = 1 << 30  # bytes a sheet or the shared strings may unpack to (a 50,000-row roster: ~100 MB)


@dataclass(frozen=True)
class SheetPart:
    name: str
    state: str  # visible, hidden or veryHidden
    part: str  # the sheet's path inside the zip

    @property
    def hidden(self) -> bool:
        return self.state != "visible"


@contextmanager
def reading(what: str) -> Iterator[None]:
    """Turn any failure of the parsers while reading `what` into a WorkbookError; a file we cannot
    read is the user's to fix, never a traceback (UserErrors, such as Cancelled, pass through)."""
    try:
        yield
    except UserError:
        raise
    except MemoryError as exc:
        raise WorkbookError(f"读取{what}时内存不足，文件中的内容多得异常。请检查是否选错了文件") from exc
    except Exception as exc:  # noqa: BLE001 - every parser failure on a damaged file is explained
        raise WorkbookError(explain(exc, what)) from exc


def explain(exc: BaseException, what: str) -> str:
    """A Chinese sentence for what went wrong while reading `what` (a part named for the user)."""
    if isinstance(exc, Refused):
        return f"文件中的{what}含有不允许的内容（XML实体定义），可能是恶意文件，没有读取。" + ADVICE
    if isinstance(exc, RuntimeError) and "encrypt" in str(exc):
        return "文件的内容加了密码（压缩包密码），无法读取。请用Excel或WPS打开后另存为不加密的.xlsx再导入"
    if isinstance(exc, NotImplementedError):
        return "文件使用了本程序不支持的压缩方式，无法读取。请用Excel或WPS打开后另存为.xlsx再导入"
    if isinstance(exc, zipfile.BadZipFile | EOFError | zlib.error):
        return f"文件已损坏：{what}的压缩数据出错（可能在复制、下载或保存时损坏）。" + ADVICE
    if isinstance(exc, SyntaxError | expat.ExpatError):  # ElementTree's ParseError, lxml's XMLSyntaxError
        return f"文件已损坏：{what}的内容不完整或格式错误。" + ADVICE
    if isinstance(exc, KeyError):
        return f"文件已损坏：缺少{what}。" + ADVICE
    return f"文件已损坏：{what}不符合Excel的格式，无法读取。" + ADVICE


class Book:
    """An open workbook: its sheets (chart sheets left out) and their rows, streamed on demand.
    `cancelled` is asked every 64 KB of XML, so that 取消 works even inside one huge part."""

    def __init__(self, path: Path, cancelled: IsCancelled | None = None) -> None:
        self.path, self.cancelled = Path(path), cancelled
        self.fraction = 0.0  # how far the sheet being read has got, for progress
        self.handle = open_file(self.path)
        try:
            check_signature(self.handle, self.path)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl warns in English about odd files
                self._read_package()
        except BaseException:
            self.handle.close()
            raise

    def _read_package(self) -> None:
        from openpyxl.reader.excel import ExcelReader

        with reading("文件目录"):
            self.reader = ExcelReader(self.handle, read_only=True, data_only=True, keep_links=False)
            self.archive = self.reader.archive
        check_package(self.archive.namelist())
        with reading("文件目录"):
            self.reader.read_manifest()
        with reading("工作簿结构"):
            self.reader.read_workbook()
            self.sheets = [SheetPart(sheet.name, sheet.state or "visible", rel.target)
                           for sheet, rel in self.reader.parser.find_sheets() if "chartsheet" not in rel.Type]
            epoch = self.reader.wb.epoch
        missing = [s.name for s in self.sheets if s.part not in self.archive.namelist()]
        if missing:
            raise WorkbookError(f"文件已损坏：缺少工作表“{missing[0]}”的内容。" + ADVICE)
        with reading("样式部分"):
            self.styles = Styles(*self._date_styles(), epoch)
        with reading("文字部分"):
            self.strings = self._strings()

    def _date_styles(self) -> tuple[set[int], set[int]]:
        if "xl/styles.xml" not in self.archive.namelist():
            return set(), set()
        from openpyxl.styles.stylesheet import Stylesheet
        from openpyxl.xml.functions import fromstring

        sheet = Stylesheet.from_tree(fromstring(self.archive.read("xl/styles.xml")))
        return set(sheet.date_formats), set(sheet.timedelta_formats)

    def _strings(self) -> list:
        from openpyxl.xml.constants import SHARED_STRINGS

        declared = self.reader.package.find(SHARED_STRINGS)
        if declared is None:
            return []
        part = declared.PartName[1:]
        self._check_size(part, "文字部分")
        return read_strings(self.archive, part, self.cancelled)

    def _check_size(self, part: str, what: str) -> None:
        """Refuse a part that unpacks to more than any roster could be: reading it would take
        minutes (a “zip bomb” of blank space), whatever memory it needs."""
        size = self.archive.getinfo(part).file_size
        if size > PART_LIMIT:
            raise WorkbookError(f"文件中的{what}解压后有 {size // (1 << 20)} MB，大得异常，不像是党员花名册，"
                                "没有读取。请检查是否选错了文件")

    def rows(self, sheet: SheetPart, columns: int) -> Iterator[tuple[int, tuple]]:
        """(row number, values of columns 1…`columns`) for every row the sheet stores, in order.
        Rows the file leaves out are not yielded: the caller sees the gap in the numbers."""
        with reading(f"工作表“{sheet.name}”"):
            self._check_size(sheet.part, f"工作表“{sheet.name}”")
            handler = SheetHandler(self.strings, self.styles, columns)
            parser = parser_for(handler)
            size, done = max(self.archive.getinfo(sheet.part).file_size, 1), 0
            with self.archive.open(sheet.part) as source:
                while True:
                    check_cancel(self.cancelled)
                    chunk = source.read(CHUNK)
                    try:
                        parser.Parse(chunk, not chunk)
                    except EndOfData:
                        chunk = b""
                    done += len(chunk)
                    self.fraction = min(done / size, 1.0)
                    yield from handler.done
                    handler.done.clear()
                    if not chunk:
                        return

    def close(self) -> None:
        with suppress(Exception):
            self.archive.close()
        self.handle.close()


@contextmanager
def open_book(path: Path, cancelled: IsCancelled | None = None) -> Iterator[Book]:
    book = Book(path, cancelled)
    try:
        yield book
    finally:
        book.close()
