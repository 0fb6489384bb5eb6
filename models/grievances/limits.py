"""民情办理时限: time limits per category and urgency (data, editable in 设置) and the deadlines
they give, in working days of the pipeline's calendar (models/development/workdays.py).

Stored as one JSON value under the key "grievance" of the `setting` table; a value not stored
has its default, so a new setting needs no migration. Read with `get_grievance_settings`,
changed with the audited operation `grievance.settings`.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from itertools import accumulate

import chinese_calendar
from sqlalchemy.orm import Session

from models.core.codes import GrievanceCategory, Urgency, label
from models.core.errors import ValidationError
from models.development.workdays import calendar_last_year, is_workday
from models.settings.entities import Setting
from models.workspace import Entity, Permission, Tx, operation
from models.workspace.audit import register_field_labels

SETTING_KEY = "grievance"
MAX_EXTENSIONS = 2  # approved extensions of one item's deadline
MIN_DAYS, MAX_DAYS = 1, 365


@dataclass(frozen=True)
class Limit:
    """Working days from registration: to the first action (响应) and to 办结."""

    response_days: int
    completion_days: int


@dataclass(frozen=True)
class GrievanceSettings:
    limits: tuple[tuple[str, str, Limit], ...]  # (category, urgency, limit) for every pair
    remind_within_days: int = 2  # 催办 flag when ≤ N working days are left
    visit_within_days: int = 10  # 回访 due within N working days after 办结
    check_required: bool = False  # 办结 counts only after a 核查 by someone else


_DEFAULT_COMPLETION = {Urgency.URGENT: 3, Urgency.PRESSING: 7, Urgency.ORDINARY: 15}
_DEFAULT_RESPONSE = 1


def _default_limit(urgency: str) -> Limit:
    return Limit(_DEFAULT_RESPONSE, _DEFAULT_COMPLETION.get(urgency, _DEFAULT_COMPLETION[Urgency.ORDINARY]))


def default_grievance_settings() -> GrievanceSettings:
    """Response within 1 working day for everything; 办结 within 3 (紧急), 7 (较急) or 15 (一般)."""
    return GrievanceSettings(tuple((c.value, u.value, _default_limit(u)) for c in GrievanceCategory
                                   for u in Urgency))


def limit_for(settings: GrievanceSettings, category: str, urgency: str) -> Limit:
    """The limit of a category and urgency (the default of the urgency for a pair not listed)."""
    for c, u, limit in settings.limits:
        if c == category and u == urgency:
            return limit
    return _default_limit(urgency)


# --- stored form ----------------------------------------------------------------------------------

def _days_ok(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and MIN_DAYS <= value <= MAX_DAYS


def _to_json(settings: GrievanceSettings) -> dict[str, object]:
    return {"limits": [[c, u, lim.response_days, lim.completion_days] for c, u, lim in settings.limits],
            "remind_within_days": settings.remind_within_days,
            "visit_within_days": settings.visit_within_days,
            "check_required": settings.check_required}


def get_grievance_settings(session: Session) -> GrievanceSettings:
    """The settings in force: stored values over the defaults (unknown or broken values ignored)."""
    defaults = default_grievance_settings()
    row = session.get(Setting, SETTING_KEY)
    if row is None:
        return defaults
    try:
        stored = json.loads(row.value)
    except ValueError:
        return defaults
    if not isinstance(stored, dict):
        return defaults
    known: dict[tuple[str, str], Limit] = {}
    for item in stored.get("limits", ()):
        if isinstance(item, list) and len(item) == 4 and all(_days_ok(x) for x in item[2:]):
            known[(item[0], item[1])] = Limit(item[2], item[3])
    limits = tuple((c, u, known.get((c, u), lim)) for c, u, lim in defaults.limits)
    values: dict[str, object] = {}
    for name in ("remind_within_days", "visit_within_days"):
        if _days_ok(stored.get(name)):
            values[name] = stored[name]
    if isinstance(stored.get("check_required"), bool):
        values["check_required"] = stored["check_required"]
    return replace(defaults, limits=limits, **values)


# --- the settings operation -------------------------------------------------------------------------

def _pair_name(category: str, urgency: str) -> str:
    return f"{label(category) or category}·{label(urgency) or urgency}"


def _field_labels() -> dict[str, str]:
    labels = {"grievance.remind_within_days": "民情催办提前天数", "grievance.visit_within_days": "民情回访时限",
              "grievance.check_required": "民情办结需核查", "grievance.limits": "民情办理时限"}
    for c in GrievanceCategory:
        for u in Urgency:
            labels[f"grievance.{c.value}.{u.value}.response_days"] = f"首次响应时限（{_pair_name(c, u)}）"
            labels[f"grievance.{c.value}.{u.value}.completion_days"] = f"办结时限（{_pair_name(c, u)}）"
    return labels


SETTINGS_LABELS = _field_labels()
register_field_labels(Entity.SETTING, SETTINGS_LABELS)


def _flat(settings: GrievanceSettings) -> dict[str, object]:
    """Every value under its field name (the names of SETTINGS_LABELS), for checks and the log."""
    values: dict[str, object] = {}
    for c, u, lim in settings.limits:
        values[f"grievance.{c}.{u}.response_days"] = lim.response_days
        values[f"grievance.{c}.{u}.completion_days"] = lim.completion_days
    values["grievance.remind_within_days"] = settings.remind_within_days
    values["grievance.visit_within_days"] = settings.visit_within_days
    values["grievance.check_required"] = settings.check_required
    return values


def _check(settings: GrievanceSettings) -> None:
    errors: dict[str, str] = {}
    pairs = [(c, u) for c, u, _ in settings.limits]
    expected = {(c.value, u.value) for c in GrievanceCategory for u in Urgency}
    if len(pairs) != len(set(pairs)) or set(pairs) != expected:
        errors["grievance.limits"] = "每个类别和紧急程度都要有一条时限，且只能有一条"
    for c, u, lim in settings.limits:
        key = f"grievance.{c}.{u}"
        for name in ("response_days", "completion_days"):
            if not _days_ok(getattr(lim, name)):
                errors[f"{key}.{name}"] = f"应在{MIN_DAYS}到{MAX_DAYS}个工作日之间"
        if (f"{key}.response_days" not in errors and f"{key}.completion_days" not in errors
                and lim.response_days > lim.completion_days):
            errors[f"{key}.response_days"] = f"不能长于办结时限（{lim.completion_days}个工作日）"
    for name in ("remind_within_days", "visit_within_days"):
        if not _days_ok(getattr(settings, name)):
            errors[f"grievance.{name}"] = f"应在{MIN_DAYS}到{MAX_DAYS}个工作日之间"
    if not isinstance(settings.check_required, bool):
        errors["grievance.check_required"] = "只能是“是”或“否”"
    if errors:
        raise ValidationError(errors, SETTINGS_LABELS)


@operation("grievance.settings", Permission.SETTINGS_EDIT, "修改民情办理时限和设置")
def update_grievance_settings(tx: Tx, settings: GrievanceSettings) -> None:
    """Store the settings; each changed value is a row of the audit log (old → new)."""
    _check(settings)
    current = get_grievance_settings(tx.session)
    before, after = _flat(current), _flat(settings)
    changed = [key for key in after if before.get(key) != after[key]]
    if not changed:
        return
    text = json.dumps(_to_json(settings), ensure_ascii=False)
    row = tx.session.get(Setting, SETTING_KEY)
    if row is None:
        tx.session.add(Setting(key=SETTING_KEY, value=text))
    else:
        row.value = text
    for key in changed:
        tx.record(Entity.SETTING, None, "update", SETTINGS_LABELS.get(key, key), {key: [before.get(key), after[key]]})


# --- working days ----------------------------------------------------------------------------------
# Deadlines and days left are asked for every row of a ledger of 50,000 items, so working days are
# counted from a table of running totals (one entry per day) instead of walking the calendar.

_FIRST_DAY = date(2000, 1, 1)


@cache
def _running_totals() -> tuple[date, list[int]]:
    """(first day, totals): totals[i] = working days from the first day to first day + i, inclusive."""
    last = date(max(calendar_last_year(), date.today().year) + 30, 12, 31)
    # Monday to Friday, then the calendar's days off and its make-up working days (chinese_calendar's
    # rule: a make-up day works, a holiday does not, else the weekday decides). Asking is_workday day by
    # day took a tenth of a second, on 民情台账's first showing.
    days, weekday = (last - _FIRST_DAY).days + 1, _FIRST_DAY.weekday()
    works = [(weekday + i) % 7 < 5 for i in range(days)]
    for special, working in ((chinese_calendar.holidays, False), (chinese_calendar.workdays, True)):
        for day in special:
            index = (day - _FIRST_DAY).days
            if 0 <= index < days:
                works[index] = working
    return _FIRST_DAY, list(accumulate(works))


def _total(d: date) -> int | None:
    first, totals = _running_totals()
    index = (d - first).days
    return totals[index] if 0 <= index < len(totals) else None


def _count(after: date, until: date) -> int:
    """Working days after `after` up to `until` inclusive (0 when `until` ≤ `after`)."""
    if until <= after:
        return 0
    a, b = _total(after), _total(until)
    if a is not None and b is not None:
        return b - a
    count, day = 0, after + timedelta(days=1)
    while day <= until:
        count += is_workday(day)
        day += timedelta(days=1)
    return count


def due_date(start: date, working_days: int) -> date:
    """The day by which `working_days` working days after `start` have passed (`start` itself does
    not count): received on Friday with 1 day → due Monday; 0 or less → `start`."""
    if working_days <= 0:
        return start
    base = _total(start)
    if base is not None:
        first, totals = _running_totals()
        index = bisect_left(totals, base + working_days)
        if index < len(totals):
            return first + timedelta(days=index)
    day, counted = start, 0
    while counted < working_days:
        day += timedelta(days=1)
        counted += is_workday(day)
    return day


def working_days_left(today: date, deadline: date) -> int:
    """Working days to the deadline: 0 on it, at least 1 before it, negative (at least −1) after it."""
    if today == deadline:
        return 0
    if today < deadline:
        return max(1, _count(today, deadline))
    return -max(1, _count(deadline, today))
