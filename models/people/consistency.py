"""Rules the stored roster must keep, checked by the `check` command beside SQLite's own checks.

The program only writes through operations that keep these; a file that breaks them was edited
by another tool, restored from a mixed-up copy, or damaged. Each finding names the person (the ID
number masked) and the rule, in Chinese. Only plain columns are read, so a malformed value cannot
stop the check itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import String, and_, exists, not_, select, type_coerce
from sqlalchemy.orm import Session

from models.core.codes import ArchiveReason, EventKind, Gender, Stage, Step, label
from models.core.privacy import mask_citizen_id
from models.people.citizen_id import is_valid
from models.people.entities import Person, PersonEvent


@dataclass(frozen=True)
class Inconsistency:
    rule: str  # what should hold, in Chinese
    where: str  # the record that breaks it


def _who(person_id: int, name: str) -> str:
    return f"{name or '（无姓名）'}（编号 {person_id}）"


def _unknown_codes(session: Session) -> list[Inconsistency]:
    found = []
    for column, enum, rule in ((Person.stage, Stage, "党籍状态代码无法识别"), (Person.gender, Gender, "性别代码无法识别"),
                               (Person.archive_reason, ArchiveReason, "归档原因代码无法识别")):
        query = select(Person.id, Person.name, column).where(column.is_not(None), column.not_in([e.value for e in enum]))
        found += [Inconsistency(rule, f"{_who(i, n)}：“{code}”") for i, n, code in session.execute(query)]
    kinds = [e.value for e in EventKind] + [s.value for s in Step]  # membership facts and development steps
    query = select(PersonEvent.id, PersonEvent.person_id, PersonEvent.kind).where(PersonEvent.kind.not_in(kinds))
    found += [Inconsistency("经历事件类型无法识别", f"事件 {i}（人员编号 {p}）：“{kind}”") for i, p, kind in session.execute(query)]
    return found


def _archives(session: Session) -> list[Inconsistency]:
    found = []
    half = select(Person.id, Person.name).where(
        (Person.archive_reason.is_(None)) != (Person.archived_on.is_(None)))
    found += [Inconsistency("归档原因和归档日期应同时填写", _who(i, n)) for i, n in session.execute(half)]
    leaving = exists().where(and_(PersonEvent.person_id == Person.id, PersonEvent.kind == Person.archive_reason))
    unmatched = select(Person.id, Person.name).where(Person.archive_reason.is_not(None), not_(leaving))
    found += [Inconsistency("已归档人员应有对应的离开记录（转出、去世等）", _who(i, n)) for i, n in session.execute(unmatched)]
    return found


def _text(column):
    """A date column read as its stored text: a malformed value is shown, not parsed (and failed)."""
    return type_coerce(column, String)


def _leaving_dates(session: Session) -> list[Inconsistency]:
    """An archived member left after joining, and was not confirmed (转正) after leaving."""
    archived, joined = _text(Person.archived_on), _text(Person.joined_on)
    early = select(Person.id, Person.name, Person.archive_reason, archived, joined).where(
        Person.archive_reason.is_not(None), archived < joined)
    found = [Inconsistency("归档日期（转出、去世等）不应早于入党日期",
                           f"{_who(i, n)}：入党 {j}，{label(r) or r} {a}") for i, n, r, a, j in session.execute(early)]
    confirmed = _text(PersonEvent.on)
    late = (select(Person.id, Person.name, Person.archive_reason, archived, confirmed)
            .join(PersonEvent, PersonEvent.person_id == Person.id)
            .where(Person.archive_reason.is_not(None), PersonEvent.kind == EventKind.CONFIRMED.value,
                   confirmed > archived))
    found += [Inconsistency("转正不应晚于离开（转出、去世等）的日期",
                            f"{_who(i, n)}：{label(r) or r} {a}，转正 {c}") for i, n, r, a, c in session.execute(late)]
    return found


def _orphan_events(session: Session) -> list[Inconsistency]:
    owner = exists().where(Person.id == PersonEvent.person_id)
    query = select(PersonEvent.id, PersonEvent.person_id).where(not_(owner))
    return [Inconsistency("经历事件应属于一个存在的人员", f"事件 {i} 指向不存在的人员编号 {p}")
            for i, p in session.execute(query)]


def _citizen_ids(session: Session) -> list[Inconsistency]:
    query = select(Person.id, Person.name, Person.citizen_id).where(Person.citizen_id.is_not(None), Person.citizen_id != "")
    return [Inconsistency("公民身份号码应能通过校验", f"{_who(i, n)}：{mask_citizen_id(number)}")
            for i, n, number in session.execute(query) if not is_valid(number)]


def find_inconsistencies(session: Session) -> list[Inconsistency]:
    """Every break of the roster's own rules in the database, in Chinese; empty when all hold."""
    return [*_unknown_codes(session), *_archives(session), *_leaving_dates(session), *_orphan_events(session),
            *_citizen_ids(session)]
