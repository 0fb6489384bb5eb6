"""Scoring periods: quarters ("2026Q3") and years ("2026"), as the ranking and the 公示 name them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from models.core.errors import ValidationError

QUARTER, YEAR, MONTH = "quarter", "year", "month"  # months: the 民情台账 (month_period)
_QUARTER_NAMES = ("第一季度", "第二季度", "第三季度", "第四季度")
_CN_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
PERIOD_LABELS = {"period": "期间"}


@dataclass(frozen=True)
class Period:
    """A quarter, a year or a month: its code, first and last day (inclusive), and kind."""

    code: str
    start: date
    end: date
    kind: str

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def quarter(self) -> int | None:
        return (self.start.month - 1) // 3 + 1 if self.kind == QUARTER else None

    @property
    def title(self) -> str:
        """2026年第三季度 / 2026年度."""
        if self.kind == QUARTER:
            return f"{self.year}年{_QUARTER_NAMES[self.quarter - 1]}"
        if self.kind == MONTH:
            return f"{self.year}年{self.start.month}月"
        return f"{self.year}年度"

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def quarters(self) -> list[Period]:
        """The quarters this period is made of (itself for a quarter)."""
        if self.kind == MONTH:
            return [quarter_of(self.start)]
        return [self] if self.kind == QUARTER else quarters_of(self.year)

    def previous(self) -> Period:
        """The period before this one, of the same kind."""
        if self.kind == MONTH:
            before = self.start - timedelta(days=1)
            return month_period(before.year, before.month)
        return quarter_of(self.start - timedelta(days=1)) if self.kind == QUARTER else year_period(self.year - 1)


def quarter_period(year: int, quarter: int) -> Period:
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return Period(f"{year}Q{quarter}", start, end - timedelta(days=1), QUARTER)


def year_period(year: int) -> Period:
    return Period(str(year), date(year, 1, 1), date(year, 12, 31), YEAR)


def quarter_of(day: date) -> Period:
    """The quarter a date falls in."""
    return quarter_period(day.year, (day.month - 1) // 3 + 1)


def quarters_of(year: int) -> list[Period]:
    return [quarter_period(year, q) for q in (1, 2, 3, 4)]


def parse_period(text: str | Period) -> Period:
    """2026Q3 (also 2026q3, 2026-Q3, 2026年第三季度) or 2026 (also 2026年, 2026年度) -> Period."""
    if isinstance(text, Period):
        return text
    cleaned = re.sub(r"\s+", "", str(text or "")).upper()
    match = (re.fullmatch(r"(\d{4})-?Q([1-4])", cleaned)
             or re.fullmatch(r"(\d{4})年第?([一二三四1-4])季度?", cleaned))
    if match and 2000 <= int(match[1]) <= 2100:
        return quarter_period(int(match[1]), _CN_QUARTER[match[2]])
    match = re.fullmatch(r"(\d{4})(?:年度?)?", cleaned)
    if match and 2000 <= int(match[1]) <= 2100:
        return year_period(int(match[1]))
    shown = str(text or "").strip() or "（空）"
    raise ValidationError({"period": f"“{shown}”不是有效的期间，季度请写成 2026Q3，年度请写成 2026"},
                          PERIOD_LABELS)


def month_period(text_or_year: str | int | Period, month: int | None = None) -> Period:
    """A calendar month as a Period (code "2026-10", kind "month") from 2026, 10 or text such as
    "2026-10", "2026年10月", "2026.10", "2026/10", "202610"; a Chinese ValidationError otherwise."""
    if isinstance(text_or_year, Period) and text_or_year.kind == MONTH:
        return text_or_year
    if month is not None or isinstance(text_or_year, int):
        year, month_no, shown = text_or_year, month, f"{text_or_year}-{month}"
    else:
        shown = str(text_or_year or "").strip()
        cleaned = re.sub(r"\s+", "", shown)
        match = (re.fullmatch(r"(\d{4})[-./年](\d{1,2})月?(?:份)?", cleaned)
                 or re.fullmatch(r"(\d{4})(\d{2})", cleaned))
        year, month_no = (int(match[1]), int(match[2])) if match else (None, None)
    if (isinstance(year, int) and isinstance(month_no, int) and 2000 <= year <= 2100 and 1 <= month_no <= 12):
        start = date(year, month_no, 1)
        end = date(year + 1, 1, 1) if month_no == 12 else date(year, month_no + 1, 1)
        return Period(f"{year}-{month_no:02d}", start, end - timedelta(days=1), MONTH)
    raise ValidationError({"period": f"“{shown or '（空）'}”不是有效的月份，请写成 2026-10 或 2026年10月"},
                          PERIOD_LABELS)
