"""Roster actions against a real SQLite file: reads through `read()`, changes through operations."""

from dataclasses import replace
from datetime import date

import pytest

from models.core.codes import ArchiveReason, EventKind, Gender, Stage
from models.core.errors import NotFound, ValidationError
from models.people import branch
from models.people import roster as people
from models.people.citizen_id import make
from models.people.events import timeline
from models.people.operations import archive_member, create_member, restore_member, update_member
from models.people.rules import ArchiveForm, PersonForm, RestoreForm
from models.workspace.audit import AuditFilter, count_audit
from tests.conftest import TODAY

MEMBERSHIP = (EventKind.JOINED, EventKind.CONFIRMED)


def member(name="王建国", birth=date(1980, 6, 15), seq=11, **extra):
    values = dict(name=name, citizen_id=make("411323", birth, seq), joined_on=date(2005, 7, 1),
                  confirmed_on=date(2006, 7, 1), phone="13812345678")
    values.update(extra)
    return PersonForm(**values)


def listed(session, flt):
    """The 党员 list's rows for a filter and the archived people it leaves out, as the tab reads them."""
    return people.narrowed(people.roster_rows(session, flt, TODAY), flt)


def add(workspace, form: PersonForm) -> int:
    return workspace.run(create_member, form).value


def transfer(on: date, to: str = "中共某社区支部委员会", letter: str = "豫组转字〔2026〕12号") -> ArchiveForm:
    return ArchiveForm(reason=ArchiveReason.TRANSFERRED_OUT, archived_on=on, transfer_to=to, transfer_letter_no=letter)


def history(workspace, person_id: int) -> list[tuple[str, date, str]]:
    """The person's leaving/returning events (入党/转正 left out), newest first."""
    with workspace.read() as session:
        return [(e.kind, e.on, e.organisation) for e in timeline(session, person_id) if e.kind not in MEMBERSHIP]


def state(workspace, person_id: int):
    """Everything an operation on this person could change: detail, timeline, audit rows."""
    with workspace.read() as session:
        return (people.get_person(session, person_id, TODAY), timeline(session, person_id),
                count_audit(session, AuditFilter()))


def test_saving_fills_gender_and_birth_from_the_id_and_reads_back(workspace):
    outcome = workspace.run(create_member, member(name=" 王  建国 "))
    person_id = outcome.value
    assert person_id in outcome.changes.ids("person")
    with workspace.read() as session:
        detail = people.get_person(session, person_id, TODAY)
        events = timeline(session, person_id)
    assert detail.form.name == "王建国"
    assert detail.form.gender == Gender.MALE
    assert detail.form.birth_date == date(1980, 6, 15)
    assert detail.age == 46
    assert detail.party_years == 20  # 党龄 counts from 转正 (2006-07-01)
    # 入党 and 转正 are dated events too, newest first, recorded against the person acting.
    assert [(e.kind, e.on) for e in events] == [(EventKind.CONFIRMED, date(2006, 7, 1)),
                                                (EventKind.JOINED, date(2005, 7, 1))]
    assert {e.recorded_by for e in events} == {"测试员"}


def test_duplicate_id_is_refused_and_nothing_is_saved(workspace):
    add(workspace, member())
    with pytest.raises(ValidationError) as caught:
        workspace.run(create_member, member(name="李四"))
    assert "已经登记在“王建国”名下" in caught.value.errors["citizen_id"]
    with workspace.read() as session:
        assert people.count_members(session) == 1
        assert count_audit(session, AuditFilter()) == 1  # only the first member's creation


def test_editing_keeps_own_id_and_updates_fields(workspace):
    person_id = add(workspace, member())
    workspace.run(update_member, person_id, member(phone="0371-66668888", work_unit="村委会 主任"))
    with workspace.read() as session:
        form = people.get_person(session, person_id, TODAY).form
    assert form.phone == "0371-66668888" and form.work_unit == "村委会 主任"


