"""发展党员进度表: everyone in the development pipeline (入党申请人, 入党积极分子, 发展对象,
预备党员 until 转正) by stage, with the dates that matter, this quarter's score and rank, and what is
due or overdue. Internal; A4 landscape. Declared here; laid out in pipeline_report_layout.py."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from models.core.jobs import IsCancelled, Progress
from models.reports.declaration import OptionValues, Report

TITLE = "发展党员进度表"


def build_pipeline_report(session: Session, today: date, progress: Progress | None = None,
                          cancel: IsCancelled | None = None) -> bytes:
    """The 发展党员进度表 PDF (A4 landscape); ReportError when nobody is in the pipeline."""
    from models.reports.pipeline_report_layout import pipeline_pdf

    return pipeline_pdf(session, today, progress, cancel)


def _build(session: Session, values: OptionValues, today: date, progress: Progress | None,
           cancel: IsCancelled | None) -> bytes:
    return build_pipeline_report(session, today, progress, cancel)


REPORT = Report(
    code="pipeline",
    title=TITLE,
    description="发展党员工作中全部人员的进度（A4横向）：按阶段列出入党申请人、入党积极分子、发展对象和预备党员，"
                "各关键日期、本季度积分和名次，以及到期和逾期的事项，末尾附提醒。",
    options=(),
    builder=_build,
)
