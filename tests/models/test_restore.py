"""Restore: the chosen backup checked first, the current database backed up (恢复前) or — when
damaged — copied aside raw, a stale -wal never applied to the new file, the switch atomic, and a
missing target created."""

import shutil
import sqlite3
import stat
from datetime import datetime
from pathlib import Path

import pytest

from models.storage.backups import BadBackup, list_backups, make_backup, restore_backup
from models.storage.check import find_damage
from models.storage.store import Store

MARK = "CREATE TABLE IF NOT EXISTS marker (v TEXT)"


def _db(path: Path, mark: str) -> Path:
    Store(path).close()
    _set_mark(path, mark)
    return path


def _set_mark(path: Path, mark: str, *, keep_wal: bool = False) -> sqlite3.Connection | None:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute(MARK)
    connection.execute("DELETE FROM marker")
    connection.execute("INSERT INTO marker VALUES (?)", (mark,))
    if keep_wal:
        connection.execute("PRAGMA wal_autocheckpoint=0")
        return connection
    connection.close()
    return None


def _mark(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT v FROM marker").fetchone()[0]
    finally:
        connection.close()


def test_restore_backs_up_the_current_database_then_switches(tmp_path):
    db = _db(tmp_path / "branch.db", "old")
    backup = make_backup(db, "定时", now=datetime(2026, 1, 1, 8, 0))
    _set_mark(db, "current")
    restored = restore_backup(backup, db)
    assert _mark(db) == "old" and find_damage(db) is None
    assert restored.before is not None and "-恢复前-" in restored.before.name and _mark(restored.before) == "current"
    assert restored.set_aside is None
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert not list(tmp_path.glob(".*restoring*"))
    assert [b.label for b in list_backups(db)] == ["恢复前", "定时"]


def test_restoring_where_no_database_exists_creates_it(tmp_path):
    source = _db(tmp_path / "branch.db", "from-backup")
    backup = make_backup(source, "定时")
    target = tmp_path / "新的文件夹" / "branch.db"
    restored = restore_backup(backup, target)
    assert restored.before is None and restored.set_aside is None and _mark(target) == "from-backup"
    Store(target, create=False).close()  # opens as ours


def test_a_stale_wal_of_the_old_file_is_never_applied_to_the_new_one(tmp_path):
    db = _db(tmp_path / "branch.db", "old")
    backup = make_backup(db, "定时")
    holder = _set_mark(db, "in-the-wal", keep_wal=True)  # the change sits in branch.db-wal
    try:
        assert Path(f"{db}-wal").stat().st_size > 0
        shutil.copyfile(f"{db}-wal", tmp_path / "saved-wal")
    finally:
        holder.close()  # closing checkpoints it; put the -wal back as a crash would leave it
    shutil.copyfile(tmp_path / "saved-wal", f"{db}-wal")
    restored = restore_backup(backup, db)
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0
    assert _mark(db) == "old" and find_damage(db) is None
    assert _mark(restored.before) == "in-the-wal"  # the replaced state was kept


def test_a_damaged_current_file_is_copied_aside_raw(tmp_path):
    db = _db(tmp_path / "branch.db", "old")
    backup = make_backup(db, "定时")
    data = bytearray(db.read_bytes())
    data[100:4096 * 2] = b"\xff" * (4096 * 2 - 100)  # the schema page and more: damaged beyond reading
    db.write_bytes(bytes(data))
    Path(f"{db}-wal").write_bytes(b"garbage wal")
    restored = restore_backup(backup, db)
    assert _mark(db) == "old" and find_damage(db) is None and not Path(f"{db}-wal").exists()
    assert restored.before is None and restored.set_aside is not None
    assert "-损坏的文件-" in restored.set_aside.name and restored.set_aside.read_bytes() == bytes(data)
    assert Path(f"{restored.set_aside}-wal").read_bytes() == b"garbage wal"


def test_a_bad_backup_is_refused_and_the_current_file_untouched(tmp_path):
    db = _db(tmp_path / "branch.db", "current")
    before = db.read_bytes()
    foreign = tmp_path / "别的.db"
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE t (x)")
    connection.close()
    text = tmp_path / "文本.db"
    text.write_text("not a database")
    damaged = make_backup(db, "定时")
    raw = bytearray(damaged.read_bytes())
    raw[4096 * 2:4096 * 3] = b"\x01" * 4096  # page 3, a table's page, overwritten
    damaged.write_bytes(bytes(raw))
    for bad in (foreign, text, damaged, tmp_path / "missing.db"):
        with pytest.raises(BadBackup):
            restore_backup(bad, db)
        assert db.read_bytes() == before and _mark(db) == "current"
    assert not list(tmp_path.glob(".*restoring*"))
    assert [b.label for b in list_backups(db)] == ["定时"]  # no 恢复前 copy for a refused restore


def test_an_older_schema_backup_restores_and_upgrades_on_open(tmp_path):
    old = Path(__file__).resolve().parent.parent / "data" / "schema-0006-issue-13.db"
    db = _db(tmp_path / "branch.db", "current")
    restore_backup(old, db)
    store = Store(db, create=False)  # the next open upgrades it (a 升级前 copy first)
    store.close()
    assert store.backup_path is not None and "-升级前-" in store.backup_path.name