def test_missing_person_is_not_found(workspace):
    with pytest.raises(NotFound, match="找不到编号为 999 的人员"):
        workspace.run(update_member, 999, member())
    with pytest.raises(NotFound):
        workspace.run(archive_member, 999, transfer(date(2026, 10, 1)))
    with pytest.raises(NotFound):
        workspace.run(restore_member, 999, RestoreForm(restored_on=TODAY))
    with workspace.read() as session, pytest.raises(NotFound):
        people.get_person(session, 999, TODAY)


def test_probationary_member_has_no_party_years(workspace):
    person_id = add(workspace, member(stage=Stage.PROBATIONARY, joined_on=date(2026, 5, 1), confirmed_on=None))
    with workspace.read() as session:
        assert people.get_person(session, person_id, TODAY).party_years is None


def test_archive_hides_from_default_list_and_restore_brings_back(workspace):
    person_id = add(workspace, member())
    add(workspace, member(name="李四", birth=date(1975, 1, 2), seq=13))
    workspace.run(archive_member, person_id, transfer(date(2026, 10, 1)))
    with workspace.read() as session:
        default = people.list_members(session, people.MemberFilter(), TODAY)
        everyone = people.list_members(session, people.MemberFilter(include_archived=True), TODAY)
        assert [r.name for r in default] == ["李四"]
        assert {r.name for r in everyone} == {"王建国", "李四"}
        # the same query says how many archived people a search matches but leaves out
        assert listed(session, people.MemberFilter(text="w"))[1] == 1
        assert listed(session, people.MemberFilter(text="ls")) == (default, 0)
        assert listed(session, people.MemberFilter()) == (default, 0)
        shown = people.MemberFilter(text="w", include_archived=True)
        assert [r.name for r in listed(session, shown)[0]] == ["王建国"]
        assert listed(session, shown)[1] == 0
        archive = people.get_person(session, person_id, TODAY).archive
    assert archive == ArchiveForm(ArchiveReason.TRANSFERRED_OUT, date(2026, 10, 1), "中共某社区支部委员会",
                                  "豫组转字〔2026〕12号", "")
    workspace.run(restore_member, person_id, RestoreForm(restored_on=date(2026, 11, 1), note="组织关系转回"))
    with workspace.read() as session:
        assert len(people.list_members(session, people.MemberFilter(), TODAY)) == 2
        assert people.get_person(session, person_id, TODAY).archive is None
        events = [e for e in timeline(session, person_id) if e.kind not in MEMBERSHIP]
    # Restoring keeps the archive in the history and adds a 恢复 event on top.
    assert [(e.kind, e.on, e.organisation, e.letter_no, e.note) for e in events] == [
        (EventKind.RESTORED, date(2026, 11, 1), "", "", "组织关系转回"),
        (EventKind.TRANSFERRED_OUT, date(2026, 10, 1), "中共某社区支部委员会", "豫组转字〔2026〕12号", ""),
    ]


def test_archive_restore_archive_keeps_three_events_newest_first(workspace):
    person_id = add(workspace, member())
    workspace.run(archive_member, person_id, transfer(date(2025, 3, 1), "中共深圳市宝安区某社区支部委员会",
                                                      "豫组转字〔2025〕7号"))
    workspace.run(restore_member, person_id, RestoreForm(restored_on=date(2025, 9, 1), note="返乡"))
    workspace.run(archive_member, person_id, transfer(date(2026, 10, 1), "中共杭州市萧山区某村支部委员会",
                                                      "豫组转字〔2026〕31号"))
    assert history(workspace, person_id) == [
        (EventKind.TRANSFERRED_OUT, date(2026, 10, 1), "中共杭州市萧山区某村支部委员会"),
        (EventKind.RESTORED, date(2025, 9, 1), ""),
        (EventKind.TRANSFERRED_OUT, date(2025, 3, 1), "中共深圳市宝安区某社区支部委员会"),
    ]
    with workspace.read() as session:
        first_archive = [e for e in timeline(session, person_id) if e.kind not in MEMBERSHIP][-1]
        detail = people.get_person(session, person_id, TODAY)
        assert people.list_members(session, people.MemberFilter(), TODAY) == []
    assert first_archive.letter_no == "豫组转字〔2025〕7号"
    # The person's archive is the current one (the second), rebuilt from its event.
    assert detail.archive == ArchiveForm(ArchiveReason.TRANSFERRED_OUT, date(2026, 10, 1),
                                         "中共杭州市萧山区某村支部委员会", "豫组转字〔2026〕31号", "")


