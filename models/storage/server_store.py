"""A database on a server (PostgreSQL), given as a URL, for a township whose offices share one database on
their LAN: the same `read()` / `transaction()` the write path (models.workspace) uses on a data file.

What differs from a data file (models/storage/store.py): there is no file, so no single-instance file
lock, no copies in backups/ (the server keeps its own: pg_dump) and no SQLite integrity check. Writes
are serialised as on a data file (there BEGIN IMMEDIATE): each write transaction first takes one
transaction-level advisory lock, so two programs' operations run one after the other, each seeing
what the other committed.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.orm import sessionmaker

from models.storage import migrations
from models.storage.errors import StoreError
from models.storage.sessions import SessionSource

# Any fixed number: every BranchKeeper write transaction on the server takes this lock.
WRITE_LOCK = 0x42_4B_57  # "BKW"
SERVER_SCHEMES = ("postgresql://", "postgresql+psycopg://")


def is_server_url(text_: str | Path) -> bool:
    return str(text_).startswith(SERVER_SCHEMES)


def engine_url(url: str) -> str:
    """postgresql://… means psycopg (version 3), the driver the program ships."""
    return "postgresql+psycopg://" + url.removeprefix("postgresql://") if url.startswith("postgresql://") else url


class ServerStore(SessionSource):
    """An opened, upgraded server database. `safety_backup` makes no copy: a server database is backed up
    by the server."""

    path = None
    backup_path = None
    startup_backup = None
    startup_backup_failed = None

    def __init__(self, url: str, *, upgrade: bool = True) -> None:
        self.url = url
        self.engine = create_engine(engine_url(url), hide_parameters=True, pool_pre_ping=True)
        try:
            with self.engine.begin() as connection:
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})
                if migrations.current_revision(connection) != migrations.HEAD:
                    if not upgrade:
                        raise StoreError("服务器上的数据库是另一个版本的支部管家建的，请先升级所有电脑上的程序。")
                    migrations.upgrade(connection)
        except BaseException:
            self.engine.dispose()
            raise
        self._reads = sessionmaker(self.engine.execution_options(postgresql_readonly=True), expire_on_commit=False)
        writes = self.engine.execution_options(branchkeeper_write=True)
        self._writes = sessionmaker(writes, expire_on_commit=False)
        event.listen(self.engine, "begin", _lock_writes)

    def safety_backup(self, label: str) -> None:
        """No copy of a server database here (label unused): the server's own backups keep it."""
        return None

    def close(self) -> None:
        self.engine.dispose()


def _lock_writes(connection) -> None:
    if connection.get_execution_options().get("branchkeeper_write"):
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
