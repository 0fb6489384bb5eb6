"""Roster actions against a real SQLite file."""

from dataclasses import replace
from datetime import date

import pytest

from models import branch, people
from models.citizen_id import make
from models.codes import ArchiveReason, Gender, Stage
from models.person_rules import ArchiveForm, PersonForm, ValidationError
from tests.conftest import TODAY


def member(name="王建国", birth=date(1980, 6, 15), seq=11, **extra):
    values = dict(name=name, citizen_id=make("411323", birth, seq), joined_on=date(2005, 7, 1),
                  confirmed_on=date(2006, 7, 1), phone="13812345678")
    values.update(extra)
    return PersonForm(**values)


def test_saving_fills_gender_and_birth_from_the_id_and_reads_back(store):
    with store.session() as session:
        person_id = people.save_person(session, member(name=" 王  建国 "), TODAY)
    with store.session() as session:
        detail = people.get_person(session, person_id, TODAY)
    assert detail.form.name == "王建国"
    assert detail.form.gender == Gender.MALE
    assert detail.form.birth_date == date(1980, 6, 15)
    assert detail.age == 46
    assert detail.party_years == 20  # 党龄 counts from 转正 (2006-07-01)


def test_duplicate_id_is_refused_and_nothing_is_saved(store):
    with store.session() as session:
        people.save_person(session, member(), TODAY)
    with pytest.raises(ValidationError) as caught, store.session() as session:
        people.save_person(session, member(name="李四"), TODAY)
    assert "已经登记在“王建国”名下" in caught.value.errors["citizen_id"]
    with store.session() as session:
        assert people.count_members(session) == 1


def test_editing_keeps_own_id_and_updates_fields(store):
    with store.session() as session:
        person_id = people.save_person(session, member(), TODAY)
    with store.session() as session:
        people.save_person(session, member(phone="0371-66668888", work_unit="村委会 主任"), TODAY, person_id)
    with store.session() as session:
        form = people.get_person(session, person_id, TODAY).form
    assert form.phone == "0371-66668888" and form.work_unit == "村委会 主任"


def test_probationary_member_has_no_party_years(store):
    with store.session() as session:
        person_id = people.save_person(
            session, member(stage=Stage.PROBATIONARY, joined_on=date(2026, 5, 1), confirmed_on=None), TODAY
        )
        assert people.get_person(session, person_id, TODAY).party_years is None


def test_archive_hides_from_default_list_and_restore_brings_back(store):
    with store.session() as session:
        person_id = people.save_person(session, member(), TODAY)
        people.save_person(session, member(name="李四", birth=date(1975, 1, 2), seq=13), TODAY)
    form = ArchiveForm(reason=ArchiveReason.TRANSFERRED_OUT, archived_on=date(2026, 10, 1),
                       transfer_to="中共某社区支部委员会", transfer_letter_no="豫组转字〔2026〕12号")
    with store.session() as session:
        people.archive_person(session, person_id, form, TODAY)
    with store.session() as session:
        default = people.list_members(session, people.MemberFilter(), TODAY)
        everyone = people.list_members(session, people.MemberFilter(include_archived=True), TODAY)
        assert [r.name for r in default] == ["李四"]
        assert {r.name for r in everyone} == {"王建国", "李四"}
        assert people.get_person(session, person_id, TODAY).archive.transfer_letter_no == "豫组转字〔2026〕12号"
        people.restore_person(session, person_id)
    with store.session() as session:
        assert len(people.list_members(session, people.MemberFilter(), TODAY)) == 2


@pytest.mark.parametrize(
    ("form", "field"),
    [
        (ArchiveForm(reason=ArchiveReason.TRANSFERRED_OUT, archived_on=date(2026, 10, 1)), "transfer_to"),
        (ArchiveForm(reason=ArchiveReason.DECEASED, archived_on=None), "archived_on"),
        (ArchiveForm(reason=ArchiveReason.DECEASED, archived_on=date(2027, 1, 1)), "archived_on"),
        (ArchiveForm(reason=ArchiveReason.OTHER, archived_on=date(2026, 1, 1)), "archive_note"),
    ],
)
def test_archive_rules_leave_the_person_active(store, form, field):
    with store.session() as session:
        person_id = people.save_person(session, member(), TODAY)
    with pytest.raises(ValidationError) as caught, store.session() as session:
        people.archive_person(session, person_id, form, TODAY)
    assert field in caught.value.errors
    with store.session() as session:
        assert people.get_person(session, person_id, TODAY).archive is None


def test_filters_by_group_stage_and_mobile(store):
    with store.session() as session:
        first = branch.add_group(session, "第一党小组")
        people.save_person(session, member(group_id=first), TODAY)
        people.save_person(session, member(name="李四", birth=date(1980, 1, 2), seq=13, stage=Stage.PROBATIONARY,
                                           joined_on=date(2026, 6, 1), confirmed_on=None), TODAY)
        people.save_person(session, member(name="赵敏", birth=date(1982, 3, 4), seq=24, is_mobile=True,
                                           mobile_destination="广东省深圳市"), TODAY)

        def names(**kw):
            return sorted(r.name for r in people.list_members(session, people.MemberFilter(**kw), TODAY))

        assert names(group_id=first) == ["王建国"]
        assert names(group_id=people.NO_GROUP) == ["李四", "赵敏"]
        assert names(stage=Stage.PROBATIONARY) == ["李四"]
        assert names(mobile_only=True) == ["赵敏"]


def test_mobile_fields_are_cleared_when_no_longer_mobile(store):
    with store.session() as session:
        person_id = people.save_person(session, member(is_mobile=True, mobile_destination="深圳"), TODAY)
        people.save_person(session, member(is_mobile=False, mobile_destination="深圳"), TODAY, person_id)
        assert people.get_person(session, person_id, TODAY).form.mobile_destination == ""


def test_rare_characters_survive_storage(store):
    with store.session() as session:
        person_id = people.save_person(session, member(name="李䶮"), TODAY)
        other = people.save_person(session, member(name="𠮷祥", birth=date(1979, 1, 1), seq=33), TODAY)
    with store.session() as session:
        assert people.get_person(session, person_id, TODAY).form.name == "李䶮"
        assert people.get_person(session, other, TODAY).form.name == "𠮷祥"
        assert [r.name for r in people.list_members(session, people.MemberFilter(text="liyan"), TODAY)] == ["李䶮"]


def test_groups_add_rename_order_and_delete(store):
    with store.session() as session:
        a = branch.add_group(session, "第一党小组")
        b = branch.add_group(session, "第二党小组")
        branch.rename_group(session, a, "老党员党小组")
        branch.move_group(session, b, -1)
        assert [g.name for g in branch.list_groups(session)] == ["第二党小组", "老党员党小组"]
        with pytest.raises(ValidationError, match="已经有"):
            branch.add_group(session, "第二党小组")
        people.save_person(session, replace(member(), group_id=b), TODAY)
        with pytest.raises(ValidationError, match="还有1人"):
            branch.delete_group(session, b)
        branch.delete_group(session, a)
        assert [g.name for g in branch.list_groups(session)] == ["第二党小组"]


def test_branch_names(store):
    assert branch.suggest_full_name("红旗村党支部") == "中共红旗村支部委员会"
    with store.session() as session:
        assert branch.get_branch(session) is None
        with pytest.raises(ValidationError):
            branch.save_branch(session, branch.BranchInfo("", "", ""))
        branch.save_branch(session, branch.BranchInfo("红旗村党支部", "中共红旗村支部委员会", "王建国"))
    with store.session() as session:
        assert branch.get_branch(session).full_name == "中共红旗村支部委员会"
