"""Writing a finished report to a file safely (the 报表 tab's 另存为PDF and the `report` command):
into a temporary file beside the target, flushed to disk, then moved into place. A failure (full
disk, no permission, the old file open in a PDF reader) leaves the old file as it was and no
temporary file behind, and says in Chinese what happened and what to do."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from models.reports.declaration import ReportError

_FULL = "磁盘（或U盘）空间已满。请删除不用的文件、清空回收站，腾出磁盘空间后再试，或换一个保存位置"
_DENIED = "没有权限写入这个位置，或文件正被PDF阅读器等程序打开。请先关闭它，或换一个保存位置"
_REASONS = {
    errno.ENOSPC: _FULL,
    errno.EDQUOT: _FULL,
    errno.EACCES: _DENIED,
    errno.EPERM: _DENIED,
    errno.EROFS: "这个位置是只读的（例如U盘打开了写保护），请换一个保存位置",
    errno.ENOENT: "保存位置的文件夹不存在，或U盘已经拔出",
    errno.ENAMETOOLONG: "文件名或文件夹路径太长，请用短一些的名字",
    errno.EIO: "读写磁盘时出错（U盘或硬盘可能有问题），请换一个保存位置再试",
    errno.EINVAL: "文件名中有不允许的字符（如 \\ / : * ? \" < > |），请换一个文件名",
}


def _reason(exc: OSError) -> str:
    reason = _REASONS.get(exc.errno)
    if reason is None and isinstance(exc, PermissionError):
        reason = _DENIED
    return reason or f"操作系统报告错误（代码 {exc.errno}）"


def write_pdf(data: bytes, target: Path) -> None:
    """Write the PDF next to `target` and move it into place, so a failure leaves no half file."""
    target = Path(target)
    if target.is_dir():
        raise ReportError(f"“{target.name}”是一个已有的文件夹，不能保存成文件。请换一个文件名")
    if not target.parent.is_dir():
        raise ReportError(f"保存位置的文件夹不存在：{target.parent}")
    temp = None
    try:
        handle, temp = tempfile.mkstemp(prefix=".报表-", suffix=".pdf", dir=target.parent)
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())  # on disk before it replaces the old file (power cuts happen)
        _keep_mode(temp, target)
        os.replace(temp, target)
        temp = None
    except OSError as exc:
        raise ReportError(f"无法保存“{target.name}”：{_reason(exc)}。原来的文件（如有）没有改动") from exc
    finally:
        if temp is not None:
            try:
                os.unlink(temp)
            except OSError:
                pass


def _keep_mode(temp: str, target: Path) -> None:
    """mkstemp makes a private file; the saved report gets the old file's permissions (or the usual)."""
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = 0o644
    os.chmod(temp, mode)
