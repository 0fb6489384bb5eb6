"""Copies of a database file made with SQLite's online backup API, safe while the program writes
(WAL): the building block of every backup (models/storage/backups.py). A copy is written under a
temporary name created owner-only (0600), switched to journal_mode=DELETE so it is one
self-contained file, checked with integrity_check, fsynced, and only then given its name — so a
full disk or a kill never leaves a half copy that looks like a backup."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from models.storage.file_modes import FILE_MODE, SIDE_FILES, fsync_file, fsync_folder

BUSY_TIMEOUT_S = 5.0


class CopyDamaged(Exception):
    """The copy did not pass integrity_check; `problems` are SQLite's lines."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"integrity_check: {len(problems)} problems")
        self.problems = problems


def backup_path(data_file: Path, label: str, folder: Path | None = None, now: datetime | None = None) -> Path:
    """backups/<name>-<label>-<date-time>.db beside the data file (-2, -3 … added if taken)."""
    folder = Path(folder) if folder else Path(data_file).parent / "backups"
    stem = f"{Path(data_file).stem}-{label}-{(now or datetime.now()):%Y%m%d-%H%M%S}"
    target, n = folder / f"{stem}.db", 1
    while target.exists() or target.with_name(target.name + ".partial").exists():
        n += 1
        target = folder / f"{stem}-{n}.db"
    return target


def connect_existing(path: Path) -> sqlite3.Connection:
    """A plain connection to an existing SQLite file, never creating one (mode=rw), with the
    driver's own transaction handling off."""
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=rw", uri=True, isolation_level=None,
                           check_same_thread=False, timeout=BUSY_TIMEOUT_S)


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to an existing file (a backup, perhaps on a write-protected USB stick)."""
    uri = Path(path).resolve().as_uri()
    connection = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None, check_same_thread=False,
                                 timeout=BUSY_TIMEOUT_S)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:  # a WAL file whose -shm cannot be made here: read it as it is
        connection.close()
        connection = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None,
                                     check_same_thread=False)
    return connection


def integrity_problems(connection: sqlite3.Connection) -> list[str]:
    """SQLite's full integrity_check on an open connection: its lines, [] when sound."""
    try:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [line for (text,) in rows for line in str(text).splitlines() if line != "ok"]


def checked_copy(origin: sqlite3.Connection, partial: Path, *, verify: bool = True) -> None:
    """Copy the database behind `origin` into the new file `partial` with the online backup API (one
    step: a consistent snapshot even while another connection writes), make it self-contained
    (journal_mode=DELETE), check it (unless `verify` is False: the copy of a file known to have
    damaged indexes, taken before their repair) and fsync it. Raises CopyDamaged, sqlite3.Error or
    OSError; the caller removes `partial` on failure."""
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)  # owner-only from the start
    os.close(fd)
    copy = sqlite3.connect(partial, isolation_level=None)
    try:
        origin.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE").fetchone()
        problems = integrity_problems(copy) if verify else []
    finally:
        copy.close()
    if problems:
        raise CopyDamaged(problems)
    fsync_file(partial)


def remove_partial(partial: Path) -> None:
    for leftover in (partial, Path(f"{partial}-journal"), Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        try:
            leftover.unlink(missing_ok=True)
        except OSError:
            pass


def copy_database(source: Path, target: Path) -> None:
    """Copy the live database at `source` to `target` (a new file) with the backup API, checked."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    remove_partial(partial)  # left by a copy that was killed
    try:
        origin = connect_existing(source)
        try:
            checked_copy(origin, partial)
        finally:
            origin.close()
        os.replace(partial, target)
        fsync_folder(target.parent)
    except BaseException:
        remove_partial(partial)
        raise


def is_damaged(db: Path) -> bool:
    """Whether the current data file is no sound database of ours — read on a read-only connection,
    so that not even a damaged -wal beside it is touched before it is copied aside."""
    try:
        with open(db, "rb") as file:
            if file.read(16) != b"SQLite format 3\x00":
                return True
        connection = connect_read_only(db)
    except (OSError, sqlite3.Error):
        return True
    try:
        connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return bool(integrity_problems(connection))
    except sqlite3.Error:
        return True
    finally:
        connection.close()


def retire_journal(db: Path, damaged: bool) -> None:
    """Make sure nothing of the old file's -wal/-shm/-journal can ever be applied to the new one: a
    sound file has its WAL checkpointed and is switched to DELETE mode; a damaged one (already
    copied aside with its -wal) has them deleted."""
    if not damaged:
        connection = connect_existing(db)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            connection.execute("PRAGMA journal_mode=DELETE").fetchall()
        finally:
            connection.close()
    for suffix in SIDE_FILES:
        Path(f"{db}{suffix}").unlink(missing_ok=True)
