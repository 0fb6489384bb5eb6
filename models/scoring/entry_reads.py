"""Reading score entries: a person's entries in a period (voids included, each with what it
counts), the notes a new entry will get when it passes a cap, and entries awaiting approval."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.core.codes import EntryStatus
from models.core.errors import NotFound
from models.people.entities import Person
from models.scoring.counting import Countable, cap_note, counted_points
from models.scoring.entities import ScoreEntry, ScoreRule
from models.scoring.periods import Period, parse_period, quarter_of
from models.scoring.scores import CHUNK


@dataclass(frozen=True)
class EntryRow:
    id: int
    person_id: int
    name: str
    rule_code: str
    rule_name: str
    category: str
    on: date
    points: int  # as entered
    counted: float  # what it counts: 0 when voided, pending or beyond the cap
    reason: str
    status: str
    voided: bool
    void_reason: str
    recorded_by: str
    adjusts_id: int | None
    veto: bool = False
    cap_note: str = ""  # "超出本季度上限…" when it counts less than its points
    recorded_at: datetime | None = None
    voided_by: str = ""
    approved_by: str = ""
    run_id: str = ""


def _query():
    return (select(ScoreEntry, Person.name, ScoreRule.code, ScoreRule.name, ScoreRule.category, ScoreRule.veto,
                   ScoreRule.cap_per_quarter)
            .join(Person, Person.id == ScoreEntry.person_id).join(ScoreRule, ScoreRule.id == ScoreEntry.rule_id))


def _countable(e: ScoreEntry) -> Countable:
    return Countable(e.id, e.rule_id, e.on, e.points, e.status, e.voided_at is not None, e.adjusts_id)


def _rows(results, counted: dict[int, float] | None = None) -> list[EntryRow]:
    rows = []
    for e, name, code, rule_name, category, veto, cap in results:
        value = counted.get(e.id, 0.0) if counted is not None else 0.0
        counts = e.voided_at is None and e.status == EntryStatus.APPROVED
        note = (f"超出本季度上限（{cap}分），只计{value:g}分" if counted is not None and counts
                and e.adjusts_id is None and value != e.points else "")
        rows.append(EntryRow(e.id, e.person_id, name, code, rule_name, category, e.on, e.points, value, e.reason,
                             e.status, e.voided_at is not None, e.void_reason, e.recorded_by, e.adjusts_id, veto,
                             note, e.recorded_at, e.voided_by, e.approved_by, e.run_id))
    return rows


def entries_for(session: Session, person_id: int, period: Period | str) -> list[EntryRow]:
    """Every entry of one person dated in the period, in date order, voided and pending included."""
    period = parse_period(period)
    results = session.execute(_query().where(ScoreEntry.person_id == person_id,
                                             ScoreEntry.on.between(period.start, period.end))
                              .order_by(ScoreEntry.on, ScoreEntry.id)).all()
    caps = {e.rule_id: cap for e, *_, cap in results}
    return _rows(results, counted_points([_countable(r[0]) for r in results], caps))


def counted_of(session: Session, entry: ScoreEntry) -> float:
    """What one entry counts, among its person's entries of the same rule in its quarter."""
    quarter = quarter_of(entry.on)
    same = session.scalars(select(ScoreEntry).where(ScoreEntry.person_id == entry.person_id,
                                                    ScoreEntry.rule_id == entry.rule_id,
                                                    ScoreEntry.on.between(quarter.start, quarter.end))).all()
    cap = session.get(ScoreRule, entry.rule_id).cap_per_quarter
    return counted_points([_countable(e) for e in same], {entry.rule_id: cap})[entry.id]


def get_entry(session: Session, entry_id: int) -> EntryRow:
    """One entry (counted within its quarter), or NotFound."""
    found = session.execute(_query().where(ScoreEntry.id == entry_id)).first()
    if found is None:
        raise NotFound(f"找不到编号为 {entry_id} 的积分记录，可能已被其他窗口修改")
    return _rows([found], {entry_id: counted_of(session, found[0])})[0]


def pending_entries(session: Session) -> list[EntryRow]:
    """Entries waiting for 支委会 approval (not voided), oldest first."""
    results = session.execute(_query().where(ScoreEntry.status == EntryStatus.PENDING.value,
                                             ScoreEntry.voided_at.is_(None))
                              .order_by(ScoreEntry.on, ScoreEntry.id)).all()
    return _rows(results)


def count_pending(session: Session) -> int:
    """How many entries wait for approval (not voided): read through the partial index of them."""
    return session.scalar(select(func.count()).select_from(ScoreEntry).where(
        ScoreEntry.status == EntryStatus.PENDING.value, ScoreEntry.voided_at.is_(None))) or 0


def cap_notes(session: Session, person_ids: Sequence[int], rule_id: int, on: date) -> dict[int, str]:
    """Person id -> Chinese note for those whom a new entry of this rule on `on` would take past
    the rule's quarter cap (entries not voided, pending included, adjustments left out)."""
    rule = session.get(ScoreRule, rule_id)
    if rule is None or rule.cap_per_quarter is None:
        return {}
    quarter = quarter_of(on)
    query = (select(ScoreEntry.person_id, Person.name, func.sum(ScoreEntry.points))
             .join(Person, Person.id == ScoreEntry.person_id)
             .where(ScoreEntry.rule_id == rule_id, ScoreEntry.on.between(quarter.start, quarter.end),
                    ScoreEntry.voided_at.is_(None), ScoreEntry.adjusts_id.is_(None))
             .group_by(ScoreEntry.person_id, Person.name))
    ids = list(dict.fromkeys(person_ids))
    notes = {}
    for start in range(0, len(ids), CHUNK):
        for pid, name, used in session.execute(query.where(ScoreEntry.person_id.in_(ids[start:start + CHUNK]))):
            if abs(used or 0) + abs(rule.points) > rule.cap_per_quarter:
                notes[pid] = cap_note(name, rule.name, rule.cap_per_quarter, used or 0, rule.points)
    return notes
