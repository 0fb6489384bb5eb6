"""Is the data file sound? SQLite's own checks, explained in Chinese, and the repair of damage
that is confined to indexes.

A damaged index silently hides rows from every query that uses it (a member missing from the
roster and the export, exit code 0), and `quick_check` does not see it: only `integrity_check`
compares each index with its table (about 7 ms per 1,000 people). The program therefore runs
`quick_check` whenever it opens a file, and the full check before anything is printed, exported
or copied (the CLI) or in the background (the window). Index damage is repaired with REINDEX
after a copy of the file has been taken: the rows themselves are intact and indexes are derived
from them. Any other damage is only explained — the user restores a backup.

These are SQLite checks on purpose (see docs/architecture.md §3: SQLite-specific code stays in
models/storage).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from models.core.jobs import IsCancelled, check_cancel
from models.storage.backup import connect_existing
from models.storage.errors import StoreError

# integrity_check's lines about an index whose entries do not match its table.
_INDEX_PROBLEM = re.compile(
    r"^(?:row \d+ missing from index|wrong # of entries in index|non-unique entry in UNIQUE index) (?P<index>\S+)$")


@dataclass(frozen=True)
class Damage:
    """What SQLite found wrong with a file: its own lines (English, for the log), the indexes they
    name, and whether the damage is confined to indexes (then REINDEX repairs it)."""

    path: Path
    problems: tuple[str, ...]
    indexes: frozenset[str]

    @property
    def repairable(self) -> bool:
        return bool(self.indexes) and all(_INDEX_PROBLEM.match(line) for line in self.problems)

    def explain(self) -> str:
        """Chinese: what is wrong, what it means, what to do."""
        name = self.path.name
        if self.repairable:
            return (f"数据文件“{name}”的索引（帮助查找人员的目录）已损坏，名单、报表和导出可能会漏掉人员。"
                    "人员信息本身完好，可以修复：修复前会先把文件复制一份到 backups 文件夹。\n"
                    "请在程序窗口中按提示修复，或在命令行运行 check --repair。"
                    f"\n文件位置：{self.path}")
        return (f"数据文件“{name}”已损坏（数据库检查发现 {len(self.problems)} 处问题），为免出错，没有继续，"
                "也没有改动它。\n请用 backups 文件夹中的备份恢复，或把这个文件交给技术支持人员。"
                f"\n文件位置：{self.path}")


class DatabaseDamaged(StoreError):
    """The data file failed SQLite's check; `damage` says what was found and if it can be repaired."""

    def __init__(self, damage: Damage) -> None:
        super().__init__(damage.explain())
        self.damage = damage


def _problems(connection: sqlite3.Connection, pragma: str) -> list[str]:
    try:
        rows = connection.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.DatabaseError as exc:  # so damaged that the check itself stops
        return [str(exc)]
    lines = [line for (text,) in rows for line in str(text).splitlines()]
    return [line for line in lines if line != "ok" and not line.startswith("*** in database")]


def unreadable_text(connection: sqlite3.Connection, limit: int = 100) -> list[str]:
    """Text values that are not valid UTF-8 (at most `limit` lines, English, for the log).

    integrity_check checks pages and indexes, not what a value holds: a flipped byte inside a name
    or an audit entry passes it, yet every read of that row then fails ("Could not decode to
    UTF-8"), so a list would stop short or a report fail. Each text column is read back as bytes."""
    found: list[str] = []
    factory = connection.text_factory
    connection.text_factory = bytes
    try:
        tables = [name.decode("utf-8", "replace") for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        for table in tables:
            columns = [row[1].decode("utf-8", "replace") for row in connection.execute(f'PRAGMA table_info("{table}")')
                       if b"BLOB" not in (row[2] or b"").upper()]
            if not columns:
                continue
            listed = ", ".join(f'"{column}"' for column in columns)
            for number, row in enumerate(connection.execute(f'SELECT {listed} FROM "{table}"'), start=1):
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, bytes):
                        try:
                            value.decode("utf-8")
                        except UnicodeDecodeError:
                            found.append(f"unreadable text in {table}.{column}, row {number} of the table")
                            if len(found) >= limit:
                                return found
    except sqlite3.DatabaseError as exc:  # the scan itself cannot go on: the damage is reported
        found.append(str(exc))
    finally:
        connection.text_factory = factory
    return found


