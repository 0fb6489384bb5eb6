"""The backup engine (models/storage/backups.py): checked, owner-only copies in backups/, the list with
people counts, 备份到…, the start-up copy, and failures that say why in Chinese and leave nothing behind."""

import shutil
import sqlite3
import stat
from datetime import datetime
from pathlib import Path

import pytest

from models.demo import fill_demo
from models.storage import migrations
from models.storage.backups import (
    BackupFailed,
    BadBackup,
    describe_backup,
    export_backup,
    list_backups,
    make_backup,
    newest_good_backup,
)
from models.storage.check import find_damage
from models.storage.store import Store, open_store
from models.workspace import Workspace, local_actor
from tests.conftest import TODAY

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A database with 140 people (enough for tests.database_damage), made once for the module."""
    store = Store(tmp_path_factory.mktemp("template") / "test.db")
    Workspace(store, local_actor(), today=lambda: TODAY).run(fill_demo, 140)
    store.close()
    return store.path


@pytest.fixture
def filled(template, tmp_path):
    shutil.copyfile(template, tmp_path / "test.db")
    store = Store(tmp_path / "test.db", create=False)
    yield store
    store.close()


def _people(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        # 在册党员, as the 党员 tab counts them: 正式 and 预备, not archived
        return connection.execute("SELECT count(*) FROM person WHERE archive_reason IS NULL "
                                  "AND stage IN ('probationary', 'full')").fetchone()[0]
    finally:
        connection.close()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_backup_is_a_checked_owner_only_file_named_for_its_label_and_time(filled):
    made = make_backup(filled.path, "定时", now=datetime(2026, 11, 22, 9, 30, 5))
    assert made == filled.path.parent / "backups" / "test-定时-20261122-093005.db"
    assert _mode(made) == 0o600 and _mode(made.parent) == 0o700
    assert find_damage(made) is None and _people(made) == _people(filled.path) > 0
    assert not Path(f"{made}-wal").exists() and not list(made.parent.glob("*.partial"))
    connection = sqlite3.connect(made)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    connection.close()
    again = make_backup(filled.path, "定时", now=datetime(2026, 11, 22, 9, 30, 5))  # the same second
    assert again.name == "test-定时-20261122-093005-2.db"


def test_the_list_is_newest_first_with_size_label_and_people(filled):
    make_backup(filled.path, "启动时", now=datetime(2026, 11, 22, 8, 0))
    make_backup(filled.path, "从Excel导入党员", now=datetime(2026, 11, 22, 10, 0))
    (filled.path.parent / "backups" / "我自己放的.db").write_bytes(b"hand-made")  # not listed, never touched
    found = list_backups(filled.path)
    assert [(b.label, b.made_at) for b in found] == [("从Excel导入党员", datetime(2026, 11, 22, 10, 0)),
                                                     ("启动时", datetime(2026, 11, 22, 8, 0))]
    assert all(b.people == _people(filled.path) and b.size == b.path.stat().st_size and not b.encrypted
               for b in found)
    assert (filled.path.parent / "backups" / "我自己放的.db").exists()


def test_a_label_cannot_break_the_file_name(filled):
    made = make_backup(filled.path, "归档-转出 / 去世", now=datetime(2026, 11, 22, 8, 0))
    assert made.name == "test-归档转出去世-20261122-080000.db"
    assert list_backups(filled.path)[0].label == "归档转出去世"


def test_a_backup_that_cannot_be_written_says_why_and_leaves_nothing(filled):
    (filled.path.parent / "backups").write_text("a file where the folder should be")
    with pytest.raises(BackupFailed) as refused:
        make_backup(filled.path, "定时")
    assert "没有做成数据文件“test.db”的备份" in str(refused.value)
    assert (filled.path.parent / "backups").read_text() == "a file where the folder should be"


def test_a_damaged_source_fails_the_check_and_no_copy_is_kept(filled, tmp_path):
    from tests.database_damage import break_index_entry

    filled.close()
    break_index_entry(filled.path)
    with pytest.raises(BackupFailed) as refused:
        make_backup(filled.path, "定时")
    assert "没有通过数据库检查" in str(refused.value)
    assert not [p for p in (tmp_path / "backups").iterdir()]


def test_export_plain_copy_to_a_folder_or_a_file(filled, tmp_path):
    stick = tmp_path / "U盘"
    stick.mkdir()
    into_folder = export_backup(filled.path, stick)
    assert into_folder.parent == stick and into_folder.name.startswith("test-备份-") and into_folder.suffix == ".db"
    named = export_backup(filled.path, stick / "支部备份.db")
    for copy in (into_folder, named):
        assert find_damage(copy) is None and _people(copy) == _people(filled.path) and _mode(copy) == 0o600
    assert describe_backup(named).people == _people(filled.path)
    assert sorted(p.name for p in stick.iterdir()) == sorted([into_folder.name, "支部备份.db"])
    assert not list(tmp_path.glob(".*exporting*"))


def test_export_to_a_missing_folder_is_refused_in_chinese(filled, tmp_path):
    with pytest.raises(BackupFailed, match="文件夹不存在"):
        export_backup(filled.path, tmp_path / "没插好的U盘" / "a.db")


def test_describe_refuses_a_file_that_is_not_ours(tmp_path):
    other = tmp_path / "别的.db"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE t (x)")
    connection.close()
    for path in (other, tmp_path / "missing.db"):
        with pytest.raises(BadBackup):
            describe_backup(path)
    text = tmp_path / "notes.db"
    text.write_text("hello")
    with pytest.raises(BadBackup, match="不是可以使用的支部管家备份"):
        describe_backup(text)


def test_newest_good_backup_passes_over_a_damaged_one(filled):
    good = make_backup(filled.path, "定时", now=datetime(2026, 11, 22, 8, 0))
    bad = make_backup(filled.path, "定时", now=datetime(2026, 11, 22, 9, 0))
    from tests.database_damage import break_index_entry

    break_index_entry(bad)
    assert newest_good_backup(filled.path).path == good
    assert newest_good_backup(filled.path.parent / "other.db") is None


def test_startup_backup_before_anything_else(tmp_path):
    path = tmp_path / "branch.db"
    Store(path).close()
    lock, store = open_store(path, startup_backup=True)
    try:
        assert store.startup_backup is not None and "-启动时-" in store.startup_backup.name
        assert store.startup_backup_failed is None and store.backup_path is None
    finally:
        store.close()
        lock.release()
    lock, store = open_store(path)  # the CLI: no copy on open
    store.close()
    lock.release()
    assert len(list((tmp_path / "backups").iterdir())) == 1


def test_startup_backup_of_an_older_file_is_the_upgrade_copy_and_only_one(tmp_path):
    path = tmp_path / "branch.db"
    shutil.copyfile(DATA / "schema-0006-issue-13.db", path)
    old_people = _people(path)
    lock, store = open_store(path, startup_backup=True)
    try:
        copies = list((tmp_path / "backups").iterdir())
        assert [c.name.split("-")[1] for c in copies] == ["升级前"]
        assert store.backup_path == store.startup_backup == copies[0]
        assert _people(copies[0]) == old_people
        connection = sqlite3.connect(copies[0])
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0006"
        connection.close()
    finally:
        store.close()
        lock.release()
    assert migrations.HEAD != "0006"


def test_a_failed_startup_backup_is_reported_not_fatal(tmp_path):
    path = tmp_path / "branch.db"
    Store(path).close()
    (tmp_path / "backups").write_text("not a folder")
    lock, store = open_store(path, startup_backup=True)
    try:
        assert store.startup_backup is None and "没有做成" in str(store.startup_backup_failed)
    finally:
        store.close()
        lock.release()


def test_a_failed_upgrade_copy_stops_the_upgrade(tmp_path):
    path = tmp_path / "branch.db"
    shutil.copyfile(DATA / "schema-0006-issue-13.db", path)
    before = path.read_bytes()
    (tmp_path / "backups").write_text("not a folder")
    with pytest.raises(BackupFailed):
        open_store(path, startup_backup=True)
    assert path.read_bytes() == before  # not upgraded without its copy
