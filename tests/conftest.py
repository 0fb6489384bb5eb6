"""Shared fixtures. Qt runs offscreen; every test gets its own SQLite file in tmp_path."""

import os
import sys
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pytest  # noqa: E402

from models.store import Store  # noqa: E402

TODAY = date(2026, 11, 22)


@pytest.fixture
def store(tmp_path: Path):
    store = Store(tmp_path / "test.db")
    yield store
    store.close()
