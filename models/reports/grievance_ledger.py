"""民情台账: every item received in a period with every field — who raised it and how to reach them,
where, what, who answers for it, the limits, what was done, the outcome and the 回访 — voided items
included and marked. Internal. Declared here; read with models.grievances.ledger.ledger_details
(shared with the Excel export); laid out in grievance_ledger_layout.py (ReportLab, landscape A4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from models.core.jobs import IsCancelled, Progress
from models.reports.declaration import OptionValues, Report
from models.reports.options import PERIOD

TITLE = "民情台账"


@dataclass(frozen=True)
class LedgerOptions:
    period: str | None = None  # 2026Q3 or 2026; None: the last quarter that has ended


def _build(session: Session, values: OptionValues, today: date, progress: Progress | None,
           cancel: IsCancelled | None) -> bytes:
    from models.reports.grievance_ledger_layout import ledger_pdf

    return ledger_pdf(session, LedgerOptions(**values), today, progress, cancel)


REPORT = Report(
    code="grievances",
    title=TITLE,
    description="某季度（或年度）登记的全部民情事项（A4横向）：编号、来源、反映人及联系方式、地点、类别、内容、"
                "责任人、响应和办理期限、状态、办理结果和回访，已作废的也列出并注明原因。",
    options=(PERIOD,),
    builder=_build,
)
