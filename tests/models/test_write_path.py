"""The one write path: each operation writes its audit rows in its own transaction, a failure
leaves neither data nor audit rows, permissions are checked, and reads cannot write."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from models.core.errors import PermissionDenied, ValidationError
from models.people import branch
from models.people.citizen_id import make
from models.people.entities import Person, PersonEvent
from models.people.operations import archive_member, create_member, create_member_in, restore_member, update_member
from models.people.rules import ArchiveForm, PersonForm, RestoreForm
from models.workspace import Actor, Entity, Permission, Tx, Workspace, operation
from models.workspace.entities import AuditEntry
from tests.conftest import TEST_ACTOR, TODAY

ID = make("411323", date(1968, 3, 12), 11)


def member(name: str = "王建国", number: str = ID, **extra) -> PersonForm:
    values = {"joined_on": date(1992, 7, 1), "confirmed_on": date(1993, 7, 1), "phone": "13812345678", **extra}
    return PersonForm(name=name, citizen_id=number, **values)


def audit(store, **where) -> list[AuditEntry]:
    with store.read() as session:
        query = select(AuditEntry).order_by(AuditEntry.id)
        for key, value in where.items():
            query = query.where(getattr(AuditEntry, key) == value)
        return list(session.scalars(query))


def counts(store) -> tuple[int, int, int]:
    with store.read() as session:
        return (session.scalar(select(func.count(Person.id))), session.scalar(select(func.count(PersonEvent.id))),
                session.scalar(select(func.count(AuditEntry.id))))


def test_create_records_who_what_and_masks_id_and_phone(store, workspace):
    outcome = workspace.run(create_member, member())
    assert outcome.operation == "member.create"
    assert outcome.changes.touches(Entity.PERSON) and outcome.value in outcome.changes.ids(Entity.PERSON)
    [row] = audit(store)
    assert (row.actor, row.operation, row.entity, row.entity_id, row.action) == (
        TEST_ACTOR.name, "member.create", "person", outcome.value, "create")
    values = json.loads(row.changes)
    assert values["name"] == "王建国" and values["joined_on"] == "1992-07-01"
    assert values["citizen_id"] == ID[:6] + "********" + ID[-4:] and values["phone"] == "138****5678"
    assert ID not in row.changes and "13812345678" not in row.changes
    assert "name_pinyin" not in values  # derived columns are not audit news


def test_update_records_each_changed_field_old_and_new(store, workspace):
    person_id = workspace.run(create_member, member()).value
    workspace.run(update_member, person_id, member(name="王健国", phone="13900001111"))
    [row] = audit(store, operation="member.update")
    assert row.action == "update" and row.entity_id == person_id
    assert json.loads(row.changes) == {"name": ["王建国", "王健国"], "phone": ["138****5678", "139****1111"]}


def test_saving_unchanged_form_writes_no_update_row(store, workspace):
    person_id = workspace.run(create_member, member()).value
    workspace.run(update_member, person_id, member())
    assert audit(store, operation="member.update") == []


def test_archive_and_restore_are_events_and_audited(store, workspace):
    person_id = workspace.run(create_member, member()).value
    workspace.run(archive_member, person_id, ArchiveForm("transferred_out", date(2026, 3, 1), "中共某社区支部委员会",
                                                         "豫组转字〔2026〕8号"))
    workspace.run(restore_member, person_id, RestoreForm(date(2026, 9, 1), "转回"))
    rows = audit(store, operation="member.archive")
    assert [(r.entity, r.action) for r in rows] == [("person", "update"), ("person_event", "create")]
    assert json.loads(rows[1].changes)["organisation"] == "中共某社区支部委员会"
    restore_rows = audit(store, operation="member.restore")
    assert [(r.entity, r.action) for r in restore_rows] == [("person", "update"), ("person_event", "create")]
    assert len({r.run_id for r in rows}) == 1 and rows[0].run_id != restore_rows[0].run_id


def test_group_and_settings_operations_are_audited(store, workspace):
    workspace.run(branch.update_branch, branch.BranchInfo("红旗村党支部", "中共红旗村支部委员会", "王建国"))
    workspace.run(branch.update_branch, branch.BranchInfo("红旗村党支部", "中共红旗村支部委员会", "李芳"))
    first = workspace.run(branch.create_group, "第一党小组").value
    second = workspace.run(branch.create_group, "第二党小组").value
    workspace.run(branch.rename_group, first, "一组")
    workspace.run(branch.move_group, second, -1)
    workspace.run(branch.delete_group, first)
    ops = [(r.operation, r.action) for r in audit(store)]
    assert ops == [("settings.update", "create"), ("settings.update", "update"), ("group.create", "create"),
                   ("group.create", "create"), ("group.rename", "update"), ("group.move", "update"),
                   ("group.move", "update"), ("group.delete", "delete")]
    assert json.loads(audit(store, operation="settings.update")[1].changes) == {"secretary": ["王建国", "李芳"]}


def test_refused_operation_leaves_no_data_and_no_audit(store, workspace):
    workspace.run(create_member, member())
    before = counts(store)
    with pytest.raises(ValidationError) as refused:
        workspace.run(create_member, member(name="张三"))  # the same ID number
    assert "已经登记在“王建国”名下" in str(refused.value)
    assert counts(store) == before


@operation("test.batch_create", Permission.MEMBERS_EDIT, "测试：批量新增")
def _batch_create(tx: Tx, forms: list[PersonForm]) -> list[int]:
    return [create_member_in(tx, form) for form in forms]


def test_failure_half_way_rolls_back_everything_written_before_it(store, workspace):
    forms = [member(f"甲{"一二三四五"[i]}", make("411323", date(1970, 1, 1 + i), 11)) for i in range(5)]
    forms.append(member("重复", forms[0].citizen_id))
    with pytest.raises(ValidationError):
        workspace.run(_batch_create, forms)
    assert counts(store) == (0, 0, 0)
    outcome = workspace.run(_batch_create, forms[:5])
    assert counts(store) == (5, 10, 5) and len(outcome.value) == 5


def test_permission_is_checked_before_anything_is_written(store):
    viewer = Workspace(store, Actor("查看员", frozenset({Permission.AUDIT_VIEW})), today=lambda: TODAY)
    with pytest.raises(PermissionDenied) as refused:
        viewer.run(create_member, member())
    assert "查看员" in str(refused.value) and "录入和修改记录" in str(refused.value)
    assert counts(store) == (0, 0, 0)


def test_read_sessions_cannot_write(store, workspace):
    workspace.run(create_member, member())
    # SQLite: "attempt to write a readonly database"; PostgreSQL: "… in a read-only transaction".
    with store.read() as session, pytest.raises(DBAPIError, match="readonly|read-only"):
        session.execute(text("DELETE FROM audit_log"))
    with store.read() as session:
        person = session.scalars(select(Person)).one()
        person.name = "改名"
        with pytest.raises(DBAPIError):
            session.flush()
    assert counts(store) == (1, 2, 1)


@pytest.mark.file_only
def test_writes_start_immediate_so_a_second_writer_waits_instead_of_failing_half_way(store, workspace):
    with store.transaction() as session:
        mode = session.execute(text("PRAGMA query_only")).scalar()
        assert mode == 0
    with store.read() as session:
        assert session.execute(text("PRAGMA query_only")).scalar() == 1


def _roster_file(tmp_path, count: int, *, group: str | None = None):
    from datetime import timedelta

    from tests.excel_files import HEADERS, person_row, write_roster

    headers = HEADERS + (["党小组"] if group else [])
    rows = []
    for n in range(count):
        birth = date(1950, 1, 1) + timedelta(days=n * 7)
        row = person_row(n + 1, "张" + "一二三四五六七八九十"[n % 10] + "丰" * (1 + n // 500), birth, 11,
                         date(2000, 7, 1), date(2001, 7, 1))
        rows.append(row + ([group] if group else []))
    return write_roster(tmp_path / "roster.xlsx", rows, headers=headers)


def test_importing_a_thousand_rows_is_one_operation_with_its_rows(tmp_path, store, workspace):
    from models.excel.roster_import import import_roster, read_roster

    path = _roster_file(tmp_path, 1000, group="第五党小组")
    with workspace.read() as session:
        preview = read_roster(path, session, TODAY)
    assert not preview.problems
    outcome = workspace.run(import_roster, preview)
    assert outcome.value.created == 1000 and outcome.changes.touches(Entity.PERSON, Entity.GROUP)
    rows = audit(store)
    assert {r.operation for r in rows} == {"members.import"} and len({r.run_id for r in rows}) == 1
    assert sorted((r.entity, r.action) for r in rows).count(("person", "create")) == 1000
    assert [(r.entity, r.action, r.summary) for r in rows if r.entity == "party_group"] == [
        ("party_group", "create", "第五党小组")]
    assert counts(store) == (1000, 2000, 1001)
    assert all("*" in json.loads(r.changes)["citizen_id"] for r in rows if r.entity == "person")


def test_a_cancelled_import_leaves_no_people_and_no_audit(tmp_path, store, workspace):
    from models.core.errors import Cancelled
    from models.excel.roster_import import import_roster, read_roster

    path = _roster_file(tmp_path, 1500)
    with workspace.read() as session:
        preview = read_roster(path, session, TODAY)
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 1  # after the first batch of 1000 has been written

    with pytest.raises(Cancelled):
        workspace.run(import_roster, preview, cancelled=cancelled)
    assert counts(store) == (0, 0, 0)


def test_updates_by_import_record_old_and_new_values(tmp_path, store, workspace):
    from models.excel.roster_import import import_roster, read_roster
    from tests.excel_files import person_row, write_roster

    path = write_roster(tmp_path / "a.xlsx", [person_row(1, "张三", date(1970, 5, 6), 11, date(1990, 7, 1),
                                                          date(1991, 7, 1))])
    with workspace.read() as session:
        workspace.run(import_roster, read_roster(path, session, TODAY))
    path = write_roster(tmp_path / "b.xlsx", [person_row(1, "张三", date(1970, 5, 6), 11, date(1990, 7, 1),
                                                          date(1991, 7, 1), 联系电话="13900002222")])
    with workspace.read() as session:
        workspace.run(import_roster, read_roster(path, session, TODAY))
    [row] = [r for r in audit(store) if r.action == "update"]
    assert json.loads(row.changes) == {"phone": ["138****5678", "139****2222"]}


def test_an_import_checked_before_someone_added_the_same_person_is_refused_in_chinese(tmp_path, store, workspace):
    from models.excel.roster_import import ImportRefused, import_roster, read_roster
    from tests.excel_files import person_row, write_roster

    path = write_roster(tmp_path / "a.xlsx", [person_row(1, "张三", date(1970, 5, 6), 11, date(1990, 7, 1),
                                                          date(1991, 7, 1))])
    with workspace.read() as session:
        preview = read_roster(path, session, TODAY)
    number = preview.new_rows[0].form.citizen_id
    workspace.run(create_member, member("张三", number))  # meanwhile, entered by hand
    before = counts(store)
    with pytest.raises(ImportRefused, match="第3行 张三.*请重新导入"):
        workspace.run(import_roster, preview)
    assert counts(store) == before
