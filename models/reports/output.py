"""Writing a finished report to a file safely (the 报表 tab's 另存为PDF and the `report` command)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from models.reports.declaration import ReportError


def write_pdf(data: bytes, target: Path) -> None:
    """Write the PDF next to `target` and move it into place, so a failure leaves no half file."""
    target = Path(target)
    if not target.parent.is_dir():
        raise ReportError(f"保存位置的文件夹不存在：{target.parent}")
    try:
        handle, temp = tempfile.mkstemp(prefix=".报表-", suffix=".pdf", dir=target.parent)
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temp, target)
    except PermissionError as exc:
        raise ReportError(f"无法写入 {target}：没有权限，或文件正被其他程序（如PDF阅读器）打开") from exc
    except OSError as exc:
        raise ReportError(f"无法写入 {target}：{exc.strerror or exc}") from exc
