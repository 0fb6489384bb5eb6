from datetime import date

import pytest

from models.core.dates import DateFormatError, add_years, full_years, parse_date


@pytest.mark.parametrize(
    "text",
    ["1975-03-12", "1975.03.12", "1975.3.12", "1975/3/12", "1975年3月12日", "19750312", " １９７５．３．１２ "],
)
def test_parse_date_accepts_the_ways_people_write_dates(text):
    assert parse_date(text) == date(1975, 3, 12)


def test_empty_is_none_and_nonsense_is_a_chinese_error():
    assert parse_date("  ") is None
    with pytest.raises(DateFormatError, match="不是日期"):
        parse_date("去年")
    with pytest.raises(DateFormatError, match="不是存在的日期"):
        parse_date("2026-02-30")


def test_year_arithmetic():
    assert add_years(date(2004, 2, 29), 18) == date(2022, 2, 28)
    assert full_years(date(2000, 11, 23), date(2026, 11, 22)) == 25
    assert full_years(date(2000, 11, 22), date(2026, 11, 22)) == 26
