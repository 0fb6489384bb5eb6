"""The development steps people have taken (person_event rows not voided), read in one query.

Timing checks, the pipeline list and the reminders all work from these plain snapshots.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.core.codes import EventKind, Step
from models.people.entities import Person, PersonEvent

# Kinds that matter for the pipeline (the archive kinds of the roster do not).
DEVELOPMENT_KINDS: tuple[str, ...] = (*(s.value for s in Step), EventKind.JOINED.value, EventKind.CONFIRMED.value)


class StepEvent(NamedTuple):
    """One live step (a named tuple: a township's pipeline reads tens of thousands at once)."""

    id: int
    kind: str
    on: date
    until: date | None
    hours: int | None
    related_person_id: int | None


@dataclass(frozen=True)
class Candidate:
    """What the rules need to know about a person."""

    id: int
    name: str
    stage: str
    birth_date: date
    joined_on: date | None
    confirmed_on: date | None
    archive_reason: str | None


@dataclass
class History:
    """A person's live steps by kind, each list in date order."""

    events: dict[str, list[StepEvent]] = field(default_factory=dict)

    def all(self, kind: str) -> list[StepEvent]:
        return self.events.get(kind, [])

    def first_on(self, kind: str) -> date | None:
        found = self.all(kind)
        return found[0].on if found else None

    def last(self, kind: str, until: date | None = None) -> StepEvent | None:
        """The latest event of this kind (dated on or before `until`, when given)."""
        found = [e for e in self.all(kind) if until is None or e.on <= until]
        return found[-1] if found else None

    def last_on(self, kind: str) -> date | None:
        event = self.last(kind)
        return event.on if event else None


EMPTY = History()  # the history of someone without steps: read, never changed


def _query(person_ids: Iterable[int] | None):
    query = (select(PersonEvent.person_id, PersonEvent.id, PersonEvent.kind, PersonEvent.on, PersonEvent.until,
                    PersonEvent.hours, PersonEvent.related_person_id)
             .where(PersonEvent.voided_at.is_(None), PersonEvent.kind.in_(DEVELOPMENT_KINDS))
             .order_by(PersonEvent.on, PersonEvent.id))
    return query if person_ids is None else query.where(PersonEvent.person_id.in_(list(person_ids)))


def histories(session: Session, person_ids: list[int] | None = None) -> dict[int, History]:
    """Histories of these people (of everyone when None); people without steps get none."""
    found: dict[int, History] = defaultdict(History)
    chunks = [None] if person_ids is None else [person_ids[i:i + 500] for i in range(0, len(person_ids), 500)]
    for chunk in chunks:
        for person_id, event_id, kind, on, until, hours, related in session.execute(_query(chunk)):
            found[person_id].events.setdefault(kind, []).append(StepEvent(event_id, kind, on, until, hours, related))
    return dict(found)


def history_of(session: Session, person_id: int) -> History:
    return histories(session, [person_id]).get(person_id, History())


def candidate_of(person: Person) -> Candidate:
    return Candidate(person.id, person.name, person.stage, person.birth_date, person.joined_on, person.confirmed_on,
                     person.archive_reason)
