"""People and entries for the scoring tests, made through the write path.

Members come from `member.create`. Pipeline people (入党申请人/积极分子/发展对象) are added by a
test-only operation until the development package's own operations can be used here.
"""

from __future__ import annotations

from datetime import date
from itertools import count

from models.core.codes import Gender, Stage, Step
from models.core.pinyin import keys_for
from models.people.citizen_id import make
from models.people.entities import Person, PersonEvent
from models.people.operations import create_member
from models.people.rules import PersonForm
from models.scoring.catalogue import list_rules
from models.scoring.entries import AddResult, EntryForm, add_entries
from models.workspace import Entity, Permission, Tx, operation

_sequence = count(11)


@operation("test.scoring_pipeline_person", Permission.MEMBERS_EDIT, "测试：新增发展对象")
def _add_pipeline_person(tx: Tx, name: str, stage: str, activist_on: date | None, group_id: int | None) -> int:
    keys = keys_for(name)
    person = Person(name=name, name_pinyin=keys.full, name_initials=keys.initials, sort_key=keys.sort,
                    gender=Gender.MALE.value, birth_date=date(2000, 1, 1), stage=stage, group_id=group_id)
    tx.session.add(person)
    tx.session.flush()
    if activist_on is not None:
        tx.session.add(PersonEvent(person_id=person.id, kind=Step.ACTIVIST.value, on=activist_on,
                                   recorded_by=tx.actor.name))
    tx.created(Entity.PERSON, person.id, {"name": name, "stage": stage}, summary=name)
    return person.id


def activist(workspace, name: str, activist_on: date | None = date(2025, 1, 10), stage: str = Stage.ACTIVIST,
             group_id: int | None = None) -> int:
    return workspace.run(_add_pipeline_person, name, stage, activist_on, group_id).value


def member(workspace, name: str, joined_on: date = date(2005, 7, 1), stage: str = Stage.FULL) -> int:
    confirmed = None if stage == Stage.PROBATIONARY else date(joined_on.year + 1, joined_on.month, joined_on.day)
    form = PersonForm(name=name, citizen_id=make("411323", date(1980, 6, 15), next(_sequence)), joined_on=joined_on,
                      confirmed_on=confirmed, stage=stage)
    return workspace.run(create_member, form).value


def rule(workspace, code: str) -> int:
    with workspace.read() as session:
        return next(r.id for r in list_rules(session) if r.code == code)


def score(workspace, ids, code: str, on: date, reason: str = "测试事由") -> AddResult:
    ids = (ids,) if isinstance(ids, int) else tuple(ids)
    return workspace.run(add_entries, EntryForm(ids, rule(workspace, code), on, reason)).value


GIVEN = "建国军伟强磊洋勇杰涛明超芳娜敏静丽艳娟霞秀英华平刚辉斌鹏飞"


def names(surname: str, n: int) -> list[str]:
    """n distinct names without digits (the roster refuses digits in a name)."""
    return [surname + GIVEN[i % len(GIVEN)] + ("" if i < len(GIVEN) else GIVEN[i // len(GIVEN)]) for i in range(n)]
