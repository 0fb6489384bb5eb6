"""民情台账 entities: an item (grievance), its history (grievance_action) and the 民情日记 of home
visits (visit_diary). Nothing is deleted: a mistaken item or diary line is voided with a reason."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.storage.base import Base


class Grievance(Base):
    """One demand of a resident: who raised it, what, where, who answers for it and by when."""

    __tablename__ = "grievance"
    __table_args__ = (UniqueConstraint("year", "seq", name="uq_grievance_year_seq"),
                      Index("ix_grievance_status_deadline", "status", "deadline"),
                      Index("ix_grievance_received_on", "received_on"))

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(20), unique=True)  # MQ-2026-0001, per year, never reused
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    received_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(20))  # GrievanceSource
    requester: Mapped[str] = mapped_column(String(60), default="")  # "" = anonymous
    requester_pinyin: Mapped[str] = mapped_column(String(200), default="")  # full pinyin + initials, for search
    requester_phone: Mapped[str] = mapped_column(String(30), default="")
    requester_address: Mapped[str] = mapped_column(String(100), default="")  # household / 门牌 (never public)
    place: Mapped[str] = mapped_column(String(60), default="")  # 村民小组 / 网格
    category: Mapped[str] = mapped_column(String(20))  # GrievanceCategory
    urgency: Mapped[str] = mapped_column(String(20))  # Urgency
    content: Mapped[str] = mapped_column(String(1000))
    responsible_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    response_due: Mapped[date] = mapped_column(Date)  # first action due (working days from received_on)
    original_deadline: Mapped[date] = mapped_column(Date)  # completion limit as registered
    deadline: Mapped[date] = mapped_column(Date)  # current deadline (after approved extensions)
    first_action_on: Mapped[date | None] = mapped_column(Date)  # first progress/referral/closing: 响应
    status: Mapped[str] = mapped_column(String(20))  # GrievanceStatus
    extensions: Mapped[int] = mapped_column(Integer, default=0)  # approved, at most 2
    reopened: Mapped[int] = mapped_column(Integer, default=0)  # times 重新办理
    referred_to: Mapped[str] = mapped_column(String(100), default="")
    resolved_on: Mapped[date | None] = mapped_column(Date)  # 办结 date (counts once checked, if required)
    outcome: Mapped[str] = mapped_column(String(500), default="")
    checked_by: Mapped[str] = mapped_column(String(60), default="")  # 核查人 (not the responsible member)
    checked_on: Mapped[date | None] = mapped_column(Date)
    visited_on: Mapped[date | None] = mapped_column(Date)  # last 回访
    satisfaction: Mapped[str] = mapped_column(String(20), default="")  # Satisfaction of the last 回访
    diary_id: Mapped[int | None] = mapped_column(ForeignKey("visit_diary.id", ondelete="RESTRICT"))
    voided_at: Mapped[datetime | None] = mapped_column(DateTime)
    void_reason: Mapped[str] = mapped_column(String(200), default="")
    recorded_by: Mapped[str] = mapped_column(String(60), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class GrievanceActionEntry(Base):
    """A dated entry of an item's history: what was done, by whom, and its details."""

    __tablename__ = "grievance_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    grievance_id: Mapped[int] = mapped_column(ForeignKey("grievance.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # GrievanceAction
    on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(500), default="")  # progress, reason, outcome, answer, comment
    actor: Mapped[str] = mapped_column(String(60), default="")  # who did it: approver, checker, visitor …
    new_deadline: Mapped[date | None] = mapped_column(Date)  # 延期
    referred_to: Mapped[str] = mapped_column(String(100), default="")  # 转办
    satisfaction: Mapped[str] = mapped_column(String(20), default="")  # 回访
    recorded_by: Mapped[str] = mapped_column(String(60), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class VisitDiary(Base):
    """A line of a member's 民情日记: a home visit, the household, what was heard."""

    __tablename__ = "visit_diary"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    on: Mapped[date] = mapped_column(Date, index=True)
    household: Mapped[str] = mapped_column(String(100))
    heard: Mapped[str] = mapped_column(String(1000))
    voided_at: Mapped[datetime | None] = mapped_column(DateTime)
    void_reason: Mapped[str] = mapped_column(String(200), default="")
    recorded_by: Mapped[str] = mapped_column(String(60), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
