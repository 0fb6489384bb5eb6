"""Shared fixtures. Qt runs offscreen; every test gets its own SQLite file in tmp_path, or with
BRANCHKEEPER_TEST_DB=postgresql its own database on a PostgreSQL server the run starts (the `store` fixture)."""

import os
import sqlite3
import sys
from contextlib import closing
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The demo's 管理员 (models/demo/accounts.py): CLI commands run by the tests (subprocesses inherit
# these) sign in with it on demo databases; databases without accounts ignore them.
os.environ.setdefault("BRANCHKEEPER_USER", "admin")
os.environ.setdefault("BRANCHKEEPER_PASSWORD", "demo1234")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pytest  # noqa: E402

from models.storage.store import Store  # noqa: E402
from models.workspace import Actor, Workspace  # noqa: E402

TODAY = date(2026, 11, 22)
TEST_ACTOR = Actor("测试员")
ON_POSTGRESQL = os.environ.get("BRANCHKEEPER_TEST_DB") == "postgresql"
FILE_ONLY = "about the SQLite data file; a server database has no file (BRANCHKEEPER_TEST_DB=postgresql)"


def pytest_collection_modifyitems(config, items):
    """On PostgreSQL, only the tests on a server database (the `store` or `postgres` fixture) run: the
    others would run exactly as in the SQLite run, so they are deselected. Of those, the ones marked
    file_only (file locks, backups of the file, damaged files, file modes, PRAGMAs) are skipped: they are
    about the data file itself."""
    if not ON_POSTGRESQL:
        return
    on_server = [item for item in items if {"store", "postgres"} & set(getattr(item, "fixturenames", ()))]
    if len(on_server) < len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in on_server])
        items[:] = on_server
    for item in items:
        if item.get_closest_marker("file_only"):
            item.add_marker(pytest.mark.skip(reason=FILE_ONLY))


@pytest.fixture
def store(tmp_path: Path, request):
    """The test's own SQLite file; with BRANCHKEEPER_TEST_DB=postgresql a new database on a PostgreSQL
    server the run starts (tests/postgres_server.py) — how the models suite is tried on PostgreSQL."""
    if ON_POSTGRESQL:
        from models.storage.server_store import ServerStore

        server = request.getfixturevalue("postgres")
        url = server.new_database(migrated=True)
        store = ServerStore(url)
        yield store
        store.close()
        server.drop_database(url)
    else:
        store = Store(tmp_path / "test.db")
        yield store
        store.close()


def reopened(store):
    """A new store on the same database as `store` (closed first), as the program opens it after a restart."""
    from models.storage.server_store import ServerStore

    store.close()
    return Store(store.path) if store.path is not None else ServerStore(store.url)


def db_argument(store) -> str:
    """What the commands' --db takes for the test's database: the data file, or the server database's URL."""
    return str(store.path) if store.path is not None else store.url


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server for the session (skips with the reason where none can run)."""
    from tests.postgres_server import postgres_server

    yield from postgres_server()


@pytest.fixture
def workspace(store) -> Workspace:
    """The write path on the test database, acting as 测试员 on TODAY."""
    return Workspace(store, TEST_ACTOR, today=lambda: TODAY)


@pytest.fixture(scope="session")
def _demo_copies(tmp_path_factory) -> dict:
    """The demo branches filled so far this session, by size: a SQLite file, or a server database's URL."""
    return {"folder": tmp_path_factory.mktemp("demo-copies")}


@pytest.fixture
def demo_branch(request, store, workspace, _demo_copies):
    """`demo_branch(people)` fills the (empty) test database with the demo branch as `workspace.run(fill_demo,
    people)` does. The first test of a size fills it and keeps a copy; later ones get the copy — the same
    rows (the demo is seeded), without filling it again each time (seconds a test, more on PostgreSQL)."""
    from models.demo import fill_demo

    def fill(people: int):
        kept = _demo_copies.get(people)
        store.engine.dispose()  # no connection may stay open on a database being copied
        if ON_POSTGRESQL:
            server = request.getfixturevalue("postgres")
            if kept is None:
                workspace.run(fill_demo, people)
                store.engine.dispose()
                kept = _demo_copies[people] = server.new_copy(store.url)
            else:
                server.replace_with_copy(store.url, kept)
        else:
            if kept is None:
                workspace.run(fill_demo, people)
                store.engine.dispose()
                kept = _demo_copies[people] = _demo_copies["folder"] / f"demo-{people}.db"
                source, target = store.path, kept
            else:
                source, target = kept, store.path
            with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as copy:
                origin.backup(copy)  # SQLite's online backup API: the whole database, page by page
        return store

    return fill


@pytest.fixture
def fake_report(monkeypatch):
    """A test-only report, registered in the report registry for this test."""
    from tests.fake_report import register_fake

    return register_fake(monkeypatch)
