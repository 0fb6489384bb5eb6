"""Working days (工作日) for time limits such as the 5-working-day 公示.

A working day is Monday to Friday, except China's public holidays, plus the make-up workdays
(调休) on weekends. Holidays come from `chinesecalendar`, which knows each year only once the
State Council has published it; outside the years it knows only weekends are skipped, and
`beyond_calendar()` says so, so the screens can warn that a holiday may have been missed.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import chinese_calendar


@cache
def _known_years() -> tuple[int, int]:
    years = [d.year for d in chinese_calendar.holidays] + [d.year for d in chinese_calendar.workdays]
    return min(years), max(years)


def calendar_last_year() -> int:
    """The last year whose holidays and make-up workdays the calendar knows."""
    return _known_years()[1]


def beyond_calendar(d: date) -> bool:
    """True when `d` is outside the known years: only weekends are known to be days off."""
    first, last = _known_years()
    return not first <= d.year <= last


def is_workday(d: date) -> bool:
    """Whether people work on `d` (holidays and 调休 make-up days included where known)."""
    if beyond_calendar(d):
        return d.weekday() < 5
    return chinese_calendar.is_workday(d)


def workday_span_end(start: date, n: int) -> date:
    """The last day of `n` working days counted from `start` (`start` counts when it is one).

    A 公示 of 5 working days starting on Monday 2026-09-28 runs over 国庆 and ends on 2026-10-09.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    day, counted = start, 0
    while True:
        if is_workday(day):
            counted += 1
            if counted == n:
                return day
        day += timedelta(days=1)


def count_workdays(a: date, b: date) -> int:
    """Working days from `a` to `b`, both included; 0 when `b` is before `a`."""
    count, day = 0, a
    while day <= b:
        count += is_workday(day)
        day += timedelta(days=1)
    return count
