"""民情办理情况公示: a month's 民情事项 posted on the village board — the items received that month and
those received earlier that were still being handled in it or closed in it, each with 编号, date,
category, content, the responsible member, status and outcome. Made to be posted: the requester is
named masked (王**), no phone, no address; phones, ID numbers and house numbers typed into the
content or the outcome are hidden. The 监督电话 of 设置 and the branch's signature block close it.
Declared here, with its read (`notice_items`); laid out in grievance_notice_layout.py (ReportLab)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from models.core.codes import OPEN_STATUSES, GrievanceStatus
from models.core.jobs import IsCancelled, Progress
from models.reports.declaration import OptionValues, Report
from models.reports.options import MONTH

TITLE = "民情办理情况公示"


@dataclass(frozen=True)
class GrievanceNoticeOptions:
    month: str | None = None  # 2026-10; None: the month before today's


class NoticeItem(NamedTuple):
    """What a posted line may hold (and the requester's name, only to mask it in the content)."""

    serial: str
    received_on: date
    category: str
    content: str
    requester: str
    responsible_name: str
    status: str
    deadline: date
    resolved_on: date | None
    outcome: str
    carried_over: bool  # received before the month, still being handled in it or closed in it


def notice_items(session: Session, period) -> list[NoticeItem]:
    """The month's items (not voided), in serial order: those received in it, then those received
    earlier that were open in it — still open now, or closed on or after its first day."""
    from models.grievances.entities import Grievance
    from models.grievances.ledger import serial_key
    from models.people.entities import Person

    open_codes = [s.value for s in OPEN_STATUSES]
    query = (select(Grievance.serial, Grievance.received_on, Grievance.category, Grievance.content,
                    Grievance.requester, Person.name, Grievance.status, Grievance.deadline, Grievance.resolved_on,
                    Grievance.outcome)
             .join(Person, Person.id == Grievance.responsible_id)
             .where(Grievance.voided_at.is_(None), Grievance.status != GrievanceStatus.VOID.value,
                    Grievance.received_on <= period.end,
                    or_(Grievance.received_on >= period.start, Grievance.status.in_(open_codes),
                        Grievance.resolved_on >= period.start)))
    items = [NoticeItem(*found, carried_over=found.received_on < period.start) for found in session.execute(query)]
    return sorted(items, key=lambda i: (i.carried_over, serial_key(i.serial)))


def _build(session: Session, values: OptionValues, today: date, progress: Progress | None,
           cancel: IsCancelled | None) -> bytes:
    from models.reports.grievance_notice_layout import notice_pdf

    return notice_pdf(session, GrievanceNoticeOptions(**values), today, progress, cancel)


REPORT = Report(
    code="grievance-notice",
    title=TITLE,
    description="某月民情事项的办理情况，用于张贴公示：本月受理的和以前受理、本月仍在办理或本月办结的事项，"
                "列出编号、日期、类别、内容、责任人、状态和办理结果，附监督电话和落款。"
                "反映人姓名只显示姓氏（如 王**），不含电话和门牌号。",
    options=(MONTH,),
    builder=_build,
    public=True,
)
