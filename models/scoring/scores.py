"""Quarter and year scores (DESIGN.md §5): 起始分 + a quarter's counted entries; a year is the mean
of the quarters the person was in the pipeline (activists) or the branch (members).

Counted entries: approved and not voided; an entry beyond its rule's cap for the quarter counts
only up to the cap. Entries of one rule share the rule's sign (catalogue.py enforces it), so the
capped sum of a (person, rule, quarter) is the clamped plain sum — the same as applying the cap
entry by entry in date order — and SQL does it in one pass: GROUP BY person, rule, quarter, then
clamp and sum per category. Adjustment entries (corrections of a posted period) count in full,
outside the cap. Any counted 一票否决 entry disqualifies the person for that quarter (and year).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import NamedTuple

from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.orm import Session

from models.core.codes import Audience, EntryStatus, ScoreCategory, Step
from models.people.entities import PartyGroup, Person, PersonEvent
from models.scoring.audience import AUDIENCE_STAGES
from models.scoring.entities import ScoreEntry, ScoreRule
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


def _quarter_index(entry, quarters: Sequence[Period]):
    if len(quarters) == 1:
        return literal(0)
    return case(*[(entry.on < q.start, i) for i, q in enumerate(quarters[1:])], else_=len(quarters) - 1)


def _sums_query(quarters: Sequence[Period], person_ids: Sequence[int] | None = None):
    """Per person and quarter: capped counted points by category, a counted veto, pending entries.

    Plain table columns (not ORM attributes): the rows come back without ORM processing."""
    e, rule = ScoreEntry.__table__.c, ScoreRule.__table__.c
    only = (e.person_id.in_(person_ids),) if person_ids is not None else ()
    approved = e.status == EntryStatus.APPROVED.value
    plain, adjusting = and_(approved, e.adjusts_id.is_(None)), and_(approved, e.adjusts_id.is_not(None))
    qi = _quarter_index(e, quarters).label("qi")
    grouped = (select(e.person_id, e.rule_id, qi,
                      func.sum(case((plain, e.points), else_=0)).label("base"),
                      func.sum(case((adjusting, e.points), else_=0)).label("adjusted"),
                      func.count().label("entries"),
                      func.sum(case((approved, 0), else_=1)).label("pending"))
               .where(e.on.between(quarters[0].start, quarters[-1].end), e.voided_at.is_(None), *only)
               .group_by(e.person_id, e.rule_id, *([qi] if len(quarters) > 1 else []))).subquery()
    g, cap = grouped.c, rule.cap_per_quarter
    capped = case((cap.is_(None), g.base), (g.base > cap, cap), (g.base < -cap, -cap), else_=g.base) + g.adjusted
    by_category = [func.sum(case((rule.category == c, capped), else_=0)) for c in CATEGORIES]
    veto = func.max(case((and_(rule.veto.is_(True), g.entries > g.pending), 1), else_=0))
    return (select(g.person_id, g.qi, *by_category, veto, func.sum(g.pending))
            .join(ScoreRule.__table__, rule.id == g.rule_id).group_by(g.person_id, g.qi))


def quarter_sums(session: Session, quarters: Sequence[Period],
                 person_ids: Sequence[int] | None = None) -> dict[tuple[int, int], tuple]:
    """(person id, index into `quarters`) -> (basic, bonus, deduction, vetoed, pending) of the
    quarter; the quarters must follow each other."""
    if person_ids is None:
        rows = session.execute(_sums_query(quarters)).all()
    else:
        rows = [row for chunk in _chunks(list(person_ids)) for row in session.execute(_sums_query(quarters, chunk))]
    return {(row[0], row[1]): row[2:] for row in rows}


def _entered_before(session: Session, day: date, person_ids: Sequence[int]) -> set[int]:
    """Of these people, those with an entry (not voided) dated before `day`."""
    e = ScoreEntry.__table__.c
    query = select(e.person_id).where(e.on < day, e.voided_at.is_(None)).distinct()
    return {pid for chunk in _chunks(list(person_ids)) for pid in session.scalars(query.where(e.person_id.in_(chunk)))}


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
    for pid in _entered_before(session, begin, unknown) if unknown else ():
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
        score = self._quarter if self.periods[n].kind == QUARTER else self.score
        key = self._offsets[n] if self.periods[n].kind == QUARTER else n
        found = {}
        for person in self.people:
            result = score(person, key)
            if result is not None:
                found[person.id] = result
        return found


def period_scores(session: Session, period: Period | str, audience: str | None,
                  person_ids: Sequence[int] | None = None, today: date | None = None) -> dict[int, PersonScore]:
    """Person id -> score for a quarter (起始分 + counted entries) or a year (mean of the quarters the
    person was in; quarters not begun by `today` left out). People not in the period are absent.
    `audience` None: everyone, each by their own stage (a person's page)."""
    return ScoreTable(session, [period], audience, person_ids, today).scores(0)
