"""The database: one engine per process, pragmas on every connection, sessions per action.

Two kinds of session: `read()` for looking (the connection is switched to `query_only`, so any
write through it fails), and `transaction()` for the write path alone (models.workspace), which
starts with `BEGIN IMMEDIATE` so two writers never deadlock half-way through.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from models.core.errors import UserError
from models.storage import migrations
from models.storage.instance_lock import AlreadyRunning, InstanceLock

BUSY_TIMEOUT_MS = 5000


class StoreError(UserError):
    """The database file cannot be opened or upgraded; the message is Chinese and user-facing."""


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
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _set_pragmas)
    event.listen(engine, "begin", _begin)
    return engine


def _begin(connection) -> None:
    """Start the transaction as its session asked: read-only, IMMEDIATE for writes, else deferred."""
    mode = connection.get_execution_options().get(_MODE)
    connection.exec_driver_sql(f"PRAGMA query_only={'ON' if mode == 'read' else 'OFF'}")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if mode == "write" else "BEGIN")


class Store:
    """An opened, upgraded database file: `read()` for looking, operations (models.workspace) for writing."""

    def __init__(self, path: Path, *, upgrade: bool = True, backup_dir: Path | None = None) -> None:
        self.path = Path(path)
        if not self.path.parent.is_dir():
            raise StoreError(f"数据文件所在的文件夹不存在：{self.path.parent}")
        self.engine = make_engine(self.path)
        self._reads = sessionmaker(self.engine.execution_options(**{_MODE: "read"}), expire_on_commit=False)
        self._writes = sessionmaker(self.engine.execution_options(**{_MODE: "write"}), expire_on_commit=False)
        self.backup_path: Path | None = None
        if upgrade:
            self.backup_path = self._upgrade(backup_dir or self.path.parent / "backups")

    def _upgrade(self, backup_dir: Path) -> Path | None:
        """Bring the schema to head, backing the file up first when it already holds a schema."""
        try:
            with self.engine.connect() as connection:
                current = migrations.current_revision(connection)
            if current == migrations.HEAD:
                return None
            backup = None
            if current is not None:
                stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
                backup = backup_dir / f"{self.path.stem}-升级前备份-{stamp}.db"
                self.backup_to(backup)
            with self.engine.begin() as connection:
                migrations.upgrade(connection)
            return backup
        except sqlite3.DatabaseError as exc:  # pragma: no cover - depends on the damaged file
            raise StoreError(f"无法打开数据文件 {self.path}：{exc}") from exc
        except Exception as exc:
            if "file is not a database" in str(exc):
                raise StoreError(f"{self.path} 不是支部管家的数据文件（或文件已损坏）") from exc
            raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; any attempt to write through it fails (query_only)."""
        session = self._reads()
        try:
            yield session
        finally:
            session.close()  # ends the read transaction; loaded objects stay readable, detached

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One write transaction (BEGIN IMMEDIATE): committed when the block ends, rolled back on
        any error. Only the write path (models.workspace) calls this; widgets and CLI commands
        run operations instead."""
        session = self._writes()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def backup_to(self, target: Path) -> None:
        """Copy the live database with SQLite's online backup API (safe with WAL)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(self.path)
        try:
            destination = sqlite3.connect(target)
            try:
                source.backup(destination)
            finally:
                destination.close()
        finally:
            source.close()

    def close(self) -> None:
        self.engine.dispose()


def open_store(path: Path) -> tuple[InstanceLock, Store]:
    """Lock, then open and upgrade, the data file at `path`.

    Raises AlreadyRunning when another program holds it and StoreError when it cannot be
    opened; in both cases the database file is left untouched and no lock is held.
    """
    path = Path(path).resolve()
    if not path.parent.is_dir():
        raise StoreError(f"数据文件所在的文件夹不存在：{path.parent}")
    lock = InstanceLock(path)
    try:
        lock.acquire()
    except PermissionError as exc:
        raise StoreError(f"没有权限在 {path.parent} 中写入文件，请换一个文件夹或以有权限的账户运行") from exc
    try:
        return lock, Store(path)
    except BaseException:
        lock.release()
        raise


def open_for_reading(path: Path) -> tuple[InstanceLock | None, Store]:
    """Open an existing data file for a read-only job (a report) even while the program has it
    open: the running program has already upgraded it, so no lock and no upgrade are needed."""
    path = Path(path).resolve()
    if not path.is_file():
        raise StoreError(f"找不到数据文件：{path}")
    try:
        return open_store(path)
    except AlreadyRunning:
        return None, Store(path, upgrade=False)


@contextmanager
def opened(path: Path, *, for_reading: bool = False) -> Iterator[Store]:
    """The data file, locked and upgraded (or opened for a read-only job), closed afterwards."""
    lock, store = open_for_reading(path) if for_reading else open_store(path)
    try:
        yield store
    finally:
        store.close()
        if lock is not None:
            lock.release()
