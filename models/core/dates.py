"""Reading the many ways people write dates, and the date arithmetic the roster needs."""

from __future__ import annotations

import re
from datetime import date, datetime

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．／－", "0123456789./-")


class DateFormatError(ValueError):
    """Text that is not a date; the message is Chinese and user-facing."""


def parse_date(text: str) -> date | None:
    """Parse 2026-07-01, 2026.7.1, 2026/7/1, 2026年7月1日 or 20260701; empty text gives None."""
    value = re.sub(r"\s+", "", (text or "").translate(_FULLWIDTH_DIGITS))
    if not value:
        return None
    match = (
        re.fullmatch(r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?", value)
        or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", value)
    )
    if not match:
        raise DateFormatError(f"“{text.strip()}”不是日期，请按 2026-07-01 的格式填写")
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise DateFormatError(f"“{text.strip()}”不是存在的日期") from None


def format_date(value: date | datetime | None) -> str:
    """2026-07-01, the form every list and field shows; None gives ''."""
    return value.isoformat()[:10] if value else ""  # (strftime took 25 µs: 0.2 s of a township's reminders)


def format_date_cn(value: date | None) -> str:
    """2026年7月1日, the form used in documents."""
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def add_years(value: date, years: int) -> date:
    """Same day `years` later; 29 February falls back to 28 February; past year 9999, date.max."""
    year = value.year + years
    if year > date.max.year:
        return date.max
    if year < date.min.year:
        return date.min
    try:
        return value.replace(year=year)
    except ValueError:
        return value.replace(year=year, day=28)


def full_years(start: date, end: date) -> int:
    """Completed years from start to end (age, 党龄); negative spans give 0."""
    years = end.year - start.year - ((end.month, end.day) < (start.month, start.day))
    return max(years, 0)