def test_archive_restore_archive_on_one_day_orders_by_entry(workspace):
    person_id = add(workspace, member())
    workspace.run(archive_member, person_id, transfer(TODAY, "甲支部"))
    workspace.run(restore_member, person_id, RestoreForm(restored_on=TODAY))
    workspace.run(archive_member, person_id, transfer(TODAY, "乙支部"))
    assert history(workspace, person_id) == [(EventKind.TRANSFERRED_OUT, TODAY, "乙支部"),
                                             (EventKind.RESTORED, TODAY, ""),
                                             (EventKind.TRANSFERRED_OUT, TODAY, "甲支部")]
    with workspace.read() as session:
        assert people.get_person(session, person_id, TODAY).archive.transfer_to == "乙支部"


def test_a_second_archive_cannot_predate_the_restore_before_it(workspace):
    person_id = add(workspace, member())
    workspace.run(archive_member, person_id, transfer(date(2026, 10, 1), "甲支部"))
    workspace.run(restore_member, person_id, RestoreForm(restored_on=date(2026, 11, 1)))
    before = state(workspace, person_id)
    with pytest.raises(ValidationError) as refused:
        workspace.run(archive_member, person_id, transfer(date(2026, 1, 1), "乙支部"))
    assert "不能早于上次恢复的日期（2026-11-01）" in refused.value.errors["archived_on"]
    assert state(workspace, person_id) == before


def test_archiving_an_archived_person_is_refused_and_changes_nothing(workspace):
    person_id = add(workspace, member())
    workspace.run(archive_member, person_id, transfer(date(2026, 10, 1)))
    before = state(workspace, person_id)
    with pytest.raises(ValidationError) as caught:
        workspace.run(archive_member, person_id, ArchiveForm(reason=ArchiveReason.DECEASED,
                                                             archived_on=date(2026, 11, 1)))
    assert "“王建国”已经归档（转出）" in caught.value.errors["archive_reason"]
    assert "已经归档" in str(caught.value)
    assert state(workspace, person_id) == before


def test_restoring_an_active_person_is_refused_and_changes_nothing(workspace):
    person_id = add(workspace, member())
    before = state(workspace, person_id)
    with pytest.raises(ValidationError) as caught:
        workspace.run(restore_member, person_id, RestoreForm(restored_on=TODAY))
    assert "“王建国”在册，不需要恢复" in caught.value.errors["restored_on"]
    assert "不需要恢复" in str(caught.value)
    assert state(workspace, person_id) == before


@pytest.mark.parametrize(
    ("form", "field"),
    [
        (RestoreForm(restored_on=None), "restored_on"),
        (RestoreForm(restored_on=date(2027, 1, 1)), "restored_on"),
        (RestoreForm(restored_on=date(2026, 9, 30)), "restored_on"),  # before the archive
    ],
)
def test_restore_rules_leave_the_person_archived(workspace, form, field):
    person_id = add(workspace, member())
    workspace.run(archive_member, person_id, transfer(date(2026, 10, 1)))
    before = state(workspace, person_id)
    with pytest.raises(ValidationError) as caught:
        workspace.run(restore_member, person_id, form)
    assert field in caught.value.errors
    assert state(workspace, person_id) == before


