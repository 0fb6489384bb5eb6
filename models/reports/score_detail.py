"""个人积分明细: one person's score entries in a quarter or a year — every entry, voided ones
included and marked with the reason — with the category subtotals and the total. Internal (it
holds reasons and who recorded what). Declared here; laid out in score_detail_layout.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from models.core.jobs import IsCancelled, Progress
from models.reports.declaration import OptionValues, PersonScope, Report, ReportError
from models.reports.options import PERIOD, PERSON, YEAR, period_or_default, year_or_default

TITLE = "个人积分明细"


@dataclass(frozen=True)
class DetailOptions:
    person_id: int
    period: str | None = None  # 2026Q3 or 2026
    year: str | None = None  # 2026; the same as period=2026 (the command line offers both)

    def chosen(self, today: date):
        """The period asked for: --year or --period (not both), else the last ended quarter."""
        if self.period and self.year:
            raise ReportError("期间和年度只能指定一个：看季度请选期间，看全年请选年度")
        return year_or_default(self.year, today) if self.year else period_or_default(self.period, today)


def build_score_detail(session: Session, options: DetailOptions, today: date, progress: Progress | None = None,
                       cancel: IsCancelled | None = None) -> bytes:
    """The 个人积分明细 PDF (A4 portrait) for one person and one period."""
    from models.reports.score_detail_layout import score_detail_pdf

    return score_detail_pdf(session, options, today, progress, cancel)


def _build(session: Session, values: OptionValues, today: date, progress: Progress | None,
           cancel: IsCancelled | None) -> bytes:
    return build_score_detail(session, DetailOptions(**values), today, progress, cancel)


REPORT = Report(
    code="scores",
    title=TITLE,
    description="一个人在某季度或某年度的全部积分记录（含已作废的记录及作废原因），各季度的小计、总分、名次和档次。"
                "党员和入党申请人、入党积极分子、发展对象都可以选。"
                "也可在“发展党员”页选中某人，在“积分记录”中点“打印积分明细…”。",
    options=(PERSON, PERIOD, YEAR),
    builder=_build,
    person_scope=PersonScope.PEOPLE,  # everyone scoring is for, and archived people for their past periods
)
