"""The timing rules of 《中国共产党发展党员工作细则》 as checks returning Chinese findings.

Each rule is data in 设置 (models.settings.values, `settings.rule(code)`): its number and whether
it applies at all. A rule switched off gives no finding. A finding is not a refusal by itself:
the stage actions refuse on findings unless a written reason overrides them (operations.py).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from models.core.codes import EventKind, Step
from models.core.dates import add_years, format_date
from models.core.errors import ValidationError
from models.development.history import Candidate, History, candidate_of, history_of
from models.development.workdays import beyond_calendar, calendar_last_year, count_workdays
from models.people.roster import get_entity
from models.settings.values import Settings, TimingRule


@dataclass(frozen=True)
class Finding:
    rule: str  # the timing rule's code in 设置 (min_age, activist_years …)
    message: str  # Chinese: what is not met, with the dates


class TimingNotMet(ValidationError):
    """A stage action whose timing rules are not met, and no reason was written to override them."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = list(findings)
        errors: dict[str, str] = {}
        for finding in self.findings:
            errors[finding.rule] = "；".join(filter(None, (errors.get(finding.rule), finding.message)))
        super().__init__(errors)
        lines = "；".join(f.message for f in self.findings)
        self.args = (f"不符合时限要求：{lines}。确需办理的，请填写理由后再办理。",)


def add_months(value: date, months: int) -> date:
    """Same day `months` later; a day the month lacks falls back to its last day (31 Jan + 1 → 28/29 Feb)."""
    index = value.year * 12 + value.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(value.day, calendar.monthrange(year, month + 1)[1]))


def _on(rule: TimingRule) -> bool:
    return rule.enabled


def _d(value: date | None) -> str:
    return format_date(value)


def applicant_age(birth_date: date, applied_on: date, settings: Settings) -> list[Finding]:
    """min_age: old enough on the day of the application."""
    rule = settings.rule("min_age")
    if not _on(rule):
        return []
    of_age = add_years(birth_date, rule.value)
    if applied_on >= of_age:
        return []
    return [Finding(rule.code, f"递交入党申请时应年满{rule.value}周岁：{_d(applied_on)}申请时未满{rule.value}周岁"
                               f"（{_d(of_age)}才满）")]


def talk_findings(history: History, settings: Settings) -> list[Finding]:
    """talk_within: the branch talks with an applicant within the limit after the application."""
    rule = settings.rule("talk_within")
    applied = history.first_on(Step.APPLIED)
    if not _on(rule) or applied is None:
        return []
    deadline = add_months(applied, rule.value)
    talked = history.first_on(Step.TALKED)
    head = f"收到入党申请书后应在{rule.value}个月内派人谈话（{_d(applied)}申请，应在{_d(deadline)}前谈话）"
    if talked is None:
        return [Finding(rule.code, f"{head}：还没有谈话记录")]
    if talked > deadline:
        return [Finding(rule.code, f"{head}：{_d(talked)}才谈话")]
    return []


def activist_findings(history: History, on: date, settings: Settings) -> list[Finding]:
    """activist_years: trained as an activist long enough before 列为发展对象."""
    rule = settings.rule("activist_years")
    if not _on(rule):
        return []
    since = history.last_on(Step.ACTIVIST)
    if since is None:
        return [Finding(rule.code, "没有确定为入党积极分子的日期，无法核对培养时间")]
    eligible = add_years(since, rule.value)
    if on >= eligible:
        return []
    return [Finding(rule.code, f"入党积极分子应培养满{rule.value}年：{_d(since)}确定为积极分子，"
                               f"{_d(eligible)}才满{rule.value}年")]


def review_findings(history: History, meeting: date, settings: Settings) -> list[Finding]:
    """review_valid: a 政审 conclusion on record, not older than the limit at the 支部大会."""
    rule = settings.rule("review_valid")
    if not _on(rule):
        return []
    review = history.last(Step.POLITICAL_REVIEW, until=meeting)
    if review is None:
        return [Finding(rule.code, f"支部大会（{_d(meeting)}）前没有政治审查记录")]
    valid_until = add_years(review.on, rule.value)
    if meeting <= valid_until:
        return []
    return [Finding(rule.code, f"政审结论有效期为{rule.value}年：{_d(review.on)}的政审到{_d(valid_until)}已过期")]


def training_findings(history: History, meeting: date, settings: Settings) -> list[Finding]:
    """training_days / training_hours: 集中培训 of enough days or hours before the 支部大会.

    Either is enough; a branch that switches one off counts only the other, both off: no check.
    """
    days_rule, hours_rule = settings.rule("training_days"), settings.rule("training_hours")
    if not (_on(days_rule) or _on(hours_rule)):
        return []
    done = [e for e in history.all(Step.TRAINING) if (e.until or e.on) <= meeting]
    days = sum(((e.until or e.on) - e.on).days + 1 for e in done)
    hours = sum(e.hours or 0 for e in done)
    if (_on(days_rule) and days >= days_rule.value) or (_on(hours_rule) and hours >= hours_rule.value):
        return []
    wanted = "或".join(text for rule, text in ((days_rule, f"{days_rule.value}天"), (hours_rule, f"{hours_rule.value}学时"))
                      if _on(rule))
    code = days_rule.code if _on(days_rule) else hours_rule.code
    return [Finding(code, f"集中培训应不少于{wanted}：支部大会前记录的培训共{days}天、{hours}学时")]


