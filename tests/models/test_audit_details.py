"""操作记录 reads like the form (new-user trial, item 5): a 新增 lists its fields in the form's order,
and no internal record number (人员编号：64) is shown — the summary names the person."""

import json
from datetime import date

from models.core.codes import ArchiveReason
from models.people import branch
from models.people.citizen_id import make
from models.people.operations import archive_member, create_member, update_member
from models.people.rules import PERSON_FIELDS, ArchiveForm, PersonForm
from models.workspace import Entity
from models.workspace.audit import AuditFilter, describe_changes, list_audit, to_json
from models.workspace.entities import AuditEntry


def rows(workspace, entity: str):
    with workspace.read() as session:
        return [r for r in list_audit(session, AuditFilter()) if r.entity == entity]


def add_wang(workspace) -> int:
    group = workspace.run(branch.create_group, "第一党小组").value
    form = PersonForm(name="王建国", citizen_id=make("411323", date(1968, 3, 12), 11), group_id=group,
                      joined_on=date(1992, 7, 1), confirmed_on=date(1993, 7, 1), phone="13812345678",
                      address="红旗村一组8号", notes="老支书")
    return workspace.run(create_member, form).value


def test_a_new_person_is_logged_in_the_order_of_the_form(workspace):
    add_wang(workspace)
    created = rows(workspace, Entity.PERSON)[0]
    expected = [f if f != "group_id" else "group" for f in PERSON_FIELDS]
    logged = list(created.changes)
    assert logged == [f for f in expected if f in logged]  # form order, not alphabetical
    assert logged[:3] == ["name", "gender", "ethnicity"]
    text = describe_changes(created)
    assert text.startswith("姓名：王建国；性别：男；民族：汉族；公民身份号码：")
    assert text.index("党小组：第一党小组") < text.index("入党日期：") < text.index("备注：老支书")


def test_the_stored_json_keeps_the_given_order():
    assert to_json({"name": "王建国", "gender": "M", "address": "一组"}) == \
        '{"name": "王建国", "gender": "M", "address": "一组"}'


def test_an_update_lists_the_changed_fields_in_form_order(workspace):
    person_id = add_wang(workspace)
    form = PersonForm(name="王建国", citizen_id=make("411323", date(1968, 3, 12), 11), joined_on=date(1992, 7, 1),
                      confirmed_on=date(1993, 7, 1), phone="13900001111", address="红旗村二组8号")
    workspace.run(update_member, person_id, form)
    updated = rows(workspace, Entity.PERSON)[0]
    assert list(updated.changes) == ["group", "phone", "address", "notes"]


def test_an_archive_event_names_no_internal_number(workspace):
    person_id = add_wang(workspace)
    workspace.run(archive_member, person_id, ArchiveForm(ArchiveReason.TRANSFERRED_OUT, date(2024, 11, 27),
                                                         "中共某社区支部委员会", "豫组转字〔2024〕8号"))
    event = rows(workspace, Entity.PERSON_EVENT)[0]
    assert "person_id" not in event.changes
    assert event.summary == "王建国 转出"
    assert describe_changes(event) == "事项：转出；日期：2024-11-27；党组织：中共某社区支部委员会；介绍信编号：豫组转字〔2024〕8号"


def test_older_rows_with_a_person_number_are_shown_without_it(workspace):
    person_id = add_wang(workspace)
    workspace.run(archive_member, person_id, ArchiveForm(ArchiveReason.DECEASED, date(2024, 11, 27)))
    with workspace.store.transaction() as session:  # as release 0.2 wrote it
        entry = session.query(AuditEntry).filter_by(entity=Entity.PERSON_EVENT).one()
        entry.changes = json.dumps({"person_id": 64, "kind": "deceased", "on": "2024-11-27"}, ensure_ascii=False)
    event = rows(workspace, Entity.PERSON_EVENT)[0]
    assert describe_changes(event) == "事项：去世；日期：2024-11-27"
