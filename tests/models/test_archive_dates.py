"""Leaving dates that cannot be (new-user trial, item 2): 归档 refuses a 转出日期 before 入党日期, and
the `check` command's data rules report such records and a 转正 after the leaving date."""

from datetime import date

import pytest
from sqlalchemy import text

from models.core.codes import ArchiveReason
from models.core.errors import ValidationError
from models.people.citizen_id import make
from models.people.consistency import find_inconsistencies
from models.people.operations import archive_member, create_member
from models.people.rules import ArchiveForm, PersonForm, validate_archive
from tests.conftest import TODAY
from tests.models.test_people import state

JOINED = date(1980, 7, 1)


def old_member(workspace) -> int:
    form = PersonForm(name="王建国", citizen_id=make("411323", date(1950, 3, 12), 11), joined_on=JOINED,
                      confirmed_on=date(1981, 7, 1))
    return workspace.run(create_member, form).value


def transfer(on: date) -> ArchiveForm:
    return ArchiveForm(ArchiveReason.TRANSFERRED_OUT, on, "中共某社区支部委员会", "豫组转字〔2026〕12号")


def test_the_rule_names_the_joining_date():
    errors = validate_archive(transfer(date(1970, 1, 1)), TODAY, date(1950, 3, 12), JOINED)
    assert errors == {"archived_on": "日期不能早于入党日期（1980-07-01）"}
    assert validate_archive(transfer(JOINED), TODAY, date(1950, 3, 12), JOINED) == {}
    assert validate_archive(transfer(date(1970, 1, 1)), TODAY, date(1950, 3, 12)) == {}  # no 入党日期 known


def test_archiving_before_joining_is_refused_and_changes_nothing(workspace):
    person_id = old_member(workspace)
    before = state(workspace, person_id)
    with pytest.raises(ValidationError) as caught:
        workspace.run(archive_member, person_id, transfer(date(1970, 1, 1)))
    assert caught.value.errors == {"archived_on": "日期不能早于入党日期（1980-07-01）"}
    assert state(workspace, person_id) == before
    workspace.run(archive_member, person_id, transfer(date(2024, 11, 27)))  # a real date goes through
    assert state(workspace, person_id)[0].archive.archived_on == date(2024, 11, 27)


def test_check_reports_leaving_before_joining_and_confirmation_after_leaving(workspace, store):
    first = old_member(workspace)
    second = workspace.run(create_member, PersonForm(
        name="李芳", citizen_id=make("411323", date(1990, 1, 9), 22), joined_on=date(2015, 7, 1),
        confirmed_on=date(2016, 7, 1))).value
    for person_id in (first, second):
        workspace.run(archive_member, person_id, transfer(date(2024, 11, 27)))
    with store.read() as session:
        assert find_inconsistencies(session) == []
    # As another tool (or a mixed-up copy) could leave the database: dates the program would refuse,
    # written past the operations' checks.
    with store.transaction() as session:
        session.execute(text("UPDATE person SET archived_on = '1970-01-01' WHERE id = :id"), {"id": first})
        session.execute(text("UPDATE person_event SET \"on\" = '2025-03-01' WHERE person_id = :id AND kind = 'confirmed'"),
                        {"id": second})
    with store.read() as session:
        found = {(f.rule, f.where) for f in find_inconsistencies(session)}
    assert found == {
        ("归档日期（转出、去世等）不应早于入党日期", f"王建国（编号 {first}）：入党 1980-07-01，转出 1970-01-01"),
        ("转正不应晚于离开（转出、去世等）的日期", f"王建国（编号 {first}）：转出 1970-01-01，转正 1981-07-01"),
        ("转正不应晚于离开（转出、去世等）的日期", f"李芳（编号 {second}）：转出 2024-11-27，转正 2025-03-01"),
    }


def test_disqualification_is_refused_for_a_full_member_and_changes_nothing(workspace):
    person_id = old_member(workspace)
    before = state(workspace, person_id)
    form = ArchiveForm(ArchiveReason.DISQUALIFIED, TODAY, note="支部大会决定")
    with pytest.raises(ValidationError) as refused:
        workspace.run(archive_member, person_id, form)
    assert "正式党员离开党组织请选“出党”" in refused.value.errors["archive_reason"]
    assert state(workspace, person_id) == before
    assert validate_archive(form, TODAY, date(1950, 3, 12), JOINED, "probationary") == {}
