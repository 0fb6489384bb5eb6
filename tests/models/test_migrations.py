"""Upgrading databases made by earlier schemas keeps every row (and turns archive data into events)."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

from sqlalchemy import inspect

from models.core.codes import EventKind
from models.people.events import timeline
from models.people.roster import MemberFilter, get_person, list_members
from models.schema import metadata
from models.storage import migrations
from models.storage.store import Store

DATA = Path(__file__).resolve().parent.parent / "data"
RELEASE_0001 = DATA / "schema-0001-release-0.1.0.db"  # `demo --people 30` made by release 0.1.0


def _rows(path: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_database_of_release_0_1_0_upgrades_with_every_row_and_archive_history(tmp_path):
    path = tmp_path / "branch.db"
    shutil.copy(RELEASE_0001, path)
    people_before = _rows(path, "SELECT id, name, citizen_id, birth_date, joined_on, confirmed_on, phone, address, "
                                "group_id, archive_reason, archived_on FROM person ORDER BY id")
    archives = _rows(path, "SELECT id, archive_reason, archived_on, transfer_to, transfer_letter_no, archive_note "
                           "FROM person WHERE archive_reason IS NOT NULL")
    groups_before = _rows(path, "SELECT id, name, sort_order FROM party_group ORDER BY id")
    assert archives and any(a[3] for a in archives)  # a 转出 with its destination, in the old columns

    store = Store(path)
    try:
        assert store.backup_path is not None and store.backup_path.is_file()  # the copy taken first
        with store.read() as session:
            assert migrations.current_revision(session.connection()) == migrations.HEAD
        assert _rows(path, "SELECT id, name, citizen_id, birth_date, joined_on, confirmed_on, phone, address, "
                           "group_id, archive_reason, archived_on FROM person ORDER BY id") == people_before
        assert _rows(path, "SELECT id, name, sort_order FROM party_group ORDER BY id") == groups_before
        with store.read() as session:
            for person_id, reason, archived_on, transfer_to, letter, note in archives:
                events = timeline(session, person_id)
                leaving = [e for e in events if e.kind == reason]
                assert len(leaving) == 1
                assert (leaving[0].on.isoformat(), leaving[0].organisation, leaving[0].letter_no, leaving[0].note) == (
                    archived_on, transfer_to, letter, note)
                detail = get_person(session, person_id, date(2026, 12, 2))
                assert detail.archive.transfer_to == transfer_to and detail.archive.transfer_letter_no == letter
            joined = _rows(path, "SELECT count(*) FROM person WHERE joined_on IS NOT NULL")[0][0]
            events_joined = _rows(path, f"SELECT count(*) FROM person_event WHERE kind='{EventKind.JOINED}'")[0][0]
            assert joined == events_joined == len(people_before)
            shown = list_members(session, MemberFilter(include_archived=True), date(2026, 12, 2))
            assert len(shown) == len(people_before)
    finally:
        store.close()
    # Opening again neither upgrades nor copies.
    again = Store(path)
    assert again.backup_path is None
    again.close()


def test_migrations_build_exactly_the_schema_the_entities_declare(tmp_path):
    store = Store(tmp_path / "new.db")
    try:
        with store.read() as session:
            found = inspect(session.connection())
            for table in metadata.sorted_tables:
                columns = {c["name"] for c in found.get_columns(table.name)}
                assert columns == {c.name for c in table.columns}, table.name
            assert set(found.get_table_names()) - {"alembic_version"} == set(metadata.tables)
    finally:
        store.close()


def test_head_constant_matches_the_scripts():
    assert migrations.HEAD == migrations.head_revision()



SCHEMA_0002 = DATA / "schema-0002-issue-11.db"  # `demo --people 30` made at schema 0002 (audit log, events)


def test_database_at_schema_0002_upgrades_keeping_events_and_audit_and_gets_the_score_catalogue(tmp_path):
    path = tmp_path / "branch.db"
    shutil.copy(SCHEMA_0002, path)
    tables = ("person", "party_group", "branch", "person_event", "audit_log")
    before = {t: _rows(path, f"SELECT * FROM {t} ORDER BY 1") for t in tables}
    store = Store(path)
    try:
        assert store.backup_path is not None
        for table in ("person", "party_group", "branch", "audit_log"):
            assert _rows(path, f"SELECT * FROM {table} ORDER BY 1") == before[table], table
        events = _rows(path, 'SELECT id, person_id, kind, "on", organisation, letter_no, note, recorded_by, '
                             "until, hours, related_person_id, override_reason, voided_at, void_reason "
                             "FROM person_event ORDER BY id")
        assert [e[:8] for e in events] == [e[:8] for e in before["person_event"]]
        assert {e[8:] for e in events} == {(None, None, None, "", None, "")}
        rules = _rows(path, "SELECT code, points, cap_per_quarter, veto FROM score_rule ORDER BY sort_order")
        assert rules[0] == ("JC01", 5, 5, 0) and ("FJ01", 0, None, 1) in rules and len(rules) == 14
    finally:
        store.close()


SCHEMA_0003 = DATA / "schema-0003-issue-12.db"  # `demo --people 30` at schema 0003, plus an adjustment and a pending entry


def test_database_at_schema_0003_upgrades_keeping_every_row_and_fills_the_score_tally(tmp_path):
    from models.scoring.periods import quarter_of
    from models.scoring.scores import period_scores
    from models.scoring.tally import differences, stored

    path = tmp_path / "branch.db"
    shutil.copy(SCHEMA_0003, path)
    tables = ("person", "person_event", "score_rule", "score_entry", "score_posting", "setting", "audit_log",
              "development_material")
    before = {t: _rows(path, f"SELECT * FROM {t} ORDER BY 1") for t in tables}
    assert _rows(path, "SELECT count(*) FROM score_entry WHERE adjusts_id IS NOT NULL")[0][0] == 1
    assert _rows(path, "SELECT count(*) FROM score_entry WHERE status = 'pending'")[0][0] == 1
    assert _rows(path, "SELECT count(*) FROM score_entry WHERE voided_at IS NOT NULL")[0][0] == 1
    store = Store(path)
    try:
        assert store.backup_path is not None
        for table in tables:
            assert _rows(path, f"SELECT * FROM {table} ORDER BY 1") == before[table], table
        with store.read() as session:
            assert migrations.current_revision(session.connection()) == migrations.HEAD
            assert differences(session) == []  # the SQL fill agrees with the entries, adjustment and pending included
            tally = stored(session)
            entries = _rows(path, 'SELECT "on", person_id, rule_id, points FROM score_entry '
                                  "WHERE voided_at IS NULL AND status = 'approved' AND adjusts_id IS NULL")
            assert sum(s.base for s in tally.values()) == sum(e[3] for e in entries)
            assert sum(s.pending for s in tally.values()) == 1 and sum(s.adjusted for s in tally.values()) < 0
            assert {k[0] for k in tally} == {quarter_of(date.fromisoformat(e[0])).code for e in entries}
            assert period_scores(session, "2026Q3", "activists", today=date(2026, 12, 2))
    finally:
        store.close()


SCHEMA_0004 = DATA / "schema-0004-issue-12.db"  # `demo --people 30` at schema 0004 (score tally)


def test_database_at_schema_0004_upgrades_keeping_every_row_fills_quarter_totals_and_gets_an_empty_ledger(tmp_path):
    path = tmp_path / "branch.db"
    shutil.copy(SCHEMA_0004, path)
    tables = ("person", "person_event", "party_group", "branch", "score_rule", "score_entry", "score_posting",
              "score_tally", "setting", "audit_log", "development_material")
    before = {t: _rows(path, f"SELECT * FROM {t} ORDER BY 1, 2") for t in tables}
    assert before["score_tally"] and before["score_entry"]
    store = Store(path)
    try:
        assert store.backup_path is not None
        for table in tables:
            assert _rows(path, f"SELECT * FROM {table} ORDER BY 1, 2") == before[table], table
        with store.read() as session:
            assert migrations.current_revision(session.connection()) == migrations.HEAD
            from models.scoring import quarter_totals

            assert quarter_totals.differences(session) == []  # 0005 filled them from the tally
        assert _rows(path, "SELECT count(*) FROM score_quarter")[0][0] > 0
        for table in ("grievance", "grievance_action", "visit_diary"):
            assert _rows(path, f"SELECT count(*) FROM {table}") == [(0,)]
    finally:
        store.close()


SCHEMA_0006 = DATA / "schema-0006-issue-13.db"  # `demo --people 30` at schema 0006 (the 民情台账)


def test_database_at_schema_0006_upgrades_keeping_every_row_and_gets_an_empty_user_table(tmp_path):
    path = tmp_path / "branch.db"
    shutil.copy(SCHEMA_0006, path)
    tables = [r[0] for r in _rows(path, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                        "AND name != 'alembic_version' ORDER BY name")]
    assert "app_user" not in tables and {"grievance", "visit_diary", "audit_log"} <= set(tables)
    before = {t: _rows(path, f'SELECT * FROM "{t}" ORDER BY 1, 2') for t in tables}
    assert before["grievance"] and before["person"]
    store = Store(path)
    try:
        assert store.backup_path is not None and store.backup_path.is_file()
        with store.read() as session:
            assert migrations.current_revision(session.connection()) == migrations.HEAD
            columns = {c["name"] for c in inspect(session.connection()).get_columns("app_user")}
        for table in tables:
            assert _rows(path, f'SELECT * FROM "{table}" ORDER BY 1, 2') == before[table], table
        assert _rows(path, "SELECT count(*) FROM app_user") == [(0,)]  # no accounts: the local 管理员 works on
        assert {"name", "role", "password_hash", "recovery_hash", "active", "failed_count"} <= columns
    finally:
        store.close()
