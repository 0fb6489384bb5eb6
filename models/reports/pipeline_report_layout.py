"""发展党员进度表 on paper (ReportLab, A4 landscape): everyone in the pipeline by stage, the dates
that matter, this quarter's score and rank, what is due or overdue, and the reminders. Loaded only
when the report is made (the declaration is in pipeline_report.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from models.core.codes import PIPELINE_STAGES, label
from models.core.dates import format_date, format_date_cn
from models.people.branch import group_display
from models.reports.document import (
    Cancelled,
    PageSetup,
    Progress,
    ReportError,
    Styles,
    build_pdf,
    missing_characters_note,
    new_styles,
    require_branch,
    sign_off,
    table_style,
)
from models.reports.grid import GridStyle, GridTable
from models.reports.pipeline_report import TITLE
from models.reports.score_format import points
from models.reports.table_cells import cells

HEADER = ["序号", "姓名", "党小组", "申请入党", "确定积极分子", "列为发展对象", "接收预备党员", "本季度积分", "名次",
          "待办事项", "期限"]
WIDTHS_MM = (10, 20, 26, 21, 23, 23, 23, 19, 12, 70, 22)
CENTERED = frozenset({0, 3, 4, 5, 6, 7, 8, 10})
OVERDUE = "【已逾期】"


def due_text(row) -> str:
    return f"{OVERDUE}{row.due}" if row.overdue and row.due else row.due


def _row(number: int, row) -> list[str]:
    return [str(number), row.name, group_display(row.group_name), format_date(row.applied_on),
            format_date(row.activist_on), format_date(row.candidate_on), format_date(row.joined_on),
            points(row.score), "" if row.rank is None else str(row.rank), due_text(row), format_date(row.due_on)]


def _summary(rows, styles: Styles) -> list[Flowable]:
    counts = [sum(1 for r in rows if r.stage == stage) for stage in PIPELINE_STAGES]
    overdue = sum(1 for r in rows if r.overdue)
    table_rows = [[label(stage) for stage in PIPELINE_STAGES] + ["合计", "有逾期事项"],
                  [f"{n} 人" for n in counts] + [f"{len(rows)} 人", f"{overdue} 人"]]
    style = table_style(styles.fonts.body, font_size=10)
    style.add("ALIGN", (0, 0), (-1, -1), "CENTER")
    table = Table(table_rows, colWidths=[32 * mm] * len(table_rows[0]), style=style)
    table.hAlign = "LEFT"
    return [Spacer(1, 5 * mm), styles.para("统计", styles.heading), table]


def _reminders(session, today: date, styles: Styles) -> list[Flowable]:
    from models.development.reminders import reminders

    found = reminders(session, today)
    if not found:
        return []
    lines = [styles.para(f"提醒事项（{len(found)} 项）", styles.heading)]
    for item in found:
        due = format_date(item.due_on)
        parts = [f"期限 {due}"] if due and due not in item.message else []  # the message may name it already
        parts += ["已逾期"] if item.overdue else []
        when = f"（{'，'.join(parts)}）" if parts else ""
        lines.append(styles.para(f"· {item.name}：{item.message}{when}"))
    return lines


def pipeline_pdf(session, today: date, progress: Progress | None = None,
                 cancel: Callable[[], bool] | None = None) -> bytes:
    """The 发展党员进度表 PDF; ReportError when nobody is in the pipeline."""
    from models.development.pipeline import list_pipeline
    from models.scoring.periods import quarter_of

    branch = require_branch(session)
    rows = list_pipeline(session, today)
    if not rows:
        raise ReportError("还没有发展党员的人员，无法生成进度表（可在“发展党员”中登记入党申请人）")
    if progress:
        progress(0.05, f"已读取 {len(rows)} 人")
    styles = new_styles()
    widths = [w * mm for w in WIDTHS_MM]
    grid = GridStyle(font=styles.fonts.body, header_font=styles.fonts.title, centered=CENTERED)
    story: list[Flowable] = [
        styles.para(branch.full_name + TITLE, styles.title),
        styles.para(f"统计日期：{format_date_cn(today)}　　共 {len(rows)} 人　　"
                    f"积分和名次为{quarter_of(today).title}（截至统计日期）", styles.right),
    ]
    number = 0
    for stage in PIPELINE_STAGES:
        members = [r for r in rows if r.stage == stage]
        if not members:
            continue
        table_rows = []
        for row in members:
            number += 1
            table_rows.append(cells(_row(number, row), widths, styles, grid))
        story += [styles.para(f"{label(stage)}（{len(members)}人）", styles.heading),
                  GridTable(HEADER, table_rows, widths, grid)]
        if cancel and cancel():
            raise Cancelled()
    story += _reminders(session, today, styles)
    story.append(KeepTogether(_summary(rows, styles) + missing_characters_note(styles)
                              + sign_off(styles, branch.full_name, today)))
    setup = PageSetup(branch.full_name, TITLE, today, landscape=True, internal=True)
    return build_pdf(setup, story, styles.fonts, progress, cancel)
