"""Writing imported development dates into people's timelines (person_event rows with Step codes),
in bulk, with an audit row per step, inside the import's transaction.

培养联系人 and 入党介绍人 are linked to the full member of that name when exactly one is recorded
(members imported by the same file included); otherwise the names are kept as the step's note.
For a person already recorded, a step they have is not written twice: a date that differs moves
that step (the audit log keeps the old date), a name step they have stays as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from models.core.codes import Stage, label
from models.excel.development_columns import DATE_STEPS, NAME_STEPS, DevelopmentDates, step_date
from models.people.entities import Person, PersonEvent
from models.workspace import Entity, Tx

CHUNK = 500  # ids per IN (…): SQLite's parameter limit


@dataclass(frozen=True)
class TimelineSteps:
    """The development columns of one person being imported."""

    person_id: int
    name: str
    dates: DevelopmentDates
    joined_on: date | None = None


def stored_steps(session: Session, person_ids: Iterable[int]) -> dict[tuple[int, str], tuple[int, date]]:
    """(person, step) -> (event id, date) of the live (not voided) development steps of these people."""
    kinds = [step.value for _, step in DATE_STEPS] + [step.value for _, step, _ in NAME_STEPS]
    ids = list(person_ids)
    found: dict[tuple[int, str], tuple[int, date]] = {}
    for start in range(0, len(ids), CHUNK):
        query = (select(PersonEvent.person_id, PersonEvent.kind, PersonEvent.id, PersonEvent.on)
                 .where(PersonEvent.person_id.in_(ids[start:start + CHUNK]), PersonEvent.kind.in_(kinds),
                        PersonEvent.voided_at.is_(None))
                 .order_by(PersonEvent.on, PersonEvent.id))
        for person_id, kind, event_id, on in session.execute(query):
            found.setdefault((person_id, kind), (event_id, on))  # the first one is the step
    return found


def step_changes(session: Session, people: list[TimelineSteps], label_of) -> dict[int, list[str]]:
    """For people already recorded: the development columns an import would add or change."""
    stored = stored_steps(session, [p.person_id for p in people])
    changes: dict[int, list[str]] = {}
    for person in people:
        found = []
        for name, step in DATE_STEPS:
            value = getattr(person.dates, name)
            if value is not None and stored.get((person.person_id, step.value), (0, None))[1] != value:
                found.append(label_of(name))
        for name, step, _ in NAME_STEPS:
            if getattr(person.dates, name) and (person.person_id, step.value) not in stored:
                found.append(label_of(name))
        if found:
            changes[person.person_id] = found
    return changes


def full_members_by_name(session: Session) -> dict[str, list[tuple[int, str]]]:
    """Name -> [(id, name)] of every full member, archived ones included (an introducer of long ago
    may have died or moved away; the link is still history)."""
    by_name: dict[str, list[tuple[int, str]]] = {}
    for person_id, name in session.execute(select(Person.id, Person.name).where(Person.stage == Stage.FULL)):
        by_name.setdefault(name, []).append((person_id, name))
    return by_name


def write_steps(tx: Tx, people: list[TimelineSteps]) -> int:
    """Write the steps of these people; returns how many were added or moved."""
    people = [p for p in people if p.dates]
    if not people:
        return 0
    session = tx.session
    stored = stored_steps(session, [p.person_id for p in people])
    members = full_members_by_name(session)
    rows, names, moves = [], [], []  # names: (person, linked member) for the audit rows
    for person in people:
        for row in _date_rows(person, stored, moves) + _name_rows(person, stored, members):
            names.append((person.name, row.pop("related")))
            rows.append({**row, "person_id": person.person_id, "recorded_by": tx.actor.name, "organisation": "",
                         "letter_no": "", "override_reason": "", "void_reason": ""})
    for start in range(0, len(rows), 1000):
        tx.check_cancel()
        batch = rows[start:start + 1000]
        ids = session.scalars(insert(PersonEvent).returning(PersonEvent.id, sort_by_parameter_order=True),
                              batch).all()
        for event_id, row, (name, related) in zip(ids, batch, names[start:start + 1000], strict=True):
            values = {"person_id": row["person_id"], "kind": row["kind"], "on": row["on"], "note": row["note"],
                      "related_person": related}  # as the development operations log a step
            tx.created(Entity.PERSON_EVENT, event_id, values, summary=f"{name} {label(row['kind'])}")
    if moves:
        session.execute(update(PersonEvent), [{"id": event_id, "on": new} for event_id, _, new, _, _ in moves])
        for event_id, old, new, kind, name in moves:
            tx.updated(Entity.PERSON_EVENT, event_id, {"on": old}, {"on": new}, summary=f"{name} {label(kind)}")
    tx.touched(Entity.PERSON, *(p.person_id for p in people))
    return len(rows) + len(moves)


def _date_rows(person: TimelineSteps, stored: dict, moves: list) -> list[dict]:
    rows = []
    for name, step in DATE_STEPS:
        value = getattr(person.dates, name)
        if value is None:
            continue
        known = stored.get((person.person_id, step.value))
        if known is None:
            rows.append({"kind": step.value, "on": value, "note": "", "related_person_id": None, "related": None})
        elif known[1] != value:
            moves.append((known[0], known[1], value, step.value, person.name))
    return rows


def _name_rows(person: TimelineSteps, stored: dict, members: dict[str, list[tuple[int, str]]]) -> list[dict]:
    """One linked step per name that is one full member; the other names in one step's note."""
    rows = []
    for name, step, sources in NAME_STEPS:
        names = getattr(person.dates, name)
        if not names or (person.person_id, step.value) in stored:
            continue
        on = step_date(person.dates, sources, person.joined_on)
        unmatched = []
        for wanted in names:
            found = [m for m in members.get(wanted, []) if m[0] != person.person_id]
            if len(found) == 1:
                rows.append({"kind": step.value, "on": on, "note": "", "related_person_id": found[0][0],
                             "related": found[0][1]})
            else:
                unmatched.append(wanted)
        if unmatched:
            why = "同名党员不止一人" if any(len(members.get(n, [])) > 1 for n in unmatched) else "党员名单中没有"
            rows.append({"kind": step.value, "on": on, "related_person_id": None, "related": None,
                         "note": f"{label(step)}：{'、'.join(unmatched)}（从Excel导入，{why}，未关联）"[:200]})
    return rows

