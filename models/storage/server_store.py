"""A database on a server (PostgreSQL), given as a URL, for a township whose offices share one database on
their LAN: the same `read()` / `transaction()` the write path (models.workspace) uses on a data file.

What differs from a data file (models/storage/store.py): there is no file, so no single-instance file
lock, no copies in backups/ (the server keeps its own: pg_dump) and no SQLite integrity check. Writes
are serialised as on a data file (there BEGIN IMMEDIATE): each write transaction first takes one
transaction-level advisory lock, so two programs' operations run one after the other, each seeing
what the other committed.
"""

from __future__ import annotations

import re
import sys
import types
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


def shown_url(url: str) -> str:
    """The URL to show, with its passwords left out: the user's (postgresql://user:secret@host/db →
    postgresql://user@host/db) and libpq's password= and sslpassword= parameters (their values → ***)."""
    url = re.sub(r"(://[^:/@]+):[^@]*@", r"\1@", url)
    return re.sub(r"([?&](?:ssl)?password=)[^&]*", r"\1***", url, flags=re.IGNORECASE)


def import_driver() -> types.ModuleType:
    """psycopg, the PostgreSQL driver, with its compiled part and its own libpq and OpenSSL.

    That compiled part imports Python's `ssl` only to set up locking for an OpenSSL older than 1.1.
    The built program leaves `ssl` out (6 MiB; the program itself never goes on the network), so an
    empty stand-in is lent for that one import and taken back, and everything else still finds no
    `ssl`."""
    if sys.modules.get("psycopg") is not None:
        return sys.modules["psycopg"]
    try:
        import ssl  # noqa: F401
        lent = False
    except ImportError:
        lent = True
        sys.modules["ssl"] = types.ModuleType("ssl", "a stand-in for psycopg's import (server_store.import_driver)")
    try:
        import psycopg
    except ImportError:
        raise StoreError("这个版本的支部管家不能打开服务器上的数据库：缺少 PostgreSQL 的驱动程序（psycopg）。"
                         "请改用数据文件，或重新安装支部管家（见 docs/township.md）。") from None
    finally:
        if lent:
            del sys.modules["ssl"]
    return psycopg


class ServerStore(SessionSource):
    """An opened, upgraded server database. `safety_backup` makes no copy: a server database is backed up
    by the server."""

    path = None
    backup_path = None
    startup_backup = None
    startup_backup_failed = None
    startup_backup_deferred = False

    def __init__(self, url: str, *, upgrade: bool = True) -> None:
        self.url = url
        import_driver()
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
        event.listen(self.engine, "handle_error", _hide_row_values)

    @property
    def location(self) -> str:
        """Where the data is, as shown to the user: the URL without a password."""
        return shown_url(self.url)

    def safety_backup(self, label: str) -> None:
        """No copy of a server database here (label unused): the server's own backups keep it."""
        return None

    def close(self) -> None:
        self.engine.dispose()


def _lock_writes(connection) -> None:
    if connection.get_execution_options().get("branchkeeper_write"):
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")


def _hide_row_values(context) -> None:
    """Errors end up in logs and must not carry a row's ID number or phone (the engine already hides
    the statement's parameters). SQLite's messages name only the constraint; PostgreSQL's add a DETAIL
    with the values ("Key (citizen_id)=(…) already exists", "Failing row contains (…)"), so only its
    primary message is kept — in the driver's error and in SQLAlchemy's, which quotes it."""
    error = context.original_exception
    primary = getattr(getattr(error, "diag", None), "message_primary", None)
    if not primary or str(error) == primary:
        return
    full = str(error)
    error.args = (primary,)
    wrapper = context.sqlalchemy_exception
    if wrapper is not None and wrapper.args and isinstance(wrapper.args[0], str):
        wrapper.args = (wrapper.args[0].replace(full, primary), *wrapper.args[1:])
