"""Shared set-up for the 民情台账 tests: members and items entered through the real operations, and a
snapshot of every table to prove that a refusal changed nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from models.core.codes import GrievanceCategory, GrievanceSource, Urgency
from models.core.errors import ValidationError
from models.grievances.entities import Grievance, GrievanceActionEntry
from models.grievances.forms import GrievanceForm
from models.grievances.limits import GrievanceSettings, default_grievance_settings, update_grievance_settings
from models.grievances.operations import register_grievance, register_grievance_in
from models.schema import metadata
from models.workspace import Permission, Tx, Workspace, operation
from tests.conftest import TEST_ACTOR
from tests.models.scoring_fixtures import member

__all__ = ["at", "form", "history", "in_state", "item", "member", "refused", "register", "register_many", "set_grievance_settings",
           "snapshot"]


def at(store, day: date) -> Workspace:
    """The write path acting on another day."""
    return Workspace(store, TEST_ACTOR, today=lambda: day)


def form(responsible_id: int, received_on: date = date(2026, 11, 2), **extra) -> GrievanceForm:
    """A complete 登记 form: 环境卫生, 一般, by phone, from 王秀英 of 三组."""
    values = dict(received_on=received_on, source=GrievanceSource.PHONE_CALL.value,
                  category=GrievanceCategory.SANITATION.value, urgency=Urgency.ORDINARY.value,
                  content="村口垃圾池满了没人清运", responsible_id=responsible_id, requester="王秀英",
                  requester_phone="138 0000 1111", requester_address="三组12号", place="三组")
    values.update(extra)
    return GrievanceForm(**values)


def register(workspace: Workspace, responsible_id: int, received_on: date = date(2026, 11, 2), **extra) -> int:
    return workspace.run(register_grievance, form(responsible_id, received_on, **extra)).value


@operation("test.grievance_many", Permission.MEMBERS_EDIT, "测试：一次登记多件民情")
def register_many(tx: Tx, responsible_id: int, n: int) -> list[int]:
    """`n` items registered in one operation (one transaction), in March 2026."""
    return [register_grievance_in(tx, form(responsible_id, date(2026, 3, 1 + i % 28), content=f"第{i + 1}件事"))
            for i in range(n)]


def item(store, grievance_id: int) -> Grievance:
    with store.read() as session:
        found = session.get(Grievance, grievance_id)
        session.expunge(found)
        return found


def history(store, grievance_id: int) -> list[GrievanceActionEntry]:
    with store.read() as session:
        rows = list(session.scalars(select(GrievanceActionEntry).where(
            GrievanceActionEntry.grievance_id == grievance_id).order_by(GrievanceActionEntry.id)))
        session.expunge_all()
        return rows


def snapshot(store) -> dict[str, list[tuple]]:
    """Every row of every table (the audit log included), to compare before and after a refusal."""
    with store.read() as session:
        return {table.name: [tuple(row) for row in session.execute(select(table).order_by(*table.primary_key))]
                for table in metadata.sorted_tables}


def set_grievance_settings(workspace: Workspace, **changes) -> GrievanceSettings:
    settings = replace(default_grievance_settings(), **changes)
    workspace.run(update_grievance_settings, settings)
    return settings


def in_state(workspace: Workspace, responsible_id: int, state: str) -> int:
    """An item received on Monday 2026-11-02 (deadline 2026-11-23), brought into `state`:
    new, handling, referred, resolved, visited_ok, visited_bad, void or extended_twice."""
    from models.grievances import operations as ops

    gid = register(workspace, responsible_id)
    steps = {
        "handling": [(ops.add_progress, date(2026, 11, 4), "已联系")],
        "referred": [(ops.refer, date(2026, 11, 5), "镇环卫所")],
        "resolved": [(ops.close_grievance, date(2026, 11, 9), "已办结")],
        "visited_ok": [(ops.close_grievance, date(2026, 11, 9), "已办结"),
                       (ops.return_visit, date(2026, 11, 10), "satisfied", "", "王委员")],
        "visited_bad": [(ops.close_grievance, date(2026, 11, 9), "已办结"),
                        (ops.return_visit, date(2026, 11, 10), "unsatisfied", "没解决", "王委员")],
        "extended_twice": [(ops.extend_deadline, date(2026, 11, 5), date(2026, 11, 30), "等材料", "李书记"),
                           (ops.extend_deadline, date(2026, 11, 6), date(2026, 12, 4), "等批复", "李书记")],
    }
    if state == "void":
        workspace.run(ops.void_grievance, gid, "登记错了")
    for op, *args in steps.get(state, []):
        workspace.run(op, gid, *args)
    return gid


def refused(store, run, field: str | None = None) -> str:
    """Run a call that must be refused: nothing may change; returns the message."""
    before = snapshot(store)
    with pytest.raises(ValidationError) as error:
        run()
    assert snapshot(store) == before
    if field is not None:
        assert field in error.value.errors
    return str(error.value)
