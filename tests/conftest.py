"""Shared fixtures. Qt runs offscreen; every test gets its own SQLite file in tmp_path."""

import os
import sys
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


@pytest.fixture
def store(tmp_path: Path, request):
    """The test's own SQLite file; with BRANCHKEEPER_TEST_DB=postgresql a new database on a PostgreSQL
    server the run starts (tests/postgres_server.py) — how the models suite is tried on PostgreSQL."""
    if os.environ.get("BRANCHKEEPER_TEST_DB") == "postgresql":
        from models.storage.server_store import ServerStore

        store = ServerStore(request.getfixturevalue("postgres").new_database())
    else:
        store = Store(tmp_path / "test.db")
    yield store
    store.close()


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server for the session (skips with the reason where none can run)."""
    from tests.postgres_server import postgres_server

    yield from postgres_server()


@pytest.fixture
def workspace(store) -> Workspace:
    """The write path on the test database, acting as 测试员 on TODAY."""
    return Workspace(store, TEST_ACTOR, today=lambda: TODAY)


@pytest.fixture
def fake_report(monkeypatch):
    """A test-only report, registered in the report registry for this test."""
    from tests.fake_report import register_fake

    return register_fake(monkeypatch)
