"""Score entries: add (one person or a batch, one operation, all or nothing), void, approve,
公示 a period, and adjust a posted entry. Entries are never deleted.

A posted period (a 公示 of its quarter or year for the person's audience) locks the entries dated
in it: new entries there, voids and approvals are refused; a correction is an adjustment — an
offsetting entry dated today, in the open period, pointing at the entry it corrects.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.core.codes import ArchiveReason, Audience, EntryStatus, label
from models.core.dates import format_date_cn
from models.core.errors import NotFound, ValidationError
from models.people.entities import Person
from models.scoring.audience import AUDIENCE_STAGES, RANKED_AUDIENCES, applies, audience_of, not_applicable
from models.scoring.entities import ScoreEntry, ScorePosting, ScoreRule
from models.scoring.entry_reads import EntryRow, cap_notes, counted_of, entries_for, get_entry, pending_entries
from models.scoring.periods import PERIOD_LABELS, parse_period
from models.scoring.postings import is_posted, lock_for, locked_message
from models.scoring.scores import CHUNK
from models.scoring.tally import Shares
from models.settings.values import get_settings
from models.workspace import Entity, Permission, Tx, operation
from models.workspace.audit import register_field_labels
from models.workspace.operations import more_rows_than_batch

__all__ = ["AddResult", "EntryForm", "EntryRow", "PeriodLocked", "PostingForm", "add_entries", "adjust",
           "approve_entries", "cap_notes", "entries_for", "get_entry", "pending_entries", "post_period",
           "void_entry"]

ENTRY_LABELS = {"person_ids": "人员", "person": "人员", "rule_id": "积分规则", "rule": "积分规则", "on": "日期",
                "reason": "事由", "points": "分值", "status": "状态", "voided_at": "作废时间",
                "void_reason": "作废原因", "adjusts_id": "调整的记录", "entry": "积分记录", "entry_ids": "积分记录"}
POSTING_LABELS = {**PERIOD_LABELS, "audience": "公示对象", "posted_from": "公示开始日期", "posted_to": "公示结束日期",
                  "note": "公示内容说明"}
register_field_labels(Entity.SCORE_ENTRY, ENTRY_LABELS)
register_field_labels(Entity.SCORE_POSTING, POSTING_LABELS)
MAX_LISTED = 10  # problems named one by one in a batch refusal; the rest counted


class PeriodLocked(ValidationError):
    """The period was posted (公示): its entries may not be added, voided or approved; use 调整."""


@dataclass(frozen=True)
class EntryForm:
    person_ids: tuple[int, ...] = ()
    rule_id: int | None = None
    on: date | None = None
    reason: str = ""


@dataclass(frozen=True)
class AddResult:
    ids: tuple[int, ...]
    notes: dict[int, str] = field(default_factory=dict)  # person id -> cap note (counts less or nothing)


@dataclass(frozen=True)
class PostingForm:
    period: str = ""
    audience: str = Audience.ACTIVISTS
    posted_from: date | None = None
    posted_to: date | None = None
    note: str = ""  # what was posted, where


def _text(value: str) -> str:
    return re.sub(r"\s+", " ", value or "").strip()


def _listed(problems: list[str]) -> str:
    shown = "；".join(problems[:MAX_LISTED])
    return shown + (f"；另有{len(problems) - MAX_LISTED}个问题" if len(problems) > MAX_LISTED else "")


def _check_form(tx: Tx, form: EntryForm, ids: list[int]) -> tuple[ScoreRule | None, str, dict[str, str]]:
    errors: dict[str, str] = {}
    if not ids:
        errors["person_ids"] = "请选择要记分的人员"
    rule = tx.session.get(ScoreRule, form.rule_id) if form.rule_id is not None else None
    if rule is None:
        errors["rule_id"] = "请选择积分规则"
    elif not rule.active:
        errors["rule_id"] = f"规则“{rule.code} {rule.name}”已停用，不能再记分"
    if form.on is None:
        errors["on"] = "请填写日期"
    elif form.on > tx.today:
        errors["on"] = f"日期不能晚于今天（{format_date_cn(tx.today)}）"
    reason = _text(form.reason)
    if not reason:
        errors["reason"] = "请填写事由（如：10月主题党日）"
    elif len(reason) > 200:
        errors["reason"] = "事由不能超过200个字"
    return rule, reason, errors


def _people(session: Session, ids: Sequence[int]) -> dict[int, Person]:
    return {p.id: p for start in range(0, len(ids), CHUNK)
            for p in session.scalars(select(Person).where(Person.id.in_(ids[start:start + CHUNK])))}


def _person_problems(session: Session, ids: list[int], rule: ScoreRule, on: date) -> tuple[list[str], bool]:
    """Why some of these people may not get this entry (missing, archived, rule, posted period),
    and whether a posted period is among the reasons."""
    people, problems, posted = _people(session, ids), [], False
    locked: dict[str, list[str]] = {}
    for pid in ids:
        person = people.get(pid)
        if person is None:
            problems.append(f"找不到编号为 {pid} 的人员")
        elif person.archive_reason:
            why = label(person.archive_reason) or label(ArchiveReason.OTHER)
            problems.append(f"“{person.name}”已归档（{why}），不能再记分")
        elif not applies(rule.applies_to, person.stage):
            problems.append(not_applicable(person.name, person.stage, rule.name, rule.applies_to))
        else:
            locked.setdefault(audience_of(person.stage), []).append(person.name)
    for audience, names in locked.items():
        posting = lock_for(session, on, audience)
        if posting is not None:
            who = "、".join(f"“{n}”" for n in names[:3]) + (f"等{len(names)}人" if len(names) > 3 else "")
            problems.append(f"{who}：{locked_message(posting, '新增')}")
            posted = True
    return problems, posted


def _status(session: Session) -> str:
    return (EntryStatus.PENDING if get_settings(session).scoring.approval_required else EntryStatus.APPROVED).value


def _entry_values(entry: ScoreEntry, rule: ScoreRule, name: str) -> dict[str, object]:
    return {"person": name, "rule": f"{rule.code} {rule.name}", "on": entry.on, "points": entry.points,
            "reason": entry.reason, "status": label(entry.status), "adjusts_id": entry.adjusts_id}


def _summary(name: str, rule: ScoreRule, points: int) -> str:
    return f"{name} {rule.code} {rule.name} {points:+d}分"


@operation("scoring.add", Permission.MEMBERS_EDIT, "记录积分", backup_before=lambda form, *_, **__: more_rows_than_batch(form.person_ids))
def add_entries(tx: Tx, form: EntryForm) -> AddResult:
    """One rule, one date, one reason for one or many people: one operation, all or nothing."""
    ids = list(dict.fromkeys(form.person_ids))
    rule, reason, errors = _check_form(tx, form, ids)
    if errors:
        raise ValidationError(errors, ENTRY_LABELS)
    problems, posted = _person_problems(tx.session, ids, rule, form.on)
    if problems:
        raise (PeriodLocked if posted else ValidationError)({"person_ids": _listed(problems)}, ENTRY_LABELS)
    notes = cap_notes(tx.session, ids, rule.id, form.on)
    status, people = _status(tx.session), _people(tx.session, ids)
    entries = [ScoreEntry(person_id=pid, rule_id=rule.id, on=form.on, points=rule.points, reason=reason,
                          run_id=tx.run_id, status=status, recorded_by=tx.actor.name, recorded_at=tx.now)
               for pid in ids]
    tx.session.add_all(entries)
    tx.session.flush()
    Shares().apply(tx.session, entries)
    for entry in entries:
        name = people[entry.person_id].name
        tx.created(Entity.SCORE_ENTRY, entry.id, _entry_values(entry, rule, name),
                   summary=_summary(name, rule, entry.points))
    return AddResult(tuple(e.id for e in entries), notes)


def _entry(session: Session, entry_id: int) -> tuple[ScoreEntry, Person, ScoreRule]:
    entry = session.get(ScoreEntry, entry_id)
    if entry is None:
        raise NotFound(f"找不到编号为 {entry_id} 的积分记录，可能已被其他窗口修改")
    return entry, session.get(Person, entry.person_id), session.get(ScoreRule, entry.rule_id)


def _refuse_if_locked(session: Session, entry: ScoreEntry, person: Person, doing: str) -> None:
    posting = lock_for(session, entry.on, audience_of(person.stage))
    if posting is not None:
        raise PeriodLocked({"entry": locked_message(posting, doing)}, ENTRY_LABELS)


@operation("scoring.void", Permission.MEMBERS_EDIT, "作废积分记录")
def void_entry(tx: Tx, entry_id: int, reason: str) -> None:
    """Mark a wrong entry void, with a reason; it stays visible as voided and counts nothing."""
    entry, person, rule = _entry(tx.session, entry_id)
    reason = _text(reason)
    if entry.voided_at is not None:
        raise ValidationError({"entry": f"这条记录已于{format_date_cn(entry.voided_at.date())}作废"}, ENTRY_LABELS)
    if not reason:
        raise ValidationError({"void_reason": "请填写作废原因"}, ENTRY_LABELS)
    if len(reason) > 200:
        raise ValidationError({"void_reason": "作废原因不能超过200个字"}, ENTRY_LABELS)
    _refuse_if_locked(tx.session, entry, person, "作废")
    shares = Shares().before([entry])
    entry.voided_at, entry.voided_by, entry.void_reason = tx.now, tx.actor.name, reason
    shares.apply(tx.session, [entry])
    tx.updated(Entity.SCORE_ENTRY, entry.id, {"voided_at": None, "void_reason": ""},
               {"voided_at": tx.now, "void_reason": reason}, summary=_summary(person.name, rule, entry.points))


@operation("scoring.approve", Permission.MEMBERS_EDIT, "审核积分记录", backup_before=more_rows_than_batch)
def approve_entries(tx: Tx, entry_ids: Sequence[int]) -> int:
    """支委会 approval: pending entries start to count. Already approved ones are left as they are;
    a voided one, or one in a posted period, refuses the whole approval. Returns how many."""
    found = [_entry(tx.session, entry_id) for entry_id in dict.fromkeys(entry_ids)]
    if not found:
        raise ValidationError({"entry_ids": "请选择要审核的记录"}, ENTRY_LABELS)
    for entry, person, rule in found:
        if entry.voided_at is not None:
            raise ValidationError({"entry_ids": f"“{person.name}”{format_date_cn(entry.on)}的“{rule.name}”"
                                                f"已作废，不能审核"}, ENTRY_LABELS)
        if entry.status == EntryStatus.PENDING:
            _refuse_if_locked(tx.session, entry, person, "审核")
    approved, shares = 0, Shares().before(entry for entry, _, _ in found)
    for entry, person, rule in found:
        if entry.status != EntryStatus.PENDING:
            continue
        entry.status, entry.approved_by, entry.approved_at = EntryStatus.APPROVED.value, tx.actor.name, tx.now
        tx.updated(Entity.SCORE_ENTRY, entry.id, {"status": label(EntryStatus.PENDING)},
                   {"status": label(EntryStatus.APPROVED)}, summary=_summary(person.name, rule, entry.points))
        approved += 1
    shares.apply(tx.session, [entry for entry, _, _ in found])
    return approved


def _check_posting(session: Session, form: PostingForm) -> dict[str, str]:
    errors: dict[str, str] = {}
    try:
        period = parse_period(form.period)
    except ValidationError as error:
        return error.errors
    if form.audience not in RANKED_AUDIENCES:
        errors["audience"] = "请选择公示对象（入党积极分子或党员）"
    if form.posted_from is None:
        errors["posted_from"] = "请填写公示开始日期"
    elif form.posted_from < period.start:
        errors["posted_from"] = f"公示不能早于{period.title}开始（{format_date_cn(period.start)}）"
    if form.posted_to is None:
        errors["posted_to"] = "请填写公示结束日期"
    elif form.posted_from is not None and form.posted_to < form.posted_from:
        errors["posted_to"] = "公示结束日期不能早于开始日期"
    if len(_text(form.note)) > 200:
        errors["note"] = "说明不能超过200个字"
    if errors:
        return errors
    earlier = is_posted(session, period.code, form.audience)
    if earlier is not None:
        errors["period"] = (f"{period.title}的{label(form.audience)}积分已于{format_date_cn(earlier.posted_from)}"
                            f"公示，不能重复公示")
    waiting = session.scalar(select(func.count()).select_from(ScoreEntry).join(Person)
                             .where(ScoreEntry.on.between(period.start, period.end),
                                    ScoreEntry.status == EntryStatus.PENDING.value, ScoreEntry.voided_at.is_(None),
                                    Person.stage.in_(AUDIENCE_STAGES[form.audience])))
    if waiting:
        errors["period"] = f"{period.title}还有{waiting}条待审核的积分记录，请先审核或作废，再公示"
    return errors


# A 公示 locks a whole period's entries: rare, and touching every entry of the period, so it copies first.
@operation("scoring.post", Permission.MEMBERS_EDIT, "积分公示", backup_before=True)
def post_period(tx: Tx, form: PostingForm) -> int:
    """Record the 公示 of a period's ranking; from now on the period's entries are locked."""
    errors = _check_posting(tx.session, form)
    if errors:
        raise ValidationError(errors, POSTING_LABELS)
    period = parse_period(form.period)
    posting = ScorePosting(period=period.code, audience=str(form.audience), posted_from=form.posted_from,
                           posted_to=form.posted_to, note=_text(form.note), recorded_by=tx.actor.name,
                           recorded_at=tx.now)
    tx.session.add(posting)
    tx.session.flush()
    tx.created(Entity.SCORE_POSTING, posting.id,
               {"period": period.code, "audience": label(form.audience), "posted_from": form.posted_from,
                "posted_to": form.posted_to, "note": posting.note},
               summary=f"{period.title}{label(form.audience)}积分公示")
    return posting.id


def _check_adjustable(tx: Tx, entry: ScoreEntry, person: Person, reason: str) -> float:
    """What the entry counts (to be offset), or a Chinese refusal."""
    def refuse(message: str) -> None:
        raise ValidationError({"entry": message}, ENTRY_LABELS)

    if not reason:
        raise ValidationError({"reason": "请填写调整原因"}, ENTRY_LABELS)
    if entry.voided_at is not None:
        refuse("这条记录已作废，不需要调整")
    if entry.adjusts_id is not None:
        refuse("这条记录本身是调整记录，不能再调整")
    audience = audience_of(person.stage)
    if lock_for(tx.session, entry.on, audience) is None:
        refuse("这条记录所在的期间还没有公示，请直接作废后重新录入，不需要调整")
    earlier = tx.session.scalars(select(ScoreEntry).where(ScoreEntry.adjusts_id == entry.id,
                                                          ScoreEntry.voided_at.is_(None))).first()
    if earlier is not None:
        refuse(f"这条记录已于{format_date_cn(earlier.on)}调整过")
    if tx.session.get(ScoreRule, entry.rule_id).veto:
        refuse("一票否决的记录公示后不能用调整更正，请由支委会研究处理")
    counted = counted_of(tx.session, entry)
    if counted == 0:
        refuse("这条记录超出上限或未生效，没有计分，不需要调整")
    today_lock = lock_for(tx.session, tx.today, audience)
    if today_lock is not None:
        raise PeriodLocked({"entry": locked_message(today_lock, "新增")}, ENTRY_LABELS)
    return counted


@operation("scoring.adjust", Permission.MEMBERS_EDIT, "调整已公示的积分")
def adjust(tx: Tx, entry_id: int, reason: str) -> int:
    """Correct an entry of a posted period: an offsetting entry (−what it counted) dated today."""
    entry, person, rule = _entry(tx.session, entry_id)
    reason = _text(reason)[:200]
    counted = _check_adjustable(tx, entry, person, reason)
    offset = ScoreEntry(person_id=entry.person_id, rule_id=entry.rule_id, on=tx.today, points=-int(round(counted)),
                        reason=reason, run_id=tx.run_id, status=_status(tx.session), adjusts_id=entry.id,
                        recorded_by=tx.actor.name, recorded_at=tx.now)
    tx.session.add(offset)
    tx.session.flush()
    Shares().apply(tx.session, [offset])
    tx.created(Entity.SCORE_ENTRY, offset.id, _entry_values(offset, rule, person.name),
               summary=f"调整 {_summary(person.name, rule, offset.points)}")
    tx.touched(Entity.SCORE_ENTRY, entry.id)
    return offset.id
