"""What every command shares: the data file option, opening it as the user named (--user or
BRANCHKEEPER_USER, the password from BRANCHKEEPER_PASSWORD or a prompt), running the command so that
an expected failure prints a Chinese message (exit 1, 2 for a wrong command line, 3 when signing in
failed) instead of a traceback, and anything unexpected is logged and explained in Chinese too (exit 1)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from models.core.errors import UserError


class UsageError(UserError):
    """The command line asks for something the command cannot do (exit code 2, like argparse)."""


class SignInFailed(UserError):
    """The database has accounts and the command could not sign in (exit code 3)."""


USER_VARIABLE, PASSWORD_VARIABLE = "BRANCHKEEPER_USER", "BRANCHKEEPER_PASSWORD"
SIGN_IN_EXIT = 3

# The global --user of this command line (models/cli/main.py sets it around the command).
_cli_user: ContextVar[str | None] = ContextVar("cli_user", default=None)


@contextmanager
def acting_as(user: str | None) -> Iterator[None]:
    """Commands run inside this block sign in as `user` (None: BRANCHKEEPER_USER decides)."""
    token = _cli_user.set(user)
    try:
        yield
    finally:
        _cli_user.reset(token)


def database(text: str) -> Path | str:
    """A --db value: a data file's path, or a server database's URL (postgresql://用户@服务器/库名),
    kept as text (a Path would fold its //)."""
    from models.storage.server_store import is_server_url

    return text if is_server_url(text) else Path(text)


def shown(db: Path | str) -> str:
    """A --db value to print: a server database's URL without its passwords."""
    from models.storage.server_store import is_server_url, shown_url

    return shown_url(db) if is_server_url(db) else str(db)


def file_only(db: Path | str, what: str) -> Path:
    """The data file for a command that works on a file (copies, checks it); a server database is
    refused with what to use instead."""
    from models.storage.server_store import is_server_url

    if is_server_url(db):
        raise UserError(f"{what}只用于数据文件。服务器上的数据库由服务器备份和检查（PostgreSQL 的 pg_dump），"
                        "见 docs/township.md")
    return Path(db)


def add_db_option(parser: argparse.ArgumentParser, help: str = "数据文件") -> None:
    parser.add_argument("--db", type=database, required=True, metavar="数据文件",
                        help=f"{help}（或服务器上的数据库：postgresql://用户@服务器/库名）")


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
        return exit_code(exc)


def exit_code(exc: UserError) -> int:
    if isinstance(exc, SignInFailed):
        return SIGN_IN_EXIT
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


def command_actor(store, user: str | None = None, *, record: bool = True):
    """Who the command acts as. A database without accounts: this computer's user with every
    permission, whatever --user says. Otherwise the account named by `user`, --user or
    BRANCHKEEPER_USER, signed in (audited) with BRANCHKEEPER_PASSWORD or the password typed at a
    prompt — never one given on the command line. SignInFailed (exit 3) when that is not possible.
    `record=False` for commands that only read (signin.sign_in: a good sign-in then writes nothing)."""
    from models.access.accounts import has_users
    from models.access.signin import SignInRefused, sign_in
    from models.workspace import local_actor

    with store.read() as session:
        if not has_users(session):
            return local_actor()
    name = user or _cli_user.get() or os.environ.get(USER_VARIABLE, "")
    if not name.strip():
        raise SignInFailed(f"这份数据设有用户账号，请指明用户：在子命令前加 --user 用户名，"
                           f"或设置环境变量 {USER_VARIABLE}")
    try:
        return sign_in(store, name, _password(name), record=record)
    except SignInRefused as exc:
        raise SignInFailed(f"以“{name.strip()}”登录没有成功：{exc}") from exc


def _password(name: str) -> str:
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is not None:
        return password
    if sys.stdin is None or not sys.stdin.isatty():
        raise SignInFailed(f"需要“{name.strip()}”的密码：请设置环境变量 {PASSWORD_VARIABLE}，"
                           "或在命令行窗口中运行，按提示输入密码（密码不能写在命令里）")
    import getpass

    try:
        return getpass.getpass("密码：")
    except EOFError:
        raise SignInFailed("没有输入密码") from None


@contextmanager
def workspace_for(db: Path, *, create: bool = False, user: str | None = None) -> Iterator:
    """The write path on the data file, acting as the user signed in (command_actor). Only commands
    that make a new database (`demo`, `init`) pass `create`; the others refuse a missing file, and
    every one refuses a file that is not ours, from a newer release, or damaged (README: 命令行)."""
    from models.storage.store import opened
    from models.workspace import Workspace

    with opened(db, create=create, full_check=True) as store:
        yield Workspace(store, command_actor(store, user))


@contextmanager
def reading(db: Path, *, user: str | None = None) -> Iterator:
    """A read-only session on an existing, sound data file (also while the program has it open),
    after signing in as command_actor does when the database has accounts (reading needs a user too)."""
    from models.storage.store import opened

    with opened(db, for_reading=True, full_check=True) as store:
        command_actor(store, user, record=False)  # a right password writes nothing: reading leaves the file as it was
        with store.read() as session:
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
