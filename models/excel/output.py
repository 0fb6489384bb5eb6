"""Writing workbooks safely.

Every data cell is written as what it is: text stays text even when it starts with =, +, - or @
(a name or note is never turned into a live formula) and dates stay dates. The workbook is saved
into a temporary file beside the target, flushed to disk and then moved into place, so a failure
(full disk, no permission, the file open in WPS) leaves the old file as it was and nothing behind.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell

from models import APP_NAME
from models.core.errors import UserError

# Characters XML 1.0 cannot hold (openpyxl refuses them); Excel writes them as _xHHHH_.
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
_LOOKS_ESCAPED = re.compile(r"_x[0-9A-Fa-f]{4}_")
# Text that openpyxl would not store as it is, so it needs `data_cell`: what it would take for a
# formula or an error value (=…, #…), or what `cell_text` changes (_xHHHH_, characters XML cannot hold).
# Any other text, a number, a date or None may go to a write-only sheet's `append` as the plain value
# and is stored exactly as `data_cell` stores it, without the cell object: appending a cell costs
# openpyxl a failed conversion (an exception with the cell's repr) on top of building the cell.
NEEDS_CELL = re.compile(r"^[=#]|_x[0-9A-Fa-f]{4}_|[\000-\010\013\014\016-\037]")

_REASONS = {
    errno.ENOSPC: "磁盘（或U盘）空间已满，请删除一些文件或换一个保存位置",
    errno.EDQUOT: "磁盘（或U盘）空间已满，请删除一些文件或换一个保存位置",
    errno.EROFS: "这个位置是只读的（例如U盘打开了写保护），请换一个保存位置",
    errno.EACCES: "没有权限写入这个位置，或文件正在Excel/WPS中打开（请先关闭它，或换一个保存位置）",
    errno.EPERM: "没有权限写入这个位置，或文件正在Excel/WPS中打开（请先关闭它，或换一个保存位置）",
    errno.EISDIR: "已有同名的文件夹，请换一个文件名",
    errno.ENAMETOOLONG: "文件名或文件夹路径太长，请用短一些的名字",
    errno.ENOENT: "保存位置的文件夹不存在，或U盘已经拔出",
    errno.EIO: "读写磁盘时出错（U盘或硬盘可能有问题），请换一个保存位置再试",
    errno.EINVAL: "文件名中有不允许的字符（如 \\ / : * ? \" < > |），请换一个文件名",
}


def os_reason(exc: OSError) -> str:
    """What an operating-system error means for the user, in Chinese (never its English text)."""
    reason = _REASONS.get(exc.errno)
    if reason is None and isinstance(exc, PermissionError):
        reason = _REASONS[errno.EACCES]
    return reason or f"操作系统报告错误（代码 {exc.errno}）"


def cell_text(value: str) -> str:
    """Text as an .xlsx holds it: characters XML cannot hold as _xHHHH_ (as Excel writes them, and
    as the importer reads them back), and a literal “_xHHHH_” escaped so that it survives as typed."""
    if "_x" in value:
        value = _LOOKS_ESCAPED.sub(lambda m: "_x005F" + m.group(0), value)
    return _ILLEGAL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", value)


def put(cell: Cell, value: object) -> Cell:
    """Set a data cell: a string is always a text cell (openpyxl would make “=…” a formula and
    “#N/A” an error value); numbers, dates and booleans keep their type."""
    if isinstance(value, str):
        cell.value = cell_text(value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def data_cell(sheet, value: object) -> WriteOnlyCell:
    """A cell for a write-only sheet's `append`, holding `value` as `put` does."""
    return put(WriteOnlyCell(sheet), value)


@contextmanager
def new_workbook(path: Path, *, write_only: bool = False, title: str = "") -> Iterator[Workbook]:
    """A new workbook to fill; it is saved as `path` when the block ends without an error. Its
    properties (作者, 标题 in Excel, WPS and Explorer) say 支部管家 and `title` (the file's name by default).

    Whatever goes wrong — while filling (a write-only sheet writes its rows into the system's
    temporary folder as they come, and that disk may be full), while saving, or a cancel — the old
    file is untouched, no temporary file is left in the target folder, and an operating-system
    error becomes a Chinese message."""
    path = _checked_target(path)
    book = Workbook(write_only=write_only)
    describe(book, title or path.stem)
    try:
        yield book
        _save(book, path)
    except OSError as exc:
        _discard(book)
        raise UserError(f"无法保存“{path.name}”：{os_reason(exc)}。原来的文件（如有）没有改动") from exc
    except BaseException:
        _discard(book)
        raise


def describe(book: Workbook, title: str) -> None:
    """The document properties: made by 支部管家 (openpyxl would sign every file “openpyxl”)."""
    properties = book.properties
    properties.creator = properties.lastModifiedBy = APP_NAME
    properties.title = title


def save_workbook(book: Workbook, path: Path) -> None:
    """Save a workbook filled elsewhere as `path`, replacing it only once the new file is complete."""
    path = _checked_target(path)
    if book.properties.creator in (None, "", "openpyxl"):
        describe(book, book.properties.title or path.stem)
    try:
        _save(book, path)
    except OSError as exc:
        raise UserError(f"无法保存“{path.name}”：{os_reason(exc)}。原来的文件（如有）没有改动") from exc


def _checked_target(path: Path) -> Path:
    path = Path(path)
    if path.is_dir():
        raise UserError(f"“{path.name}”是一个已有的文件夹，不能保存成文件。请换一个文件名")
    if not path.parent.is_dir():
        raise UserError(f"保存位置的文件夹不存在：{path.parent}")
    return path


def _save(book: Workbook, path: Path) -> None:
    """Into a temporary file beside `path`, flushed to disk, then moved over `path`."""
    handle, temp = tempfile.mkstemp(prefix=".导出-", suffix=".xlsx", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            _write_package(book, file)
            file.flush()
            os.fsync(file.fileno())  # on disk before it replaces the old file (power cuts happen)
        _keep_mode(temp, path)
        os.replace(temp, path)
        temp = None
    finally:
        if temp is not None:
            with suppress(OSError):
                os.unlink(temp)


def _write_package(book: Workbook, file: BinaryIO) -> None:
    """openpyxl's save, with the zip closed even when writing fails: left open, it would try to
    finish itself when garbage-collected and print an English traceback on the console."""
    from openpyxl.writer.excel import ExcelWriter

    book.properties.modified = datetime.now(UTC).replace(tzinfo=None)
    archive = zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    try:
        ExcelWriter(book, archive).write_data()
    except BaseException:
        with suppress(Exception):  # may fail again on a full disk; the file is thrown away anyway
            archive.close()
        raise
    archive.close()


def _discard(book: Workbook) -> None:
    """Stop a write-only workbook's sheets and delete their temporary files now. openpyxl keeps
    each sheet's rows in a generator writing to a file in the temporary folder; abandoned, those
    would be closed by the garbage collector in the wrong order (an English traceback on the
    console) and the files deleted only when the program ends. These are openpyxl internals, so
    every step is allowed to fail."""
    for sheet in book.worksheets:
        for part in (getattr(sheet, "_rows", None), getattr(getattr(sheet, "_writer", None), "xf", None)):
            if part is not None:
                with suppress(Exception):
                    part.close()
        writer = getattr(sheet, "_writer", None)
        if writer is not None:
            with suppress(Exception):  # already gone when the save got past this sheet
                writer.cleanup()


def _keep_mode(temp: str, path: Path) -> None:
    """mkstemp makes a private file; the saved file gets the old file's permissions (or the usual)."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = 0o644
    os.chmod(temp, mode)
