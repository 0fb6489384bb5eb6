"""入党积极分子积分排名公示: a quarter's (or a year's) ranking of the activists, made to be posted on
the village board — 名次, name, 党小组, the category subtotals, the total and the band, the 公示期
and the 监督电话, and the branch's signature block. Nothing else about anyone: no ID number, no
phone, no birth date. Declared here; laid out in ranking_notice_layout.py (ReportLab)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from models.core.jobs import IsCancelled, Progress
from models.reports.declaration import OptionValues, Report
from models.reports.options import NOTICE_FROM, NOTICE_TO, PERIOD

TITLE = "入党积极分子积分排名公示"


@dataclass(frozen=True)
class NoticeOptions:
    period: str | None = None  # 2026Q3 or 2026; None: the last quarter that has ended
    notice_from: date | None = None  # 公示期, used when the period's 公示 is not recorded
    notice_to: date | None = None


def build_ranking_notice(session: Session, options: NoticeOptions, today: date, progress: Progress | None = None,
                         cancel: IsCancelled | None = None) -> bytes:
    """The 公示 PDF (A4 portrait); ReportError when nobody is ranked in the period."""
    from models.reports.ranking_notice_layout import ranking_notice_pdf

    return ranking_notice_pdf(session, options, today, progress, cancel)


def _build(session: Session, values: OptionValues, today: date, progress: Progress | None,
           cancel: IsCancelled | None) -> bytes:
    return build_ranking_notice(session, NoticeOptions(**values), today, progress, cancel)


REPORT = Report(
    code="ranking",
    title=TITLE,
    description="某季度（或年度）入党积极分子的积分排名，用于张贴公示：名次、姓名、党小组、各类得分、总分和档次，"
                "附公示期、监督电话和落款。已登记公示的期间按登记的公示期。",
    options=(PERIOD, NOTICE_FROM, NOTICE_TO),
    builder=_build,
    public=True,
)
