"""民情台账 figures: what a period's items came to — the strip on the tab and the 民情统计 report.

A period's figures count the items received in it (voided ones left out), each as it stands today:
- 办理中 / 逾期: still open (OPEN_STATUSES); overdue when today is after the deadline in force;
- 办结: 已办结 or 已回访 (a 待核查 item is not counted until checked); 按期办结: resolved_on ≤ deadline;
- 满意率: 满意 + 基本满意 at the last 回访, of the items visited;
- 响应率: first action on or before its response limit, of all items;
- 重办率: items reopened at least once, of the items closed at least once (resolved now, or
  reopened — every reopened item was closed before), so the rate never passes 100 %.
Rates are None when their denominator is 0 (shown as “—”). Each is one SQL query.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, case, extract, func, or_, select
from sqlalchemy.orm import Session

from models.core.codes import GrievanceCategory, GrievanceSource, GrievanceStatus, Satisfaction, label
from models.grievances.entities import Grievance
from models.grievances.forms import Figures
from models.grievances.ledger import OPEN_CODES, VOID
from models.people.entities import Person
from models.scoring.periods import Period

KEYS = ("category", "source", "responsible", "month")
RESOLVED_CODES = (GrievanceStatus.RESOLVED.value, GrievanceStatus.VISITED.value)
SATISFIED_CODES = (Satisfaction.SATISFIED.value, Satisfaction.FAIRLY_SATISFIED.value)


def count_where(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _aggregates(today: date) -> list:
    g = Grievance
    is_open, resolved = g.status.in_(OPEN_CODES), g.status.in_(RESOLVED_CODES)
    return [
        func.count(g.id).label("registered"),
        count_where(is_open).label("open"),
        count_where(and_(is_open, g.deadline < today)).label("overdue"),
        count_where(resolved).label("resolved"),
        count_where(and_(resolved, g.resolved_on <= g.deadline)).label("resolved_on_time"),
        count_where(g.satisfaction != "").label("visited"),
        count_where(g.satisfaction.in_(SATISFIED_CODES)).label("satisfied"),
        count_where(g.first_action_on <= g.response_due).label("responded_in_time"),
        # 响应率's denominator: items that have responded, or whose response limit has passed — an item
        # registered yesterday with a day still to answer is not counted as a failure.
        count_where(or_(g.first_action_on.is_not(None), g.response_due < today)).label("response_due"),
        count_where(g.reopened > 0).label("reopened"),
        count_where(or_(resolved, g.reopened > 0)).label("closed_once"),
    ]


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _figures(r) -> Figures:
    return Figures(
        registered=r.registered, open=r.open, overdue=r.overdue, resolved=r.resolved,
        resolved_on_time=r.resolved_on_time, visited=r.visited, satisfied=r.satisfied,
        responded_in_time=r.responded_in_time, reopened=r.reopened,
        resolution_rate=_rate(r.resolved, r.registered), on_time_rate=_rate(r.resolved_on_time, r.resolved),
        satisfaction_rate=_rate(r.satisfied, r.visited), response_rate=_rate(r.responded_in_time, r.response_due),
        reopen_rate=_rate(r.reopened, r.closed_once), closed_once=r.closed_once, response_due=r.response_due)


EMPTY = Figures(0, 0, 0, 0, 0, 0, 0, 0, 0, None, None, None, None, None)


def _in_period(query, period: Period):
    return query.where(Grievance.received_on.between(period.start, period.end), Grievance.status != VOID)


def figures(session: Session, period: Period, today: date, *, responsible_id: int | None = None,
            category: str | None = None) -> Figures:
    """The figures of the items received in `period`, optionally of one member or one category."""
    query = _in_period(select(*_aggregates(today)), period)
    if responsible_id is not None:
        query = query.where(Grievance.responsible_id == responsible_id)
    if category:
        query = query.where(Grievance.category == category)
    return _figures(session.execute(query).one())


def _months(period: Period) -> list[int]:
    return list(range(period.start.month, period.end.month + 1)) if period.start.year == period.end.year else []


def figures_by(session: Session, period: Period, key: str, today: date) -> list[tuple[str, Figures]]:
    """The period's figures split by "category" or "source" (every code, in their order, zeros
    included), "responsible" (members with items, in pinyin order) or "month" (every month of the
    period, "1月" …); each as (Chinese label, Figures)."""
    if key not in KEYS:
        raise ValueError(f"unknown key {key!r}; expected one of {KEYS}")
    if key == "responsible":
        counts = (_in_period(select(Grievance.responsible_id, *_aggregates(today)), period)
                  .group_by(Grievance.responsible_id).subquery())
        query = (select(counts, Person.name).join(Person, Person.id == counts.c.responsible_id)
                 .order_by(Person.sort_key, Person.id))
        return [(r.name, _figures(r)) for r in session.execute(query)]
    if key == "month":
        month = extract("month", Grievance.received_on)
        query = _in_period(select(month.label("group"), *_aggregates(today)), period).group_by(month)
        found = {int(r.group): _figures(r) for r in session.execute(query)}
        return [(f"{m}月", found.get(m, EMPTY)) for m in _months(period)]
    column, codes = ((Grievance.category, GrievanceCategory) if key == "category"
                     else (Grievance.source, GrievanceSource))
    query = _in_period(select(column.label("group"), *_aggregates(today)), period).group_by(column)
    found = {r.group: _figures(r) for r in session.execute(query)}
    ordered = [(label(code), found.pop(code.value, EMPTY)) for code in codes]
    return ordered + [(label(code) or code, f) for code, f in sorted(found.items())]  # codes no longer offered
