"""A real PostgreSQL server for the tests, started in a temporary data directory (Debian's `postgresql`
package: initdb and pg_ctl), reached over a Unix socket only, stopped when the tests end.

`postgres_server()` gives a `Server` or calls pytest.skip with the reason (no PostgreSQL installed,
no psycopg). As root, the server runs as the `postgres` user, which PostgreSQL requires; its files then
live under /var/tmp, since the test run's own temporary folders may be closed to other users.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

USER = "branchkeeper"


def _binaries() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, else Debian's newest /usr/lib/postgresql/N/bin."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(versions[-1]).parent if versions else None


@dataclass
class Server:
    folder: Path
    port: int
    _names: itertools.count = field(default_factory=lambda: itertools.count(1))
    _template: str | None = None  # a database at the schema's head, copied for each migrated one
    _connection: object = None  # to the `postgres` database, for CREATE and DROP DATABASE

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{USER}@/{database}?host={self.folder}&port={self.port}"

    def _admin(self, statement: str) -> None:
        if self._connection is None:  # one connection for the session: a test's database costs no connect
            import psycopg

            self._connection = psycopg.connect(host=str(self.folder), port=self.port, user=USER, dbname="postgres",
                                               autocommit=True)
        self._connection.execute(statement)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def new_database(self, *, migrated: bool = False) -> str:
        """A fresh database's URL: empty, or with `migrated` already at the schema's head — a copy of one
        database migrated once for the session (CREATE DATABASE … TEMPLATE), which is much faster than
        running every migration for each test and gives the same database."""
        name = f"test_{os.getpid()}_{next(self._names)}"
        if migrated:
            # (PostgreSQL 15's default strategy, WAL_LOG, is the quick one here: FILE_COPY's checkpoints
            # write out what the previous test left in the buffers, 0.1-0.2 s a database.)
            self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{self._migrated_template()}"')
        else:
            self._admin(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def _migrated_template(self) -> str:
        if self._template is None:
            from sqlalchemy import create_engine

            from models.storage import migrations

            name = f"template_{os.getpid()}"
            self._admin(f'CREATE DATABASE "{name}"')
            engine = create_engine(self.url(name))
            try:
                with engine.begin() as connection:
                    migrations.upgrade(connection)
            finally:
                engine.dispose()
            self._template = name
        return self._template

    def new_copy(self, url: str) -> str:
        """A new database that is a copy of the one at `url` (nobody may be connected to it)."""
        from sqlalchemy import make_url

        name = f"copy_{os.getpid()}_{next(self._names)}"
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{make_url(url).database}"')
        return self.url(name)

    def replace_with_copy(self, url: str, source: str) -> None:
        """Replace the database at `url` by a copy of the one at `source`, under the same name."""
        from sqlalchemy import make_url

        name = make_url(url).database
        self._admin(f'DROP DATABASE "{name}" WITH (FORCE)')
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{make_url(source).database}"')

    def drop_database(self, url: str) -> None:
        """Drop a database new_database made (its files would otherwise add up over a run)."""
        from sqlalchemy import make_url

        self._admin(f'DROP DATABASE "{make_url(url).database}" WITH (FORCE)')


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


def start(folder: Path, binaries: Path, port: int) -> None:
    data = folder / "data"
    run = lambda command: subprocess.run(_as_server_user(command), check=True, capture_output=True,  # noqa: E731
                                         text=True, timeout=120)
    run([str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", USER, "-E", "UTF8", "--no-locale"])
    run([str(binaries / "pg_ctl"), "-D", str(data), "-w", "-l", str(folder / "server.log"), "-o",
         f"-k {folder} -p {port} -c listen_addresses='' -c fsync=off -c full_page_writes=off", "start"])


def stop(folder: Path, binaries: Path) -> None:
    subprocess.run(_as_server_user([str(binaries / "pg_ctl"), "-D", str(folder / "data"), "-m", "fast", "-w",
                                    "stop"]), capture_output=True, timeout=120)


def postgres_server():
    """A generator for a session fixture: yields a running Server, stops it afterwards."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (uv sync installs it)")
    binaries = _binaries()
    if binaries is None:
        pytest.skip("PostgreSQL is not installed: no initdb and pg_ctl on PATH or in /usr/lib/postgresql/*/bin "
                    "(Debian: apt-get install postgresql)")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("running as root without runuser: PostgreSQL refuses to run as root")
    folder = Path(tempfile.mkdtemp(prefix="branchkeeper-pg-", dir="/var/tmp" if os.geteuid() == 0 else None))
    if os.geteuid() == 0:
        shutil.chown(folder, user="postgres")
    port = 40000 + os.getpid() % 20000
    try:
        start(folder, binaries, port)
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(f"PostgreSQL did not start: {exc.stderr or exc.stdout}")
    server = Server(folder, port)
    try:
        yield server
    finally:
        server.close()
        stop(folder, binaries)
        shutil.rmtree(folder, ignore_errors=True)
