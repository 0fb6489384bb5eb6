"""Reminders on the 发展党员 tab: what is due or overdue for whom.

Applicants waiting over the talk limit; activists without a 思想汇报 this quarter; activists past
their year (eligible to become 发展对象); a 公示 still running; 上级审批 overdue; 转正 due within 30
days or overdue. A timing rule switched off in 设置 gives no reminder.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.core.codes import PIPELINE_STAGES, Stage, Step
from models.core.dates import add_years, format_date
from models.development.history import Candidate, History, histories
from models.development.timing import add_months, probation_end
from models.people.entities import Person
from models.settings.values import Settings, get_settings

CONFIRMATION_NOTICE_DAYS = 30

# Short names of the reminder kinds, for the pipeline's 待办 column.
DUE_TITLES: dict[str, str] = {
    "talk": "谈话", "thought_report": "本季度思想汇报", "eligible": "可列为发展对象", "publicity": "公示中",
    "approval": "上级党委审批", "confirmation": "转正",
}


@dataclass(frozen=True)
class Reminder:
    person_id: int
    name: str
    kind: str  # a key of DUE_TITLES
    message: str  # Chinese, with the dates
    due_on: date | None
    overdue: bool


def quarter_bounds(day: date) -> tuple[date, date]:
    """First and last day of the calendar quarter holding `day`."""
    first_month = (day.month - 1) // 3 * 3 + 1
    last_month = first_month + 2
    return date(day.year, first_month, 1), date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])


def _d(value: date) -> str:
    return format_date(value)


def _applicant(p: Candidate, h: History, today: date, s: Settings) -> list[Reminder]:
    rule, applied = s.rule("talk_within"), h.first_on(Step.APPLIED)
    if not rule.enabled or applied is None or h.first_on(Step.TALKED) is not None:
        return []
    deadline = add_months(applied, rule.value)
    if today <= deadline:
        return []
    return [Reminder(p.id, p.name, "talk", f"{_d(applied)}递交入党申请，超过{rule.value}个月还没有谈话"
                                           f"（应在{_d(deadline)}前）", deadline, True)]


def _activist(p: Candidate, h: History, today: date, s: Settings) -> list[Reminder]:
    found = []
    start, end = quarter_bounds(today)
    if not any(start <= e.on <= end for e in h.all(Step.THOUGHT_REPORT)):
        quarter = f"{today.year}年第{(today.month - 1) // 3 + 1}季度"
        found.append(Reminder(p.id, p.name, "thought_report", f"{quarter}还没有思想汇报", end, False))
    rule, since = s.rule("activist_years"), h.last_on(Step.ACTIVIST)
    if rule.enabled and since is not None and add_years(since, rule.value) <= today:
        eligible = add_years(since, rule.value)
        found.append(Reminder(p.id, p.name, "eligible", f"{_d(since)}确定为入党积极分子，{_d(eligible)}已满"
                                                        f"{rule.value}年，可以列为发展对象", eligible, False))
    return found


def _candidate(p: Candidate, h: History, today: date, s: Settings) -> list[Reminder]:
    publicity = h.last(Step.PUBLICITY)
    if not s.rule("publicity_days").enabled or publicity is None:
        return []
    end = publicity.until or publicity.on
    if end < today:
        return []
    return [Reminder(p.id, p.name, "publicity", f"公示{_d(publicity.on)}至{_d(end)}，{_d(end)}结束", end, False)]


def _probationary(p: Candidate, h: History, today: date, s: Settings) -> list[Reminder]:
    if p.joined_on is None:
        return []
    found = []
    rule = s.rule("approval_within")
    deadline = add_months(p.joined_on, rule.value)
    if rule.enabled and h.first_on(Step.HIGHER_APPROVAL) is None and today > deadline:
        found.append(Reminder(p.id, p.name, "approval", f"{_d(p.joined_on)}支部大会接收，应在{_d(deadline)}前报上级"
                                                        "党委审批，还没有审批记录", deadline, True))
    if s.rule("probation_years").enabled:
        end = probation_end(h, p.joined_on, s)
        days = (end - today).days
        if days < 0:
            found.append(Reminder(p.id, p.name, "confirmation", f"预备期已于{_d(end)}期满，逾期{-days}天未转正",
                                  end, True))
        elif days <= CONFIRMATION_NOTICE_DAYS:
            when = "今天期满" if days == 0 else f"还有{days}天"
            found.append(Reminder(p.id, p.name, "confirmation", f"预备期{_d(end)}期满（{when}），请准备讨论转正",
                                  end, False))
    return found


_BY_STAGE = {Stage.APPLICANT: _applicant, Stage.ACTIVIST: _activist, Stage.CANDIDATE: _candidate,
             Stage.PROBATIONARY: _probationary}


def person_reminders(person: Candidate, history: History, today: date, settings: Settings) -> list[Reminder]:
    """What is due for one person in the pipeline (pure: no database)."""
    check = _BY_STAGE.get(person.stage)
    return check(person, history, today, settings) if check and not person.archive_reason else []


def pipeline_people(session: Session) -> list[Candidate]:
    """Everyone in the pipeline (申请人 … 预备党员), not archived, in pinyin order."""
    query = (select(Person.id, Person.name, Person.stage, Person.birth_date, Person.joined_on, Person.confirmed_on,
                    Person.archive_reason)
             .where(Person.stage.in_([s.value for s in PIPELINE_STAGES]), Person.archive_reason.is_(None))
             .order_by(Person.sort_key))
    return [Candidate(*row) for row in session.execute(query)]


def ordered(found: list[Reminder]) -> list[Reminder]:
    """Overdue first, then by due date (none last)."""
    return sorted(found, key=lambda r: (not r.overdue, r.due_on or date.max))


def reminders(session: Session, today: date) -> list[Reminder]:
    """Every reminder of the pipeline, overdue first, then by due date."""
    people = pipeline_people(session)
    return reminders_of(people, histories(session, [p.id for p in people]), today, get_settings(session))


def reminders_of(people: list[Candidate], found: dict[int, History], today: date, settings: Settings) -> list[Reminder]:
    """The reminders of these people, given their histories (pure)."""
    return ordered([r for p in people for r in person_reminders(p, found.get(p.id, History()), today, settings)])
