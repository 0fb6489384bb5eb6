"""民情台账 on paper (ReportLab, A4 landscape): the items received in a period, in serial order, with
every field, and a count by status. Internal: the requester's phone and address are on it. Loaded
only when the ledger is made (the declaration is in grievance_ledger.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from models.core.codes import GrievanceStatus, label
from models.core.dates import format_date, format_date_cn
from models.grievances.forms import ItemDetail
from models.grievances.ledger import ledger_details
from models.reports.document import (
    Cancelled,
    PageSetup,
    Progress,
    Styles,
    build_pdf,
    missing_characters_note,
    new_styles,
    require_branch,
    sign_off,
)
from models.reports.grid import GridStyle, GridTable
from models.reports.grievance_cells import line_cells
from models.reports.grievance_format import ANONYMOUS, deadline_text, joined, status_text
from models.reports.grievance_ledger import REPORT, TITLE, LedgerOptions
from models.reports.options import period_or_default

HEADER = ["编号", "登记日期", "来源", "反映人及联系方式", "地点", "类别", "反映内容", "责任人", "首次响应",
          "办理期限", "状态", "办理结果", "回访"]
WIDTHS_MM = (22, 18, 14, 27, 13, 14, 40, 13, 19, 19, 18, 33, 19)  # 269 mm: the landscape frame
CENTERED = frozenset({0, 1, 2, 4, 5, 7, 8, 9, 10, 12})
NO_RECORDS = "本期无记录"


def _response(entry: ItemDetail, today: date) -> str:
    """The first action's date, and whether it was late: 2026-10-09; 2026-10-12（超时）; 超时未响应;
    应于2026-10-09前 while the limit runs."""
    row = entry.row
    if row.first_action_on is not None:
        late = "（超时）" if row.first_action_on > entry.response_due else ""
        return format_date(row.first_action_on) + late
    if row.voided:
        return ""
    if today > entry.response_due:
        return "超时未响应"
    return f"应于{format_date(entry.response_due)}前"


def _result(entry: ItemDetail) -> str:
    row = entry.row
    if row.voided:
        return f"作废原因：{entry.void_reason}"
    parts = []
    if entry.referred_to:
        parts.append(f"转办：{entry.referred_to}")
    if row.resolved_on is not None:
        parts.append(f"{format_date(row.resolved_on)}办结")
    if entry.outcome:
        parts.append(entry.outcome)
    if entry.checked_by:
        parts.append(f"核查：{entry.checked_by}")
    if row.reopened:
        parts.append(f"重新办理{row.reopened}次")
    return joined(parts)


def _visit(entry: ItemDetail) -> str:
    if not entry.row.satisfaction:
        return ""
    return joined([label(entry.row.satisfaction), format_date(entry.visited_on)])


def ledger_row(entry: ItemDetail, today: date) -> list[str]:
    row = entry.row
    requester = joined([row.requester or ANONYMOUS, entry.requester_phone, entry.requester_address])
    return [row.serial, format_date(row.received_on), label(row.source), requester, row.place,
            joined([label(row.category), label(row.urgency)]), row.content, row.responsible_name, _response(entry, today),
            deadline_text(row), status_text(row), _result(entry), _visit(entry)]


def _summary(entries: list[ItemDetail], styles: Styles) -> list[Flowable]:
    live = [e.row for e in entries if not e.row.voided]
    counts = Counter(r.status for r in live)
    parts = [f"{label(s)} {counts[s]} 件" for s in GrievanceStatus if s != GrievanceStatus.VOID and counts[s]]
    overdue = sum(1 for r in live if r.overdue)
    text = f"本期登记 {len(live)} 件" + (f"：{'，'.join(parts)}" if parts else "")
    text += f"；其中逾期未办结 {overdue} 件" if overdue else ""
    voided = len(entries) - len(live)
    text += f"。另有已作废 {voided} 件（编号保留，不计入统计）。" if voided else "。"
    return [Spacer(1, 4 * mm), styles.para("统计", styles.heading), styles.para(text)]


def ledger_pdf(session, options: LedgerOptions, today: date, progress: Progress | None = None,
               cancel: Callable[[], bool] | None = None) -> bytes:
    """The 民情台账 PDF for the period; a period with no items says 本期无记录."""
    branch = require_branch(session)
    period = period_or_default(options.period, today)
    entries = ledger_details(session, period, today)
    if progress:
        progress(0.05, f"已读取 {len(entries)} 件民情事项")
    styles = new_styles()
    widths = [w * mm for w in WIDTHS_MM]
    grid = GridStyle(font=styles.fonts.body, header_font=styles.fonts.title, font_size=8, padding=2.5,
                     centered=CENTERED)
    title = f"{period.title}{TITLE}"
    story: list[Flowable] = [
        styles.para(branch.full_name + title, styles.title),
        styles.para(f"登记日期：{format_date_cn(period.start)}至{format_date_cn(period.end)}　　"
                    f"统计日期：{format_date_cn(today)}　　共 {len(entries)} 件", styles.right),
    ]
    if entries:
        rows = []
        for number, entry in enumerate(entries):
            rows.append(line_cells(ledger_row(entry, today), widths, styles, grid))
            if number % 500 == 0 and cancel and cancel():
                raise Cancelled()
        story.append(GridTable(HEADER, rows, widths, grid))
        story.append(KeepTogether([*_summary(entries, styles), *missing_characters_note(styles),
                                   *sign_off(styles, branch.full_name, today)]))
    else:
        story += [Spacer(1, 10 * mm), styles.para(NO_RECORDS, styles.heading)]
    setup = PageSetup(branch.full_name, title, today, landscape=True,
                      internal=not REPORT.is_public(options.__dict__))
    return build_pdf(setup, story, styles.fonts, progress, cancel)
