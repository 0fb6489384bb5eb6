"""Backups of the data file (docs/data-safety.md): automatic ones in backups/ beside the data, kept
by a rotation like Anki's; copies that leave the PC (备份到…), encrypted when the user gives a
password; and restoring one, checked first and switched in atomically.

Every copy is made with SQLite's online backup API (safe while the program writes), written under
a temporary name, checked with integrity_check, made owner-only (0600) and only then given its
name, so a full disk or a kill never leaves something that looks like a backup but is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from models.storage.errors import StoreError

# Labels (Chinese, part of the file name) of the automatic backups.
STARTUP = "启动时"
ON_EXIT = "退出时"
PERIODIC = "定时"
BEFORE_UPGRADE = "升级前"
BEFORE_RESTORE = "恢复前"
BEFORE_REPAIR = "修复前"
DAMAGED = "损坏的文件"  # a damaged data file set aside (raw copy) before a restore replaces it

ENCRYPTED_SUFFIX = ".bkbak"  # 备份到… with a password; without one the copy is a plain .db


class BackupFailed(StoreError):
    """A backup could not be written or did not pass its check; the message says why (Chinese)."""


class BadBackup(StoreError):
    """The file chosen to restore is no sound 支部管家 backup (damaged, tampered, not ours)."""


class PasswordNeeded(StoreError):
    """The backup is encrypted and no password was given."""


class WrongPassword(StoreError):
    """The password does not open this encrypted backup (or the file was altered)."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime
    size: int  # bytes
    label: str  # 启动时 / 定时 / 导入前 … ("" for a file chosen by hand)
    encrypted: bool
    people: int | None  # in-roster people; None when unknown (encrypted, unreadable)


@dataclass(frozen=True)
class Restored:
    db: Path
    before: Path | None  # the backup of the database that was replaced (None when there was none)
    set_aside: Path | None  # a damaged file moved out of the way, when there was one


def backup_folder(db: Path) -> Path:
    """backups/ beside the data file."""
    raise NotImplementedError


def make_backup(db: Path, label: str, *, folder: Path | None = None, now: datetime | None = None) -> Path:
    """Copy the live database into backups/ (online backup API), check it, then rotate the folder.
    Raises BackupFailed (Chinese) when the copy cannot be written or fails its check."""
    raise NotImplementedError


def rotation_keeps(made: list[datetime], now: datetime) -> set[datetime]:
    """Which automatic backups the policy keeps: all of the last 2 days, then the newest of each of
    the 12 most recent days, 10 weeks and 9 months before that (docs/data-safety.md)."""
    raise NotImplementedError


def rotate(folder: Path, now: datetime) -> list[Path]:
    """Delete the automatic backups the policy does not keep; returns what was deleted."""
    raise NotImplementedError


def list_backups(db: Path) -> list[BackupInfo]:
    """The backups in backups/ beside `db`, newest first, with their people count."""
    raise NotImplementedError


def describe_backup(path: Path, password: str | None = None) -> BackupInfo:
    """What a backup file holds (for one chosen by hand, e.g. on a USB stick)."""
    raise NotImplementedError


def export_backup(db: Path, out: Path, password: str | None = None) -> Path:
    """备份到…: a checked copy at `out` (a plain .db, or ENCRYPTED_SUFFIX with AES-GCM when a password
    is given). Raises BackupFailed."""
    raise NotImplementedError


def restore_backup(backup: Path, db: Path, password: str | None = None) -> Restored:
    """Verify `backup`, back up the current `db` (when there is one), then switch atomically. The
    caller holds the data file's lock with no store open on it. Raises BadBackup, PasswordNeeded,
    WrongPassword, BackupFailed; the current database is untouched when any is raised."""
    raise NotImplementedError


def newest_good_backup(db: Path) -> BackupInfo | None:
    """The newest backup of `db` that passes integrity_check (for a damaged data file)."""
    raise NotImplementedError
