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

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{USER}@/{database}?host={self.folder}&port={self.port}"

    def new_database(self) -> str:
        """A fresh, empty database's URL."""
        from sqlalchemy import create_engine, text

        name = f"test_{os.getpid()}_{next(self._names)}"
        engine = create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return self.url(name)


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
        pytest.skip("psycopg is not installed (uv sync installs it with the dev dependencies)")
    binaries = _binaries()
    if binaries is None:
        pytest.skip("PostgreSQL is not installed (Debian: apt-get install postgresql)")
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
    try:
        yield Server(folder, port)
    finally:
        stop(folder, binaries)
        shutil.rmtree(folder, ignore_errors=True)
