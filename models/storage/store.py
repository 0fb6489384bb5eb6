"""The database: one engine per process, pragmas on every connection, sessions per action.

Two kinds of session: `read()` for looking (the connection is switched to `query_only`, so any
write through it fails), and `transaction()` for the write path alone (models.workspace), which
starts with `BEGIN IMMEDIATE` so two writers never deadlock half-way through.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import sessionmaker

from models.core.faults import fault_message
from models.storage import migrations
from models.storage.backup import copy_database, remove_partial
from models.storage.backups import BEFORE_UPGRADE, STARTUP, BackupFailed, backup_folder, make_backup
from models.storage.check import raise_if_damaged
from models.storage.datafile import probe
from models.storage.errors import StoreError
from models.storage.file_modes import FILE_MODE, secure_data_file
from models.storage.instance_lock import AlreadyRunning, InstanceLock
from models.storage.sessions import SessionSource

__all__ = ["Store", "StoreError", "create_database", "make_engine", "open_for_reading", "open_store", "opened"]

BUSY_TIMEOUT_MS = 5000


_MODE = "branchkeeper_mode"  # execution option: "read", "write" or absent (migrations)


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # The driver's own transaction handling would start transactions late and never IMMEDIATE;
    # _begin below starts each one itself.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(path: Path) -> Engine:
    """An engine on the SQLite file at `path` with foreign keys, WAL and a busy timeout."""
    # Jobs (reports, imports) run on worker threads, each with its own session and connection.
    # hide_parameters: an error's text (logged) must not carry the row's ID number or phone.
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False}, hide_parameters=True)
    event.listen(engine, "connect", _set_pragmas)
    event.listen(engine, "begin", _begin)
    return engine


def _begin(connection) -> None:
    """Start the transaction as its session asked: read-only, IMMEDIATE for writes, else deferred."""
    mode = connection.get_execution_options().get(_MODE)
    connection.exec_driver_sql(f"PRAGMA query_only={'ON' if mode == 'read' else 'OFF'}")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if mode == "write" else "BEGIN")


class Store(SessionSource):
    """An opened, upgraded database file: `read()` for looking (SQLite's query_only), operations
    (models.workspace) for writing, each transaction BEGIN IMMEDIATE.

    `Store(path)` creates a missing file (tests, the self-test); the program's own entry points go
    through `open_store`, which creates one only when told. An existing file is checked first
    (datafile.probe: ours, a known release, quick_check) and refused untouched otherwise.
    """

    def __init__(self, path: Path, *, upgrade: bool = True, create: bool = True,
                 backup_dir: Path | None = None, revision: str | None = None,
                 upgrade_backup: Path | None = None) -> None:
        """`revision` is the file's revision when the caller has just probed it (open_store);
        `upgrade_backup` the 升级前 copy the caller has already made, so no second one is taken."""
        self.path = Path(path)
        if not self.path.parent.is_dir():
            raise StoreError(f"数据文件所在的文件夹不存在：{self.path.parent}")
        if create and not self.path.exists():
            create_database(self.path)
        revision = revision or probe(self.path)
        if not upgrade and revision != migrations.HEAD:
            raise StoreError(f"数据文件正被另一个版本的支部管家使用：{self.path}\n请先关闭那个程序窗口再试。")
        self.backup_dir = Path(backup_dir) if backup_dir else backup_folder(self.path)
        self.engine = make_engine(self.path)
        self._reads = sessionmaker(self.engine.execution_options(**{_MODE: "read"}), expire_on_commit=False)
        self._writes = sessionmaker(self.engine.execution_options(**{_MODE: "write"}), expire_on_commit=False)
        self.backup_path: Path | None = None  # the 升级前 copy when this open upgraded the file
        self.startup_backup: Path | None = None  # open_store(startup_backup=True): the copy made at start
        self.startup_backup_failed: BackupFailed | None = None  # … or why it could not be made
        self.startup_backup_deferred = False  # a large file: the 启动时 copy is the window's, in the background
        if revision != migrations.HEAD:
            try:
                self.backup_path = self._upgrade(upgrade_backup)
            except BaseException:
                self.engine.dispose()
                raise

    def _upgrade(self, backup: Path | None) -> Path:
        """Copy the file into backups/ (unless `backup` is that copy, already made), then bring its
        schema to head in one transaction. No copy, no upgrade: BackupFailed stops it."""
        try:
            if backup is None:
                backup = make_backup(self.path, BEFORE_UPGRADE, folder=self.backup_dir)
            with self.engine.begin() as connection:
                migrations.upgrade(connection)
            return backup
        except BackupFailed as exc:
            raise BackupFailed(f"数据文件需要升级到新版本的格式，但升级没有完成：升级前要先备份，{exc}") from exc
        except Exception as exc:
            message = fault_message(exc)
            if message is None:
                raise
            raise StoreError(f"数据文件需要升级到新版本的格式，但升级没有完成：{message}") from exc

    def backup_to(self, target: Path) -> None:
        """Copy the live database with SQLite's online backup API (safe with WAL), checked."""
        copy_database(self.path, target)

    def safety_backup(self, label: str) -> Path:
        """A checked copy in backups/ before risky work (Workspace.run, for operations flagged
        backup_before; label = the operation's title). Raises BackupFailed (Chinese)."""
        return make_backup(self.path, label, folder=self.backup_dir)

    @property
    def location(self) -> str:
        """Where the data is, as shown to the user: the data file's path."""
        return str(self.path)

    def close(self) -> None:
        self.engine.dispose()


def create_database(path: Path) -> None:
    """A new data file at `path` with the schema at head. It is built under a temporary name beside
    `path` and moved into place complete, so an interrupted first start (or a full disk) never
    leaves an empty or half-made file that a later start would have to refuse."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.creating")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    try:
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))  # owner-only from the start
        engine = make_engine(partial)
        try:
            with engine.begin() as connection:
                migrations.upgrade(connection)
        finally:
            engine.dispose()  # the last connection checkpoints the WAL into the file
        _move_into_place(partial, path)
        secure_data_file(path)
    except BaseException as exc:
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
        message = fault_message(exc) if isinstance(exc, Exception) else None
        if message is None:
            raise
        raise StoreError(f"无法新建数据文件 {path}：{message}") from exc


def _move_into_place(partial: Path, path: Path) -> None:
    """Give the finished file its name without ever replacing a file of that name."""
    try:
        os.link(partial, path)  # fails if `path` exists, unlike a rename on Linux
    except FileExistsError:
        raise StoreError(f"数据文件已经存在，没有覆盖它：{path}") from None
    except OSError:  # no hard links here (FAT32 USB drives): the lock taken first keeps it single
        if path.exists():
            raise StoreError(f"数据文件已经存在，没有覆盖它：{path}") from None
        os.replace(partial, path)
    else:
        partial.unlink()


LARGE_FILE = 64 * 2**20  # bytes: a township's file, not a village's (a village of 500 people: 18 MB)


def open_store(path: Path, *, create: bool = False, startup_backup: bool = False) -> tuple[InstanceLock, Store]:
    """Lock, then open and upgrade, the data file at `path`; with `create`, a missing file is made.
    The file (and its -wal/-shm) is made owner-only (0600, its folder 0700) when looser.

    Raises AlreadyRunning when another program holds it and StoreError when it cannot be
    opened (MissingFile, NotADataFile, NewerVersion, DatabaseDamaged …); in every case the
    database file is left untouched and no lock is held.

    `startup_backup` (the window): an existing file, once locked and found sound, is copied into
    backups/ before anything else — label 升级前 when it is about to be upgraded (then that copy is
    the upgrade's; if it fails, BackupFailed is raised and nothing is upgraded), else 启动时. A
    failed 启动时 copy does not stop the start: it is on `store.startup_backup_failed` for the
    window to report; the copy made is `store.startup_backup`. A file above LARGE_FILE that needs no
    upgrade is only opened: `store.startup_backup_deferred` asks the window to check it and then
    copy it in the background (ui/database_check.py), so a township's start does not wait for both.
    """
    path = Path(path).resolve()
    if not path.parent.is_dir():
        raise StoreError(f"数据文件所在的文件夹不存在：{path.parent}")
    if not create:
        probe(path, quick_check=False)  # a missing or foreign file is refused before any lock file is made
    lock = InstanceLock(path)
    lock.acquire()
    try:
        return lock, _open_locked(path, create, startup_backup)
    except BaseException:
        lock.release()
        raise


def _open_locked(path: Path, create: bool, startup_backup: bool) -> Store:
    # A restore killed before its switch leaves its checked copy (members' data) beside the file:
    # with the lock held no restore is running, so it goes.
    remove_partial(path.with_name(f".{path.name}.restoring"))
    if not path.exists():
        store = Store(path, create=create)
        secure_data_file(path)
        return store
    secure_data_file(path)
    if not startup_backup:
        return Store(path, create=create)
    large = path.stat().st_size > LARGE_FILE
    # Ours, a known release, and (quick_check) not damaged: a damaged file is refused uncopied. A large
    # file that needs no upgrade is checked and copied after the window shows (ui/database_check.py):
    # at a township's 900 MB the check and the copy took 12 s of every start.
    revision = probe(path, quick_check=not large)
    upgrading = revision != migrations.HEAD
    if large and not upgrading:
        store = Store(path, create=create, revision=revision)
        store.startup_backup_deferred = True
        return store
    taken, failed = None, None
    try:
        taken = make_backup(path, BEFORE_UPGRADE if upgrading else STARTUP)
    except BackupFailed as exc:
        if upgrading:
            raise BackupFailed(f"数据文件需要升级到新版本的格式，但升级没有完成：升级前要先备份，{exc}") from exc
        failed = exc
    store = Store(path, create=create, revision=revision, upgrade_backup=taken if upgrading else None)
    store.startup_backup, store.startup_backup_failed = taken, failed
    return store


def open_for_reading(path: Path) -> tuple[InstanceLock | None, Store]:
    """Open an existing data file for a read-only job (a report) even while the program has it
    open: the running program has already upgraded it, so no lock and no upgrade are needed."""
    path = Path(path).resolve()
    try:
        return open_store(path)
    except AlreadyRunning:
        return None, Store(path, upgrade=False, create=False)


@contextmanager
def opened(path: Path | str, *, for_reading: bool = False, create: bool = False,
           full_check: bool = False) -> Iterator[Store]:
    """The data file, locked and upgraded (or opened for a read-only job), closed afterwards.
    `full_check` runs SQLite's full integrity_check first (DatabaseDamaged when it finds anything):
    commands that print, export or copy data must not work from a file with a damaged index."""
    from models.storage.server_store import ServerStore, is_server_url

    if is_server_url(path):  # a shared server database: no file lock, the server checks itself
        server = ServerStore(str(path))
        try:
            yield server
        finally:
            server.close()
        return
    lock, store = open_for_reading(path) if for_reading else open_store(path, create=create)
    try:
        if full_check:
            raise_if_damaged(store.path)
        yield store
    finally:
        store.close()
        if lock is not None:
            lock.release()
