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


def user_data_dir() -> Path:
    """The user's data folder (Qt's AppDataLocation): %APPDATA%\\BranchKeeper on Windows,
    ~/.local/share/BranchKeeper on Linux. Not created here."""
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def default_db_path(program_folder: Path | None = None) -> Path:
    """Portable mode when `data/` sits next to the program; otherwise the user's data folder,
    created if missing."""
    portable = (program_folder or program_dir()) / "data"
    if portable.is_dir():
        return portable / DB_FILE_NAME
    folder = user_data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder / DB_FILE_NAME
