"""The score tally: per quarter, person and rule, what the entries not voided add up to.

Scores read this table instead of the entries (a township ranking: one row per person and rule,
not every entry). Every entry operation keeps it in its own transaction: it takes each touched
entry's share before the change, makes the change, and adds the difference (`Shares`). `rebuild`
recomputes the whole table from the entries — for the migration that introduced it, and for
`check --repair` when `differences` finds it out of step (a file edited by another tool).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from sqlalchemy import case, delete, extract, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from models.core.codes import EntryStatus
from models.scoring import quarter_totals
from models.scoring.entities import ScoreEntry, ScoreTally
from models.scoring.periods import quarter_of
from models.workspace import Entity, Permission, Tx, operation

Key = tuple[str, int, int]  # quarter code, person id, rule id


class Share(NamedTuple):
    """One entry's part of its tally row (or the sum of several)."""

    base: int = 0
    adjusted: int = 0
    entries: int = 0
    pending: int = 0

    def __add__(self, other: Share) -> Share:  # type: ignore[override]
        return Share(*(a + b for a, b in zip(self, other, strict=True)))

    def __sub__(self, other: Share) -> Share:
        return Share(*(a - b for a, b in zip(self, other, strict=True)))


NONE = Share()


def share_of(entry: ScoreEntry) -> Share:
    """What the entry adds to its tally row as it stands now."""
    if entry.voided_at is not None:
        return NONE
    if entry.status != EntryStatus.APPROVED:
        return Share(entries=1, pending=1)
    if entry.adjusts_id is not None:
        return Share(adjusted=entry.points, entries=1)
    return Share(base=entry.points, entries=1)


def key_of(entry: ScoreEntry) -> Key:
    return quarter_of(entry.on).code, entry.person_id, entry.rule_id


class Shares:
    """Changes to entries, tracked: `before(entries)`, change them, `apply(session)`.

    New entries need no `before` (they had no share)."""

    def __init__(self) -> None:
        self._old: dict[int, tuple[Key, Share]] = {}

    def before(self, entries: Iterable[ScoreEntry]) -> Shares:
        for entry in entries:
            self._old.setdefault(id(entry), (key_of(entry), share_of(entry)))
        return self

    def apply(self, session: Session, entries: Iterable[ScoreEntry]) -> None:
        """Add to the tally what `entries` (changed or new) now contribute minus what they did."""
        deltas: dict[Key, Share] = defaultdict(Share)
        for entry in entries:
            key, old = self._old.get(id(entry), (None, NONE))
            if key is not None:
                deltas[key] = deltas[key] - old
            new_key = key_of(entry)
            deltas[new_key] = deltas[new_key] + share_of(entry)
        add(session, {k: v for k, v in deltas.items() if v != NONE})


def _insert(session: Session):
    dialect = session.get_bind().dialect.name
    return {"sqlite": sqlite.insert, "postgresql": postgresql.insert}[dialect](ScoreTally)


def add(session: Session, deltas: dict[Key, Share]) -> None:
    """Add each share to its row, creating the row when it does not exist (one statement)."""
    if not deltas:
        return
    session.flush()
    statement = _insert(session)
    excluded, table = statement.excluded, ScoreTally.__table__.c
    statement = statement.on_conflict_do_update(
        index_elements=[table.quarter, table.person_id, table.rule_id],
        set_={name: table[name] + excluded[name] for name in Share._fields})
    session.execute(statement, [{"quarter": q, "person_id": p, "rule_id": r, **share._asdict()}
                                for (q, p, r), share in deltas.items()])
    quarter_totals.refresh(session, {(q, p) for q, p, _ in deltas})


def computed(session: Session) -> dict[Key, Share]:
    """The tally as the entries say it should be (rows with no entry left out)."""
    e = ScoreEntry.__table__.c
    approved = e.status == EntryStatus.APPROVED.value
    year, month = extract("year", e.on).label("y"), extract("month", e.on).label("m")
    query = (select(e.person_id, e.rule_id, year, month,
                    func.sum(case((approved & e.adjusts_id.is_(None), e.points), else_=0)),
                    func.sum(case((approved & e.adjusts_id.is_not(None), e.points), else_=0)),
                    func.count(), func.sum(case((approved, 0), else_=1)))
             .where(e.voided_at.is_(None)).group_by(e.person_id, e.rule_id, year, month))
    found: dict[Key, Share] = defaultdict(Share)
    for person_id, rule_id, y, m, *share in session.execute(query):
        key = (f"{int(y)}Q{(int(m) + 2) // 3}", person_id, rule_id)
        found[key] = found[key] + Share(*(int(v or 0) for v in share))
    return dict(found)


def stored(session: Session) -> dict[Key, Share]:
    t = ScoreTally.__table__.c
    return {(q, p, r): Share(*share) for q, p, r, *share in
            session.execute(select(t.quarter, t.person_id, t.rule_id, t.base, t.adjusted, t.entries, t.pending))
            if tuple(share) != NONE}


def differences(session: Session) -> list[tuple[Key, Share, Share]]:
    """(key, stored, computed) for every row where the tally and the entries disagree (the per-person
    quarter totals derived from the tally are checked by quarter_totals.differences)."""
    have, should = stored(session), computed(session)
    return [(key, have.get(key, NONE), should.get(key, NONE))
            for key in sorted(have.keys() | should.keys()) if have.get(key, NONE) != should.get(key, NONE)]


def rebuild(session: Session) -> int:
    """Replace the tally by what the entries say, and the quarter totals by what the tally says;
    returns how many tally rows there are."""
    rows = computed(session)
    session.execute(delete(ScoreTally))
    session.flush()
    if rows:
        session.execute(ScoreTally.__table__.insert(),
                        [{"quarter": q, "person_id": p, "rule_id": r, **share._asdict()}
                         for (q, p, r), share in rows.items()])
    quarter_totals.rebuild(session)
    return len(rows)


@operation("scoring.rebuild_tally", Permission.SETTINGS_EDIT, "重新计算积分汇总", backup_before=True)
def rebuild_tally(tx: Tx) -> int:
    """`check --repair`: the tally recomputed from the entries (the entries themselves unchanged)."""
    wrong = len(differences(tx.session)) + len(quarter_totals.differences(tx.session))
    rows = rebuild(tx.session)
    tx.record(Entity.SCORE_ENTRY, None, "update", f"按积分记录重新计算积分汇总：{wrong}处不一致，现有{rows}行")
    return wrong
