"""公示 of a period's scores, and the lock a posting puts on the entries dated in its period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.core.dates import format_date_cn
from models.scoring.entities import ScorePosting
from models.scoring.periods import parse_period, quarter_of


@dataclass(frozen=True)
class PostingRow:
    """A recorded 公示 (same attribute names as the ScorePosting entity)."""

    id: int
    period: str
    audience: str
    posted_from: date
    posted_to: date
    note: str
    recorded_by: str
    recorded_at: datetime

    @property
    def title(self) -> str:
        return parse_period(self.period).title


def _row(posting: ScorePosting) -> PostingRow:
    return PostingRow(posting.id, posting.period, posting.audience, posting.posted_from, posting.posted_to,
                      posting.note, posting.recorded_by, posting.recorded_at)


def is_posted(session: Session, period_code: str, audience: str) -> PostingRow | None:
    """The 公示 of exactly this period (2026Q3 or 2026) for this audience, if recorded."""
    code = parse_period(period_code).code
    found = session.scalars(select(ScorePosting).where(ScorePosting.period == code,
                                                       ScorePosting.audience == str(audience))
                            .order_by(ScorePosting.id).limit(1)).first()
    return _row(found) if found else None


def list_postings(session: Session, audience: str | None = None) -> list[PostingRow]:
    """Every recorded 公示, newest period first."""
    query = select(ScorePosting).order_by(ScorePosting.posted_from.desc(), ScorePosting.id.desc())
    if audience is not None:
        query = query.where(ScorePosting.audience == str(audience))
    return [_row(p) for p in session.scalars(query)]


def lock_for(session: Session, day: date, audience: str) -> PostingRow | None:
    """The 公示 that locks entries dated `day` for this audience: its quarter's or its year's."""
    codes = (quarter_of(day).code, str(day.year))
    found = session.scalars(select(ScorePosting).where(ScorePosting.period.in_(codes),
                                                       ScorePosting.audience == str(audience))
                            .order_by(ScorePosting.id).limit(1)).first()
    return _row(found) if found else None


def locked_message(posting: PostingRow, doing: str) -> str:
    """Chinese: the period was posted on …, so `doing` (新增/作废/审核) is refused; use 调整."""
    return (f"{posting.title}的积分已于{format_date_cn(posting.posted_from)}公示"
            f"（公示期{format_date_cn(posting.posted_from)}至{format_date_cn(posting.posted_to)}），"
            f"不能再{doing}该期间的积分记录；如需更正，请用“调整”（在当前期间记一笔冲正的记录）")
