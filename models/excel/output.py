"""Saving a workbook safely: into a temporary file beside the target, then moved into place, so a
failure (full disk, file open in WPS) leaves the old file as it was and nothing behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from openpyxl import Workbook

from models.core.errors import UserError


def save_workbook(book: Workbook, path: Path) -> None:
    path = Path(path)
    if not path.parent.is_dir():
        raise UserError(f"保存位置的文件夹不存在：{path.parent}")
    temp = None
    try:
        handle, temp = tempfile.mkstemp(prefix=".导出-", suffix=".xlsx", dir=path.parent)
        os.close(handle)
        book.save(temp)
        os.replace(temp, path)
        temp = None
    except PermissionError as exc:
        raise UserError(f"无法写入 {path}：没有权限，或文件正在Excel/WPS中打开，请先关闭") from exc
    except OSError as exc:
        raise UserError(f"无法写入 {path}：{exc.strerror or exc}") from exc
    finally:
        if temp is not None:
            try:
                os.unlink(temp)
            except OSError:
                pass
