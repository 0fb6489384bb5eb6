"""`backup` (备份到…: a checked copy anywhere, encrypted with a password when asked), `restore` (从备份
恢复: the backup checked first, the current database backed up, then switched atomically) and
`backups` (the list of backups beside the data file). docs/data-safety.md has the why.

Passwords never come from the command line: a backup's password from BRANCHKEEPER_BACKUP_PASSWORD
(for scripts) or a prompt that does not echo.
"""

from __future__ import annotations

import argparse
import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from models.cli.common import add_db_option, check_folder, file_only, run_command, workspace_for
from models.cli.parsing import display_width
from models.core.errors import UserError

PASSWORD_ENV = "BRANCHKEEPER_BACKUP_PASSWORD"
MIN_BACKUP_PASSWORD = 6
PLAIN_SUFFIX = ".db"


def add_to(commands: argparse._SubParsersAction) -> None:
    backup = commands.add_parser(
        "backup", help="把数据文件备份到U盘或其他文件夹",
        description="把数据文件完整复制一份（复制后检查完好）。加 --encrypt 时用密码加密备份文件："
                    f"密码在提示时输入两次（脚本中可用环境变量 {PASSWORD_ENV}），忘记密码就无法恢复这个备份。"
                    "正在使用的数据文件本身不加密。")
    add_db_option(backup, "要备份的数据文件")
    backup.add_argument("--out", type=Path, required=True, metavar="备份文件",
                        help="备份保存为这个文件，如 E:/支部备份.db（加密的备份另有扩展名）；"
                             "给出文件夹时自动命名")
    backup.add_argument("--encrypt", action="store_true", help="用密码加密备份文件")
    backup.set_defaults(run=run_backup)
    restore = commands.add_parser(
        "restore", help="用备份文件恢复数据（需要管理员）",
        description="用备份文件替换数据文件：先检查备份文件完好，再把现在的数据文件备份一份（放在它旁边的 backups "
                    "文件夹中），然后一次性替换。数据文件还不存在时在那里新建。加密的备份在提示时输入密码"
                    f"（脚本中可用环境变量 {PASSWORD_ENV}）。程序窗口打开着这个数据文件时不能恢复。")
    restore.add_argument("backup", type=Path, metavar="备份文件", help="要恢复的备份文件（加密的也可以）")
    add_db_option(restore, "恢复到这个数据文件")
    restore.set_defaults(run=run_restore)
    backups = commands.add_parser(
        "backups", help="列出数据文件旁边的备份",
        description="列出数据文件旁边 backups 文件夹中的备份（自动备份和修复、恢复、升级前的备份），最新的在前，"
                    "包括时间、类型、大小和在册党员人数。")
    add_db_option(backups, "数据文件")
    backups.set_defaults(run=run_backups)


