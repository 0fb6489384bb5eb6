"""Owner-only files: the data file, its -wal/-shm and every backup 0600, their folders 0700.

POSIX only (Linux, macOS): on Windows the per-user data folder already keeps other accounts out.
Modes are only ever tightened, and a refused chmod (a FAT32 USB stick, a file of another owner)
is ignored: it must never stop the program from opening its data.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700
SIDE_FILES = ("-wal", "-shm", "-journal")


def _tighten(path: Path, mode: int) -> None:
    if os.name != "posix":
        return
    try:
        current = stat.S_IMODE(path.stat().st_mode)
        if current & ~mode:
            path.chmod(current & mode)
    except OSError:
        pass


def secure_file(path: Path) -> None:
    """Make `path` readable and writable by its owner only (when it exists)."""
    _tighten(Path(path), FILE_MODE)


def secure_folder(path: Path) -> None:
    """Make the folder `path` usable by its owner only (when it exists)."""
    _tighten(Path(path), FOLDER_MODE)


def secure_data_file(db: Path) -> None:
    """The data file, its -wal/-shm/-journal when present, and its folder: owner-only. The folder is
    left alone when it is the user's home folder or not the user's own (a shared folder)."""
    db = Path(db)
    secure_file(db)
    for suffix in SIDE_FILES:
        secure_file(Path(f"{db}{suffix}"))
    folder = db.parent
    try:
        own = os.name == "posix" and folder.stat().st_uid == os.getuid() and folder.resolve() != Path.home().resolve()
    except (OSError, RuntimeError):
        own = False
    if own:
        secure_folder(folder)


def make_private_folder(folder: Path) -> None:
    """Create `folder` (and its parents) when missing, owner-only."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    secure_folder(folder)


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as file:
        os.fsync(file.fileno())


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; Windows has no directory handles to sync)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
