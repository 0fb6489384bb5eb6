"""Helpers the development operations share: adding an audited step, changing the person, checks."""

from __future__ import annotations

from datetime import date

from models.core.codes import Stage, label
from models.core.dates import format_date
from models.core.errors import ValidationError
from models.development.forms import FORM_LABELS
from models.people.entities import Person, PersonEvent
from models.people.roster import get_entity
from models.workspace import Entity, Tx
from models.workspace.audit import register_field_labels

register_field_labels(Entity.PERSON_EVENT, {"until": "截止日期", "hours": "学时", "related_person": "相关党员",
                                            "override_reason": "未满足时限的理由", "voided_at": "作废时间",
                                            "void_reason": "作废原因", "overridden": "未满足的时限要求"})
register_field_labels(Entity.MATERIAL, {"person_id": "人员编号", "material": "材料", "received_on": "收到日期",
                                        "note": "说明"})


# Pinyin keys follow the name: not worth an audit line of their own (as in models.people.operations).
_DERIVED = frozenset({"name_pinyin", "name_initials", "sort_key"})


def refuse(field: str, message: str) -> ValidationError:
    return ValidationError({field: message}, FORM_LABELS)


def live_person(tx: Tx, person_id: int) -> Person:
    """The person, refusing one who is archived (transferred out, disqualified …)."""
    person = get_entity(tx.session, person_id)
    if person.archive_reason:
        raise refuse("person", f"“{person.name}”已归档（{label(person.archive_reason)}），不能再办理发展党员事项")
    return person


def check_date(field: str, on: date | None, today: date, person: Person, not_before: date | None = None,
               what: str = "") -> date:
    """A required date: not in the future, not before birth, not before `not_before` (`what` names it)."""
    if on is None:
        raise refuse(field, "请填写日期")
    if on > today:
        raise refuse(field, f"日期（{format_date(on)}）不能晚于今天")
    if on <= person.birth_date:
        raise refuse(field, "日期应晚于出生日期")
    if not_before is not None and on < not_before:
        raise refuse(field, f"日期（{format_date(on)}）不能早于{what}（{format_date(not_before)}）")
    return on


def full_member(tx: Tx, related_id: int, person: Person, field: str = "related_person_id") -> Person:
    """A 培养联系人 / 入党介绍人: an active full member other than the person."""
    other = tx.session.get(Person, related_id)
    if other is None:
        raise refuse(field, f"找不到编号为 {related_id} 的党员")
    if other.id == person.id:
        raise refuse(field, "不能选本人")
    if other.stage != Stage.FULL or other.archive_reason:
        raise refuse(field, f"“{other.name}”不是在册的正式党员，只能从正式党员中选")
    return other


def add_step(tx: Tx, person: Person, kind: str, on: date, *, until: date | None = None, hours: int | None = None,
             related: Person | None = None, note: str = "", override_reason: str = "",
             overridden: list[str] | None = None) -> PersonEvent:
    """A step of the person's history, with its audit row (the overridden findings kept in the log)."""
    event = PersonEvent(person_id=person.id, kind=str(kind), on=on, until=until, hours=hours,
                        related_person_id=related.id if related else None, note=note.strip(),
                        override_reason=override_reason.strip(), recorded_by=tx.actor.name)
    tx.session.add(event)
    tx.session.flush()
    values = {"person_id": person.id, "kind": str(kind), "on": on, "until": until, "hours": hours,
              "related_person": related.name if related else None, "note": event.note,
              "override_reason": event.override_reason, "overridden": "；".join(overridden or [])}
    tx.created(Entity.PERSON_EVENT, event.id, values, summary=f"{person.name} {label(kind)}")
    tx.touched(Entity.PERSON, person.id)
    return event


def set_person(tx: Tx, person: Person, **values: object) -> None:
    """Change columns of the person, with an audit row of what changed."""
    before = {k: getattr(person, k) for k in values if k not in _DERIVED}
    for key, value in values.items():
        setattr(person, key, value)
    tx.updated(Entity.PERSON, person.id, before, {k: v for k, v in values.items() if k not in _DERIVED},
               summary=person.name)
    tx.touched(Entity.PERSON, person.id)
