"""People entities (SQLAlchemy 2 typed mapping). Codes are stored; labels live in models.core.codes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.storage.base import Base


class Branch(Base):
    """The one branch this database belongs to (a single row)."""

    __tablename__ = "branch"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    full_name: Mapped[str] = mapped_column(String(80))
    secretary: Mapped[str] = mapped_column(String(30), default="")


class PartyGroup(Base):
    """党小组; members without a group belong to the branch directly."""

    __tablename__ = "party_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    people: Mapped[list[Person]] = relationship(back_populates="group")


class Person(Base):
    """A person through the whole pipeline (applicant … full member), archived rather than deleted.

    `archive_reason`/`archived_on` are the person's current standing, kept for fast list filters;
    the history behind them (转出 with destination and letter, 恢复 …) is in `person_event`.
    """

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    # Pinyin keys, derived from the name on every save, so search and sort run in SQL.
    name_pinyin: Mapped[str] = mapped_column(String(200), index=True)
    name_initials: Mapped[str] = mapped_column(String(80))
    sort_key: Mapped[str] = mapped_column(String(200), index=True)
    gender: Mapped[str] = mapped_column(String(1))
    ethnicity: Mapped[str] = mapped_column(String(20), default="汉族")
    citizen_id: Mapped[str | None] = mapped_column(String(18), unique=True)
    birth_date: Mapped[date] = mapped_column(Date)
    education: Mapped[str | None] = mapped_column(String(20))
    stage: Mapped[str] = mapped_column(String(20), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("party_group.id", ondelete="RESTRICT"))
    joined_on: Mapped[date | None] = mapped_column(Date)
    confirmed_on: Mapped[date | None] = mapped_column(Date)
    work_unit: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    is_mobile: Mapped[bool] = mapped_column(Boolean, default=False)
    mobile_destination: Mapped[str] = mapped_column(String(100), default="")
    mobile_since: Mapped[date | None] = mapped_column(Date)
    mobile_contact: Mapped[str] = mapped_column(String(60), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    archive_reason: Mapped[str | None] = mapped_column(String(20), index=True)
    archived_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp(), onupdate=func.current_timestamp()
    )

    group: Mapped[PartyGroup | None] = relationship(back_populates="people")


class PersonEvent(Base):
    """A dated fact in a person's history (入党, 转正, 转入, 转出, 去世, 出党, 停止党籍, 恢复 …).

    Never overwritten by a later event: leaving and coming back are two rows.
    """

    __tablename__ = "person_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    on: Mapped[date] = mapped_column(Date)
    organisation: Mapped[str] = mapped_column(String(100), default="")  # 转往 / 转自 the party organisation
    letter_no: Mapped[str] = mapped_column(String(40), default="")  # 组织关系介绍信编号
    note: Mapped[str] = mapped_column(String(200), default="")
    recorded_by: Mapped[str] = mapped_column(String(60), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    # Development steps (models.development) use these too:
    until: Mapped[date | None] = mapped_column(Date)  # end of a 公示 or a 集中培训
    hours: Mapped[int | None] = mapped_column(Integer)  # 集中培训学时
    related_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    override_reason: Mapped[str] = mapped_column(Text, default="")  # a timing rule overridden, and why
    voided_at: Mapped[datetime | None] = mapped_column(DateTime)  # a mistaken entry is voided, never deleted
    void_reason: Mapped[str] = mapped_column(String(200), default="")
