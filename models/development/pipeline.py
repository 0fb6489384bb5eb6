"""Reading the pipeline: the list of everyone in it with their dates, score and what is due, and
one person's page (the steps of the five stages, the paper checklist, the rules not yet met)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from models.core.codes import PIPELINE_STAGES, Audience, EventKind, Stage, Step
from models.core.dates import add_years
from models.core.pinyin import search_terms
from models.development.entities import DevelopmentMaterial
from models.development.history import (
    DEVELOPMENT_KINDS,
    EMPTY,
    Candidate,
    History,
    candidate_of,
    histories,
    history_of,
)
from models.development.reminders import DUE_TITLES, Reminder, ordered, person_reminders
from models.development.steps import MATERIALS, PHASES, stage_index
from models.development.timing import Finding, add_months, findings_for, probation_end, training_findings
from models.people.entities import PartyGroup, Person, PersonEvent
from models.people.roster import get_entity
from models.settings.values import Settings, get_settings


@dataclass(frozen=True)
class PipelineRow:
    id: int
    name: str
    sort_key: str
    stage: str
    group_name: str
    applied_on: date | None
    activist_on: date | None
    candidate_on: date | None
    joined_on: date | None
    due: str  # what is due next, short ("谈话", "转正" …), "" when nothing
    due_on: date | None
    overdue: bool
    score: float | None  # this quarter's score (models.scoring), None when not scored
    rank: int | None
    due_detail: str = ""  # the full Chinese sentence behind `due`


def _next_step(p: Candidate, h: History, today: date, s: Settings) -> tuple[str, date | None]:
    """What comes next when no reminder is pending."""
    if p.stage == Stage.APPLICANT:
        applied = h.first_on(Step.APPLIED)
        if h.first_on(Step.TALKED) is None and applied is not None and s.rule("talk_within").enabled:
            return "谈话", add_months(applied, s.rule("talk_within").value)
        return "确定为积极分子", None
    if p.stage == Stage.ACTIVIST:
        since = h.last_on(Step.ACTIVIST)
        rule = s.rule("activist_years")
        if since is not None and rule.enabled:
            return f"培养满{rule.value}年", add_years(since, rule.value)
        return "列为发展对象", None
    if p.stage == Stage.CANDIDATE:
        if h.last(Step.POLITICAL_REVIEW) is None:
            return "政治审查", None
        if training_findings(h, today, s):
            return "集中培训", None
        if h.last(Step.PUBLICITY) is None:
            return "公示", None
        return "支部大会讨论", None
    if p.stage == Stage.PROBATIONARY and p.joined_on is not None:
        return "转正", probation_end(h, p.joined_on, s)
    return "", None


def _due(p: Candidate, h: History, today: date, s: Settings,
         reminders: list[Reminder]) -> tuple[str, date | None, bool, str]:
    """(short title, due on, overdue, sentence) of what is due, given the person's reminders."""
    found = ordered(reminders)
    if found:
        first = found[0]
        return DUE_TITLES[first.kind], first.due_on, first.overdue, first.message
    due, due_on = _next_step(p, h, today, s)
    return due, due_on, False, ""


def _scores(session: Session, today: date, people: dict[int, str]) -> dict[int, tuple[float, int | None]]:
    """This quarter's score and rank of these people (id → stage), among their audience, from
    models.scoring (none when it is not there): 预备党员 are ranked among all members, which the
    database counts for them (quarter_standing) rather than building the members' whole ranking."""
    try:
        from models.scoring.periods import quarter_of
        from models.scoring.quarter_table import quarter_standing
    except ImportError:
        return {}
    quarter = quarter_of(today)
    by_audience: dict[str, list[int]] = {}
    for person_id, stage in people.items():
        audience = Audience.MEMBERS if stage == Stage.PROBATIONARY else Audience.ACTIVISTS
        by_audience.setdefault(audience.value, []).append(person_id)
    found: dict[int, tuple[float, int | None]] = {}
    for audience, ids in by_audience.items():
        found.update(quarter_standing(session, quarter, audience, ids))
    return found


def _people_query(stage: str | None, text: str):
    query = (select(Person.id, Person.name, Person.sort_key, Person.stage, Person.birth_date, Person.joined_on,
                    Person.confirmed_on, Person.archive_reason, PartyGroup.name.label("group_name"))
             .outerjoin(PartyGroup, Person.group_id == PartyGroup.id)
             .where(Person.stage.in_([s.value for s in PIPELINE_STAGES]), Person.archive_reason.is_(None))
             .order_by(Person.sort_key))
    if stage:
        query = query.where(Person.stage == stage)
    terms = search_terms(text)
    if terms:
        pattern = f"%{terms}%"
        query = query.where(or_(Person.name.like(pattern), Person.name_pinyin.like(pattern),
                                Person.name_initials.like(pattern)))
    return query


def list_pipeline(session: Session, today: date, stage: str | None = None, text: str = "") -> list[PipelineRow]:
    """Everyone in the pipeline (申请人, 积极分子, 发展对象, 预备党员), not archived, in pinyin order."""
    rows, _ = _pipeline(session, today, stage, text, with_reminders=False)
    return rows


def pipeline_and_reminders(session: Session, today: date, stage: str | None = None,
                           text: str = "") -> tuple[list[PipelineRow], list[Reminder]]:
    """The 发展党员 list (as list_pipeline) and the reminders of the whole pipeline (as reminders), the
    people, their histories and their reminders worked out once for both (at a township's 4,800 people
    in the pipeline, each reading costs a tenth of a second or more)."""
    return _pipeline(session, today, stage, text, with_reminders=True)


