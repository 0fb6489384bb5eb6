"""责任人工作量: each member's open and overdue items, what they closed in a year, and how
satisfied the residents they answered were."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from models.grievances.entities import Grievance
from models.grievances.figures import RESOLVED_CODES, SATISFIED_CODES, count_where
from models.grievances.forms import WorkloadRow
from models.grievances.ledger import OPEN_CODES, VOID
from models.people.entities import Person


def workload(session: Session, today: date, year: int) -> list[WorkloadRow]:
    """Every member responsible for any item (voided ones left out), in pinyin order of name:
    open and overdue items now, items 办结 in `year` (still 已办结/已回访), and the 满意率 of the
    items visited back in `year` (None when none was)."""
    g = Grievance
    is_open = g.status.in_(OPEN_CODES)
    start, end = date(year, 1, 1), date(year, 12, 31)
    visited = and_(g.visited_on.between(start, end), g.satisfaction != "")
    counts = (select(g.responsible_id,
                     count_where(is_open).label("open"),
                     count_where(and_(is_open, g.deadline < today)).label("overdue"),
                     count_where(and_(g.status.in_(RESOLVED_CODES), g.resolved_on.between(start, end))).label("closed"),
                     count_where(visited).label("visited"),
                     count_where(and_(visited, g.satisfaction.in_(SATISFIED_CODES))).label("satisfied"))
              .where(g.status != VOID)
              .group_by(g.responsible_id)
              .subquery())
    query = (select(counts, Person.name).join(Person, Person.id == counts.c.responsible_id)
             .order_by(Person.sort_key, Person.id))
    return [WorkloadRow(r.responsible_id, r.name, r.open, r.overdue, r.closed,
                        r.satisfied / r.visited if r.visited else None)
            for r in session.execute(query)]
