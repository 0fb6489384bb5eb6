"""The store: migrations from empty, pragmas, reopening keeps rows, damaged files explained."""

import sqlite3
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from models.core.codes import ArchiveReason, EventKind
from models.people import roster as people
from models.people.citizen_id import make
from models.people.events import timeline
from models.people.operations import create_member
from models.people.rules import ArchiveForm, PersonForm
from models.schema import metadata
from models.storage import migrations
from models.storage.instance_lock import AlreadyRunning, InstanceLock
from models.storage.store import Store, StoreError, make_engine
from models.workspace import Workspace
from tests.conftest import TEST_ACTOR, TODAY


def workspace_on(store: Store) -> Workspace:
    return Workspace(store, TEST_ACTOR, today=lambda: TODAY)


def test_migrations_create_the_schema_the_entities_describe(tmp_path):
    store = Store(tmp_path / "new.db")
    with store.engine.connect() as connection:
        assert migrations.current_revision(connection) == migrations.head_revision()
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []
    assert store.backup_path is None  # nothing to back up in a new file
    store.close()


def test_head_constant_matches_the_migration_scripts():
    assert migrations.HEAD == migrations.head_revision()


@pytest.mark.file_only
def test_connections_have_foreign_keys_wal_and_busy_timeout(store):
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_reopening_keeps_rows_and_needs_no_backup(tmp_path):
    path = tmp_path / "keep.db"
    store = Store(path)
    workspace_on(store).run(create_member, PersonForm(name="王建国", citizen_id=make("411323", date(1970, 1, 1), 11),
                                                      joined_on=date(1995, 7, 1), confirmed_on=date(1996, 7, 1)))
    store.close()
    reopened = Store(path)
    assert reopened.backup_path is None
    with reopened.read() as session:
        assert people.count_members(session) == 1
    reopened.close()


