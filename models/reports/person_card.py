"""党员基本信息卡: one person's roster record on an A4 portrait page, for the paper file. Declared
here; laid out on paper in person_card_layout.py (ReportLab, loaded only when a card is made)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from models.core.jobs import IsCancelled, Progress
from models.reports.declaration import OptionValues, PersonScope, Report
from models.reports.options import PERSON

TITLE = "党员基本信息卡"


def build_person_card(session: Session, person_id: int, today: date, progress: Progress | None = None,
                      cancel: IsCancelled | None = None) -> bytes:
    """The card PDF (A4 portrait) for one person."""
    from models.reports.person_card_layout import person_card_pdf

    return person_card_pdf(session, person_id, today, progress, cancel)


def _build(session: Session, values: OptionValues, today: date, progress: Progress | None,
           cancel: IsCancelled | None) -> bytes:
    return build_person_card(session, values["person_id"], today, progress, cancel)


REPORT = Report(
    code="person",
    title=TITLE,
    description="一名党员的基本信息卡（A4纵向），用于归档。也可在“党员”页选中某人后点“打印信息卡”。",
    options=(PERSON,),
    builder=_build,
    person_scope=PersonScope.MEMBERS,  # a card for the party file: 入党申请人 and 积极分子 have none
)
