"""民情交办单: one item on one page, handed to the responsible member — what was asked, by whom and
how to reach them, where, the response and completion limits, what has been done so far, and room
to write the handling down and sign. Internal (the requester's phone and address are on it).
Without a serial, one page for every item still 待办理. Declared here; laid out in
grievance_slip_layout.py (ReportLab, A4 portrait)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from models.core.jobs import IsCancelled, Progress
from models.reports.declaration import OptionValues, Report
from models.reports.options import SERIAL

TITLE = "民情交办单"


@dataclass(frozen=True)
class SlipOptions:
    serial: str | None = None  # MQ-2026-0001; None: every item still 待办理


def _build(session: Session, values: OptionValues, today: date, progress: Progress | None,
           cancel: IsCancelled | None) -> bytes:
    from models.reports.grievance_slip_layout import slip_pdf

    return slip_pdf(session, SlipOptions(**values), today, progress, cancel)


REPORT = Report(
    code="grievance-slip",
    title=TITLE,
    description="把一件民情事项交给责任人办理的单子（一件一页）：反映人及联系方式、地点、内容、响应和办理期限、"
                "已有的办理经过，留有填写办理情况和签字的地方。不填编号时，为所有“待办理”的事项各打一页。",
    options=(SERIAL,),
    builder=_build,
)
