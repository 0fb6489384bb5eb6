"""党员年度积分及星级评定表: the members' scores of a year — each quarter and the year's — with
the star rating the year's score earns (五星 … 一星, bands from 设置). Internal. Declared here;
laid out in stars_layout.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from models.core.jobs import IsCancelled, Progress
from models.reports.declaration import OptionValues, Report
from models.reports.options import YEAR

TITLE = "党员年度积分及星级评定表"


@dataclass(frozen=True)
class StarsOptions:
    year: str | None = None  # 2026; None: the year of the last quarter that has ended


def build_stars(session: Session, options: StarsOptions, today: date, progress: Progress | None = None,
                cancel: IsCancelled | None = None) -> bytes:
    """The 星级评定表 PDF (A4 portrait); ReportError when no member is scored that year."""
    from models.reports.stars_layout import stars_pdf

    return stars_pdf(session, options, today, progress, cancel)


def _build(session: Session, values: OptionValues, today: date, progress: Progress | None,
           cancel: IsCancelled | None) -> bytes:
    return build_stars(session, StarsOptions(**values), today, progress, cancel)


REPORT = Report(
    code="stars",
    title=TITLE,
    description="某年度全体党员的积分（各季度得分和年度得分）及星级评定结果，星级分档按“设置”中的规定。",
    options=(YEAR,),
    builder=_build,
)
