"""民情台账 items, history rows and diary lines for the tests of the reads, written exactly as given.

The reads are tested apart from the operations: a test-only operation inserts each row with every
column stated (status, deadlines, first action, 办结, 回访 …), so a test says the state it reads.
Members come from `member.create` (tests/models/scoring_fixtures.py).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from models.core.codes import GrievanceCategory, GrievanceSource, GrievanceStatus, Urgency
from models.core.pinyin import keys_for
from models.grievances.entities import Grievance, GrievanceActionEntry, VisitDiary
from models.workspace import Entity, Permission, Tx, operation
from tests.models.scoring_fixtures import member  # noqa: F401  (re-exported for the tests)

RECORDED_AT = datetime(2026, 1, 1, 9, 0)


def _serial(tx: Tx, year: int) -> tuple[int, str]:
    seq = (tx.session.scalar(select(func.max(Grievance.seq)).where(Grievance.year == year)) or 0) + 1
    return seq, f"MQ-{year}-{seq:04d}"


@operation("test.grievance_rows", Permission.MEMBERS_EDIT, "测试：写入民情数据")
def _insert(tx: Tx, kind: str, values: dict[str, Any]) -> int:
    if kind == "item":
        values = dict(values)
        if "serial" not in values:
            values["seq"], values["serial"] = _serial(tx, values["received_on"].year)
        values.setdefault("year", values["received_on"].year)
        values.setdefault("seq", int(values["serial"].rsplit("-", 1)[1]))
        row = Grievance(**values)
        entity = Entity.GRIEVANCE
    elif kind == "action":
        row, entity = GrievanceActionEntry(**values), Entity.GRIEVANCE_ACTION
    else:
        row, entity = VisitDiary(**values), Entity.DIARY
    tx.session.add(row)
    tx.session.flush()
    tx.touched(entity, row.id)
    return row.id


def item(workspace, responsible_id: int, received_on: date, *, status: str = GrievanceStatus.NEW,
         deadline: date | None = None, response_due: date | None = None, original_deadline: date | None = None,
         first_action_on: date | None = None, resolved_on: date | None = None, satisfaction: str = "",
         visited_on: date | None = None, category: str = GrievanceCategory.INFRASTRUCTURE,
         urgency: str = Urgency.ORDINARY, source: str = GrievanceSource.WALK_IN, requester: str = "",
         place: str = "", content: str = "村口路灯不亮", reopened: int = 0, extensions: int = 0,
         voided: bool = False, diary_id: int | None = None, serial: str | None = None, **more: Any) -> int:
    """One item with every column stated; deadline/response_due default to a month / a day later."""
    deadline = deadline or date.fromordinal(received_on.toordinal() + 30)
    keys = keys_for(requester) if requester else None
    values = dict(received_on=received_on, source=str(source), requester=requester,
                  requester_pinyin=f"{keys.full} {keys.initials}" if keys else "", requester_phone="",
                  requester_address="", place=place, category=str(category), urgency=str(urgency), content=content,
                  responsible_id=responsible_id,
                  response_due=response_due or date.fromordinal(received_on.toordinal() + 1),
                  original_deadline=original_deadline or deadline, deadline=deadline,
                  first_action_on=first_action_on, status=str(GrievanceStatus.VOID if voided else status),
                  extensions=extensions, reopened=reopened, referred_to="", resolved_on=resolved_on, outcome="",
                  checked_by="", checked_on=None, visited_on=visited_on, satisfaction=str(satisfaction),
                  diary_id=diary_id, voided_at=RECORDED_AT if voided else None,
                  void_reason="登记错误" if voided else "", recorded_by="测试员", recorded_at=RECORDED_AT)
    if serial is not None:
        values["serial"] = serial
    values.update(more)
    return workspace.run(_insert, "item", values).value


def action(workspace, grievance_id: int, kind: str, on: date, note: str = "", **more: Any) -> int:
    values = dict(grievance_id=grievance_id, kind=str(kind), on=on, note=note, actor="", new_deadline=None,
                  referred_to="", satisfaction="", recorded_by="测试员", recorded_at=RECORDED_AT)
    values.update(more)
    return workspace.run(_insert, "action", values).value


def diary(workspace, member_id: int, on: date, household: str = "三组 李家", heard: str = "想问低保怎么申请",
          voided: bool = False) -> int:
    values = dict(member_id=member_id, on=on, household=household, heard=heard,
                  voided_at=RECORDED_AT if voided else None, void_reason="记错了" if voided else "",
                  recorded_by="测试员", recorded_at=RECORDED_AT)
    return workspace.run(_insert, "diary", values).value