def damage_on(connection: sqlite3.Connection, path: Path, *, quick: bool = False) -> Damage | None:
    """Run `quick_check`, or the full `integrity_check` and the text scan (unreadable_text), on an
    open connection; None when sound."""
    problems = _problems(connection, "quick_check" if quick else "integrity_check")
    if not quick:
        problems += unreadable_text(connection)
    if not problems:
        return None
    indexes = frozenset(m["index"] for line in problems if (m := _INDEX_PROBLEM.match(line)))
    return Damage(Path(path), tuple(problems), indexes)


def find_damage(path: Path, *, quick: bool = False, cancelled: IsCancelled | None = None) -> Damage | None:
    """Check the file at `path` on a connection of its own (safe on any thread, also while the
    program writes: WAL lets the check read a consistent snapshot). With `cancelled`, the check
    stops soon after it says so — within SQLite's own statements too — and raises Cancelled: the
    window's check of a township file runs for seconds and must not hold up closing the program."""
    connection = connect_existing(path)
    if cancelled is not None:
        connection.set_progress_handler(lambda: 1 if cancelled() else 0, 20_000)
    try:
        damage = damage_on(connection, path, quick=quick)
        check_cancel(cancelled)  # an interrupted statement's error is no finding
        return damage
    finally:
        connection.close()


def raise_if_damaged(path: Path) -> None:
    """The full check; DatabaseDamaged (Chinese) when it finds anything."""
    damage = find_damage(path)
    if damage is not None:
        raise DatabaseDamaged(damage)


TABLE_NAMES = {"branch": "支部", "party_group": "党小组", "person": "人员", "person_event": "经历事件",
               "audit_log": "操作记录"}


def foreign_key_problems(path: Path) -> list[str]:
    """Rows pointing at rows that do not exist, in Chinese."""
    connection = connect_existing(path)
    try:
        rows = connection.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        connection.close()
    return [f"{TABLE_NAMES.get(table, table)}表第 {rowid} 条记录指向{TABLE_NAMES.get(parent, parent)}表中不存在的记录"
            for table, rowid, parent, _fk in rows]


def repair_indexes(damage: Damage, backup_folder: Path | None = None) -> Path:
    """Copy the file into backups/, then rebuild the damaged indexes in one transaction and check
    again. Returns the copy. Raises StoreError (Chinese) when the damage is not confined to indexes,
    or the repair did not make the file sound (the copy is kept; the transaction rolled back)."""
    from models.storage.backups import (  # backups reads files through datafile, which uses this module
        BEFORE_REPAIR,
        make_backup,
    )

    if not damage.repairable:
        raise DatabaseDamaged(damage)
    copy = make_backup(damage.path, BEFORE_REPAIR, folder=backup_folder, verify=False)  # BackupFailed stops here
    connection = connect_existing(damage.path)
    try:
        connection.execute("BEGIN IMMEDIATE")
        try:
            for index in sorted(damage.indexes):
                connection.execute(f'REINDEX "{index}"')
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
        left = damage_on(connection, damage.path)
    except sqlite3.IntegrityError as exc:  # a UNIQUE index whose table now holds duplicates
        raise StoreError(f"索引无法重建：表中有重复的记录，需要技术支持人员处理。修复前的副本保存在：{copy}") from exc
    finally:
        connection.close()
    if left is not None:
        raise StoreError(f"修复没有成功，数据文件仍有损坏（{len(left.problems)} 处）。"
                         f"请用 backups 文件夹中的备份恢复。修复前的副本保存在：{copy}")
    return copy
