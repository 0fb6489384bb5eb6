"""Operations on people: create, update, archive, restore (each audited, each one transaction)."""

from __future__ import annotations

from datetime import datetime

from models.core.codes import EventKind, label
from models.core.errors import RecordChanged, ValidationError
from models.people import events
from models.people.branch import group_display
from models.people.entities import PartyGroup, Person
from models.people.roster import check_person, get_entity, person_values
from models.people.rules import FIELD_LABELS, ArchiveForm, PersonForm, RestoreForm, validate_archive, validate_restore
from models.workspace import Entity, Permission, Tx, operation
from models.workspace.audit import register_field_labels

register_field_labels(Entity.PERSON, {**FIELD_LABELS, "group": "党小组", "archive_reason": "归档原因",
                                      "archived_on": "归档日期"})
register_field_labels(Entity.PERSON_EVENT, {"kind": "事项", "on": "日期",
                                            "organisation": "党组织", "letter_no": "介绍信编号", "note": "说明"})

# Columns derived from others (pinyin keys): not worth an audit line of their own.
_DERIVED = frozenset({"name_pinyin", "name_initials", "sort_key"})


def _audited(session, values: dict[str, object]) -> dict[str, object]:
    """The values as the log keeps them, in the form's order: no derived keys; the 党小组 by name
    (in the place of its id)."""
    shown: dict[str, object] = {}
    for key, value in values.items():
        if key == "group_id":
            group = session.get(PartyGroup, value) if value is not None else None
            shown["group"] = group_display(group.name if group else "")
        elif key not in _DERIVED:
            shown[key] = value
    return shown


def create_member_in(tx: Tx, form: PersonForm) -> int:
    """Check and add one member inside a running operation (demo data uses it too)."""
    form = check_person(tx.session, form, tx.today)
    values = person_values(form)
    person = Person(**values)
    tx.session.add(person)
    tx.session.flush()
    events.insert_events(tx.session, events.membership_events(person.id, form.joined_on, form.confirmed_on,
                                                              tx.actor.name))
    tx.created(Entity.PERSON, person.id, _audited(tx.session, values), summary=form.name)
    tx.touched(Entity.PERSON_EVENT)
    return person.id


@operation("member.create", Permission.MEMBERS_EDIT, "新增党员")
def create_member(tx: Tx, form: PersonForm) -> int:
    return create_member_in(tx, form)


@operation("member.update", Permission.MEMBERS_EDIT, "修改党员信息")
def update_member(tx: Tx, person_id: int, form: PersonForm, seen: datetime | None = None) -> None:
    """`seen`: the record's changed_at when the form was filled (PersonDetail); if it has been saved
    since, by someone else on a shared database, nothing is overwritten and RecordChanged says so."""
    person = get_entity(tx.session, person_id)
    if seen is not None and person.updated_at != seen:
        raise RecordChanged(f"{person.name}的信息在您打开编辑窗口之后已被修改（可能是在另一台电脑上）。"
                            "为了不覆盖别人的修改，这次没有保存：请关闭窗口，重新打开后再改。")
    form = check_person(tx.session, form, tx.today, person_id)
    values = person_values(form)
    before = {k: getattr(person, k) for k in values}
    for column, value in values.items():
        setattr(person, column, value)
    tx.updated(Entity.PERSON, person_id, _audited(tx.session, before), _audited(tx.session, values),
               summary=form.name)
    for kind, on in ((EventKind.JOINED, form.joined_on), (EventKind.CONFIRMED, form.confirmed_on)):
        if events.sync_membership_event(tx.session, person_id, kind, on, tx.actor.name) is not None:
            tx.touched(Entity.PERSON_EVENT)


@operation("member.archive", Permission.MEMBERS_EDIT, "归档（转出、去世等）")
def archive_member(tx: Tx, person_id: int, form: ArchiveForm) -> None:
    """Move a person out of the active roster; the reason and its details become a dated event."""
    person = get_entity(tx.session, person_id)
    if person.archive_reason:
        raise ValidationError({"archive_reason": f"“{person.name}”已经归档（{label(person.archive_reason)}）"},
                              FIELD_LABELS)
    errors = validate_archive(form, tx.today, person.birth_date, person.joined_on, person.stage)
    latest = events.latest_event(tx.session, person_id, EventKind.RESTORED)
    if not errors and latest is not None and form.archived_on < latest.on:
        errors["archived_on"] = f"日期不能早于上次恢复的日期（{latest.on.isoformat()}）"
    if errors:
        raise ValidationError(errors, FIELD_LABELS)
    event = events.add_event(tx.session, person_id, form.reason, form.archived_on, tx.actor.name,
                             organisation=form.transfer_to, letter_no=form.transfer_letter_no, note=form.note)
    person.archive_reason, person.archived_on = form.reason, form.archived_on
    tx.updated(Entity.PERSON, person_id, {"archive_reason": None, "archived_on": None},
               {"archive_reason": form.reason, "archived_on": form.archived_on}, summary=person.name)
    tx.created(Entity.PERSON_EVENT, event.id, {"kind": form.reason, "on": form.archived_on,
                                                "organisation": event.organisation, "letter_no": event.letter_no,
                                                "note": event.note}, summary=f"{person.name} {label(form.reason)}")


@operation("member.restore", Permission.MEMBERS_EDIT, "恢复到在册名单")
def restore_member(tx: Tx, person_id: int, form: RestoreForm) -> None:
    """Bring an archived person back; the archive stays in the history and a 恢复 event is added."""
    person = get_entity(tx.session, person_id)
    if not person.archive_reason:
        raise ValidationError({"restored_on": f"“{person.name}”在册，不需要恢复"}, FIELD_LABELS)
    errors = validate_restore(form, tx.today, person.archived_on)
    if errors:
        raise ValidationError(errors, FIELD_LABELS)
    event = events.add_event(tx.session, person_id, EventKind.RESTORED, form.restored_on, tx.actor.name,
                             note=form.note)
    tx.updated(Entity.PERSON, person_id, {"archive_reason": person.archive_reason, "archived_on": person.archived_on},
               {"archive_reason": None, "archived_on": None}, summary=person.name)
    person.archive_reason, person.archived_on = None, None
    tx.created(Entity.PERSON_EVENT, event.id, {"kind": EventKind.RESTORED.value,
                                                "on": form.restored_on, "note": event.note},
               summary=f"{person.name} 恢复")