@pytest.mark.parametrize(
    ("form", "field"),
    [
        (ArchiveForm(reason=ArchiveReason.TRANSFERRED_OUT, archived_on=date(2026, 10, 1)), "transfer_to"),
        (ArchiveForm(reason=ArchiveReason.DECEASED, archived_on=None), "archived_on"),
        (ArchiveForm(reason=ArchiveReason.DECEASED, archived_on=date(2027, 1, 1)), "archived_on"),
        (ArchiveForm(reason=ArchiveReason.DECEASED, archived_on=date(1979, 1, 1)), "archived_on"),
        (ArchiveForm(reason=ArchiveReason.OTHER, archived_on=date(2026, 1, 1)), "archive_note"),
        (ArchiveForm(reason=ArchiveReason.LEFT_PARTY, archived_on=date(2026, 1, 1)), "archive_note"),
        (ArchiveForm(reason=ArchiveReason.SUSPENDED, archived_on=date(2026, 1, 1), note="  "), "archive_note"),
        (ArchiveForm(reason="fired", archived_on=date(2026, 1, 1)), "archive_reason"),
    ],
)
def test_archive_rules_leave_the_person_active(workspace, form, field):
    person_id = add(workspace, member())
    before = state(workspace, person_id)
    with pytest.raises(ValidationError) as caught:
        workspace.run(archive_member, person_id, form)
    assert field in caught.value.errors
    after = state(workspace, person_id)
    assert after == before and after[0].archive is None


@pytest.mark.parametrize(("reason", "label"), [(ArchiveReason.LEFT_PARTY, "出党"), (ArchiveReason.SUSPENDED, "停止党籍"),
                                               (ArchiveReason.OTHER, "其他"), (ArchiveReason.DECEASED, "去世")])
def test_reasons_with_a_note_archive_and_keep_the_note(workspace, reason, label):
    from models.core.codes import label as label_of

    person_id = add(workspace, member())
    workspace.run(archive_member, person_id, ArchiveForm(reason=reason, archived_on=date(2026, 3, 1),
                                                         note=" 党委批复〔2026〕3号 "))
    with workspace.read() as session:
        archive = people.get_person(session, person_id, TODAY).archive
        rows = people.list_members(session, people.MemberFilter(include_archived=True), TODAY)
    assert label_of(reason) == label
    assert archive == ArchiveForm(reason, date(2026, 3, 1), "", "", "党委批复〔2026〕3号")
    assert [r.archive_reason for r in rows] == [reason]
    assert history(workspace, person_id) == [(reason, date(2026, 3, 1), "")]


def test_filters_by_group_stage_and_mobile(workspace):
    first = workspace.run(branch.create_group, "第一党小组").value
    add(workspace, member(group_id=first))
    add(workspace, member(name="李四", birth=date(1980, 1, 2), seq=13, stage=Stage.PROBATIONARY,
                          joined_on=date(2026, 6, 1), confirmed_on=None))
    add(workspace, member(name="赵敏", birth=date(1982, 3, 4), seq=24, is_mobile=True,
                          mobile_destination="广东省深圳市"))

    with workspace.read() as session:
        def names(**kw):
            return sorted(r.name for r in people.list_members(session, people.MemberFilter(**kw), TODAY))

        assert names(group_id=first) == ["王建国"]
        assert names(group_id=people.NO_GROUP) == ["李四", "赵敏"]
        assert names(stage=Stage.PROBATIONARY) == ["李四"]
        assert names(mobile_only=True) == ["赵敏"]


def test_mobile_fields_are_cleared_when_no_longer_mobile(workspace):
    person_id = add(workspace, member(is_mobile=True, mobile_destination="深圳"))
    workspace.run(update_member, person_id, member(is_mobile=False, mobile_destination="深圳"))
    with workspace.read() as session:
        assert people.get_person(session, person_id, TODAY).form.mobile_destination == ""


