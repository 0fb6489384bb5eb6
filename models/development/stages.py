"""The stage actions (确定为积极分子 … 取消资格): their preconditions, timing gate and writes.

Called by the `development.stage` operation inside its transaction. Preconditions that cannot be
overridden (the wrong stage, dates out of order, an 18-year-old member) raise ValidationError; timing
rules not met raise TimingNotMet unless the change carries a written override reason, which is then
kept on the step it allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from models.core.codes import PIPELINE_STAGES, ArchiveReason, EventKind, Stage, Step
from models.core.dates import add_years, format_date
from models.development.forms import ACTION_TITLES, ACTIONS, StageChange
from models.development.history import History, candidate_of, history_of
from models.development.recording import add_step, check_date, full_member, live_person, refuse, set_person
from models.development.steps import stage_name
from models.development.timing import Finding, TimingNotMet, findings_for
from models.people.entities import Person
from models.settings.values import Settings, get_settings
from models.workspace import Tx


def _gate(findings: list[Finding], change: StageChange) -> str:
    """The override reason to keep ("" when every rule is met); refuses when one is needed."""
    if not findings:
        return ""
    if not change.override_reason.strip():
        raise TimingNotMet(findings)
    return change.override_reason.strip()


def _need_stage(person: Person, stage: Stage, action: str) -> None:
    if person.stage != stage:
        raise refuse("action", f"“{person.name}”现在是{stage_name(person.stage)}，只有{stage_name(stage)}才能"
                               f"{ACTION_TITLES[action]}")


def _linked(tx: Tx, person: Person, ids: tuple[int, ...]) -> list[Person]:
    if len(set(ids)) != len(ids):
        raise refuse("related_person_ids", "同一名党员选了两次")
    return [full_member(tx, i, person, "related_person_ids") for i in ids]


def _record(tx: Tx, person: Person, kind: str, on: date, change: StageChange, findings: list[Finding],
            **extra: object) -> None:
    reason = _gate(findings, change)
    add_step(tx, person, kind, on, note=change.note, override_reason=reason,
             overridden=[f.message for f in findings], **extra)


def _activist(tx: Tx, person: Person, history: History, change: StageChange, settings: Settings) -> list[Finding]:
    _need_stage(person, Stage.APPLICANT, "activist")
    applied = history.first_on(Step.APPLIED)
    if applied is None:
        raise refuse("on", "没有递交入党申请书的记录，请先补记申请日期")
    on = check_date("on", change.on, tx.today, person, applied, "递交申请的日期")
    contacts = _linked(tx, person, change.related_person_ids)
    findings = findings_for("activist", candidate_of(person), history, on, settings)
    _record(tx, person, Step.ACTIVIST, on, change, findings)
    for contact in contacts:
        add_step(tx, person, Step.CONTACTS, on, related=contact)
    set_person(tx, person, stage=Stage.ACTIVIST.value)
    return findings


def _candidate(tx: Tx, person: Person, history: History, change: StageChange, settings: Settings) -> list[Finding]:
    _need_stage(person, Stage.ACTIVIST, "candidate")
    since = history.last_on(Step.ACTIVIST) or history.first_on(Step.APPLIED)
    on = check_date("on", change.on, tx.today, person, since, "确定为积极分子的日期")
    introducers = _linked(tx, person, change.related_person_ids)
    findings = findings_for("candidate", candidate_of(person), history, on, settings)
    _record(tx, person, Step.CANDIDATE, on, change, findings)
    for introducer in introducers:
        add_step(tx, person, Step.INTRODUCERS, on, related=introducer)
    set_person(tx, person, stage=Stage.CANDIDATE.value)
    return findings


def _admit(tx: Tx, person: Person, history: History, change: StageChange, settings: Settings) -> list[Finding]:
    _need_stage(person, Stage.CANDIDATE, "admit")
    on = check_date("on", change.on, tx.today, person, history.last_on(Step.CANDIDATE), "列为发展对象的日期")
    of_age = add_years(person.birth_date, 18)
    if on < of_age:  # 党章第一条: not a time limit a branch may set aside
        raise refuse("on", f"入党时应年满18岁，{format_date(of_age)}才满18岁")
    findings = findings_for("admit", candidate_of(person), history, on, settings)
    _record(tx, person, Step.BRANCH_MEETING, on, change, findings)
    add_step(tx, person, EventKind.JOINED, on)
    set_person(tx, person, stage=Stage.PROBATIONARY.value, joined_on=on)
    return findings


def _joined(person: Person, action: str) -> date:
    _need_stage(person, Stage.PROBATIONARY, action)
    if person.joined_on is None:
        raise refuse("on", f"“{person.name}”没有入党日期，请先在党员信息中补上")
    return person.joined_on


def _confirm(tx: Tx, person: Person, history: History, change: StageChange, settings: Settings) -> list[Finding]:
    joined = _joined(person, "confirm")
    on = check_date("on", change.on, tx.today, person, joined + timedelta(days=1), "入党日期的第二天")
    findings = findings_for("confirm", candidate_of(person), history, on, settings)
    _record(tx, person, EventKind.CONFIRMED, on, change, findings)
    set_person(tx, person, stage=Stage.FULL.value, confirmed_on=on)
    return findings


def _extend(tx: Tx, person: Person, history: History, change: StageChange, settings: Settings) -> list[Finding]:
    joined = _joined(person, "extend")
    if history.all(Step.PROBATION_EXTENDED):
        raise refuse("action", "预备期只能延长一次，已经延长过")
    on = check_date("on", change.on, tx.today, person, joined, "入党日期")
    normal_end = add_years(joined, settings.rule("probation_years").value)
    if change.until is None:
        raise refuse("until", "请填写延长后的预备期期满日期")
    if change.until <= normal_end:
        raise refuse("until", f"延长后的期满日期应晚于原定的预备期期满日期（{format_date(normal_end)}）")
    findings = findings_for("extend", candidate_of(person), history, on, settings, until=change.until)
    _record(tx, person, Step.PROBATION_EXTENDED, on, change, findings, until=change.until)
    return findings


def _disqualify(tx: Tx, person: Person, history: History, change: StageChange, settings: Settings) -> list[Finding]:
    if person.stage not in PIPELINE_STAGES:
        raise refuse("action", f"“{person.name}”是{stage_name(person.stage)}，取消资格只适用于申请人、积极分子、"
                               "发展对象和预备党员")
    if not change.note.strip():
        raise refuse("note", "请写明取消资格的原因和依据（如 支部大会决定，上级党委批复文号）")
    on = check_date("on", change.on, tx.today, person, history.first_on(Step.APPLIED), "递交申请的日期")
    add_step(tx, person, Step.DISQUALIFIED, on, note=change.note)
    set_person(tx, person, archive_reason=ArchiveReason.DISQUALIFIED.value, archived_on=on)
    return []


_HANDLERS: dict[str, Callable[[Tx, Person, History, StageChange, Settings], list[Finding]]] = {
    "activist": _activist, "candidate": _candidate, "admit": _admit, "confirm": _confirm, "extend": _extend,
    "disqualify": _disqualify,
}
assert set(_HANDLERS) == set(ACTIONS)


def apply_change(tx: Tx, person_id: int, change: StageChange) -> list[Finding]:
    """Check and make one stage change; returns the findings that were overridden (with its reason)."""
    if change.action not in _HANDLERS:
        raise refuse("action", f"无法识别的办理事项“{change.action}”")
    if len(change.note.strip()) > 200:
        raise refuse("note", "说明不能超过200个字")
    if change.related_person_ids and change.action not in ("activist", "candidate"):
        raise refuse("related_person_ids", f"“{ACTION_TITLES[change.action]}”不需要选择党员")
    person = live_person(tx, person_id)
    return _HANDLERS[change.action](tx, person, history_of(tx.session, person_id), change,
                                    get_settings(tx.session))
