"""The options reports share, declared once, and how an option's value is read from text (the
command line gives a group by name and a person by ID number)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy.orm import Session

from models.core.dates import DateFormatError, parse_date
from models.core.errors import ValidationError
from models.people import citizen_id
from models.people.branch import DIRECT_GROUP, list_groups
from models.people.roster import NO_GROUP, find_by_citizen_id
from models.reports.declaration import OptionKind, ReportError, ReportOption

GROUP = ReportOption(
    "group_id", OptionKind.GROUP, "党小组",
    f"只包括这个党小组的党员（默认全部）；“{DIRECT_GROUP}”指未编入党小组的党员", "--group", "党小组")
INCLUDE_ARCHIVED = ReportOption(
    "include_archived", OptionKind.FLAG, "包括已归档（转出、去世等）人员",
    "也列出已归档（转出、去世等）的人员", "--include-archived", file_tag="含已归档")
MASKED = ReportOption(
    "masked", OptionKind.FLAG, "隐去身份证号和电话（用于张贴公示）",
    "用于张贴公示：隐去身份证号和电话的中间几位，出生日期只列年份，住址只写到村民小组", "--masked",
    file_tag="公示用", public_when_set=True)
PERSON = ReportOption(
    "person_id", OptionKind.PERSON, "党员", "此人的公民身份号码", "--id", "身份证号", required=True)
PERIOD = ReportOption(
    "period", OptionKind.PERIOD, "期间",
    "季度（如 2026Q3）或年度（如 2026）；不指定时为上一个已结束的季度", "--period", "期间")
YEAR = ReportOption(
    "year", OptionKind.YEAR, "年度", "年度，如 2026；不指定时为上一个已结束的季度所在的年度", "--year", "年度")
# The same option as PERSON (--id), not required: the 民情日记 of one member, or of every member.
PERSON_OPTIONAL = replace(PERSON, required=False)
MONTH = ReportOption(
    "month", OptionKind.MONTH, "月份", "月份，如 2026-10 或 2026年10月；不指定时为上个月", "--month", "月份")
SERIAL = ReportOption(
    "serial", OptionKind.SERIAL, "事项编号",
    "民情事项的编号，如 MQ-2026-0001；不指定时为所有“待办理”的事项各打一页", "--serial", "编号")
NOTICE_FROM = ReportOption(
    "notice_from", OptionKind.DATE, "公示开始日期",
    "公示期的第一天，如 2026-10-08（已登记公示的期间按登记的公示期；不指定时为今天）", "--notice-from", "日期")
NOTICE_TO = ReportOption(
    "notice_to", OptionKind.DATE, "公示结束日期",
    "公示期的最后一天（不指定时按“设置”中的公示工作日数从开始日期推算）", "--notice-to", "日期")


def group_by_name(session: Session, text: str) -> int | None:
    """The group named `text`: None for an empty name (all groups), NO_GROUP for 直属支部."""
    name = text.strip()
    if not name:
        return None
    if name == DIRECT_GROUP:
        return NO_GROUP
    groups = list_groups(session)
    found = next((g.id for g in groups if g.name == name), None)
    if found is None:
        names = "、".join([*(g.name for g in groups), DIRECT_GROUP])
        raise ReportError(f"没有名为“{name}”的党小组。可选：{names}")
    return found


def person_by_citizen_id(session: Session, text: str) -> int:
    """The person with this ID number; a wrong number says what is wrong with it (e.g. its 校验位)."""
    try:
        number = citizen_id.parse(text).number
    except citizen_id.CitizenIdError as exc:
        raise ReportError(str(exc)) from None
    found = find_by_citizen_id(session, number)
    if found is None:
        raise ReportError(f"找不到公民身份号码为 {number} 的人员")
    return found


def period_code(_session: Session | None, text: str) -> str:
    """A quarter or a year as its code (2026Q3, 2026); 2026年第三季度 and 2026年度 are read too."""
    from models.scoring.periods import parse_period

    try:
        return parse_period(text).code
    except ValidationError as exc:
        raise ReportError(str(exc)) from None


def year_code(_session: Session | None, text: str) -> str:
    """A year as its period code (2026); a quarter is refused with the year it lies in."""
    from models.scoring.periods import YEAR as YEAR_KIND
    from models.scoring.periods import parse_period

    code = period_code(_session, text)
    period = parse_period(code)
    if period.kind != YEAR_KIND:
        raise ReportError(f"年度：“{text.strip()}”是一个季度，年度请写成 {period.year}")
    return code


def date_value(_session: Session | None, text: str) -> date:
    """A date as people write it (2026-10-08, 2026.10.8, 2026年10月8日)."""
    try:
        value = parse_date(text)
    except DateFormatError as exc:
        raise ReportError(str(exc)) from None
    if value is None:
        raise ReportError("日期不能为空，请按 2026-10-08 的格式填写")
    return value


def month_code(_session: Session | None, text: str) -> str:
    """A month as its code (2026-10); 2026年10月, 2026.10 and 202610 are read too."""
    from models.scoring.periods import month_period

    try:
        return month_period(str(text)).code
    except ValidationError as exc:
        raise ReportError("；".join(f"月份：{message}" for message in exc.errors.values())) from None


_SERIAL = re.compile(r"MQ[-_ ]?(\d{4})[-_ ]?(\d{1,6})")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９ＭＱｍｑ－", "0123456789MQmq-")


def normal_serial(text: str) -> str | None:
    """MQ-2026-0001 as typed (mq-2026-1, MQ20260001, full-width digits) in its stored form, or None
    when the text is no serial."""
    found = _SERIAL.fullmatch(re.sub(r"\s+", "", str(text).translate(_FULL_WIDTH)).upper())
    return f"MQ-{found[1]}-{int(found[2]):04d}" if found else None


def serial_value(session: Session | None, text: str) -> str:
    """A 民情事项 by its serial (MQ-2026-0001), checked to exist when a session is given."""
    serial = normal_serial(text)
    if serial is None:
        raise ReportError(f"事项编号：“{str(text).strip()}”不是有效的编号，请写成 MQ-2026-0001 的格式")
    if session is not None:
        from models.grievances.ledger import find_by_serial

        if find_by_serial(session, serial) is None:
            raise ReportError(f"事项编号：找不到编号为 {serial} 的民情事项")
    return serial


def last_ended_quarter(today: date):
    """The quarter before today's: the one a quarterly ranking is made and posted for."""
    from models.scoring.periods import quarter_of

    return quarter_of(quarter_of(today).start - timedelta(days=1))


