"""Failures of the disk or of the database file, explained in Chinese: what happened and what to do.

A full disk, a folder that may not be written, a file held open by Excel, a USB drive pulled out:
these are not bugs, so the user gets a message he can act on instead of a traceback. The window
(ui/app.py) and the command line (models/cli) both ask `fault_message` before falling back to
their generic "unexpected error" text.
"""

from __future__ import annotations

import errno
import sqlite3

NOTHING_CHANGED = "原有数据没有改动。"


def _causes(exc: BaseException):
    """`exc` and the exceptions behind it (SQLAlchemy wraps the driver's error as `orig`/__cause__)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = getattr(exc, "orig", None) or exc.__cause__ or exc.__context__


def _where(exc: OSError) -> str:
    return f"“{exc.filename}”" if getattr(exc, "filename", None) else "文件"


def disk_full(where: str = "") -> str:
    where = f"（{where}）" if where else ""
    return (f"磁盘空间已满{where}，没有写完。{NOTHING_CHANGED}"
            "请删除不用的文件、清空回收站，腾出磁盘空间后再试。")


def no_permission(where: str) -> str:
    return (f"没有权限写入{where}。{NOTHING_CHANGED}"
            "请确认文件没有被其他程序（如Excel、WPS）打开，所在文件夹不是只读的（如写保护的U盘、光盘），"
            "或把文件复制到“文档”等可以写入的文件夹后再试。")


def _os_message(exc: OSError) -> str | None:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return disk_full(_where(exc) if exc.filename else "")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return no_permission(_where(exc))
    if exc.errno == errno.EIO:
        return (f"读写磁盘时出错（{_where(exc)}），磁盘或U盘可能有故障或已被拔出。{NOTHING_CHANGED}"
                "请检查后再试，并尽快备份数据文件。")
    return None


def _sqlite_message(exc: sqlite3.Error) -> str | None:
    text = str(exc).lower()
    if "database or disk is full" in text:
        return disk_full("数据文件所在的磁盘")
    if "readonly" in text or "read-only" in text:
        return no_permission("数据文件")
    if "disk i/o error" in text:
        return ("读写数据文件时出错，磁盘或U盘可能有故障或已被拔出。操作没有完成，"
                "请检查后重新打开程序，并尽快备份数据文件。")
    if "database is locked" in text:
        return "数据文件正被另一个程序使用（可能是另一个支部管家窗口正在保存），请稍后再试。"
    if "malformed" in text or "not a database" in text:
        return ("数据文件已损坏，操作没有完成。请运行 check 命令检查数据文件，"
                "或用 backups 文件夹中的备份恢复。")
    return None


def fault_message(exc: BaseException) -> str | None:
    """A Chinese explanation of a disk or database-file failure behind `exc`, or None when `exc`
    is not one (then it is a bug)."""
    for cause in _causes(exc):
        if isinstance(cause, OSError):
            message = _os_message(cause)
        elif isinstance(cause, sqlite3.Error):
            message = _sqlite_message(cause)
        else:
            continue
        if message:
            return message
    return None
