"""What every command shares: the data file option, opening it, running the command so that an
expected failure prints a Chinese message (exit 1, or 2 for a wrong command line) instead of a
traceback, and anything unexpected is logged and explained in Chinese too (exit 1)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from models.core.errors import UserError


class UsageError(UserError):
    """The command line asks for something the command cannot do (exit code 2, like argparse)."""


def add_db_option(parser: argparse.ArgumentParser, help: str = "数据文件") -> None:
    parser.add_argument("--db", type=Path, required=True, metavar="数据文件", help=help)


def int_between(low: int, high: int) -> Callable[[str], int]:
    """An argparse `type` for a whole number in [low, high], with a Chinese message otherwise."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"应为 {low} 到 {high} 之间的整数，现在是“{text}”")
        return value

    return parse


def run_command(work: Callable[[], int], command: str = "") -> int:
    """Run a command; an expected failure prints “错误：…” and gives exit code 1 (2 for UsageError,
    followed, as argparse's own errors are, by where the sub-command's help is)."""
    try:
        return work()
    except UserError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        if isinstance(exc, UsageError) and command:
            from models.cli.parsing import program_name

            print(f"（查看说明：{program_name()} {command} -h）", file=sys.stderr)
        return 2 if isinstance(exc, UsageError) else 1


def log_folder_for(db: Path | None) -> Path:
    """logs/ in the data folder; the temporary folder when there is no data folder to write to."""
    from models.core.error_log import log_folder

    if db is not None and Path(db).resolve().parent.is_dir():
        return log_folder(db)
    return Path(tempfile.gettempdir()) / "BranchKeeper" / "logs"


def report_failure(exc: BaseException, db: Path | None) -> int:
    """Anything a command did not expect: details (scrubbed of IDs and phones) to the log, a Chinese
    message saying what happened and what to do to stderr, exit code 1. Never a traceback."""
    from models.core.error_log import write_error
    from models.core.faults import fault_message

    log = write_error(log_folder_for(db), exc, "command line")
    message = fault_message(exc) or "出现了意外错误，命令没有完成。数据没有被改动。"
    if log is not None:
        message += f"\n详细情况已记录在：{log}\n如果反复出现，请把这个文件发给技术支持人员。"
    print(f"错误：{message}", file=sys.stderr)
    return 1


@contextmanager
def workspace_for(db: Path, *, create: bool = False) -> Iterator:
    """The write path on the data file, acting as this computer's user. Only commands that make a
    new database (`demo`, `init`) pass `create`; the others refuse a missing file, and every one
    refuses a file that is not ours, from a newer release, or damaged (README: 命令行)."""
    from models.storage.store import opened
    from models.workspace import Workspace, local_actor

    with opened(db, create=create, full_check=True) as store:
        yield Workspace(store, local_actor())


@contextmanager
def reading(db: Path) -> Iterator:
    """A read-only session on an existing, sound data file (also while the program has it open)."""
    from models.storage.store import opened

    with opened(db, for_reading=True, full_check=True) as store, store.read() as session:
        yield session


_KINDS = {".pdf": "PDF", ".xlsx": "Excel"}


def check_extension(out: Path, suffix: str) -> None:
    """Refuse an output file whose name does not end in `suffix` (.pdf, .xlsx) before any work:
    a PDF saved as a.txt, or a workbook as x.csv, would not open in the program its name promises."""
    out = Path(out)
    if out.suffix.lower() == suffix:
        return
    kind = _KINDS.get(suffix, suffix)
    example = out.with_suffix(suffix).name if out.suffix else f"{out.name}{suffix}"
    raise UsageError(f"--out 要保存的是{kind}文件，文件名应以 {suffix} 结尾，如 {example}（现在是“{out.name}”）")


def check_folder(out: Path) -> None:
    """Refuse an output file whose folder does not exist, before any work is done."""
    folder = Path(out).resolve().parent
    if not folder.is_dir():
        raise UserError(f"保存位置的文件夹不存在：{folder}")
