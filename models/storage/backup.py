"""Copies of the data file made with SQLite's online backup API, safe while the program writes
(WAL): before an upgrade, before a repair. A copy is written under a temporary name and moved into
place only when complete, so a full disk never leaves a half copy that looks like a backup."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path


def backup_path(data_file: Path, label: str, folder: Path | None = None) -> Path:
    """backups/<name>-<label>-<date-time>.db beside the data file (a number added if taken)."""
    folder = folder or Path(data_file).parent / "backups"
    stem = f"{Path(data_file).stem}-{label}-{datetime.now():%Y%m%d-%H%M%S}"
    target, n = folder / f"{stem}.db", 1
    while target.exists():
        n += 1
        target = folder / f"{stem}-{n}.db"
    return target


def connect_existing(path: Path) -> sqlite3.Connection:
    """A plain connection to an existing SQLite file, never creating one (mode=rw), with the
    driver's own transaction handling off."""
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=rw", uri=True, isolation_level=None,
                           check_same_thread=False)


def copy_database(source: Path, target: Path) -> None:
    """Copy the live database at `source` to `target` (a new file) with the backup API."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        origin = connect_existing(source)
        try:
            copy = sqlite3.connect(partial)
            try:
                origin.backup(copy)
            finally:
                copy.close()
        finally:
            origin.close()
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
