"""The first look at a file chosen for import: is it there, can it be opened, is it an .xlsx at
all — or an old .xls, a workbook with an opening password, a CSV or web page renamed to .xlsx, a
Word document, a download cut short? Each gets a Chinese message saying what it is and what to do."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import BinaryIO

from models.core.errors import UserError

ADVICE = ("请用Excel或WPS打开这个文件，能打开时“另存为”新的Excel工作簿（.xlsx）再导入；"
          "打不开时请找原来的文件重新复制一份")
SAVE_AS = "请在Excel或WPS中打开它，“另存为”Excel工作簿（.xlsx）后再导入"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and .xlsx files protected with a password


class WorkbookError(UserError):
    """The file cannot be read as a roster; the message is Chinese and user-facing."""


def open_file(path: Path) -> BinaryIO:
    """The file opened for reading, once (so what is checked is what is read)."""
    if path.is_dir():
        raise WorkbookError(f"“{path.name}”是一个文件夹，不是Excel文件。请选择要导入的Excel花名册")
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise WorkbookError(f"找不到文件：{path}") from None
    except PermissionError:
        raise WorkbookError(f"没有权限读取文件：{path}。请把文件复制到“文档”或桌面后再导入") from None
    except OSError as exc:
        from models.excel.output import os_reason

        raise WorkbookError(f"无法读取文件：{path}（{os_reason(exc)}）") from exc


def check_signature(handle: BinaryIO, path: Path) -> None:
    """Refuse, by its first bytes, anything that is not a complete .xlsx (zip) file."""
    head = handle.read(4096)
    handle.seek(0)
    if not head:
        raise WorkbookError("文件是空的（0字节），可能保存或复制时没有完成。请找原来的文件重新复制一份")
    if head.startswith(OLE_MAGIC):
        if path.suffix.lower() == ".xls":
            raise WorkbookError("这是旧版Excel文件（.xls）。" + SAVE_AS)
        raise WorkbookError("这个文件设置了打开密码（或是旧版.xls格式）。请在Excel或WPS中取消密码、另存为.xlsx后再导入")
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        complete = zipfile.is_zipfile(handle)
        handle.seek(0)
        if not complete:
            raise WorkbookError("文件不完整（后面缺了一部分），可能下载、复制或保存时中断了。" + ADVICE)
        return
    kind = _text_kind(head)
    if kind:
        named = f"扩展名是{path.suffix}" if path.suffix else "没有扩展名"
        raise WorkbookError(f"这个文件{named}，内容却是{kind}，不是Excel工作簿。" + SAVE_AS)
    if path.suffix.lower() == ".xls":
        raise WorkbookError("这是旧版Excel文件（.xls）或已损坏。" + SAVE_AS)
    raise WorkbookError("这个文件不是Excel工作簿（.xlsx），或已严重损坏。" + ADVICE)


def _text_kind(head: bytes) -> str | None:
    if b"\0" in head:
        return None
    for encoding in ("utf-8", "gb18030"):
        try:
            text = head.decode(encoding).lstrip("\ufeff \r\n\t").lower()
            break
        except UnicodeDecodeError:
            continue
    else:
        return None
    if text.startswith("<") and any(tag in text for tag in ("<html", "<table", "<!doctype html")):
        return "网页（HTML）文件"
    if text.startswith("<?xml"):
        return "XML文件"
    return "文本或CSV文件"


def check_package(names: list[str]) -> None:
    """A zip that holds some other kind of document, or no workbook at all."""
    if "xl/workbook.bin" in names:
        raise WorkbookError("这是Excel二进制工作簿（.xlsb）。" + SAVE_AS)
    if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
        return
    if "word/document.xml" in names:
        raise WorkbookError("这是Word文档（.docx），不是Excel工作簿。请选择Excel花名册文件")
    if "ppt/presentation.xml" in names:
        raise WorkbookError("这是PowerPoint演示文稿，不是Excel工作簿。请选择Excel花名册文件")
    raise WorkbookError("这是一个压缩包，里面没有Excel工作簿。请先解压，再选择其中的Excel花名册文件")
