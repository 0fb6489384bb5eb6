"""The 发展党员 operations on a real database: applicants, steps, stage actions with their timing
gate and overrides, materials — each audited, and a refusal leaving nothing behind."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from models.core.codes import ArchiveReason, EventKind, Stage, Step
from models.core.errors import NotFound, ValidationError
from models.development.operations import (
    ApplicantForm,
    StageChange,
    TimingNotMet,
    change_stage,
    register_applicant,
    set_material,
    update_applicant,
    void_step,
)
from models.development.timing import check_change
from models.people.citizen_id import make
from models.people.roster import MemberFilter, list_members
from models.settings.values import get_settings
from models.workspace.entities import AuditEntry
from tests.conftest import TODAY
from tests.models.development_helpers import (
    applicant,
    at,
    counts,
    events,
    full_member,
    person,
    ready_to_admit,
    set_rule,
    stage,
    step,
    to_candidate,
)


def audit_rows(store, operation: str) -> list[AuditEntry]:
    with store.read() as session:
        rows = list(session.scalars(select(AuditEntry).where(AuditEntry.operation == operation)))
        session.expunge_all()
        return rows


# --- applicants ---------------------------------------------------------------------------------


def test_register_an_applicant_with_the_id_filling_gender_and_birth(store, workspace):
    number = make("411323", date(1998, 6, 2), 22)
    form = ApplicantForm(name=" 张  小红 ", gender="", citizen_id=number, phone="138-1234-5678",
                         applied_on=date(2026, 3, 1), note="村委会推荐")
    person_id = workspace.run(register_applicant, form).value
    stored = person(store, person_id)
    assert (stored.name, stored.gender, stored.birth_date, stored.stage, stored.joined_on) == (
        "张小红", "F", date(1998, 6, 2), Stage.APPLICANT, None)
    assert stored.phone == "13812345678" and stored.notes == "村委会推荐"
    [applied] = events(store, person_id, Step.APPLIED)
    assert applied.on == date(2026, 3, 1) and applied.recorded_by == "测试员"
    rows = audit_rows(store, "development.apply")
    assert [r.entity for r in rows] == ["person", "person_event"]
    assert number not in rows[0].changes and "13812345678" not in rows[0].changes


@pytest.mark.parametrize(("form", "field"), [
    (ApplicantForm(gender="M", birth_date=date(1990, 1, 1), applied_on=date(2026, 1, 1)), "name"),
    (ApplicantForm(name="张三", birth_date=date(1990, 1, 1), applied_on=date(2026, 1, 1)), "gender"),
    (ApplicantForm(name="张三", gender="M", applied_on=date(2026, 1, 1)), "birth_date"),
    (ApplicantForm(name="张三", gender="M", birth_date=date(1990, 1, 1)), "applied_on"),
    (ApplicantForm(name="张三", gender="M", birth_date=date(1990, 1, 1), applied_on=date(2026, 12, 1)), "applied_on"),
    (ApplicantForm(name="张三", gender="M", birth_date=date(1990, 1, 1), applied_on=date(2026, 1, 1), phone="12345"),
     "phone"),
    (ApplicantForm(name="张三", gender="M", citizen_id="411323199001011234", applied_on=date(2026, 1, 1)),
     "citizen_id"),
    (ApplicantForm(name="张三", gender="M", birth_date=date(1990, 1, 1), applied_on=date(2026, 1, 1), group_id=99),
     "group_id"),
])
def test_a_bad_applicant_form_is_refused_naming_the_field(store, workspace, form, field):
    before = counts(store)
    with pytest.raises(ValidationError) as caught:
        workspace.run(register_applicant, form)
    assert field in caught.value.errors
    assert counts(store) == before


def test_the_same_id_number_twice_is_refused(store, workspace):
    number = make("411323", date(1998, 6, 2), 22)
    form = ApplicantForm(name="张小红", citizen_id=number, applied_on=date(2026, 3, 1))
    workspace.run(register_applicant, form)
    with pytest.raises(ValidationError, match="已经登记在“张小红”名下"):
        workspace.run(register_applicant, form)


def test_under_18_at_application_is_refused_unless_a_reason_is_written(store, workspace):
    form = ApplicantForm(name="少年", gender="M", birth_date=date(2008, 5, 10), applied_on=date(2026, 5, 9))
    before = counts(store)
    with pytest.raises(TimingNotMet) as caught:
        workspace.run(register_applicant, form)
    assert "未满18周岁" in str(caught.value) and "理由" in str(caught.value)
    assert counts(store) == before
    person_id = workspace.run(register_applicant, form, override_reason="按乡镇党委意见先行登记").value
    [applied] = events(store, person_id, Step.APPLIED)
    assert applied.override_reason == "按乡镇党委意见先行登记"
    on_birthday = ApplicantForm(name="成年", gender="M", birth_date=date(2008, 5, 10), applied_on=date(2026, 5, 10))
    assert events(store, workspace.run(register_applicant, on_birthday).value, Step.APPLIED)[0].override_reason == ""


def test_min_age_switched_off_lets_a_17_year_old_apply(store, workspace):
    set_rule(workspace, "min_age", enabled=False)
    form = ApplicantForm(name="少年", gender="M", birth_date=date(2009, 1, 1), applied_on=date(2026, 5, 9))
    assert workspace.run(register_applicant, form).value


def test_update_an_applicant_moves_the_application_step(store, workspace):
    form = ApplicantForm(name="张小红", gender="F", birth_date=date(1998, 6, 2), applied_on=date(2026, 3, 1))
    person_id = workspace.run(register_applicant, form).value
    changed = ApplicantForm(name="张晓红", gender="F", birth_date=date(1998, 6, 2), applied_on=date(2026, 2, 27),
                            phone="13900001111")
    workspace.run(update_applicant, person_id, changed)
    stored = person(store, person_id)
    assert (stored.name, stored.phone, stored.stage) == ("张晓红", "13900001111", Stage.APPLICANT)
    assert stored.name_pinyin.startswith("zhang") and "xiao" in stored.name_pinyin
    assert [e.on for e in events(store, person_id, Step.APPLIED)] == [date(2026, 2, 27)]
    rows = audit_rows(store, "development.update")
    assert [r.entity for r in rows] == ["person", "person_event"]
    assert "name_pinyin" not in rows[0].changes and "13900001111" not in rows[0].changes


def test_update_keeps_the_age_rule_and_an_earlier_reason(store, workspace):
    young = ApplicantForm(name="少年", gender="M", birth_date=date(2008, 5, 10), applied_on=date(2026, 5, 9))
    person_id = workspace.run(register_applicant, young, override_reason="乡镇同意").value
    workspace.run(update_applicant, person_id, replace(young, address="三组"))  # the reason still holds
    assert events(store, person_id, Step.APPLIED)[0].override_reason == "乡镇同意"
    adult = applicant(workspace, "成年人")
    before = counts(store)
    with pytest.raises(TimingNotMet):
        workspace.run(update_applicant, adult, replace(young, name="成年人"))
    assert counts(store) == before
    member_id = full_member(workspace)
    with pytest.raises(ValidationError, match="请在“党员”中修改"):
        workspace.run(update_applicant, member_id, young)


# --- steps --------------------------------------------------------------------------------------


def test_a_publicity_without_an_end_runs_five_working_days_over_national_day(store):
    person_id = to_candidate(store)
    ws = at(store, date(2026, 9, 28))
    event_id = step(ws, person_id, Step.PUBLICITY, date(2026, 9, 28))
    [publicity] = events(store, person_id, Step.PUBLICITY)
    assert publicity.id == event_id and publicity.until == date(2026, 10, 9)


def test_steps_need_their_stage_and_their_details(store, workspace):
    person_id = applicant(workspace)
    member_id = full_member(workspace)
    before = counts(store)
    for form_step, extra, field, text in [
        (Step.POLITICAL_REVIEW, {}, "step", "成为发展对象后才能记录"),
        (Step.ACTIVIST, {}, "step", "请用对应的按钮办理"),
        (Step.TALKED, {"until": date(2026, 1, 2)}, "until", "没有截止日期"),
        (Step.TALKED, {"hours": 3}, "hours", "没有学时"),
        (Step.RECOMMENDED, {"related_person_id": member_id}, "related_person_id", "不需要选择党员"),
        ("nonsense", {}, "step", "无法识别"),
    ]:
        with pytest.raises(ValidationError) as caught:
            step(workspace, person_id, form_step, date(2026, 1, 1), **extra)
        assert field in caught.value.errors and text in str(caught.value)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        step(workspace, person_id, Step.TALKED, date(2026, 11, 23))
    assert counts(store) == before


def test_contacts_and_introducers_must_be_full_members(store, workspace):
    person_id = applicant(workspace)
    stage(workspace, person_id, "activist", date(2023, 3, 1), override_reason="补录")
    probationer = full_member(workspace, "刘预备", stage="probationary")
    member_id = full_member(workspace, "王建国")
    before = counts(store)
    for other, text in ((probationer, "只能从正式党员中选"), (person_id, "不能选本人"), (9999, "找不到")):
        with pytest.raises(ValidationError, match=text):
            step(workspace, person_id, Step.CONTACTS, date(2023, 3, 2), related_person_id=other)
    with pytest.raises(ValidationError, match="请选择培养联系人"):
        step(workspace, person_id, Step.CONTACTS, date(2023, 3, 2))
    assert counts(store) == before
    step(workspace, person_id, Step.CONTACTS, date(2023, 3, 2), related_person_id=member_id)
    [contact] = events(store, person_id, Step.CONTACTS)
    assert contact.related_person_id == member_id


def test_void_a_step_keeps_it_with_the_reason(store, workspace):
    person_id = applicant(workspace)
    event_id = step(workspace, person_id, Step.TALKED, date(2023, 1, 20))
    with pytest.raises(ValidationError, match="请写明作废的原因"):
        workspace.run(void_step, event_id, " ")
    workspace.run(void_step, event_id, "日期记错")
    [talk] = events(store, person_id, Step.TALKED)
    assert talk.voided_at is not None and talk.void_reason == "日期记错"
    with pytest.raises(ValidationError, match="已经作废"):
        workspace.run(void_step, event_id, "再次")
    with pytest.raises(NotFound):
        workspace.run(void_step, 9999, "不存在")
    # a voided talk no longer counts: the activist check says so
    with workspace.read() as session:
        [finding] = check_change(session, person_id, "activist", TODAY, get_settings(session))
    assert "没有谈话记录" in finding.message


def test_stage_steps_cannot_be_voided(store, workspace):
    person_id = applicant(workspace)
    stage(workspace, person_id, "activist", date(2023, 3, 1), override_reason="补录")
    [activist] = events(store, person_id, Step.ACTIVIST)
    with pytest.raises(ValidationError, match="不是可以作废"):
        workspace.run(void_step, activist.id, "想撤销")


# --- stage actions ------------------------------------------------------------------------------


def test_activist_with_contacts_and_then_candidate_with_introducers(store, workspace):
    contact, introducer = full_member(workspace, "王建国"), full_member(workspace, "赵红梅")
    person_id = to_candidate(store)
    assert person(store, person_id).stage == Stage.CANDIDATE
    other = applicant(workspace, "陈东")
    step(workspace, other, Step.TALKED, date(2023, 1, 20))
    assert stage(workspace, other, "activist", date(2023, 3, 1), related_person_ids=(contact,)) == []
    stage(workspace, other, "candidate", date(2024, 3, 1), related_person_ids=(contact, introducer))
    assert [e.related_person_id for e in events(store, other, Step.CONTACTS)] == [contact]
    assert [e.related_person_id for e in events(store, other, Step.INTRODUCERS)] == [contact, introducer]
    with pytest.raises(ValidationError, match="不需要选择党员"):
        stage(workspace, person_id, "admit", date(2024, 6, 1), related_person_ids=(contact,))
    third = applicant(workspace, "孙亮")
    with pytest.raises(ValidationError, match="选了两次"):
        stage(workspace, third, "activist", date(2023, 3, 1), related_person_ids=(contact, contact))


def test_candidate_one_day_short_is_refused_and_leaves_nothing(store):
    ws = at(store, date(2024, 3, 1))
    person_id = applicant(ws)
    step(ws, person_id, Step.TALKED, date(2023, 1, 20))
    stage(ws, person_id, "activist", date(2023, 3, 1))
    before = counts(store)
    with pytest.raises(TimingNotMet) as caught:
        stage(ws, person_id, "candidate", date(2024, 2, 29))
    assert [f.rule for f in caught.value.findings] == ["activist_years"]
    assert "2024-03-01才满1年" in str(caught.value)
    assert counts(store) == before and person(store, person_id).stage == Stage.ACTIVIST


def test_an_override_is_stored_on_the_step_returned_and_logged(store):
    ws = at(store, date(2024, 3, 1))
    person_id = applicant(ws)
    step(ws, person_id, Step.TALKED, date(2023, 1, 20))
    stage(ws, person_id, "activist", date(2023, 3, 1))
    overridden = stage(ws, person_id, "candidate", date(2023, 12, 1), override_reason="乡镇党委同意提前")
    assert [f.rule for f in overridden] == ["activist_years"]
    [candidate] = events(store, person_id, Step.CANDIDATE)
    assert candidate.override_reason == "乡镇党委同意提前"
    [row] = [r for r in audit_rows(store, "development.stage") if r.entity == "person_event"][-1:]
    logged = json.loads(row.changes)
    assert logged["override_reason"] == "乡镇党委同意提前" and "培养满1年" in logged["overridden"]


def test_an_override_reason_without_anything_to_override_is_not_kept(store):
    ws = at(store, date(2024, 3, 1))
    person_id = applicant(ws)
    step(ws, person_id, Step.TALKED, date(2023, 1, 20))
    assert stage(ws, person_id, "activist", date(2023, 3, 1), override_reason="多余") == []
    assert events(store, person_id, Step.ACTIVIST)[0].override_reason == ""


def test_switching_a_rule_off_lets_the_change_through_without_findings(store):
    ws = at(store, date(2024, 3, 1))
    set_rule(ws, "activist_years", enabled=False)
    set_rule(ws, "talk_within", enabled=False)
    person_id = applicant(ws)
    stage(ws, person_id, "activist", date(2023, 3, 1))
    assert stage(ws, person_id, "candidate", date(2023, 4, 1)) == []


def test_the_wrong_stage_and_dates_out_of_order_cannot_be_overridden(store, workspace):
    person_id = applicant(workspace, applied=date(2023, 1, 10))
    before = counts(store)
    for action, on, text in (("candidate", date(2024, 3, 1), "只有入党积极分子才能列为发展对象"),
                             ("confirm", date(2024, 3, 1), "只有预备党员才能转为正式党员"),
                             ("activist", date(2023, 1, 9), "不能早于递交申请的日期"),
                             ("activist", date(2026, 11, 23), "不能晚于今天"),
                             ("disqualify", date(2024, 1, 1), "请写明取消资格的原因"),
                             ("promote", date(2024, 1, 1), "无法识别")):
        with pytest.raises(ValidationError, match=text):
            workspace.run(change_stage, person_id, StageChange(action, on, override_reason="理由"))
    assert counts(store) == before


def test_admit_makes_a_member_with_the_branch_meeting_date(store):
    person_id = ready_to_admit(store)
    ws = at(store, date(2024, 5, 20))
    assert stage(ws, person_id, "admit", date(2024, 5, 20), note="应到12人，实到11人，全票通过") == []
    stored = person(store, person_id)
    assert (stored.stage, stored.joined_on) == (Stage.PROBATIONARY, date(2024, 5, 20))
    [meeting] = events(store, person_id, Step.BRANCH_MEETING)
    assert meeting.note == "应到12人，实到11人，全票通过"
    assert [e.on for e in events(store, person_id, EventKind.JOINED)] == [date(2024, 5, 20)]
    with store.read() as session:
        assert person_id in [m.id for m in list_members(session, MemberFilter(), date(2024, 5, 20))]


def test_admit_refuses_a_publicity_that_has_not_ended(store):
    person_id = ready_to_admit(store)
    before = counts(store)
    with pytest.raises(TimingNotMet, match="公示应在支部大会之前结束"):
        stage(at(store, date(2024, 5, 10)), person_id, "admit", date(2024, 5, 10))
    assert counts(store) == before


def test_admit_refuses_an_under_18_member_even_with_a_reason(store):
    ws = at(store, date(2024, 3, 1))
    form = ApplicantForm(name="少年", gender="M", birth_date=date(2006, 6, 1), applied_on=date(2024, 1, 2))
    person_id = ws.run(register_applicant, form, override_reason="测试").value
    for action, on in (("activist", date(2024, 1, 5)), ("candidate", date(2024, 2, 1))):
        stage(ws, person_id, action, on, override_reason="测试")
    with pytest.raises(ValidationError, match="入党时应年满18岁"):
        stage(ws, person_id, "admit", date(2024, 2, 2), override_reason="测试")


def admitted(store) -> int:
    person_id = ready_to_admit(store)
    stage(at(store, date(2024, 5, 20)), person_id, "admit", date(2024, 5, 20))
    return person_id


def test_confirm_after_exactly_one_year(store):
    person_id = admitted(store)
    ws = at(store, date(2025, 6, 1))
    step(ws, person_id, Step.HIGHER_APPROVAL, date(2024, 6, 10))
    with pytest.raises(TimingNotMet, match="2025-05-20期满"):
        stage(ws, person_id, "confirm", date(2025, 5, 19))
    assert stage(ws, person_id, "confirm", date(2025, 5, 20)) == []
    stored = person(store, person_id)
    assert (stored.stage, stored.confirmed_on) == (Stage.FULL, date(2025, 5, 20))
    assert [e.on for e in events(store, person_id, EventKind.CONFIRMED)] == [date(2025, 5, 20)]


def test_extend_once_by_at_most_a_year_then_confirm_at_its_end(store):
    person_id = admitted(store)
    ws = at(store, date(2026, 11, 22))
    step(ws, person_id, Step.HIGHER_APPROVAL, date(2024, 6, 10))
    with pytest.raises(ValidationError, match="应晚于原定的预备期期满日期"):
        stage(ws, person_id, "extend", date(2025, 5, 20), until=date(2025, 5, 20))
    with pytest.raises(TimingNotMet, match="最迟延长到2026-05-20"):
        stage(ws, person_id, "extend", date(2025, 5, 20), until=date(2026, 5, 21))
    stage(ws, person_id, "extend", date(2025, 5, 20), until=date(2025, 11, 20), note="支部大会决定延长半年")
    with pytest.raises(ValidationError, match="只能延长一次"):
        stage(ws, person_id, "extend", date(2025, 11, 20), until=date(2026, 5, 20))
    with pytest.raises(TimingNotMet, match="延长到2025-11-20"):
        stage(ws, person_id, "confirm", date(2025, 11, 19))
    stage(ws, person_id, "confirm", date(2025, 11, 20))
    assert person(store, person_id).stage == Stage.FULL


def test_disqualify_archives_with_the_note_and_stops_further_steps(store, workspace):
    person_id = applicant(workspace)
    stage(workspace, person_id, "disqualify", date(2026, 6, 1), note="本人撤回申请")
    stored = person(store, person_id)
    assert (stored.archive_reason, stored.archived_on) == (ArchiveReason.DISQUALIFIED, date(2026, 6, 1))
    [event] = events(store, person_id, Step.DISQUALIFIED)
    assert event.note == "本人撤回申请"
    with pytest.raises(ValidationError, match="已归档"):
        step(workspace, person_id, Step.TALKED, date(2026, 6, 2))
    member_id = full_member(workspace)
    with pytest.raises(ValidationError, match="只适用于"):
        stage(workspace, member_id, "disqualify", date(2026, 6, 1), note="不适用")


def test_every_stage_action_is_audited(store):
    person_id = admitted(store)
    rows = audit_rows(store, "development.stage")
    assert {(r.entity, r.action) for r in rows} == {("person", "update"), ("person_event", "create")}
    updates = [json.loads(r.changes) for r in rows if r.entity == "person"]
    assert {"stage": ["candidate", "probationary"], "joined_on": [None, "2024-05-20"]} in updates
    assert all(r.entity_id for r in rows) and person_id in {r.entity_id for r in rows}


# --- materials ----------------------------------------------------------------------------------


def test_materials_are_ticked_off_and_changed_with_audit(store, workspace):
    person_id = applicant(workspace)
    workspace.run(set_material, person_id, "application", date(2023, 1, 10), "原件")
    workspace.run(set_material, person_id, "application", None, "退回补签")
    rows = audit_rows(store, "development.material")
    assert [r.action for r in rows] == ["create", "update"]
    assert json.loads(rows[1].changes)["received_on"] == ["2023-01-10", None]
    before = counts(store)
    with pytest.raises(ValidationError, match="无法识别的材料"):
        workspace.run(set_material, person_id, "passport", None)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        workspace.run(set_material, person_id, "application", date(2026, 11, 23))
    with pytest.raises(NotFound):
        workspace.run(set_material, 9999, "application", None)
    assert counts(store) == before


def test_a_timing_rule_of_zero_is_refused_switching_it_off_is_the_way(store, workspace):
    """公示 of 0 working days once crashed recording a 公示: 0 is refused, with what to do instead."""
    before = counts(store)
    with pytest.raises(ValidationError) as refused:
        set_rule(workspace, "publicity_days", value=0)
    assert refused.value.errors["timing.publicity_days"] == "“发展对象公示不少于”的数值应在1到1000之间（不需要这条规则时，请取消勾选）"
    assert counts(store) == before
    set_rule(workspace, "publicity_days", value=1)
