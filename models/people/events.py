"""A person's dated history (table person_event): reading the timeline, adding events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from models.core.codes import EventKind
from models.people.entities import PersonEvent


@dataclass(frozen=True)
class EventRow:
    id: int
    kind: str
    on: date
    organisation: str
    letter_no: str
    note: str
    recorded_by: str


def timeline(session: Session, person_id: int) -> list[EventRow]:
    """The person's events, newest first."""
    query = (select(PersonEvent).where(PersonEvent.person_id == person_id)
             .order_by(PersonEvent.on.desc(), PersonEvent.id.desc()))
    return [EventRow(e.id, e.kind, e.on, e.organisation, e.letter_no, e.note, e.recorded_by)
            for e in session.scalars(query)]


def latest_event(session: Session, person_id: int, kind: str) -> PersonEvent | None:
    """The person's most recently entered event of this kind."""
    return session.scalars(select(PersonEvent).where(PersonEvent.person_id == person_id, PersonEvent.kind == kind)
                           .order_by(PersonEvent.id.desc()).limit(1)).first()


def add_event(session: Session, person_id: int, kind: str, on: date, recorded_by: str, *,
              organisation: str = "", letter_no: str = "", note: str = "") -> PersonEvent:
    event = PersonEvent(person_id=person_id, kind=kind, on=on, organisation=organisation.strip(),
                        letter_no=letter_no.strip(), note=note.strip(), recorded_by=recorded_by)
    session.add(event)
    session.flush()
    return event


def membership_events(person_id: int, joined_on: date | None, confirmed_on: date | None,
                      recorded_by: str) -> list[dict]:
    """Rows for the 入党 and 转正 events of a person being created (bulk-insert friendly)."""
    rows = []
    for kind, on in ((EventKind.JOINED, joined_on), (EventKind.CONFIRMED, confirmed_on)):
        if on is not None:
            rows.append({"person_id": person_id, "kind": kind.value, "on": on, "organisation": "", "letter_no": "",
                         "note": "", "recorded_by": recorded_by})
    return rows


def insert_events(session: Session, rows: list[dict]) -> None:
    for start in range(0, len(rows), 2000):
        session.execute(insert(PersonEvent), rows[start:start + 2000])


def sync_membership_event(session: Session, person_id: int, kind: EventKind, on: date | None,
                          recorded_by: str) -> PersonEvent | None:
    """Keep the one 入党 (or 转正) event in step with the roster's date after a correction.

    The roster dates are facts about one moment, so correcting them moves that event (the audit
    log keeps the old value); it is created when missing. A cleared date leaves the event be.
    """
    if on is None:
        return None
    event = session.scalars(select(PersonEvent).where(PersonEvent.person_id == person_id,
                                                      PersonEvent.kind == kind.value)).first()
    if event is None:
        return add_event(session, person_id, kind, on, recorded_by)
    if event.on != on:
        event.on = on
        return event
    return None
