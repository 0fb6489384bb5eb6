"""Damaged, foreign, empty, missing and newer data files: recognised before anything is written,
refused in Chinese with the file left byte for byte as it was; index damage found by the full
check and repaired after a copy (issue 11, items 7–9)."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from sqlalchemy import select

from models.people import roster as people
from models.people.consistency import find_inconsistencies
from models.people.entities import Person
from models.storage.check import DatabaseDamaged, find_damage, foreign_key_problems, repair_indexes
from models.storage.errors import MissingFile, NewerVersion, NotADataFile
from models.storage.store import Store, create_database, open_store, opened
from tests.conftest import TODAY
from tests.database_damage import break_index_entry, files_in, make_demo_file, set_revision


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return make_demo_file(tmp_path_factory.mktemp("template") / "demo.db")


@pytest.fixture
def demo(template, tmp_path):
    path = tmp_path / "branch.db"
    shutil.copy(template, path)
    return path


def _active_ids(path) -> list[int]:
    """The people not archived, as a query on the archive reason reads them: through ix_person_archive_reason
    (the 党员 list itself reads everyone and leaves the archived out in Python: see the test below)."""
    store = Store(path, create=False)
    try:
        with store.read() as session:
            return sorted(session.scalars(select(Person.id).where(Person.archive_reason.is_(None))))
    finally:
        store.close()


def test_the_member_list_does_not_lose_a_member_to_a_damaged_archive_index(demo):
    store = Store(demo, create=False)
    try:
        with store.read() as session:
            listed = [r.id for r in people.list_members(session, people.MemberFilter(), TODAY)]
    finally:
        store.close()
    missing = break_index_entry(demo)
    store = Store(demo, create=False)
    try:
        with store.read() as session:
            assert [r.id for r in people.list_members(session, people.MemberFilter(), TODAY)] == listed
            assert missing in listed
    finally:
        store.close()


def test_a_damaged_index_hides_a_member_and_only_the_full_check_sees_it(demo):
    before = _active_ids(demo)
    missing = break_index_entry(demo)
    assert find_damage(demo, quick=True) is None  # what every open runs: blind to this damage
    damage = find_damage(demo)
    assert damage is not None and damage.repairable
    assert damage.indexes == {"ix_person_archive_reason"}
    assert missing in before and missing not in _active_ids(demo)  # the silent loss the check prevents


def test_the_full_check_refuses_work_on_a_damaged_file_and_writes_nothing(demo):
    break_index_entry(demo)
    before = files_in(demo.parent)
    with pytest.raises(DatabaseDamaged, match="(?s)索引.*已损坏.*check --repair") as refused:
        with opened(demo, full_check=True):
            pass
    assert "branch.db" in str(refused.value)
    with pytest.raises(DatabaseDamaged), opened(demo, for_reading=True, full_check=True):
        pass
    assert files_in(demo.parent) == before


def test_repair_copies_the_file_first_then_rebuilds_the_index(demo):
    before = _active_ids(demo)
    break_index_entry(demo)
    copy = repair_indexes(find_damage(demo))
    assert copy.parent == demo.parent / "backups" and "修复前" in copy.name
    assert find_damage(copy) is not None  # the copy is the file as it was, damage and all
    assert find_damage(demo) is None
    assert _active_ids(demo) == before


def test_damage_beyond_indexes_is_explained_not_repaired(demo):
    page_size = 4096
    connection = sqlite3.connect(demo)
    root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'ix_person_archive_reason'").fetchone()[0]
    connection.close()
    data = bytearray(demo.read_bytes())
    start = (root - 1) * page_size
    data[start + 8:start + 40] = b"\xff" * 32  # a torn page: its cell pointers point nowhere
    demo.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamaged, match="(?s)已损坏.*备份恢复") as refused:
        Store(demo)  # the quick check on opening sees broken pages
    assert not refused.value.damage.repairable
    assert "check --repair" not in str(refused.value)
    with pytest.raises(DatabaseDamaged):
        repair_indexes(refused.value.damage)
    assert not (demo.parent / "backups").exists()
    assert demo.read_bytes() == bytes(data)


def test_a_file_from_a_newer_release_is_refused_untouched(demo):
    set_revision(demo, "0099")
    before = files_in(demo.parent)
    for attempt in range(2):  # no new 升级前备份 copy at every launch
        with pytest.raises(NewerVersion, match="(?s)更新版本的支部管家创建.*请安装新版本") as refused:
            open_store(demo)
        assert "Traceback" not in str(refused.value) and attempt >= 0
    with pytest.raises(NewerVersion):
        Store(demo)
    assert files_in(demo.parent) == before  # no backup, no lock file left, not a byte changed


@pytest.mark.parametrize("content,why", [
    (b"", "大小为 0 字节"),
    ("姓名,身份证号\n王建国,411324\n".encode(), "不是数据库"),
    (b"SQLite format 3\x00" + b"\x00" * 84, "无法作为数据库打开|不是数据库"),
])
def test_empty_and_foreign_files_are_refused_by_name_and_never_overwritten(tmp_path, content, why):
    path = tmp_path / "花名册.db"
    path.write_bytes(content)
    for attempt in (lambda: open_store(path), lambda: open_store(path, create=True), lambda: Store(path)):
        with pytest.raises(NotADataFile, match=f"“花名册.db”不是支部管家的数据文件.*({why})"):
            attempt()
    assert files_in(tmp_path) == {"花名册.db": content}


def test_another_programs_database_is_not_taken_over(tmp_path):
    path = tmp_path / "账本.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount REAL)")
    connection.execute("CREATE TABLE alembic_version (version_num TEXT)")  # another Alembic user
    connection.execute("INSERT INTO alembic_version VALUES ('ae1027a6acf')")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    with pytest.raises(NotADataFile, match="没有支部管家的数据"):
        open_store(path, create=True)
    assert path.read_bytes() == before


def test_an_unknown_revision_of_ours_that_is_not_newer_is_not_ours(demo):
    set_revision(demo, "zzzz")
    with pytest.raises(NotADataFile, match="数据格式“zzzz”无法识别"):
        open_store(demo)


def test_a_missing_file_is_only_created_when_asked(tmp_path):
    path = tmp_path / "new.db"
    with pytest.raises(MissingFile, match="找不到数据文件"):
        open_store(path)
    assert list(tmp_path.iterdir()) == []  # not even a lock file
    lock, store = open_store(path, create=True)
    store.close()
    lock.release()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.db"]


def test_a_new_file_appears_only_when_complete(tmp_path, monkeypatch):
    path = tmp_path / "new.db"

    def interrupted(connection, revision="head"):
        raise KeyboardInterrupt  # the power cut half-way through the first start

    monkeypatch.setattr("models.storage.migrations.upgrade", interrupted)
    with pytest.raises(KeyboardInterrupt):
        create_database(path)
    assert list(tmp_path.iterdir()) == []  # no empty file to be refused at the next start


def test_a_file_being_used_by_an_older_program_is_not_read_with_the_new_schema(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(__import__("tests.models.test_migrations", fromlist=["RELEASE_0001"]).RELEASE_0001, path)
    with pytest.raises(Exception, match="另一个版本的支部管家"):
        Store(path, upgrade=False)


def test_consistency_rules_find_broken_data(demo):
    connection = sqlite3.connect(demo)
    connection.execute("PRAGMA foreign_keys = OFF")
    archived = connection.execute("SELECT id FROM person WHERE archive_reason IS NOT NULL LIMIT 1").fetchone()[0]
    connection.execute("DELETE FROM person_event WHERE person_id = ? AND kind = "
                       "(SELECT archive_reason FROM person WHERE id = ?)", (archived, archived))
    connection.execute("UPDATE person SET stage = 'member' WHERE id = 1")
    connection.execute("UPDATE person SET citizen_id = substr(citizen_id, 1, 17) || "
                       "CASE substr(citizen_id, 18) WHEN '0' THEN '1' ELSE '0' END WHERE id = 2")
    connection.execute("INSERT INTO person_event (person_id, kind, \"on\", organisation, letter_no, note, recorded_by, "
                       "recorded_at) VALUES (99999, 'joined', '2000-07-01', '', '', '', '', '2026-01-01 00:00:00')")
    connection.commit()
    connection.close()
    store = Store(demo, create=False)
    with store.read() as session:
        found = find_inconsistencies(session)
    store.close()
    rules = {f.rule for f in found}
    assert rules == {"已归档人员应有对应的离开记录（转出、去世等）", "党籍状态代码无法识别", "公民身份号码应能通过校验",
                     "经历事件应属于一个存在的人员"}
    assert all("*" in f.where for f in found if f.rule == "公民身份号码应能通过校验")  # masked, even here
    assert foreign_key_problems(demo) == ["经历事件表第 {} 条记录指向人员表中不存在的记录".format(
        sqlite3.connect(demo).execute("SELECT max(id) FROM person_event").fetchone()[0])]
