"""Reading the roster (lists, details, lookups) and the checks a save needs. Returns plain dataclasses.

Changes go through the operations in models.people.operations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from itertools import pairwise
from operator import attrgetter
from typing import NamedTuple

from sqlalchemy import Row, Select, func, or_, select
from sqlalchemy.orm import Session

from models.core.codes import MEMBER_STAGES, Stage
from models.core.dates import add_years, full_years
from models.core.errors import NotFound, ValidationError
from models.core.pinyin import keys_for, search_terms
from models.people import citizen_id as cid
from models.people.entities import PartyGroup, Person
from models.people.events import latest_event
from models.people.rules import (
    FIELD_LABELS,
    PERSON_FIELDS,
    ArchiveForm,
    PersonForm,
    normalized,
    probation_state,
    validate_person,
)

NO_GROUP = 0  # group filter value meaning "members of the branch directly"


@dataclass(frozen=True)
class MemberFilter:
    text: str = ""
    group_id: int | None = None  # None: all groups; NO_GROUP: no group
    stage: str | None = None
    mobile_only: bool = False
    include_archived: bool = False


class MemberRow(NamedTuple):
    """One line of the 党员 list (a named tuple: a township lists 100,000 of them, and a frozen
    dataclass took 15 µs a row to build, 1.5 s of the 党员 tab's start)."""

    id: int
    name: str
    sort_key: str
    gender: str
    age: int
    group_name: str
    group_order: int
    stage: str
    joined_on: date | None
    party_years: int | None
    phone: str
    is_mobile: bool
    archive_reason: str | None
    probation: str = ""  # rules.probation_state: "" or a 预备党员 whose 转正 is due or overdue
    search_key: str = ""  # what a search box matches (narrowed): name, pinyin, initials, phone; not shown


@dataclass(frozen=True)
class PersonDetail:
    """Everything known about one person, for the detail panel and the card."""

    id: int
    form: PersonForm
    group_name: str
    age: int
    party_years: int | None
    archive: ArchiveForm | None
    # When the record was last saved: an edit passes it back to update_member, which refuses to
    # overwrite a change saved meanwhile (another computer on a shared database).
    changed_at: datetime | None = None


def party_years(stage: str, joined_on: date | None, confirmed_on: date | None, today: date) -> int | None:
    """党龄 counts from 转正 (full membership); probationary members have none yet."""
    if stage != Stage.FULL:
        return None
    start = confirmed_on or (add_years(joined_on, 1) if joined_on else None)
    return full_years(start, today) if start else None


def _member_query(flt: MemberFilter) -> Select:
    # Plain columns, not entities: loading 100k ORM objects would make the list sluggish.
    query = (
        select(
            Person.id, Person.name, Person.sort_key, Person.gender, Person.birth_date, Person.stage,
            Person.joined_on, Person.confirmed_on, Person.phone, Person.is_mobile, Person.archive_reason,
            PartyGroup.name.label("group_name"), PartyGroup.sort_order.label("group_order"),
        )
        .outerjoin(PartyGroup, Person.group_id == PartyGroup.id)
        .where(Person.stage.in_([s.value for s in MEMBER_STAGES]))
    )
    if not flt.include_archived:
        query = query.where(Person.archive_reason.is_(None))
    if flt.group_id == NO_GROUP:
        query = query.where(Person.group_id.is_(None))
    elif flt.group_id is not None:
        query = query.where(Person.group_id == flt.group_id)
    if flt.stage:
        query = query.where(Person.stage == flt.stage)
    if flt.mobile_only:
        query = query.where(Person.is_mobile.is_(True))
    matches = _text_matches(flt.text)
    if matches is not None:
        query = query.where(matches)
    return query.order_by(Person.sort_key)


def _phone_digits(text: str) -> str:
    """The digits of typed text that is a phone number written with spaces, hyphens or brackets; ''
    when it is not one."""
    digits = re.sub(r"[\s\-()（）]", "", text)
    return digits if digits.isdigit() else ""


def _text_matches(typed: str):
    """The condition for a search box's text: name, full pinyin, initials or phone; None for no text."""
    text = search_terms(typed)
    if not text:
        return None
    pattern = f"%{text}%"
    matches = [Person.name.like(pattern), Person.name_pinyin.like(pattern), Person.name_initials.like(pattern),
               Person.phone.like(pattern)]
    digits = _phone_digits(text)
    if digits:  # 037166668888 finds 0371-66668888: phones are stored with a hyphen
        matches.append(func.replace(Person.phone, "-", "").like(f"%{digits}%"))
    return or_(*matches)


def list_members(session: Session, flt: MemberFilter, today: date) -> list[MemberRow]:
    """Members (正式/预备) matching the filter, in pinyin order of name."""
    return narrowed(roster_rows(session, flt, today), flt)[0]


def roster_rows(session: Session, flt: MemberFilter, today: date) -> list[MemberRow]:
    """The members the filter's group, 类别 and 流动党员 select — archived people included, the typed text
    not applied — in pinyin order (by sort key), for `narrowed`: the 党员 list narrows these as the user
    types, without asking the database again (a township's one-letter search took 0.3 s through SQL)."""
    rows = []
    for (pid, name, sort_key, gender, birth, stage, joined, confirmed, phone, mobile, archived, group_name,
         group_order, pinyin, initials) in session.connection().execute(  # Core rows: no ORM loading, 0.5 s less
            _member_query(replace(flt, text="", include_archived=True)).add_columns(Person.name_pinyin,
                                                                                   Person.name_initials)):
        rows.append(MemberRow(
            pid, name, sort_key, gender, full_years(birth, today), group_name or "",
            group_order if group_order is not None else -1, stage, joined,
            party_years(stage, joined, confirmed, today), phone, mobile, archived,
            "" if archived else probation_state(stage, joined, today),
            f"{name.lower()}\n{pinyin}\n{initials}\n{phone.lower()}"))
    if not all(a.sort_key <= b.sort_key for a, b in pairwise(rows)):  # a server's collation may order otherwise
        rows.sort(key=attrgetter("sort_key"))
    return rows


def narrowed(rows: list[MemberRow], flt: MemberFilter) -> tuple[list[MemberRow], int]:
    """The rows of `roster_rows` the filter's text matches — in the name, its full pinyin, its initials or
    the phone (037166668888 finds 0371-66668888), as _text_matches says in SQL for find_people — and,
    unless archived people are shown, without them: (rows, how many archived ones were left out; 0
    for the whole roster)."""
    text = search_terms(flt.text)
    if text:
        digits = _phone_digits(text)
        rows = [row for row in rows if text in row.search_key or (digits and digits in row.phone.replace("-", ""))]
    if flt.include_archived:
        return rows, 0
    shown = [row for row in rows if not row.archive_reason]
    counting = replace(flt, text=flt.text.strip()) != MemberFilter()
    return shown, (len(rows) - len(shown) if counting else 0)


def member_names(session: Session) -> list[tuple[int, str]]:
    """(id, name) of the members on the roster, in pinyin order: for lists to choose from, without
    the ages and 党龄 list_members works out (a township's 100,000 in a tenth of the time)."""
    query = (select(Person.id, Person.name).where(Person.stage.in_([s.value for s in MEMBER_STAGES]),
                                                  Person.archive_reason.is_(None)).order_by(Person.sort_key))
    return [(pid, name) for pid, name in session.execute(query)]


@dataclass(frozen=True)
class PersonMatch:
    """One person a search box offers: enough to tell two people of the same name apart."""

    id: int
    name: str
    stage: str
    group_name: str
    archive_reason: str | None


def _match_query() -> Select:
    return (select(Person.id, Person.name, Person.stage, PartyGroup.name.label("group_name"), Person.archive_reason)
            .outerjoin(PartyGroup, Person.group_id == PartyGroup.id))


def _match_of(row: Row) -> PersonMatch:
    return PersonMatch(row.id, row.name, row.stage, row.group_name or "", row.archive_reason)


def find_people(session: Session, text: str, stages: Iterable[str], limit: int = 50) -> list[PersonMatch]:
    """People at these stages whose name, pinyin, initials or phone matches `text` (as the 党员 list
    searches), archived ones included after the others, each part in pinyin order; at most `limit`."""
    matches = _text_matches(text)
    if matches is None:
        return []
    query = (_match_query().where(Person.stage.in_([str(s) for s in stages]), matches)
             .order_by(Person.archive_reason.is_not(None), Person.sort_key, Person.id).limit(limit))
    return [_match_of(row) for row in session.execute(query)]


def person_match(session: Session, person_id: int) -> PersonMatch:
    """One person as a search box shows them, or NotFound."""
    row = session.execute(_match_query().where(Person.id == person_id)).one_or_none()
    if row is None:
        raise NotFound(f"找不到编号为 {person_id} 的人员，可能已被其他窗口修改")
    return _match_of(row)


def get_entity(session: Session, person_id: int) -> Person:
    """The ORM person (for operations), or NotFound."""
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(f"找不到编号为 {person_id} 的人员，可能已被其他窗口修改")
    return person


def _form_of(person: Person | Row) -> PersonForm:
    values = {name: getattr(person, name) for name in PERSON_FIELDS}
    return PersonForm(**{**values, "citizen_id": person.citizen_id or "", "education": person.education or ""})


def get_person(session: Session, person_id: int, today: date) -> PersonDetail:
    """One person with the details of their current archive (from the event that archived them)."""
    person = get_entity(session, person_id)
    detail = _detail(person, person.group.name if person.group else "", today)
    if person.archive_reason:
        event = latest_event(session, person_id, person.archive_reason)
        if event is not None:
            detail = replace(detail, archive=ArchiveForm(person.archive_reason, person.archived_on, event.organisation,
                                                         event.letter_no, event.note))
    return detail


def _detail(person: Person | Row, group_name: str, today: date) -> PersonDetail:
    """The detail of an ORM person or of a `person` table row (both have the column attributes)."""
    archive = None
    if person.archive_reason:
        archive = ArchiveForm(reason=person.archive_reason, archived_on=person.archived_on)
    return PersonDetail(
        id=person.id,
        form=_form_of(person),
        group_name=group_name,
        age=full_years(person.birth_date, today),
        party_years=party_years(person.stage, person.joined_on, person.confirmed_on, today),
        archive=archive,
        changed_at=getattr(person, "updated_at", None),
    )


def find_by_citizen_id(session: Session, number: str) -> int | None:
    number = cid.normalize(number)
    return session.scalar(select(Person.id).where(Person.citizen_id == number)) if number else None


def check_person(session: Session, form: PersonForm, today: date, person_id: int | None = None) -> PersonForm:
    """Normalize and validate a form against the rules and the database; raise ValidationError."""
    form = fill_from_id(normalized(form))
    errors = validate_person(form, today)
    if "citizen_id" not in errors and form.citizen_id:
        other = find_by_citizen_id(session, form.citizen_id)
        if other is not None and other != person_id:
            name = session.get(Person, other).name
            errors["citizen_id"] = f"这个公民身份号码已经登记在“{name}”名下"
    if form.group_id is not None and session.get(PartyGroup, form.group_id) is None:
        errors["group_id"] = "所选党小组不存在"
    if errors:
        raise ValidationError(errors, FIELD_LABELS)
    return form


def fill_from_id(form: PersonForm) -> PersonForm:
    """Gender and birth date taken from a valid ID where the form leaves them empty."""
    info = cid.try_parse(form.citizen_id) if form.citizen_id else None
    if info is None:
        return form
    changes = {}
    if not form.gender:
        changes["gender"] = info.gender.value
    if form.birth_date is None:
        changes["birth_date"] = info.birth_date
    return replace(form, **changes)


def person_values(form: PersonForm) -> dict[str, object]:
    """The `person` columns for a checked form: codes, empty-as-NULL, pinyin keys derived."""
    values = {name: getattr(form, name) for name in PERSON_FIELDS}
    values["citizen_id"] = form.citizen_id or None
    values["education"] = form.education or None
    if not form.is_mobile:
        values.update(mobile_destination="", mobile_since=None, mobile_contact="")
    keys = keys_for(form.name)
    values.update(name_pinyin=keys.full, name_initials=keys.initials, sort_key=keys.sort)
    return values


def count_people(session: Session) -> int:
    """Everyone recorded: members and people in the development pipeline, archived included."""
    return session.scalar(select(func.count(Person.id))) or 0


def count_members(session: Session, include_archived: bool = False) -> int:
    query = select(func.count(Person.id)).where(Person.stage.in_([s.value for s in MEMBER_STAGES]))
    if not include_archived:
        query = query.where(Person.archive_reason.is_(None))
    return session.scalar(query) or 0


def roster_entries(session: Session, group_id: int | None, include_archived: bool, today: date) -> list[PersonDetail]:
    """Members for the printed roster: by group order (members without a group last), then pinyin."""
    # Table rows rather than ORM entities: a 10,000-person roster loads in a third of the time.
    query = (
        select(Person.__table__)
        .outerjoin(PartyGroup, Person.group_id == PartyGroup.id)
        .where(Person.stage.in_([s.value for s in MEMBER_STAGES]))
        .order_by(PartyGroup.sort_order.is_(None), PartyGroup.sort_order, Person.sort_key)
    )
    if not include_archived:
        query = query.where(Person.archive_reason.is_(None))
    if group_id == NO_GROUP:
        query = query.where(Person.group_id.is_(None))
    elif group_id is not None:
        query = query.where(Person.group_id == group_id)
    group_names = {gid: name for gid, name in session.execute(select(PartyGroup.id, PartyGroup.name))}
    return [_detail(row, group_names.get(row.group_id, ""), today) for row in session.execute(query)]


def existing_by_citizen_id(session: Session) -> dict[str, tuple[int, str]]:
    """Every recorded ID number -> (person id, name), for checking a whole file at once."""
    query = select(Person.citizen_id, Person.id, Person.name).where(Person.citizen_id.is_not(None))
    return {number: (person_id, name) for number, person_id, name in session.execute(query)}


def details_for(session: Session, person_ids: list[int], today: date) -> list[PersonDetail]:
    """Full details of these people, in the order given (an export follows the list on screen)."""
    group_names = {gid: name for gid, name in session.execute(select(PartyGroup.id, PartyGroup.name))}
    found: dict[int, PersonDetail] = {}
    for start in range(0, len(person_ids), 500):
        query = select(Person.__table__).where(Person.id.in_(person_ids[start:start + 500]))
        for row in session.execute(query):
            found[row.id] = _detail(row, group_names.get(row.group_id, ""), today)
    return [found[i] for i in person_ids if i in found]


def forms_by_id(session: Session, person_ids: list[int]) -> dict[int, PersonForm]:
    """The stored forms of these people (in chunks, for SQLite's parameter limit)."""
    forms: dict[int, PersonForm] = {}
    for start in range(0, len(person_ids), 500):
        chunk = person_ids[start:start + 500]
        for row in session.execute(select(Person.__table__).where(Person.id.in_(chunk))):
            forms[row.id] = _form_of(row)
    return forms