def test_rare_characters_survive_storage(workspace):
    person_id = add(workspace, member(name="李䶮"))
    other = add(workspace, member(name="𠮷祥", birth=date(1979, 1, 1), seq=33))
    with workspace.read() as session:
        assert people.get_person(session, person_id, TODAY).form.name == "李䶮"
        assert people.get_person(session, other, TODAY).form.name == "𠮷祥"
        assert [r.name for r in people.list_members(session, people.MemberFilter(text="liyan"), TODAY)] == ["李䶮"]


def test_groups_add_rename_order_and_delete(workspace):
    def group_names():
        with workspace.read() as session:
            return [g.name for g in branch.list_groups(session)]

    a = workspace.run(branch.create_group, "第一党小组").value
    b = workspace.run(branch.create_group, "第二党小组").value
    workspace.run(branch.rename_group, a, "老党员党小组")
    workspace.run(branch.move_group, b, -1)
    assert group_names() == ["第二党小组", "老党员党小组"]
    with pytest.raises(ValidationError, match="已经有"):
        workspace.run(branch.create_group, "第二党小组")
    add(workspace, replace(member(), group_id=b))
    with pytest.raises(ValidationError, match="还有1人"):
        workspace.run(branch.delete_group, b)
    workspace.run(branch.delete_group, a)
    assert group_names() == ["第二党小组"]
    with pytest.raises(NotFound):
        workspace.run(branch.rename_group, a, "又一个党小组")


def test_branch_names(workspace):
    assert branch.suggest_full_name("红旗村党支部") == "中共红旗村支部委员会"
    with workspace.read() as session:
        assert branch.get_branch(session) is None
    with pytest.raises(ValidationError):
        workspace.run(branch.update_branch, branch.BranchInfo("", "", ""))
    with workspace.read() as session:
        assert branch.get_branch(session) is None
    workspace.run(branch.update_branch, branch.BranchInfo("红旗村党支部", "中共红旗村支部委员会", "王建国"))
    with workspace.read() as session:
        assert branch.get_branch(session).full_name == "中共红旗村支部委员会"


def test_phones_and_ethnicity_are_stored_in_one_form_and_found_however_typed(workspace):
    mobile = add(workspace, member(phone="138-0000-1111", ethnicity="汉"))
    landline = add(workspace, member(name="李四", birth=date(1981, 2, 3), seq=13, phone="（0371）6666 8888转801",
                                     ethnicity="蒙古"))
    with workspace.read() as session:
        first = people.get_person(session, mobile, TODAY).form
        second = people.get_person(session, landline, TODAY).form

        def found(text):
            return [r.name for r in people.list_members(session, people.MemberFilter(text=text), TODAY)]

        assert (first.phone, first.ethnicity) == ("13800001111", "汉族")
        assert (second.phone, second.ethnicity) == ("0371-66668888-801", "蒙古族")
        assert found("138 0000 1111") == ["王建国"]
        assert found("037166668888") == found("0371-6666") == found("66668888") == ["李四"]


def test_the_list_marks_probationers_whose_confirmation_is_due(workspace):
    add(workspace, member(name="新人", birth=date(1990, 1, 2), seq=13, stage=Stage.PROBATIONARY,
                          joined_on=date(2026, 6, 1), confirmed_on=None))
    add(workspace, member(name="该转正", birth=date(1990, 3, 4), seq=15, stage=Stage.PROBATIONARY,
                          joined_on=date(2025, 6, 1), confirmed_on=None))
    add(workspace, member())
    with workspace.read() as session:
        rows = {r.name: r.probation for r in people.list_members(session, people.MemberFilter(), TODAY)}
    assert rows == {"新人": "", "该转正": "due", "王建国": ""}


def test_a_probation_longer_than_two_years_cannot_be_saved(workspace):
    with pytest.raises(ValidationError) as caught:
        add(workspace, member(stage=Stage.PROBATIONARY, joined_on=date(2019, 7, 1), confirmed_on=None))
    assert "预备期最长两年" in caught.value.errors["stage"]
    with workspace.read() as session:
        assert people.count_members(session) == 0
