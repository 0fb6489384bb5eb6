"""Scoring entities: the rule catalogue, entries (never deleted; voided with a reason), 公示, and the
per-quarter tally the scores are read from."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from models.storage.base import Base


class ScoreRule(Base):
    """A line of the catalogue: category, points (+/−), cap per quarter, whom it applies to, 一票否决."""

    __tablename__ = "score_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    category: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    points: Mapped[int] = mapped_column(Integer)
    cap_per_quarter: Mapped[int | None] = mapped_column(Integer)
    applies_to: Mapped[str] = mapped_column(String(20))
    veto: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class ScoreEntry(Base):
    """Points given to one person under one rule on one date, with a reason."""

    __tablename__ = "score_entry"
    __table_args__ = (Index("ix_score_entry_person_on", "person_id", "on"),
                      # Entries waiting for approval, few among a township's million (migration 0008).
                      Index("ix_score_entry_pending", "on", "id", sqlite_where=text("status = 'pending'"),
                            postgresql_where=text("status = 'pending'")))

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    rule_id: Mapped[int] = mapped_column(ForeignKey("score_rule.id", ondelete="RESTRICT"), index=True)
    on: Mapped[date] = mapped_column(Date, index=True)
    points: Mapped[int] = mapped_column(Integer)  # the rule's points when entered
    reason: Mapped[str] = mapped_column(String(200), default="")
    run_id: Mapped[str] = mapped_column(String(32), default="")  # the entries of one batch share it
    status: Mapped[str] = mapped_column(String(20), default="approved")
    approved_by: Mapped[str] = mapped_column(String(60), default="")
    approved_at: Mapped[datetime | None] = mapped_column(DateTime)
    voided_at: Mapped[datetime | None] = mapped_column(DateTime)
    voided_by: Mapped[str] = mapped_column(String(60), default="")
    void_reason: Mapped[str] = mapped_column(String(200), default="")
    adjusts_id: Mapped[int | None] = mapped_column(ForeignKey("score_entry.id", ondelete="RESTRICT"))
    recorded_by: Mapped[str] = mapped_column(String(60), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class ScorePosting(Base):
    """A 公示 of a period's ranking: from when to when it was posted; it locks the period's entries."""

    __tablename__ = "score_posting"

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(10), index=True)  # 2026Q3 or 2026
    audience: Mapped[str] = mapped_column(String(20))
    posted_from: Mapped[date] = mapped_column(Date)
    posted_to: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200), default="")
    recorded_by: Mapped[str] = mapped_column(String(60), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class ScoreTally(Base):
    """What one person's entries under one rule add up to in one quarter (entries not voided):
    approved points (base, capped when read), approved adjustment points, how many entries, how many
    wait for approval. Kept in the same transaction by every entry operation (models/scoring/tally.py),
    so a ranking reads one row per person and rule instead of every entry."""

    __tablename__ = "score_tally"
    # Without rowid: the rows of a quarter lie together in key order, so a ranking reads one range.
    __table_args__ = (Index("ix_score_tally_person_quarter", "person_id", "quarter"), {"sqlite_with_rowid": False})

    quarter: Mapped[str] = mapped_column(String(6), primary_key=True)  # 2026Q3
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("score_rule.id", ondelete="RESTRICT"), primary_key=True)
    base: Mapped[int] = mapped_column(Integer, default=0)
    adjusted: Mapped[int] = mapped_column(Integer, default=0)
    entries: Mapped[int] = mapped_column(Integer, default=0)
    pending: Mapped[int] = mapped_column(Integer, default=0)


class ScoreQuarter(Base):
    """One person's counted points of one quarter, by category, from the tally with each rule's cap
    applied; whether a counted 一票否决 entry is among them; entries waiting for approval. Kept with
    the tally (models/scoring/quarter_totals.py): a ranking reads one row per person."""

    __tablename__ = "score_quarter"
    __table_args__ = ({"sqlite_with_rowid": False},)

    quarter: Mapped[str] = mapped_column(String(6), primary_key=True)  # 2026Q3
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), primary_key=True)
    basic: Mapped[int] = mapped_column(Integer, default=0)
    bonus: Mapped[int] = mapped_column(Integer, default=0)
    deduction: Mapped[int] = mapped_column(Integer, default=0)
    veto: Mapped[bool] = mapped_column(Boolean, default=False)
    pending: Mapped[int] = mapped_column(Integer, default=0)