def _pipeline(session: Session, today: date, stage: str | None, text: str,
              with_reminders: bool) -> tuple[list[PipelineRow], list[Reminder]]:
    settings = get_settings(session)
    whole = not stage and not search_terms(text)
    # Everyone in the pipeline when the reminders are wanted (they are the whole pipeline's), else the filter's.
    rows = list(session.execute(_people_query(None, "") if whole or with_reminders else _people_query(stage, text)))
    found = histories(session, [r.id for r in rows])
    shown = None if whole or not with_reminders else {
        pid for (pid,) in session.execute(_people_query(stage, text).with_only_columns(Person.id))}
    people = [Candidate(r.id, r.name, r.stage, r.birth_date, r.joined_on, r.confirmed_on, r.archive_reason)
              for r in rows]
    listed = [(r, p) for r, p in zip(rows, people, strict=True) if shown is None or r.id in shown]
    scores = _scores(session, today, {r.id: r.stage for r, _ in listed}) if listed else {}
    due_of = {p.id: person_reminders(p, found.get(p.id, EMPTY), today, settings) for p in people}
    result = []
    for r, person in listed:
        h = found.get(r.id, EMPTY)
        due, due_on, overdue, detail = _due(person, h, today, settings, due_of[r.id])
        score, rank = scores.get(r.id, (None, None))
        result.append(PipelineRow(r.id, r.name, r.sort_key, r.stage, r.group_name or "", h.first_on(Step.APPLIED),
                                  h.last_on(Step.ACTIVIST), h.last_on(Step.CANDIDATE), r.joined_on, due, due_on,
                                  overdue, score, rank, detail))
    due = ordered([reminder for p in people for reminder in due_of[p.id]]) if with_reminders else []
    return result, due


@dataclass(frozen=True)
class StepRow:
    id: int | None  # None: a step not recorded yet
    step: str
    on: date | None
    until: date | None
    hours: int | None
    related_name: str
    note: str
    recorded_by: str
    override_reason: str
    voided: bool
    void_reason: str


@dataclass(frozen=True)
class MaterialRow:
    code: str
    title: str
    stage: str  # the stage during which the paper is gathered
    received_on: date | None
    note: str
    recorded_by: str
    needed: bool  # the person has reached that stage


@dataclass(frozen=True)
class DevelopmentPage:
    person_id: int
    name: str
    stage: str
    phases: list[tuple[str, list[StepRow]]]
    materials: list[MaterialRow]
    findings: list[Finding]  # rules not met for the next stage action, as of today
    archive_reason: str | None = None


NEXT_ACTION = {Stage.APPLICANT: "activist", Stage.ACTIVIST: "candidate", Stage.CANDIDATE: "admit",
               Stage.PROBATIONARY: "confirm"}


def _step_rows(session: Session, person_id: int) -> dict[str, list[StepRow]]:
    related = aliased(Person)
    query = (select(PersonEvent, related.name).outerjoin(related, PersonEvent.related_person_id == related.id)
             .where(PersonEvent.person_id == person_id, PersonEvent.kind.in_(DEVELOPMENT_KINDS))
             .order_by(PersonEvent.on, PersonEvent.id))
    found: dict[str, list[StepRow]] = {}
    for e, related_name in session.execute(query):
        found.setdefault(e.kind, []).append(StepRow(e.id, e.kind, e.on, e.until, e.hours, related_name or "", e.note,
                                                    e.recorded_by, e.override_reason, e.voided_at is not None,
                                                    e.void_reason))
    return found


def _blank(code: str) -> StepRow:
    return StepRow(None, code, None, None, None, "", "", "", "", False, "")


def _phases(rows: dict[str, list[StepRow]]) -> list[tuple[str, list[StepRow]]]:
    if Step.BRANCH_MEETING not in rows and EventKind.JOINED in rows:
        rows[Step.BRANCH_MEETING] = rows[EventKind.JOINED]  # imported members: 入党日期 without the meeting's record
    phases = [(phase.title, [row for code in phase.steps for row in rows.get(code) or [_blank(code)]])
              for phase in PHASES]
    if Step.DISQUALIFIED in rows:
        phases.append(("取消资格", rows[Step.DISQUALIFIED]))
    return phases


def _materials(session: Session, person_id: int, stage: str) -> list[MaterialRow]:
    stored = {m.material: m for m in session.scalars(select(DevelopmentMaterial)
                                                     .where(DevelopmentMaterial.person_id == person_id))}
    rows = []
    for material in MATERIALS:
        row = stored.get(material.code)
        rows.append(MaterialRow(material.code, material.title, material.stage, row.received_on if row else None,
                                row.note if row else "", row.recorded_by if row else "",
                                stage_index(stage) >= stage_index(material.stage)))
    return rows


def development_page(session: Session, person_id: int, today: date) -> DevelopmentPage:
    """One person's development: steps by stage (voided ones marked), papers, rules not yet met."""
    person = get_entity(session, person_id)
    action = NEXT_ACTION.get(person.stage)
    findings = []
    if action and not person.archive_reason:
        findings = findings_for(action, candidate_of(person), history_of(session, person_id), today,
                                get_settings(session))
    return DevelopmentPage(person.id, person.name, person.stage, _phases(_step_rows(session, person_id)),
                           _materials(session, person_id, person.stage), findings, person.archive_reason)