def period_or_default(code: object, today: date):
    """The period chosen (a code), or the last quarter that has ended."""
    from models.scoring.periods import parse_period

    return parse_period(str(code)) if code else last_ended_quarter(today)


def year_or_default(code: object, today: date):
    """The year chosen (a code), or the year of the last quarter that has ended."""
    from models.scoring.periods import parse_period, year_period

    return parse_period(str(code)) if code else year_period(last_ended_quarter(today).year)


def last_month(today: date):
    """The month before today's, as a Period: the one a monthly 公示 is made for."""
    from models.scoring.periods import month_period

    day = today.replace(day=1) - timedelta(days=1)
    return month_period(day.year, day.month)


def month_or_default(code: object, today: date):
    """The month chosen (a code such as 2026-10), or the month before today's."""
    from models.scoring.periods import month_period

    return month_period(str(code)) if code else last_month(today)


_FROM_TEXT = {
    OptionKind.FLAG: lambda _session, value: bool(value),
    OptionKind.GROUP: group_by_name,
    OptionKind.PERSON: person_by_citizen_id,
    OptionKind.PERIOD: period_code,
    OptionKind.YEAR: year_code,
    OptionKind.DATE: date_value,
    OptionKind.MONTH: month_code,
    OptionKind.SERIAL: serial_value,
}


def value_from_text(option: ReportOption, session: Session, text: str | bool) -> object:
    """An option's value from what was typed (a flag's value is already True or False)."""
    return _FROM_TEXT[option.kind](session, text)
