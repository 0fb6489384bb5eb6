"""The error log beside the data file (logs/error.log): what support needs, never an ID or phone.

Tracebacks carry values (SQL parameters, a form's repr, a file name made from a name and an ID),
so every line is scrubbed before it is written: 18- and 15-digit ID numbers and mobile and
landline numbers, with or without separators, become “[已隐去]”.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

HIDDEN = "[已隐去]"
LOG_NAME = "error.log"

_SCRUB = re.compile(r"""
    (?<![\d])
    (?:
        \d{6}[-\s]\d{4}[-\s]?\d{4}[-\s]?\d{3}[\dXx]      # an ID written in groups
      | 1[3-9]\d[-\s]\d{4}[-\s]\d{4}                    # a mobile written in groups
      | \(?0\d{2,3}\)?[-\s]\d{7,8}                       # a landline with its area code
      | \d{7,}[Xx]?                                      # any long run of digits: IDs, phones
    )
    (?![\d])
""", re.X)


def scrub(text: str) -> str:
    """`text` with every ID number and phone number in it replaced by “[已隐去]”."""
    return _SCRUB.sub(HIDDEN, text)


def log_folder(data_file: Path) -> Path:
    """logs/ beside the data file."""
    return Path(data_file).resolve().parent / "logs"


def format_error(exc: BaseException, context: str = "") -> str:
    from models import APP_NAME, __version__

    head = f"--- {datetime.now():%Y-%m-%d %H:%M:%S} {APP_NAME} {__version__} {context}".rstrip()
    body = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return scrub(f"{head}\n{body}")


def write_error(folder: Path, exc: BaseException, context: str = "") -> Path | None:
    """Append `exc` with its traceback, scrubbed, to folder/error.log; None when the log cannot be
    written (a full disk, a read-only folder) — logging must never be the next failure."""
    log_file = Path(folder) / LOG_NAME
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        with log_file.open("a", encoding="utf-8") as log:
            log.write(format_error(exc, context))
    except OSError:
        return None
    return log_file


def append_lines(folder: Path, title: str, lines: Iterable[str]) -> Path | None:
    """Append a titled block of lines (scrubbed) to folder/error.log; None when it cannot be written."""
    log_file = Path(folder) / LOG_NAME
    text = "\n".join([f"--- {datetime.now():%Y-%m-%d %H:%M:%S} {title}", *lines, ""])
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        with log_file.open("a", encoding="utf-8") as log:
            log.write(scrub(text))
    except OSError:
        return None
    return log_file


class ScrubbingFormatter(logging.Formatter):
    """A logging formatter whose output (message and traceback) is scrubbed like the error log."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


class _QuietFileHandler(logging.FileHandler):
    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        pass  # a log that cannot be written (full disk) must not print a traceback of its own


def log_handler(folder: Path) -> logging.Handler | None:
    """A handler appending scrubbed records to folder/error.log (opened on first use), or None
    when the folder cannot be made."""
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    handler = _QuietFileHandler(Path(folder) / LOG_NAME, encoding="utf-8", delay=True)
    handler.setFormatter(ScrubbingFormatter("--- %(asctime)s %(name)s %(levelname)s\n%(message)s"))
    handler.setLevel(logging.WARNING)
    return handler
