"""The options reports share, declared once, and how an option's value is read from text (the
command line gives a group by name and a person by ID number)."""

from __future__ import annotations

from sqlalchemy.orm import Session

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


_FROM_TEXT = {
    OptionKind.FLAG: lambda _session, value: bool(value),
    OptionKind.GROUP: group_by_name,
    OptionKind.PERSON: person_by_citizen_id,
}


def value_from_text(option: ReportOption, session: Session, text: str | bool) -> object:
    """An option's value from what was typed (a flag's value is already True or False)."""
    return _FROM_TEXT[option.kind](session, text)
