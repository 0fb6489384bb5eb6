"""民情日记: the home visits members recorded in a period — date, member, household, what was heard,
and the 民情事项 a line became — for one member or for everyone, with a count per member. Internal
(households are named). Declared here; laid out in visit_diary_layout.py (ReportLab, A4 portrait)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from models.core.jobs import IsCancelled, Progress
from models.reports.declaration import OptionValues, Report
from models.reports.options import PERIOD, PERSON_OPTIONAL

TITLE = "民情日记"


@dataclass(frozen=True)
class DiaryOptions:
    period: str | None = None  # 2026Q3 or 2026; None: the last quarter that has ended
    person_id: int | None = None  # one member's diary; None: every member's


def _build(session: Session, values: OptionValues, today: date, progress: Progress | None,
           cancel: IsCancelled | None) -> bytes:
    from models.reports.visit_diary_layout import diary_pdf

    return diary_pdf(session, DiaryOptions(**values), today, progress, cancel)


REPORT = Report(
    code="visit-diary",
    title=TITLE,
    description="某季度（或年度）党员入户走访的民情日记：日期、党员、走访户、听到的情况，以及转成的民情事项编号，"
                "末尾有每名党员的走访次数。选定党员时只列此人的，不选时列全体党员的。",
    options=(PERIOD, PERSON_OPTIONAL),
    builder=_build,
)