def test_a_file_that_is_not_a_database_is_explained_and_left_alone(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is a text file, not SQLite " * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="不是支部管家的数据文件"):
        Store(path)
    assert path.read_bytes() == before


def test_missing_folder_is_explained(tmp_path):
    with pytest.raises(StoreError, match="文件夹不存在"):
        Store(tmp_path / "nope" / "x.db")


@pytest.mark.file_only
def test_backup_copies_a_live_wal_database(store, workspace, tmp_path):
    workspace.run(create_member, PersonForm(name="李四", citizen_id=make("411323", date(1970, 2, 1), 13),
                                            joined_on=date(1995, 7, 1), confirmed_on=date(1996, 7, 1)))
    target = tmp_path / "backups" / "copy.db"
    store.backup_to(target)
    assert sqlite3.connect(target).execute("select name from person").fetchall() == [("李四",)]


def test_second_lock_on_the_same_file_is_refused(tmp_path):
    db = tmp_path / "x.db"
    with InstanceLock(db):
        with pytest.raises(AlreadyRunning, match="已经打开了这个数据文件"):
            InstanceLock(db).acquire()
    with InstanceLock(db):  # released: can be taken again
        pass


def test_read_sessions_refuse_every_write(store, workspace):
    workspace.run(create_member, PersonForm(name="王建国", citizen_id=make("411323", date(1970, 1, 1), 11),
                                            joined_on=date(1995, 7, 1), confirmed_on=date(1996, 7, 1)))
    # SQLite: "attempt to write a readonly database"; PostgreSQL: "… in a read-only transaction".
    with store.read() as session:
        with pytest.raises(DBAPIError, match="readonly|read-only"):
            session.execute(text("UPDATE person SET name = '张三'"))
    with store.read() as session:
        with pytest.raises(DBAPIError):
            session.execute(text("INSERT INTO party_group (name, sort_order) VALUES ('第一党小组', 1)"))
            session.flush()
    with workspace.read() as session:
        with pytest.raises(DBAPIError):
            session.execute(text("DELETE FROM person"))
    with store.read() as session:
        assert session.execute(text("SELECT name FROM person")).scalars().all() == ["王建国"]
        assert session.execute(text("SELECT count(*) FROM party_group")).scalar() == 0
    # The same pooled connection is writable again for the write path.
    workspace.run(create_member, PersonForm(name="李四", citizen_id=make("411323", date(1970, 2, 1), 13),
                                            joined_on=date(1995, 7, 1), confirmed_on=date(1996, 7, 1)))
    with store.read() as session:
        assert people.count_members(session) == 2


def test_a_failing_transaction_leaves_nothing_behind(store):
    with pytest.raises(RuntimeError), store.transaction() as session:
        session.execute(text("INSERT INTO party_group (name, sort_order) VALUES ('第一党小组', 1)"))
        raise RuntimeError("boom")
    with store.read() as session:
        assert session.execute(text("SELECT count(*) FROM party_group")).scalar() == 0


def _person_row(person_id: int, name: str, number: str, birth: str, **archive) -> dict:
    row = dict(id=person_id, name=name, name_pinyin="", name_initials="", sort_key=name, gender="M", ethnicity="汉族",
               citizen_id=number, birth_date=birth, education=None, stage="full", group_id=None,
               joined_on="1995-07-01", confirmed_on="1996-07-01", work_unit="", phone="", address="",
               is_mobile=False, mobile_destination="", mobile_since=None, mobile_contact="", notes="",
               archive_reason=None, archived_on=None, transfer_to="", transfer_letter_no="", archive_note="")
    row.update(archive)
    return row


def test_upgrading_a_0001_file_backs_it_up_and_moves_archive_details_into_events(tmp_path):
    path = tmp_path / "old.db"
    engine = make_engine(path)
    with engine.begin() as connection:
        migrations.upgrade(connection, "0001")
        connection.execute(text(
            "INSERT INTO person (id, name, name_pinyin, name_initials, sort_key, gender, ethnicity, citizen_id, "
            "birth_date, education, stage, group_id, joined_on, confirmed_on, work_unit, phone, address, is_mobile, "
            "mobile_destination, mobile_since, mobile_contact, notes, archive_reason, archived_on, transfer_to, "
            "transfer_letter_no, archive_note) VALUES (:id, :name, :name_pinyin, :name_initials, :sort_key, :gender, "
            ":ethnicity, :citizen_id, :birth_date, :education, :stage, :group_id, :joined_on, :confirmed_on, "
            ":work_unit, :phone, :address, :is_mobile, :mobile_destination, :mobile_since, :mobile_contact, :notes, "
            ":archive_reason, :archived_on, :transfer_to, :transfer_letter_no, :archive_note)"),
            [_person_row(1, "王建国", make("411323", date(1970, 1, 1), 11), "1970-01-01"),
             _person_row(2, "李四", make("411323", date(1970, 2, 1), 13), "1970-02-01",
                         archive_reason="transferred_out", archived_on="2026-10-01",
                         transfer_to="中共某社区支部委员会", transfer_letter_no="豫组转字〔2026〕12号",
                         archive_note="随子女迁居")])
        assert migrations.current_revision(connection) == "0001"
    engine.dispose()

    store = Store(path)
    try:
        assert store.backup_path is not None and store.backup_path.is_file()
        old = sqlite3.connect(store.backup_path)
        assert old.execute("select version_num from alembic_version").fetchall() == [("0001",)]
        assert old.execute("select transfer_to from person where id = 2").fetchall() == [("中共某社区支部委员会",)]
        old.close()
        with store.engine.connect() as connection:
            assert migrations.current_revision(connection) == migrations.HEAD
            columns = {row[1] for row in connection.execute(text("PRAGMA table_info(person)"))}
            assert not columns & {"transfer_to", "transfer_letter_no", "archive_note"}
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
        with store.read() as session:
            active, archived = timeline(session, 1), timeline(session, 2)
            detail = people.get_person(session, 2, TODAY)
        assert [(e.kind, e.on) for e in active] == [(EventKind.CONFIRMED, date(1996, 7, 1)),
                                                    (EventKind.JOINED, date(1995, 7, 1))]
        assert [(e.kind, e.on, e.organisation, e.letter_no, e.note) for e in archived] == [
            (EventKind.TRANSFERRED_OUT, date(2026, 10, 1), "中共某社区支部委员会", "豫组转字〔2026〕12号", "随子女迁居"),
            (EventKind.CONFIRMED, date(1996, 7, 1), "", "", ""),
            (EventKind.JOINED, date(1995, 7, 1), "", "", ""),
        ]
        assert detail.archive == ArchiveForm(ArchiveReason.TRANSFERRED_OUT, date(2026, 10, 1), "中共某社区支部委员会",
                                             "豫组转字〔2026〕12号", "随子女迁居")
    finally:
        store.close()


@pytest.mark.file_only
def test_backups_taken_in_the_same_second_keep_both_copies(store, tmp_path):
    from models.storage.backup import backup_path

    first = backup_path(store.path, "升级前备份")
    store.backup_to(first)
    second = backup_path(store.path, "升级前备份")
    assert second != first and second.parent == first.parent == tmp_path / "backups"
    store.backup_to(second)
    assert first.is_file() and second.is_file()
    assert sorted(p.name for p in first.parent.iterdir()) == sorted([first.name, second.name])  # no .partial left


def test_database_errors_do_not_carry_the_rows_values(store, workspace):
    """Errors end up in logs: the engine hides statement parameters (an ID number, a phone)."""
    number = make("411323", date(1970, 1, 1), 11)
    workspace.run(create_member, PersonForm(name="王建国", citizen_id=number, phone="13812345678",
                                            joined_on=date(1995, 7, 1), confirmed_on=date(1996, 7, 1)))
    with pytest.raises(Exception) as failed, store.transaction() as session:
        session.execute(text("UPDATE person SET citizen_id = :n, phone = :p WHERE id = 99"), {"n": number, "p": "1"})
        session.execute(text("INSERT INTO person (name, name_pinyin, name_initials, sort_key, gender, ethnicity, "
                             "citizen_id, birth_date, stage, work_unit, phone, address, is_mobile, "
                             "mobile_destination, mobile_contact, notes) VALUES ('张三', '', '', '', 'M', '汉族', "
                             ":n, '1970-01-01', 'full', '', :p, '', false, '', '', '')"), {"n": number, "p": "13812345678"})
    # SQLite: "UNIQUE constraint failed: …"; PostgreSQL: "duplicate key value violates unique constraint …"
    assert "unique" in str(failed.value).lower()
    # … nor the driver's error behind it, which a logged traceback prints too (PostgreSQL's DETAIL had them)
    for error in (failed.value, failed.value.orig):
        assert number not in str(error) and "13812345678" not in str(error)
