"""Where the data lives: portable `data/` beside the program, else the per-user data folder."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QStandardPaths

DB_FILE_NAME = "branchkeeper.db"


def program_dir() -> Path:
    """The folder holding the executable (frozen) or main.py (from source)."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def default_db_path(program_folder: Path | None = None) -> Path:
    """Portable mode when `data/` sits next to the program; otherwise AppDataLocation."""
    portable = (program_folder or program_dir()) / "data"
    if portable.is_dir():
        return portable / DB_FILE_NAME
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / DB_FILE_NAME
