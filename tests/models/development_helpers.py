"""Shared set-up for the 发展党员 tests: people entered through the real operations."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import func, select

from models.core.codes import Step
from models.development.entities import DevelopmentMaterial
from models.development.operations import (
    ApplicantForm,
    StageChange,
    StepForm,
    change_stage,
    record_step,
    register_applicant,
)
from models.people.citizen_id import make
from models.people.entities import Person, PersonEvent
from models.people.operations import create_member
from models.people.rules import PersonForm
from models.settings.values import get_settings, update_settings
from models.workspace import Workspace
from models.workspace.entities import AuditEntry
from tests.conftest import TEST_ACTOR

_serial = iter(range(100, 999))


def at(store, day: date) -> Workspace:
    """The write path acting on another day (timing rules at their edges)."""
    return Workspace(store, TEST_ACTOR, today=lambda: day)


def applicant(workspace: Workspace, name: str = "李明", birth: date = date(1995, 3, 1),
              applied: date = date(2023, 1, 10), **extra) -> int:
    form = ApplicantForm(name=name, gender="M", birth_date=birth, applied_on=applied, phone="138 1234 5678", **extra)
    return workspace.run(register_applicant, form).value


def full_member(workspace: Workspace, name: str = "王建国", stage: str = "full") -> int:
    birth = date(1960, 1, 1 + next(_serial) % 28)
    extra = {"confirmed_on": date(1991, 7, 1)} if stage == "full" else {}
    joined = date(1990, 7, 1) if stage == "full" else date(2026, 7, 1)
    form = PersonForm(name=name, citizen_id=make("411323", birth, next(_serial)), stage=stage, joined_on=joined,
                      **extra)
    return workspace.run(create_member, form).value


def step(workspace: Workspace, person_id: int, kind: str, on: date, **extra) -> int:
    return workspace.run(record_step, person_id, StepForm(kind, on, **extra)).value


def stage(workspace: Workspace, person_id: int, action: str, on: date, **extra):
    return workspace.run(change_stage, person_id, StageChange(action, on, **extra)).value


def to_candidate(store, name: str = "李明") -> int:
    """An applicant of 2023 made a 发展对象 on 2024-03-01, every rule met."""
    ws = at(store, date(2024, 3, 1))
    person = applicant(ws, name)
    step(ws, person, Step.TALKED, date(2023, 1, 20))
    stage(ws, person, "activist", date(2023, 3, 1))
    stage(ws, person, "candidate", date(2024, 3, 1))
    return person


def ready_to_admit(store, name: str = "李明") -> int:
    """A 发展对象 with 政审, three days of training and a 公示 ending 2024-05-10."""
    person = to_candidate(store, name)
    ws = at(store, date(2024, 5, 10))
    step(ws, person, Step.POLITICAL_REVIEW, date(2024, 4, 1))
    step(ws, person, Step.TRAINING, date(2024, 4, 10), until=date(2024, 4, 12))
    step(ws, person, Step.PUBLICITY, date(2024, 5, 6))
    return person


def set_rule(workspace: Workspace, code: str, *, enabled: bool = True, value: int | None = None) -> None:
    with workspace.read() as session:
        settings = get_settings(session)
    timing = tuple(replace(r, enabled=enabled, value=r.value if value is None else value) if r.code == code else r
                   for r in settings.timing)
    workspace.run(update_settings, replace(settings, timing=timing))


def counts(store) -> tuple[int, int, int, int]:
    with store.read() as session:
        return tuple(session.scalar(select(func.count(c))) for c in (Person.id, PersonEvent.id, AuditEntry.id,
                                                                        DevelopmentMaterial.id))


def events(store, person_id: int, kind: str) -> list[PersonEvent]:
    with store.read() as session:
        found = list(session.scalars(select(PersonEvent).where(PersonEvent.person_id == person_id,
                                                               PersonEvent.kind == kind).order_by(PersonEvent.id)))
        session.expunge_all()
        return found


def person(store, person_id: int) -> Person:
    with store.read() as session:
        found = session.get(Person, person_id)
        session.expunge_all()
        return found
