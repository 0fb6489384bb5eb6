"""党员花名册: every member with every roster field, grouped by 党小组, with counts; optionally
masked for posting. Declared here; laid out on paper in roster_layout.py (ReportLab, loaded only
when a roster is made, so opening the window does not pay for it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from models.core.jobs import IsCancelled, Progress
from models.reports.declaration import OptionValues, Report
from models.reports.options import GROUP, INCLUDE_ARCHIVED, MASKED

TITLE = "党员花名册"


@dataclass(frozen=True)
class RosterOptions:
    group_id: int | None = None  # None: every group; roster.NO_GROUP: members directly under the branch
    include_archived: bool = False
    masked: bool = False  # for posting: ID numbers and phones masked (docs/domain-rules.md)


def build_roster(session: Session, options: RosterOptions, today: date, progress: Progress | None = None,
                 cancel: IsCancelled | None = None) -> bytes:
    """The 党员花名册 PDF (A4 landscape) for the chosen group; raises ReportError when empty."""
    from models.reports.roster_layout import roster_pdf

    return roster_pdf(session, options, today, progress, cancel)


def _build(session: Session, values: OptionValues, today: date, progress: Progress | None,
           cancel: IsCancelled | None) -> bytes:
    return build_roster(session, RosterOptions(**values), today, progress, cancel)


REPORT = Report(
    code="roster",
    title=TITLE,
    description="全体党员的花名册（A4横向），按党小组分组，末尾有人数统计。"
                "张贴公示时请勾选“隐去身份证号和电话”。",
    options=(GROUP, INCLUDE_ARCHIVED, MASKED),
    builder=_build,
)
