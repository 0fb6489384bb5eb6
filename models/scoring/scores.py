"""Quarter and year scores (DESIGN.md §5): 起始分 + a quarter's counted entries; a year is the mean
of the quarters the person was in the pipeline (activists) or the branch (members).

Counted entries: approved and not voided; an entry beyond its rule's cap for the quarter counts
only up to the cap. Entries of one rule share the rule's sign (catalogue.py enforces it), so the
capped sum of a (person, rule, quarter) is the clamped plain sum — the same as applying the cap
entry by entry in date order. Those sums are kept per (quarter, person, rule) in the score tally
(tally.py), and the capped totals per (quarter, person) beside it (quarter_totals.py): a score
reads one row per person and quarter. Adjustment entries (corrections of a posted period) count in full,
outside the cap. Any counted 一票否决 entry disqualifies the person for that quarter (and year).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import NamedTuple

from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import Session

from models.core.codes import Audience, ScoreCategory, Step
from models.people.entities import PartyGroup, Person, PersonEvent
from models.scoring.audience import AUDIENCE_STAGES
from models.scoring.entities import ScoreQuarter, ScoreTally
from models.scoring.periods import QUARTER, Period, parse_period
from models.settings.values import get_settings

CHUNK = 500  # SQLite's parameter limit: IN lists go in chunks
CATEGORIES = tuple(c.value for c in ScoreCategory)  # basic, bonus, deduction


# Named tuples, not frozen dataclasses: a township ranking builds 100,000 of them, and a frozen
# dataclass takes about twice as long to build. They are just as immutable.
class PersonScore(NamedTuple):
    person_id: int
    total: float  # 起始分 + counted points (a year: the mean of its quarters)
    by_category: dict[str, float]  # basic/bonus/deduction -> counted points (a year: means)
    vetoed: bool  # a counted 一票否决 entry in the period
    pending: int  # entries waiting for 支委会 approval (not counted)
    quarters: dict[str, float] = {}  # quarter code -> total, for the quarters counted


class Participant(NamedTuple):
    """A person who may be scored, and what a ranking shows besides the score."""

    id: int
    name: str
    sort_key: str
    group_name: str
    stage: str
    archived_on: date | None
    start: date | None  # 确定为积极分子 (activists) / 入党 (members); None: the first entry decides


_NOTHING = (0, 0, 0, 0, 0)  # basic, bonus, deduction, vetoed, pending of a quarter without entries


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def participants(session: Session, audience: str | None,
                 person_ids: Sequence[int] | None = None) -> list[Participant]:
    """People of the audience (by current stage; None: everyone), or just `person_ids`."""
    person, group = Person.__table__.c, PartyGroup.__table__.c  # plain columns: no ORM row processing
    query = (select(person.id, person.name, person.sort_key, group.name, person.stage, person.archived_on,
                    person.joined_on).outerjoin(PartyGroup.__table__, group.id == person.group_id))
    if audience is not None:
        query = query.where(person.stage.in_(AUDIENCE_STAGES[audience]))
    rows = (session.execute(query).all() if person_ids is None
            else [row for chunk in _chunks(list(person_ids)) for row in session.execute(query.where(person.id.in_(chunk)))])
    became = _activist_dates(session, person_ids) if audience != Audience.MEMBERS else {}
    members = AUDIENCE_STAGES[Audience.MEMBERS]
    return [Participant(pid, name, key, group or "", stage, archived_on,
                        joined_on if stage in members else became.get(pid))
            for pid, name, key, group, stage, archived_on, joined_on in rows]


def _activist_dates(session: Session, person_ids: Sequence[int] | None) -> dict[int, date]:
    """Person id -> the first 确定为积极分子 date (voided steps left out)."""
    event = PersonEvent.__table__.c
    query = (select(event.person_id, func.min(event.on))
             .where(event.kind == Step.ACTIVIST.value, event.voided_at.is_(None)).group_by(event.person_id))
    if person_ids is None:
        return dict(session.execute(query).all())
    return {pid: on for chunk in _chunks(list(person_ids))
            for pid, on in session.execute(query.where(event.person_id.in_(chunk)))}


def _sums_query(quarters: Sequence[Period], person_ids: Sequence[int] | None = None):
    """Per person and quarter: capped counted points by category, a counted veto, pending entries —
    the quarter totals kept with the tally (quarter_totals.py).

    Plain table columns (not ORM attributes): the rows come back without ORM processing."""
    q = ScoreQuarter.__table__.c
    codes = [p.code for p in quarters]
    only = (q.person_id.in_(person_ids),) if person_ids is not None else ()
    qi = case({code: i for i, code in enumerate(codes)}, value=q.quarter) if len(codes) > 1 else literal(0)
    return select(q.person_id, qi, q.basic, q.bonus, q.deduction, q.veto, q.pending).where(q.quarter.in_(codes), *only)


def quarter_sums(session: Session, quarters: Sequence[Period],
                 person_ids: Sequence[int] | None = None) -> dict[tuple[int, int], tuple]:
    """(person id, index into `quarters`) -> (basic, bonus, deduction, vetoed, pending) of the
    quarter; the quarters must follow each other."""
    if person_ids is None:
        rows = session.execute(_sums_query(quarters)).all()
    else:
        rows = [row for chunk in _chunks(list(person_ids)) for row in session.execute(_sums_query(quarters, chunk))]
    return {(row[0], row[1]): row[2:] for row in rows}


def _entered_before(session: Session, quarter: Period, person_ids: Sequence[int]) -> set[int]:
    """Of these people, those with an entry (not voided) in a quarter before `quarter`."""
    t = ScoreTally.__table__.c
    query = select(t.person_id).where(t.quarter < quarter.code, t.entries > 0).distinct()
    return {pid for chunk in _chunks(list(person_ids)) for pid in session.scalars(query.where(t.person_id.in_(chunk)))}


def first_quarters(session: Session, quarters: Sequence[Period], people: Sequence[Participant],
                   sums: dict[tuple[int, int], tuple]) -> dict[int, int]:
    """Person id -> index of the first of `quarters` the person was in (absent: in none of them):
    the quarter of the start date (确定为积极分子 / 入党) or of the first entry, whichever is earlier."""
    begin, end = quarters[0].start, quarters[-1].end
    first: dict[int, int] = {}
    for pid, qi in sums:
        if qi < first.get(pid, len(quarters)):
            first[pid] = qi
    unknown = [p.id for p in people if (p.start is None or p.start >= begin) and first.get(p.id) != 0]
    for pid in _entered_before(session, quarters[0], unknown) if unknown else ():
        first[pid] = 0
    for person in people:
        if person.start is None or person.start > end:
            continue
        index = 0 if person.start < begin else next(i for i, q in enumerate(quarters) if q.contains(person.start))
        if index < first.get(person.id, len(quarters)):
            first[person.id] = index
    return first


class ScoreTable:
    """Scores of consecutive periods of one kind, from one pass over their entries."""

    def __init__(self, session: Session, periods: Sequence[Period | str], audience: str | None,
                 person_ids: Sequence[int] | None = None, today: date | None = None) -> None:
        self.periods = [parse_period(p) for p in periods]
        self.quarters = [q for p in self.periods for q in p.quarters()]
        self.today = today or date.today()
        self.start_score = get_settings(session).scoring.start_score
        self.people = participants(session, audience, person_ids)
        self.by_id = {p.id: p for p in self.people}
        self.sums = quarter_sums(session, self.quarters, person_ids)
        self.first = first_quarters(session, self.quarters, self.people, self.sums)
        self._offsets = [sum(len(p.quarters()) for p in self.periods[:n]) for n in range(len(self.periods))]

    def _indexes(self, person: Participant, n: int) -> list[int]:
        first, period, offset = self.first.get(person.id), self.periods[n], self._offsets[n]
        if first is None:
            return []
        return [offset + i for i, q in enumerate(period.quarters())
                if first <= offset + i and (person.archived_on is None or person.archived_on > q.end)
                and (period.kind == QUARTER or q.start <= self.today)]

    def score(self, person: Participant, n: int) -> PersonScore | None:
        """The person's score for the n-th period, None when not in it."""
        if self.periods[n].kind == QUARTER:
            return self._quarter(person, self._offsets[n])
        indexes = self._indexes(person, n)
        return self._mean(person.id, indexes) if indexes else None

    def _quarter(self, person: Participant, qi: int) -> PersonScore | None:
        first = self.first.get(person.id)
        if first is None or first > qi or (person.archived_on is not None
                                           and person.archived_on <= self.quarters[qi].end):
            return None
        basic, bonus, deduction, vetoed, pending = self.sums.get((person.id, qi), _NOTHING)
        total = float(self.start_score + basic + bonus + deduction)
        return PersonScore(person.id, total, {"basic": float(basic), "bonus": float(bonus),
                                              "deduction": float(deduction)},
                           bool(vetoed), int(pending), {self.quarters[qi].code: total})

    def _mean(self, pid: int, indexes: list[int]) -> PersonScore:
        totals, categories, vetoed, pending = {}, [0.0, 0.0, 0.0], False, 0
        for qi in indexes:
            *points, veto, waiting = self.sums.get((pid, qi), _NOTHING)
            totals[self.quarters[qi].code] = float(self.start_score + sum(points))
            categories = [a + b for a, b in zip(categories, points, strict=True)]
            vetoed, pending = vetoed or bool(veto), pending + int(waiting)
        n = len(indexes)
        return PersonScore(pid, round(sum(totals.values()) / n, 1),
                           {c: round(v / n, 1) for c, v in zip(CATEGORIES, categories, strict=True)},
                           vetoed, pending, totals)

    def scores(self, n: int) -> dict[int, PersonScore]:
        """Person id -> score for the n-th period, for everyone in it."""
        if self.periods[n].kind == QUARTER:
            return self._quarter_scores(self._offsets[n])
        found = {}
        for person in self.people:
            result = self.score(person, n)
            if result is not None:
                found[person.id] = result
        return found

    def _quarter_scores(self, qi: int) -> dict[int, PersonScore]:
        """`_quarter` for everyone, written out: a township ranking runs it for 100,000 people."""
        first_of, sums_of, start = self.first.get, self.sums.get, self.start_score
        end, code, found = self.quarters[qi].end, self.quarters[qi].code, {}
        for person in self.people:
            pid, first = person.id, first_of(person.id)
            if first is None or first > qi or (person.archived_on is not None and person.archived_on <= end):
                continue
            basic, bonus, deduction, vetoed, pending = sums_of((pid, qi), _NOTHING)
            total = float(start + basic + bonus + deduction)
            found[pid] = PersonScore(pid, total, {"basic": basic, "bonus": bonus, "deduction": deduction},
                                     bool(vetoed), pending, {code: total})
        return found

def period_scores(session: Session, period: Period | str, audience: str | None,
                  person_ids: Sequence[int] | None = None, today: date | None = None) -> dict[int, PersonScore]:
    """Person id -> score for a quarter (起始分 + counted entries) or a year (mean of the quarters the
    person was in; quarters not begun by `today` left out). People not in the period are absent.
    `audience` None: everyone, each by their own stage (a person's page)."""
    return ScoreTable(session, [period], audience, person_ids, today).scores(0)