def file_size(size: int) -> str:
    """A size as people read it: 812 字节, 56 KB, 3.4 MB, 1.2 GB."""
    if size < 1024:
        return f"{size} 字节"
    for unit, scale in (("GB", 1024 ** 3), ("MB", 1024 ** 2)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{round(size / 1024)} KB"


def _when(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M}" if moment is not None else "（不详）"


def ask_password(prompt: str) -> str:
    """A password typed at a prompt that does not echo; a clear refusal when there is no one to ask."""
    import sys

    try:
        if sys.stdin is None or not sys.stdin.isatty():  # getpass would warn in English, then read a pipe
            raise EOFError
        return getpass.getpass(prompt)
    except (EOFError, OSError):
        raise UserError(f"需要输入密码，但无法提示输入。请在命令提示符窗口中运行，或用环境变量 {PASSWORD_ENV} "
                        "给出备份的密码。没有做任何改动。") from None


def _new_password() -> str:
    """The password for an encrypted backup: from the environment, or typed twice."""
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        password = ask_password("备份密码：")
        if len(password) >= MIN_BACKUP_PASSWORD and ask_password("再输入一次备份密码：") != password:
            raise UserError("两次输入的备份密码不一致，没有备份。")
    if len(password) < MIN_BACKUP_PASSWORD:
        raise UserError(f"备份密码至少要 {MIN_BACKUP_PASSWORD} 个字符，没有备份。")
    return password


def _check_out(out: Path, encrypt: bool, db: Path) -> Path:
    """--out checked before any work: a folder (the copy is then named <name>-备份-<date-time>), or a
    file ending .db (with --encrypt, .bkbak; a .db name is then written as .bkbak)."""
    from models.cli.common import UsageError
    from models.storage.backups import ENCRYPTED_SUFFIX

    out = Path(out)
    if out.is_dir():
        return out.resolve()
    allowed = (PLAIN_SUFFIX, ENCRYPTED_SUFFIX) if encrypt else (PLAIN_SUFFIX,)
    if out.suffix.lower() not in allowed:
        example = out.with_suffix(allowed[-1]).name if out.suffix else f"{out.name}{allowed[-1]}"
        raise UsageError(f"--out 的备份文件名应以 {' 或 '.join(allowed)} 结尾，如 {example}（现在是“{out.name}”）")
    check_folder(out)
    out = out.resolve()
    if encrypt:
        out = out.with_suffix(ENCRYPTED_SUFFIX)
    if out == Path(db).resolve():
        raise UserError("备份文件不能是数据文件本身，请换一个位置或文件名。")
    return out


def run_backup(args: argparse.Namespace) -> int:
    """备份到…: a checked copy at --out, recorded through `backup.recorded` (BACKUP_EXPORT: 查看 may not)."""

    def work() -> int:
        from models.settings.safety import SAME_DISK_WARNING, record_offsite_backup
        from models.storage.backups import export_backup
        from models.storage.location import same_disk
        from models.workspace import Permission

        out = _check_out(args.out, args.encrypt, file_only(args.db, "backup 命令"))
        replaced = out.is_file()
        with workspace_for(args.db) as workspace:
            workspace.check(Permission.BACKUP_EXPORT)  # before asking for a password or writing anything
            password = _new_password() if args.encrypt else None
            written = export_backup(workspace.store.path, out, password)
            shared = same_disk(workspace.store.path, written)
            workspace.run(record_offsite_backup, written, bool(password), not shared)
        print(f"已备份到：{written}（{file_size(written.stat().st_size)}）" + ("，替换了原有的同名文件" if replaced else ""))
        if shared:
            print(f"提醒：{SAME_DISK_WARNING}。")
        if password:
            print("备份文件已用密码加密。请牢记这个密码：忘记密码就无法用这个备份恢复数据。")
        return 0

    return run_command(work, "backup")


@contextmanager
def _window_closed(db: Path, command: str) -> Iterator[None]:
    """The data file's lock for the whole restore, refused in Chinese while the window has it open."""
    from models.storage.instance_lock import AlreadyRunning, InstanceLock

    lock = InstanceLock(db)
    try:
        lock.acquire()
    except AlreadyRunning:
        raise UserError(f"支部管家的程序窗口正打开着这个数据文件：{db}\n请先关闭程序窗口，再运行 {command}。"
                        "没有做任何改动。") from None
    try:
        yield
    finally:
        lock.release()


def _restoring_actor(db: Path):
    """Who restores: the user signed in on the current database, who must be allowed to restore
    (a 管理员 where there are accounts). Where no database is yet, or the current one is too damaged
    to read its accounts, the person at this computer (who can replace the file anyway)."""
    from models.storage.check import DatabaseDamaged
    from models.storage.errors import MissingFile, NotADataFile
    from models.storage.instance_lock import AlreadyRunning
    from models.workspace import Permission, local_actor

    if not db.exists():
        return local_actor(), ""
    try:
        with workspace_for(db) as workspace:
            workspace.check(Permission.BACKUP_RESTORE)
            return workspace.actor, ""
    except AlreadyRunning:
        raise UserError(f"支部管家的程序窗口正打开着这个数据文件：{db}\n请先关闭程序窗口，再运行 restore。"
                        "没有做任何改动。") from None
    except MissingFile:
        return local_actor(), ""
    except (DatabaseDamaged, NotADataFile) as exc:
        return local_actor(), f"现在的数据文件无法正常打开（{str(exc).splitlines()[0]}），用备份替换它。"


def _backup_password(backup: Path):
    """What the backup holds, and its password: from the environment, else asked when encrypted."""
    from models.storage.backups import PasswordNeeded, describe_backup

    password = os.environ.get(PASSWORD_ENV) or None
    try:
        info = describe_backup(backup, password)
    except PasswordNeeded:
        info = None
    if (info is None or info.encrypted) and password is None:
        password = ask_password("备份文件的密码：")
        info = describe_backup(backup, password)
    return info, (password if info.encrypted else None)


def run_restore(args: argparse.Namespace) -> int:
    """从备份恢复 (BACKUP_RESTORE): verified, the current database backed up, switched atomically,
    then an audit row 从备份恢复 in the restored database."""

    def work() -> int:
        from models.settings.safety import record_restore
        from models.storage.backups import restore_backup
        from models.storage.store import Store
        from models.workspace import Workspace

        backup, db = Path(args.backup).resolve(), file_only(args.db, "restore 命令").resolve()
        if not backup.is_file():
            raise UserError(f"找不到备份文件：{backup}\n请检查文件名和所在的文件夹（U盘是否已插好）。")
        if not db.parent.is_dir():
            raise UserError(f"数据文件所在的文件夹不存在：{db.parent}")
        if backup == db:
            raise UserError("备份文件就是要恢复的数据文件本身，没有做任何改动。")
        # The backup (and its password) is checked before the current database is even opened: a
        # wrong password or a file that is no backup leaves it exactly as it was.
        info, password = _backup_password(backup)
        actor, note = _restoring_actor(db)
        with _window_closed(db, "restore"):
            restored = restore_backup(backup, db, password)
            store = Store(restored.db, create=False)  # an older backup is upgraded here (a copy first)
            try:
                Workspace(store, actor).run(record_restore, backup, info.made_at, info.people,
                                            restored.before, restored.set_aside)
            finally:
                store.close()
        if note:
            print(note)
        print(f"已从备份恢复：{backup}")
        people = "不详" if info.people is None else f"{info.people} 人"
        print(f"备份时间：{_when(info.made_at)}，在册党员 {people}")
        print(f"数据文件：{restored.db}")
        if restored.before is not None:
            print(f"恢复前的数据文件已备份到：{restored.before}")
        elif restored.set_aside is None:
            print("这里原来没有数据文件，已经新建。")
        if restored.set_aside is not None:
            print(f"原来损坏的数据文件已移到：{restored.set_aside}")
        return 0

    return run_command(work, "restore")


def _signed_in_for_list(db: Path) -> str:
    """Listing needs the signed-in user where there are accounts, like any reading command; a
    missing or damaged data file still lists its backups (that is when they are needed)."""
    from models.cli.common import reading
    from models.storage.check import DatabaseDamaged
    from models.storage.errors import MissingFile, NotADataFile

    try:
        with reading(db):
            return ""
    except MissingFile:
        return f"找不到数据文件：{db}"
    except (DatabaseDamaged, NotADataFile):
        return f"数据文件无法正常打开：{db}"


def backup_table(infos: list) -> list[str]:
    """The backups as aligned lines: 时间, 类型, 大小, 人数, 文件名 (newest first)."""
    rows = [("时间", "类型", "大小", "人数", "文件名")]
    for info in sorted(infos, key=lambda i: i.made_at, reverse=True):
        kind = (info.label or "其他") + ("（加密）" if info.encrypted else "")
        people = "不详" if info.people is None else str(info.people)
        rows.append((_when(info.made_at), kind, file_size(info.size), people, info.path.name))
    widths = [max(display_width(row[i]) for row in rows) for i in range(4)]
    lines = []
    for row in rows:
        cells = [cell + " " * (widths[i] - display_width(cell)) for i, cell in enumerate(row[:4])]
        lines.append("  ".join([*cells, row[4]]))
    return lines


def run_backups(args: argparse.Namespace) -> int:
    def work() -> int:
        from models.storage.backups import backup_folder, list_backups

        db = file_only(args.db, "backups 命令").resolve()
        note = _signed_in_for_list(db)
        folder = backup_folder(db)
        infos = list_backups(db) if folder.is_dir() else []
        if note:
            print(note)
            if not infos:
                raise UserError(f"{note}\n它旁边的备份文件夹中也没有备份：{folder}")
            print(f"可以用下面的备份恢复：restore 备份文件 --db {db}")
        if not infos:
            print(f"备份文件夹中还没有备份：{folder}")
            return 0
        print(f"备份文件夹：{folder}（共 {len(infos)} 个备份，最新的在前）")
        print("\n".join(backup_table(infos)))
        return 0

    return run_command(work, "backups")