def publicity_findings(history: History, meeting: date, settings: Settings) -> list[Finding]:
    """publicity_days: a 公示 of enough working days that ended before the 支部大会."""
    rule = settings.rule("publicity_days")
    if not _on(rule):
        return []
    publicity = history.last(Step.PUBLICITY, until=meeting)
    if publicity is None:
        return [Finding(rule.code, f"支部大会（{_d(meeting)}）前没有公示记录")]
    end = publicity.until or publicity.on
    if end >= meeting:
        return [Finding(rule.code, f"公示应在支部大会之前结束：公示到{_d(end)}，支部大会是{_d(meeting)}")]
    days = count_workdays(publicity.on, end)
    if days >= rule.value:
        return []
    note = (f"（{calendar_last_year()}年以后的节假日尚未公布，只按周末计算）"
            if beyond_calendar(publicity.on) or beyond_calendar(end) else "")
    return [Finding(rule.code, f"公示应不少于{rule.value}个工作日：{_d(publicity.on)}至{_d(end)}只有{days}个工作日{note}")]


def approval_findings(history: History, joined_on: date, settings: Settings) -> list[Finding]:
    """approval_within: the higher committee approves within the limit after the 支部大会."""
    rule = settings.rule("approval_within")
    if not _on(rule):
        return []
    deadline = add_months(joined_on, rule.value)
    approval = history.first_on(Step.HIGHER_APPROVAL)
    head = f"支部大会（{_d(joined_on)}）后应在{rule.value}个月内（{_d(deadline)}前）报上级党委审批"
    if approval is None:
        return [Finding(rule.code, f"{head}：没有上级党委审批记录")]
    if approval > deadline:
        return [Finding(rule.code, f"{head}：{_d(approval)}才审批")]
    return []


def probation_end(history: History, joined_on: date, settings: Settings) -> date:
    """When probation ends: a year (设置) after 入党, or the extended end when it was extended."""
    extended = history.last(Step.PROBATION_EXTENDED)
    if extended is not None and extended.until is not None:
        return extended.until
    return add_years(joined_on, settings.rule("probation_years").value)


def probation_findings(history: History, joined_on: date, on: date, settings: Settings) -> list[Finding]:
    """probation_years: 转正 not before the probation (or its extension) is over."""
    rule = settings.rule("probation_years")
    if not _on(rule):
        return []
    end = probation_end(history, joined_on, settings)
    if on >= end:
        return []
    extended = history.last(Step.PROBATION_EXTENDED) is not None
    what = f"预备期已延长到{_d(end)}" if extended else f"预备期为{rule.value}年，{_d(joined_on)}入党，{_d(end)}期满"
    return [Finding(rule.code, f"{what}，{_d(on)}还不能转正")]


def extension_findings(joined_on: date, until: date, settings: Settings) -> list[Finding]:
    """extension_max_years: probation extended by at most the limit."""
    rule = settings.rule("extension_max_years")
    if not _on(rule):
        return []
    latest = add_years(add_years(joined_on, settings.rule("probation_years").value), rule.value)
    if until <= latest:
        return []
    return [Finding(rule.code, f"延长预备期最长{rule.value}年：最迟延长到{_d(latest)}，所填为{_d(until)}")]


def findings_for(action: str, person: Candidate, history: History, on: date, settings: Settings,
                 until: date | None = None) -> list[Finding]:
    """What the rules say about doing `action` for this person on `on` (pure: no database)."""
    if action == "activist":
        return talk_findings(history, settings)
    if action == "candidate":
        return activist_findings(history, on, settings)
    if action == "admit":
        return [*review_findings(history, on, settings), *training_findings(history, on, settings),
                *publicity_findings(history, on, settings)]
    joined = person.joined_on or history.last_on(EventKind.JOINED)
    if joined is None:
        return []
    if action == "confirm":
        return [*approval_findings(history, joined, settings), *probation_findings(history, joined, on, settings)]
    if action == "extend" and until is not None:
        return extension_findings(joined, until, settings)
    return []


def check_change(session: Session, person_id: int, action: str, on: date, settings: Settings,
                 until: date | None = None) -> list[Finding]:
    """The timing rules not met when doing `action` ("activist", "candidate", "admit", "confirm",
    "extend" — with `until`, the new end of probation) for this person on `on`."""
    person = candidate_of(get_entity(session, person_id))
    return findings_for(action, person, history_of(session, person_id), on, settings, until)

