"""民情统计: a period's figures — 登记, 办理中, 逾期, 办结, and the rates (办结率, 按期办结率, 响应率,
满意率, 重办率) — in all, by category, by source, by responsible member and by month, with bar charts
of the items by category and by month drawn by ReportLab (the same figures as the 民情台账 tab's).
Internal. Declared here; laid out in grievance_stats_layout.py (ReportLab, A4 portrait)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from models.core.jobs import IsCancelled, Progress
from models.reports.declaration import OptionValues, Report
from models.reports.options import PERIOD

TITLE = "民情统计"


@dataclass(frozen=True)
class StatsOptions:
    period: str | None = None  # 2026Q3 or 2026; None: the last quarter that has ended


def _build(session: Session, values: OptionValues, today: date, progress: Progress | None,
           cancel: IsCancelled | None) -> bytes:
    from models.reports.grievance_stats_layout import stats_pdf

    return stats_pdf(session, StatsOptions(**values), today, progress, cancel)


REPORT = Report(
    code="grievance-stats",
    title=TITLE,
    description="某季度（或年度）民情事项的统计：登记、办理中、逾期、办结件数和办结率、按期办结率、响应率、"
                "满意率、重办率，按类别、来源、责任人和月份分列，附按类别和按月份的柱状图。",
    options=(PERIOD,),
    builder=_build,
)
