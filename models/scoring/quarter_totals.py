"""Each person's counted points per quarter (score_quarter), derived from the score tally.

A ranking of 100,000 people reads one row per person and quarter here instead of aggregating
every (person, rule) row of the tally. A row is recomputed from the tally whenever the tally of
that person and quarter changes (tally.add), for everyone with entries under a rule whose cap
changed (catalogue.edit_rule), and wholesale by `rebuild` (`check --repair`, the migration).
A (person, quarter) without counted entries has no row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import and_, case, delete, func, select
from sqlalchemy.orm import Session

from models.core.codes import ScoreCategory
from models.scoring.entities import ScoreQuarter, ScoreRule, ScoreTally

CHUNK = 500  # SQLite's parameter limit: IN lists go in chunks
CATEGORIES = tuple(c.value for c in ScoreCategory)  # basic, bonus, deduction
COLUMNS = ("quarter", "person_id", *CATEGORIES, "veto", "pending")


def _totals(*where):
    """(quarter, person, basic, bonus, deduction, veto, pending) from the tally, caps applied."""
    t, rule = ScoreTally.__table__.c, ScoreRule.__table__.c
    cap = rule.cap_per_quarter
    capped = case((cap.is_(None), t.base), (t.base > cap, cap), (t.base < -cap, -cap), else_=t.base) + t.adjusted
    return (select(t.quarter, t.person_id,
                   *[func.sum(case((rule.category == c, capped), else_=0)) for c in CATEGORIES],
                   func.max(case((and_(rule.veto.is_(True), t.entries > t.pending), 1), else_=0)) > 0,
                   func.sum(t.pending))
            .join(ScoreRule.__table__, rule.id == t.rule_id)
            .where(t.entries > 0, *where).group_by(t.quarter, t.person_id))


def _insert_from(query):
    return ScoreQuarter.__table__.insert().from_select(COLUMNS, query)


def refresh(session: Session, keys: Iterable[tuple[str, int]]) -> None:
    """Recompute the rows of these (quarter, person id) pairs from the tally."""
    t, q = ScoreTally.__table__.c, ScoreQuarter.__table__.c
    people: dict[str, list[int]] = defaultdict(list)
    for quarter, person_id in set(keys):
        people[quarter].append(person_id)
    for quarter, ids in people.items():
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            session.execute(delete(ScoreQuarter).where(q.quarter == quarter, q.person_id.in_(chunk)))
            session.execute(_insert_from(_totals(t.quarter == quarter, t.person_id.in_(chunk))))


def refresh_rule(session: Session, rule_id: int) -> None:
    """After a rule's cap changed: every (quarter, person) with entries under it."""
    t = ScoreTally.__table__.c
    session.flush()
    refresh(session, [tuple(row) for row in session.execute(select(t.quarter, t.person_id).where(t.rule_id == rule_id))])


def rebuild(session: Session) -> int:
    """Every row recomputed from the tally; returns how many there are."""
    session.execute(delete(ScoreQuarter))
    session.execute(_insert_from(_totals()))
    return session.scalar(select(func.count()).select_from(ScoreQuarter))


def differences(session: Session) -> list[tuple[tuple[str, int], tuple, tuple]]:
    """((quarter, person), stored, computed) wherever the stored totals disagree with the tally."""
    q = ScoreQuarter.__table__.c
    stored = {(r[0], r[1]): tuple(int(v) for v in r[2:])
              for r in session.execute(select(q.quarter, q.person_id, *[q[c] for c in COLUMNS[2:]]))}
    computed = {(r[0], r[1]): tuple(int(v or 0) for v in r[2:]) for r in session.execute(_totals())}
    return [(key, stored.get(key), computed.get(key)) for key in sorted(stored.keys() | computed.keys())
            if stored.get(key) != computed.get(key)]
