"""Working days from the real calendar: 国庆 2026 with its make-up Saturday, and past the last
year the calendar knows (weekends only, and said so)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from models.development.workdays import (
    beyond_calendar,
    calendar_last_year,
    count_workdays,
    is_workday,
    workday_span_end,
)


def test_the_2026_national_day_holiday_and_its_make_up_days():
    assert not any(is_workday(date(2026, 10, day)) for day in range(1, 8))
    assert is_workday(date(2026, 9, 20))  # Sunday, worked for 国庆
    assert is_workday(date(2026, 10, 10))  # Saturday, worked for 国庆
    assert not is_workday(date(2026, 10, 11))
    assert is_workday(date(2026, 9, 28)) and is_workday(date(2026, 10, 8))


def test_a_publicity_over_national_day_ends_after_the_holiday():
    # 9-28, 9-29, 9-30, then 10-8, 10-9: five working days.
    assert workday_span_end(date(2026, 9, 28), 5) == date(2026, 10, 9)
    # the sixth is the make-up Saturday
    assert workday_span_end(date(2026, 9, 28), 6) == date(2026, 10, 10)
    assert count_workdays(date(2026, 9, 28), date(2026, 10, 10)) == 6
    assert count_workdays(date(2026, 9, 28), date(2026, 10, 8)) == 4


def test_a_span_starting_on_a_day_off_starts_counting_at_the_next_working_day():
    assert workday_span_end(date(2026, 10, 1), 1) == date(2026, 10, 8)
    assert workday_span_end(date(2026, 11, 21), 1) == date(2026, 11, 23)  # a Saturday
    assert workday_span_end(date(2026, 11, 23), 1) == date(2026, 11, 23)  # the start counts


def test_counting_is_inclusive_and_empty_backwards():
    assert count_workdays(date(2026, 11, 23), date(2026, 11, 23)) == 1
    assert count_workdays(date(2026, 11, 23), date(2026, 11, 22)) == 0
    with pytest.raises(ValueError):
        workday_span_end(date(2026, 11, 23), 0)


def test_span_end_and_count_agree():
    start = date(2026, 1, 1)
    for n in (1, 5, 20, 60):
        end = workday_span_end(start, n)
        assert count_workdays(start, end) == n and is_workday(end)


def test_past_the_calendar_only_weekends_are_known():
    last = calendar_last_year()
    assert last >= 2026
    assert not beyond_calendar(date(last, 12, 31)) and beyond_calendar(date(last + 1, 1, 1))
    new_year = date(last + 1, 1, 1)
    assert is_workday(new_year) == (new_year.weekday() < 5)  # 元旦 unknown there: counted by weekday alone
    monday = new_year + timedelta(days=(7 - new_year.weekday()) % 7)
    assert workday_span_end(monday, 5) == monday + timedelta(days=4)
    assert workday_span_end(monday, 6) == monday + timedelta(days=7)
