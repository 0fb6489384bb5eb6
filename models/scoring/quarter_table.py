"""A quarter's scores for a whole audience in one query, ordered for its ranking.

The ranking of a quarter is the screen and the 公示 a township runs for 100,000 activists, so it
is not built from `ScoreTable` person by person: one SQL statement joins each person with their
quarter totals (score_quarter, by primary key) for the quarter and the one before, decides who was in each (the same rule as
`scores.first_quarters`: a start date — 确定为积极分子 / 入党 — on or before the quarter's end, or
an entry in it or before it), and returns them in ranking order (vetoed last, then total, then
pinyin) as plain tuples; ranking.py numbers the ranks and makes the rows.
tests/models/test_score_tally.py checks it against `ScoreTable` on the demo branch.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

from sqlalchemy import and_, case, exists, func, literal, null, or_, select
from sqlalchemy.orm import Session, aliased

from models.core.codes import Audience, Step
from models.people.entities import PartyGroup, Person, PersonEvent
from models.scoring.audience import AUDIENCE_STAGES
from models.scoring.entities import ScoreQuarter, ScoreTally
from models.scoring.periods import Period
from models.settings.values import get_settings

MAX_IDS = 10_000  # ids in one IN (…): SQLite takes 32,766 parameters, PostgreSQL 65,535


def _starts(audience: str):
    """(the table to join, the column) of the date a person starts being scored: 入党 for members,
    the first 确定为积极分子 otherwise (one grouped pass over the events, joined by person)."""
    person, event = Person.__table__.c, PersonEvent.__table__.c
    if audience == Audience.MEMBERS:
        return None, person.joined_on
    starts = (select(event.person_id.label("pid"), func.min(event.on).label("start"))
              .where(event.kind == Step.ACTIVIST.value, event.voided_at.is_(None)).group_by(event.person_id).subquery())
    return starts, starts.c.start


def quarter_rows(session: Session, quarter: Period, audience: str) -> Iterable[tuple]:
    """Everyone of the audience in `quarter` and not archived by its end, in ranking order, as
    (id, name, sort key, group name, stage, basic, bonus, deduction, vetoed, pending, total,
    total of the quarter before — None when not in it, and always for members); the sums are None without
    entries."""
    # Plain tuples: building three objects per person cost a quarter of the ranking's time.
    return session.execute(quarter_query(session, quarter, audience))


def quarter_standing(session: Session, quarter: Period, audience: str,
                     person_ids: Iterable[int]) -> dict[int, tuple[float, int | None]]:
    """(total, rank) of these people in the quarter's ranking — the rank as ranking.py numbers it (ties
    share one: one more than the people above; vetoed people have none) — without building the ranking
    of the whole audience, for the 发展党员 list's 预备党员 among a township's 100,000 members: the totals
    of those with entries in the quarter (its score_quarter rows, a third of them), and a count of the
    others in it, who all stand at the start score. (Every member with names and order: 0.3 s; a RANK()
    window asked per 900 ids: 1 s.)"""
    wanted = set(person_ids)
    if not wanted:
        return {}
    if audience == Audience.ACTIVISTS:  # a few thousand, whose start needs a pass over the events: read at once
        return _standing_of_everyone(session, quarter, audience, wanted)
    person = Person.__table__.c
    now = aliased(ScoreQuarter.__table__, name="now")
    starts, start = _starts(audience)
    earlier = (select(ScoreTally.person_id).where(ScoreTally.person_id == person.id, ScoreTally.entries > 0,
                                                  ScoreTally.quarter < quarter.code).correlate(Person.__table__))
    member = and_(person.stage.in_(AUDIENCE_STAGES[audience]),
                  or_(person.archived_on.is_(None), person.archived_on > quarter.end))
    started = or_(start <= quarter.end, exists(earlier))  # in the quarter even without its entries

    def with_starts(query):
        return query.outerjoin(starts, starts.c.pid == person.id) if starts is not None else query

    scored = session.execute(with_starts(
        select(now.c.person_id, now.c.veto, now.c.basic + now.c.bonus + now.c.deduction, case((started, 1), else_=0))
        .select_from(now.join(Person.__table__, person.id == now.c.person_id))
        .where(now.c.quarter == quarter.code, member))).all()
    everyone_started = session.scalar(with_starts(select(func.count()).select_from(Person.__table__))
                                      .where(member, started)) or 0
    start_score = get_settings(session).scoring.start_score
    unscored = everyone_started - sum(flag for *_, flag in scored)  # in the quarter, at the start score
    above = sorted(-(start_score + points) for _, veto, points, _ in scored if not veto)

    def rank(total: float) -> int:
        return bisect_left(above, -total) + 1 + (unscored if start_score > total else 0)

    found = {pid: (float(start_score + points), None if veto else rank(start_score + points))
             for pid, veto, points, _ in scored if pid in wanted}
    missing = sorted(wanted - found.keys())  # in the quarter without its entries, when started
    for chunk in (missing[i:i + MAX_IDS] for i in range(0, len(missing), MAX_IDS)):
        found.update((pid, (float(start_score), rank(start_score))) for pid in session.scalars(
            with_starts(select(person.id).select_from(Person.__table__)).where(person.id.in_(chunk), member, started)))
    return found


def _standing_of_everyone(session: Session, quarter: Period, audience: str,
                          wanted: set[int]) -> dict[int, tuple[float, int | None]]:
    """quarter_standing from the totals of the whole audience (one query, no names, no order)."""
    columns = list(quarter_query(session, quarter, audience).order_by(None).subquery().c)
    pid, vetoed, total = columns[0], columns[8], columns[10]
    rows = session.execute(select(pid, vetoed, total)).all()
    above = sorted(-float(person_total) for _, is_vetoed, person_total in rows if not is_vetoed)
    return {person_id: (float(person_total), None if is_vetoed else bisect_left(above, -float(person_total)) + 1)
            for person_id, is_vetoed, person_total in rows if person_id in wanted}


def quarter_query(session: Session, quarter: Period, audience: str):
    """The statement behind quarter_rows (its columns in that order)."""
    person, group, t = Person.__table__.c, PartyGroup.__table__.c, ScoreTally.__table__.c
    previous = quarter.previous()
    now, before = aliased(ScoreQuarter.__table__, name="now"), aliased(ScoreQuarter.__table__, name="before")
    starts, start = _starts(audience)
    earlier = (select(t.person_id).where(t.person_id == person.id, t.entries > 0, t.quarter < quarter.code)
               .correlate(Person.__table__))
    earliest = (select(t.person_id).where(t.person_id == person.id, t.entries > 0, t.quarter < previous.code)
                .correlate(Person.__table__))
    start_score = get_settings(session).scoring.start_score
    total = literal(start_score) + func.coalesce(now.c.basic + now.c.bonus + now.c.deduction, 0)
    vetoed = case((now.c.veto.is_(True), 1), else_=0)  # 0/1 on SQLite and PostgreSQL alike (veto is boolean)
    # The quarter before matters only for activists (两期低于… is flagged); members get NULL and no join:
    # a township's 100,000 members' ranking spent a quarter of its query on it.
    activists = audience == Audience.ACTIVISTS
    before_total = (case((or_(before.c.person_id.is_not(None), start <= previous.end, exists(earliest)),
                          literal(start_score) + func.coalesce(before.c.basic + before.c.bonus + before.c.deduction, 0)),
                         else_=None) if activists else null())
    query = (select(person.id, person.name, person.sort_key, group.name, person.stage,
                    now.c.basic, now.c.bonus, now.c.deduction, vetoed, now.c.pending, total, before_total)
             .outerjoin(PartyGroup.__table__, group.id == person.group_id)
             .outerjoin(now, and_(now.c.quarter == quarter.code, now.c.person_id == person.id))
             .where(person.stage.in_(AUDIENCE_STAGES[audience]),
                    or_(person.archived_on.is_(None), person.archived_on > quarter.end),
                    or_(now.c.person_id.is_not(None), start <= quarter.end, exists(earlier)))
             .order_by(vetoed, case((vetoed == 0, total), else_=0).desc(), person.sort_key, person.id))
    if activists:
        query = query.outerjoin(before, and_(before.c.quarter == previous.code, before.c.person_id == person.id))
    if starts is not None:
        query = query.outerjoin(starts, starts.c.pid == person.id)
    return query
