"""民情日记 reads: the lines of home visits, with the ledger item a line became."""

from __future__ import annotations

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from models.grievances.entities import Grievance, VisitDiary
from models.grievances.forms import DiaryRow
from models.grievances.ledger import VOID
from models.people.entities import Person
from models.scoring.periods import Period


def list_diary(session: Session, period: Period | None, member_id: int | None = None,
               include_void: bool = False) -> list[DiaryRow]:
    """Diary lines of the period (None: all), of one member or everyone, newest first; each with the
    item it became (a voided item does not count: the line shows as not turned into one)."""
    d = VisitDiary
    query = (select(d.id, d.member_id, Person.name, d.on, d.household, d.heard, Grievance.id.label("grievance_id"),
                    Grievance.serial, d.voided_at)
             .join(Person, Person.id == d.member_id)
             .outerjoin(Grievance, and_(Grievance.diary_id == d.id, Grievance.status != VOID))
             .order_by(d.on.desc(), d.id.desc()))
    if period is not None:
        query = query.where(d.on.between(period.start, period.end))
    if member_id is not None:
        query = query.where(d.member_id == member_id)
    if not include_void:
        query = query.where(d.voided_at.is_(None))
    return [DiaryRow(r.id, r.member_id, r.name, r.on, r.household, r.heard, r.grievance_id, r.serial or "",
                     r.voided_at is not None)
            for r in session.execute(query)]
