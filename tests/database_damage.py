"""Real damage to a real data file, for the tests: one entry of an index made to point at the
wrong row, by writing bytes into the index's page found through sqlite_master and page_size.

That is the damage the fault trials found: `quick_check` passes, `integrity_check` reports
“row N missing from index …”, and every query using the index silently skips the row.
"""

from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
from pathlib import Path


def _varint(page: bytes, at: int) -> tuple[int, int]:
    value = 0
    for _ in range(9):
        byte = page[at]
        value = (value << 7) | (byte & 0x7F)
        at += 1
        if byte < 0x80:
            break
    return value, at


def _checkpoint(path: Path) -> tuple[int, int]:
    """Fold the WAL into the file (so the page on disk is the live one); (root page, page size)."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return connection.execute("PRAGMA page_size").fetchone()[0]
    finally:
        connection.close()


def break_index_entry(path: Path, index: str = "ix_person_archive_reason") -> int:
    """Point one entry of `index` (a single-page index whose entries end in a 2-byte rowid) at the
    next row instead of its own; returns the rowid now missing from the index."""
    page_size = _checkpoint(path)
    connection = sqlite3.connect(path)
    try:
        root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (index,)).fetchone()[0]
    finally:
        connection.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    page = data[start:start + page_size]
    assert page[0] == 0x0A, "expected a single leaf page of an index"
    for cell in range(int.from_bytes(page[3:5], "big")):
        offset = int.from_bytes(page[8 + 2 * cell:10 + 2 * cell], "big")
        _size, at = _varint(page, offset)
        header_size, types_at = _varint(page, at)
        key_type, types_at = _varint(page, types_at)
        rowid_type, _ = _varint(page, types_at)
        if key_type == 0 and rowid_type == 2:  # (NULL, 2-byte rowid): an active member
            body = at + header_size
            rowid = int.from_bytes(page[body:body + 2], "big")
            data[start + body:start + body + 2] = (rowid + 1).to_bytes(2, "big")
            path.write_bytes(bytes(data))
            return rowid
    raise AssertionError("no entry with a 2-byte rowid: use a database with more than 127 people")


_FILLED: dict[int, Path] = {}  # people -> a demo file filled once in this test process, copied after


def make_demo_file(path: Path, people: int = 150) -> Path:
    """A data file with demo data (more than 127 members, so the index has 2-byte rowids). The demo is
    seeded, so the first file of a size is filled (seconds) and later ones are copies of it."""
    filled = _FILLED.get(people)
    if filled is None or not filled.exists():
        from models.demo import fill_demo
        from models.storage.store import Store
        from models.workspace import Workspace
        from tests.conftest import TEST_ACTOR, TODAY

        folder = Path(tempfile.mkdtemp(prefix="branchkeeper-demo-"))
        atexit.register(shutil.rmtree, folder, True)
        filled = folder / f"demo-{people}.db"
        store = Store(filled)
        try:
            Workspace(store, TEST_ACTOR, today=lambda: TODAY).run(fill_demo, people)
        finally:
            store.close()
        _checkpoint(filled)
        _FILLED[people] = filled
    shutil.copy(filled, path)  # the file and its owner-only mode; its WAL was folded in
    return path


def set_revision(path: Path, revision: str) -> None:
    """Stamp the file as written by another schema revision (a newer release, another program)."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        connection.commit()
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def files_in(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes: to show that nothing was written or added."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
