"""One running program per database file: an OS lock on `<db>.lock`, freed if the process dies."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from models.core.errors import UserError
from models.core.faults import disk_full
from models.storage.errors import StoreError


class AlreadyRunning(UserError):
    """Another program holds the database; the message is Chinese and user-facing."""


class CannotLock(StoreError):
    """The lock file beside the data file cannot be made (a read-only folder, a full disk)."""

    def __init__(self, lock_path: Path, exc: OSError) -> None:
        folder = lock_path.parent
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            what = disk_full(str(folder))
        elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            what = (f"没有权限在文件夹“{folder}”中写入文件。支部管家打开数据文件时要在它旁边建立一个"
                    f"锁文件（{lock_path.name}），防止同时打开两次。数据文件没有被改动。\n"
                    "请把数据文件复制到“文档”等可以写入的文件夹后再打开；如果在U盘上，请检查U盘的写保护开关。")
        else:
            what = f"无法在文件夹“{folder}”中建立锁文件（{exc.strerror or exc}）。数据文件没有被改动。"
        super().__init__(what)


class InstanceLock:
    def __init__(self, db_path: Path) -> None:
        self.path = Path(str(db_path) + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise AlreadyRunning (CannotLock when the lock file cannot be made);
        never touches the database file itself."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise CannotLock(self.path, exc) from exc
        try:
            _lock(fd)
        except OSError:
            os.close(fd)
            raise AlreadyRunning(
                f"支部管家已经打开了这个数据文件：\n{str(self.path)[:-5]}\n\n"
                "请切换到已经打开的窗口继续使用，不要同时打开两次。"
            ) from None
        self._fd = fd
        try:
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())  # for a person looking at the file; not relied on
        except OSError as exc:
            self.release()
            raise CannotLock(self.path, exc) from exc

    def release(self) -> None:
        if self._fd is None:
            return
        _unlock(self._fd)
        os.close(self._fd)
        self._fd = None
        try:
            self.path.unlink()
        except OSError:
            pass  # another instance may have it open already; harmless

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


if os.name == "nt":  # pragma: no cover - exercised on Windows
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
