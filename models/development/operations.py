"""Operations of 发展党员: register an applicant, record or void a step, change the stage, tick
off a paper. Each is one audited transaction (docs/architecture.md §4)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from models.core.codes import Stage, Step, label
from models.core.dates import add_years, format_date
from models.core.errors import NotFound, ValidationError
from models.core.pinyin import keys_for
from models.development.entities import DevelopmentMaterial
from models.development.forms import (
    FORM_LABELS,
    ApplicantForm,
    StageChange,
    StepForm,
    applicant_errors,
    normalized_applicant,
    person_values,
)
from models.development.recording import add_step, check_date, full_member, live_person, refuse, set_person
from models.development.stages import apply_change
from models.development.steps import (
    HOUR_STEPS,
    LINKED_STEPS,
    MATERIAL_BY_CODE,
    SPAN_STEPS,
    STAGE_STEPS,
    STEP_MIN_STAGE,
    stage_index,
    stage_name,
)
from models.development.timing import Finding, TimingNotMet, applicant_age
from models.development.workdays import workday_span_end
from models.people.entities import PartyGroup, Person, PersonEvent
from models.people.roster import find_by_citizen_id, get_entity
from models.settings.values import get_settings
from models.workspace import Entity, Permission, Tx, operation

PRE_MEMBER_STAGES = (Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE)

__all__ = ["ApplicantForm", "Finding", "StageChange", "StepForm", "TimingNotMet", "change_stage",
           "record_step", "register_applicant", "set_material", "update_applicant", "void_step"]


def _check_applicant(tx: Tx, form: ApplicantForm, person_id: int | None = None) -> ApplicantForm:
    form = normalized_applicant(form)
    errors = applicant_errors(form, tx.today)
    if "citizen_id" not in errors and form.citizen_id:
        other = find_by_citizen_id(tx.session, form.citizen_id)
        if other is not None and other != person_id:
            errors["citizen_id"] = f"这个公民身份号码已经登记在“{tx.session.get(Person, other).name}”名下"
    if form.group_id is not None and tx.session.get(PartyGroup, form.group_id) is None:
        errors["group_id"] = "所选党小组不存在"
    if errors:
        raise ValidationError(errors, FORM_LABELS)
    return form


@operation("development.apply", Permission.MEMBERS_EDIT, "登记入党申请人")
def register_applicant(tx: Tx, form: ApplicantForm, override_reason: str = "") -> int:
    """A new 入党申请人 with the 递交入党申请书 step; under age (设置) only with a written reason."""
    form = _check_applicant(tx, form)
    findings = applicant_age(form.birth_date, form.applied_on, get_settings(tx.session))
    if findings and not override_reason.strip():
        raise TimingNotMet(findings)
    values = person_values(form)
    keys = keys_for(form.name)
    person = Person(**values, name_pinyin=keys.full, name_initials=keys.initials, sort_key=keys.sort)
    tx.session.add(person)
    tx.session.flush()
    tx.created(Entity.PERSON, person.id, values, summary=form.name)
    add_step(tx, person, Step.APPLIED, form.applied_on, override_reason=override_reason if findings else "",
             overridden=[f.message for f in findings])
    return person.id


@operation("development.update", Permission.MEMBERS_EDIT, "修改入党申请人信息")
def update_applicant(tx: Tx, person_id: int, form: ApplicantForm, override_reason: str = "") -> None:
    """Correct the details of someone not yet a member (members are edited in the 党员 tab);
    a changed 申请 date moves the 递交入党申请书 step (the age rule checked again)."""
    person = live_person(tx, person_id)
    if person.stage not in PRE_MEMBER_STAGES:
        raise refuse("stage", f"“{person.name}”是{stage_name(person.stage)}，请在“党员”中修改")
    form = _check_applicant(tx, form, person_id)
    applied = tx.session.scalar(select(PersonEvent).where(
        PersonEvent.person_id == person_id, PersonEvent.kind == Step.APPLIED.value, PersonEvent.voided_at.is_(None))
        .order_by(PersonEvent.on, PersonEvent.id).limit(1))
    findings = applicant_age(form.birth_date, form.applied_on, get_settings(tx.session))
    kept = applied.override_reason if applied is not None else ""  # a reason given earlier still holds
    reason = (override_reason.strip() or kept) if findings else ""
    if findings and not reason:
        raise TimingNotMet(findings)
    values = {k: v for k, v in person_values(form).items() if k != "stage"}
    keys = keys_for(form.name)
    set_person(tx, person, **values, name_pinyin=keys.full, name_initials=keys.initials, sort_key=keys.sort)
    if applied is None:
        add_step(tx, person, Step.APPLIED, form.applied_on, override_reason=reason,
                 overridden=[f.message for f in findings])
        return
    before = {"on": applied.on, "override_reason": applied.override_reason}
    after = {"on": form.applied_on, "override_reason": reason}
    tx.updated(Entity.PERSON_EVENT, applied.id, before, after, summary=f"{person.name} {label(Step.APPLIED)}")
    applied.on, applied.override_reason = form.applied_on, reason


def _step_extent(tx: Tx, form: StepForm, on: date) -> tuple[date | None, int | None]:
    """The checked end date and 学时 of a step (a 公示 ends after the working days in 设置 by default)."""
    until, hours = form.until, form.hours
    if until is not None and form.step not in SPAN_STEPS:
        raise refuse("until", f"“{label(form.step)}”没有截止日期")
    if hours is not None and form.step not in HOUR_STEPS:
        raise refuse("hours", f"“{label(form.step)}”没有学时")
    if until is not None and until < on:
        raise refuse("until", f"截止日期（{format_date(until)}）不能早于开始日期（{format_date(on)}）")
    if until is not None and until > add_years(tx.today, 1):
        raise refuse("until", "截止日期不能晚于一年以后")
    if hours is not None and not 1 <= hours <= 1000:
        raise refuse("hours", "学时应在1到1000之间")
    if form.step == Step.PUBLICITY and until is None:
        until = workday_span_end(on, get_settings(tx.session).rule("publicity_days").value)
    return until, hours


@operation("development.step", Permission.MEMBERS_EDIT, "记录发展党员事项")
def record_step(tx: Tx, person_id: int, form: StepForm) -> int:
    """One dated step (谈话, 思想汇报, 政审, 集中培训, 公示 …); the stage steps go through change_stage."""
    person = live_person(tx, person_id)
    if form.step in STAGE_STEPS:
        raise refuse("step", f"“{label(form.step)}”会改变人员类别，请用对应的按钮办理")
    if form.step not in STEP_MIN_STAGE:
        raise refuse("step", f"无法识别的事项“{form.step}”")
    needed = STEP_MIN_STAGE[form.step]
    if stage_index(person.stage) < stage_index(needed):
        raise refuse("step", f"“{person.name}”现在是{stage_name(person.stage)}，成为{stage_name(needed)}后才能记录"
                             f"“{label(form.step)}”")
    if len(form.note.strip()) > 200:
        raise refuse("note", "说明不能超过200个字")
    on = check_date("on", form.on, tx.today, person)
    until, hours = _step_extent(tx, form, on)
    related = None
    if form.step in LINKED_STEPS:
        if form.related_person_id is None:
            raise refuse("related_person_id", f"请选择{label(form.step).removeprefix('指定').removeprefix('确定')}")
        related = full_member(tx, form.related_person_id, person)
    elif form.related_person_id is not None:
        raise refuse("related_person_id", f"“{label(form.step)}”不需要选择党员")
    return add_step(tx, person, form.step, on, until=until, hours=hours, related=related, note=form.note).id


@operation("development.void_step", Permission.MEMBERS_EDIT, "作废发展党员事项")
def void_step(tx: Tx, event_id: int, reason: str) -> None:
    """Mark a mistaken step void (kept, shown as voided); stage changes cannot be voided this way."""
    event = tx.session.get(PersonEvent, event_id)
    if event is None:
        raise NotFound(f"找不到编号为 {event_id} 的记录，可能已被其他窗口修改")
    person = tx.session.get(Person, event.person_id)
    if event.voided_at is not None:
        raise refuse("reason", "这条记录已经作废")
    if event.kind in STAGE_STEPS or event.kind not in STEP_MIN_STAGE:
        raise refuse("reason", f"“{label(event.kind)}”不是可以作废的发展党员事项")
    reason = (reason or "").strip()
    if not reason:
        raise refuse("reason", "请写明作废的原因")
    if len(reason) > 200:
        raise refuse("reason", "原因不能超过200个字")
    event.voided_at, event.void_reason = tx.now, reason
    tx.updated(Entity.PERSON_EVENT, event.id, {"voided_at": None, "void_reason": ""},
               {"voided_at": tx.now, "void_reason": reason}, summary=f"{person.name} {label(event.kind)}")
    tx.touched(Entity.PERSON, person.id)


@operation("development.stage", Permission.MEMBERS_EDIT, "办理发展党员阶段变更")
def change_stage(tx: Tx, person_id: int, change: StageChange) -> list[Finding]:
    """确定为积极分子, 列为发展对象, 接收为预备党员, 转为正式党员, 延长预备期 or 取消资格.

    Raises TimingNotMet (a ValidationError listing the findings) when a timing rule is not met and
    no override reason is given; returns the findings overridden.
    """
    return apply_change(tx, person_id, change)


@operation("development.material", Permission.MEMBERS_EDIT, "登记入党材料")
def set_material(tx: Tx, person_id: int, material_code: str, received_on: date | None, note: str = "") -> None:
    """Mark one paper received (with its date) or not received; a change of either is audited."""
    person = get_entity(tx.session, person_id)  # archived people's files are completed too
    material = MATERIAL_BY_CODE.get(material_code)
    if material is None:
        raise refuse("material", f"无法识别的材料“{material_code}”")
    if received_on is not None and received_on > tx.today:
        raise refuse("received_on", "收到日期不能晚于今天")
    note = (note or "").strip()
    if len(note) > 200:
        raise refuse("note", "说明不能超过200个字")
    row = tx.session.scalar(select(DevelopmentMaterial).where(DevelopmentMaterial.person_id == person_id,
                                                              DevelopmentMaterial.material == material_code))
    summary = f"{person.name} {material.title}"
    if row is None:
        row = DevelopmentMaterial(person_id=person_id, material=material_code, received_on=received_on, note=note,
                                  recorded_by=tx.actor.name)
        tx.session.add(row)
        tx.session.flush()
        tx.created(Entity.MATERIAL, row.id, {"person_id": person_id, "material": material.title,
                                             "received_on": received_on, "note": note}, summary=summary)
        return
    before = {"received_on": row.received_on, "note": row.note}
    row.received_on, row.note, row.recorded_by = received_on, note, tx.actor.name
    tx.updated(Entity.MATERIAL, row.id, before, {"received_on": received_on, "note": note}, summary=summary)
