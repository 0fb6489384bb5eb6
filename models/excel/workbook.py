"""Opening a spreadsheet safely: clear Chinese messages for .xls, passwords, damage, empty sheets."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from models.core.errors import UserError
from models.core.jobs import IsCancelled, Progress, check_cancel
from models.excel.columns import header_score

HEADER_SEARCH_ROWS = 30
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and .xlsx files protected with a password


class WorkbookError(UserError):
    """The file cannot be read as a roster; the message is Chinese and user-facing."""


@dataclass
class SheetRows:
    sheet: str
    header_row: int  # 1-based, as Excel shows it
    headers: list[str]
    rows: list[tuple[int, tuple]]  # (Excel row number, cell values)


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise WorkbookError(f"找不到文件：{path}")
    with path.open("rb") as file:
        head = file.read(8)
    if head == OLE_MAGIC:
        if path.suffix.lower() == ".xls":
            raise WorkbookError("这是旧版Excel文件（.xls）。请在Excel或WPS中打开，“另存为”Excel工作簿（.xlsx）后再导入")
        raise WorkbookError("这个文件设置了打开密码（或是旧版.xls格式）。请在Excel或WPS中取消密码、另存为.xlsx后再导入")
    if path.suffix.lower() == ".xls":
        raise WorkbookError("这是旧版Excel文件（.xls）。请在Excel或WPS中打开，“另存为”Excel工作簿（.xlsx）后再导入")
    if not zipfile.is_zipfile(path):
        raise WorkbookError("文件已损坏，或不是Excel工作簿（.xlsx）。请用Excel或WPS打开检查后另存为.xlsx")


def _header_row(rows: list[tuple]) -> int | None:
    scores = [header_score(values) for values in rows]
    best = max(scores, default=0)
    return scores.index(best) if best >= 2 else None


def read_sheet(path: Path, progress: Progress | None = None, cancelled: IsCancelled | None = None) -> SheetRows:
    """The first sheet that has a roster header row, with every row below it (cached formula values)."""
    from openpyxl import load_workbook

    path = Path(path)
    _check_file(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise WorkbookError("文件已损坏，或不是Excel工作簿（.xlsx）。请用Excel或WPS打开检查后另存为.xlsx") from exc
    try:
        for sheet in book.worksheets:
            found = _read_rows(sheet, progress, cancelled)
            if found is not None:
                return found
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        raise WorkbookError("文件内容已损坏，无法读取。请用Excel或WPS打开检查后另存为.xlsx") from exc
    finally:
        book.close()
    raise WorkbookError("表格中没有找到表头行。表头至少要有“姓名”和“公民身份号码”（或“身份证号”）等列名")


def _read_rows(sheet, progress, cancelled) -> SheetRows | None:
    iterator: Iterator[tuple] = sheet.iter_rows(values_only=True)
    top: list[tuple] = []
    for values in iterator:
        top.append(values)
        if len(top) >= HEADER_SEARCH_ROWS:
            break
    index = _header_row(top)
    if index is None:
        return None
    headers = ["" if v is None else str(v).strip() for v in top[index]]
    total = max(sheet.max_row or 0, 1)
    rows = [(index + 2 + n, values) for n, values in enumerate(top[index + 1:])]
    for values in iterator:
        rows.append((index + 2 + len(rows), values))
        if len(rows) % 2000 == 0:
            check_cancel(cancelled)
            if progress is not None:
                progress(0.5 * len(rows) / total, f"正在读取第 {len(rows)} 行…")
    while rows and all(v is None or str(v).strip() == "" for v in rows[-1][1]):
        rows.pop()  # formatted but unused rows below the table (templates have a thousand)
    return SheetRows(sheet=sheet.title, header_row=index + 1, headers=headers, rows=rows)
