"""The store: migrations from empty, pragmas, reopening keeps rows, damaged files explained."""

import sqlite3
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from models import migrations, people
from models.citizen_id import make
from models.entities import Base
from models.instance_lock import AlreadyRunning, InstanceLock
from models.person_rules import PersonForm
from models.store import Store, StoreError
from tests.conftest import TODAY


def test_migrations_create_the_schema_the_entities_describe(tmp_path):
    store = Store(tmp_path / "new.db")
    with store.engine.connect() as connection:
        assert migrations.current_revision(connection) == migrations.head_revision()
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    assert store.backup_path is None  # nothing to back up in a new file
    store.close()


def test_head_constant_matches_the_migration_scripts():
    assert migrations.HEAD == migrations.head_revision()


def test_connections_have_foreign_keys_wal_and_busy_timeout(store):
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_reopening_keeps_rows_and_needs_no_backup(tmp_path):
    path = tmp_path / "keep.db"
    store = Store(path)
    with store.session() as session:
        people.save_person(session, PersonForm(name="王建国", citizen_id=make("411323", date(1970, 1, 1), 11),
                                               joined_on=date(1995, 7, 1), confirmed_on=date(1996, 7, 1)), TODAY)
    store.close()
    reopened = Store(path)
    assert reopened.backup_path is None
    with reopened.session() as session:
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


def test_backup_copies_a_live_wal_database(store, tmp_path):
    with store.session() as session:
        people.save_person(session, PersonForm(name="李四", citizen_id=make("411323", date(1970, 2, 1), 13),
                                               joined_on=date(1995, 7, 1), confirmed_on=date(1996, 7, 1)), TODAY)
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
