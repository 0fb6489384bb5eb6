"""民情办理情况公示 on paper (ReportLab, A4 portrait). Loaded only when the notice is made (the
declaration is in grievance_notice.py). Made to be posted: a line holds 编号, date, category, the
requester masked (王**), the content and the outcome with numbers hidden, the responsible member
and the status — never a phone, an ID number, an address or a house number."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from models.core.codes import OPEN_STATUSES, label
from models.core.dates import format_date, format_date_cn
from models.reports.declaration import ReportError
from models.reports.document import (
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
from models.reports.grievance_format import masked_name, public_text
from models.reports.grievance_notice import REPORT, TITLE, GrievanceNoticeOptions, NoticeItem, notice_items
from models.reports.options import month_or_default

HEADER = ["编号", "受理日期", "类别", "反映人", "反映内容", "责任人", "办理状态", "办理结果"]
WIDTHS_MM = (24, 20, 15, 13, 40, 14, 27, 29)  # 182 mm: the portrait frame
CENTERED = frozenset({0, 1, 2, 3, 5, 6})
BLANK = "_" * 16  # a 监督电话 not yet set in 设置: a line to write it on by hand
NO_RECORDS = "本期无记录"
_OPEN = {s.value for s in OPEN_STATUSES}


def _status(item: NoticeItem, today: date) -> str:
    text = label(item.status) or item.status
    return f"{text}（已逾期）" if item.status in _OPEN and today > item.deadline else text


def _outcome(item: NoticeItem) -> str:
    if item.resolved_on is None or item.status in _OPEN:
        return f"办理期限：{format_date(item.deadline)}"
    outcome = public_text(item.outcome, item.requester)
    return f"{format_date(item.resolved_on)}办结" + (f"：{outcome}" if outcome else "")


def notice_row(item: NoticeItem, today: date) -> list[str]:
    """A posted line: nothing from which the requester could be found but the masked surname."""
    return [item.serial, format_date(item.received_on), label(item.category), masked_name(item.requester),
            public_text(item.content, item.requester), item.responsible_name, _status(item, today), _outcome(item)]


def _table(items: list[NoticeItem], today: date, styles: Styles, grid: GridStyle, widths: list[float]) -> GridTable:
    return GridTable(HEADER, [line_cells(notice_row(i, today), widths, styles, grid) for i in items], widths, grid)


def notice_pdf(session, options: GrievanceNoticeOptions, today: date, progress: Progress | None = None,
               cancel: Callable[[], bool] | None = None) -> bytes:
    """The 公示 PDF for the month; a month with no items says 本期无记录."""
    from models.settings.values import get_settings

    month = month_or_default(options.month, today)
    if month.start > today:
        raise ReportError(f"{month.title}还没有到，不能公示这个月的办理情况")
    branch = require_branch(session)
    items = notice_items(session, month)
    if progress:
        progress(0.05, f"已读取 {len(items)} 件民情事项")
    styles = new_styles(body_size=11)
    widths = [w * mm for w in WIDTHS_MM]
    grid = GridStyle(font=styles.fonts.body, header_font=styles.fonts.title, font_size=8.5, padding=3,
                     centered=CENTERED)
    title = f"{month.title}{TITLE}"
    new = [i for i in items if not i.carried_over]
    earlier = [i for i in items if i.carried_over]
    story: list[Flowable] = [styles.para(title, styles.title)]
    if items:
        closed = sum(1 for i in items if i.status not in _OPEN)
        story.append(styles.para(
            f"为接受群众监督，现将{month.title}民情事项办理情况予以公示：本月受理 {len(new)} 件，"
            f"以前受理、本月继续办理或办结 {len(earlier)} 件，截至{format_date_cn(today)}已办结 {closed} 件。"
            "群众对办理情况有意见的，可向党支部反映。"))
        for heading, part in (("一、本月受理的事项", new), ("二、以前受理、本月继续办理或办结的事项", earlier)):
            if part:
                story += [styles.para(f"{heading}（{len(part)} 件）", styles.heading),
                          _table(part, today, styles, grid, widths)]
        story += [Spacer(1, 2 * mm),
                  styles.para(f"注：办理状态为截至{format_date_cn(today)}的情况；为保护反映人隐私，"
                              "反映人只显示姓氏，电话、门牌号等不予公示。", styles.note)]
    else:
        story += [Spacer(1, 10 * mm), styles.para(NO_RECORDS, styles.heading)]
    phone = get_settings(session).notice.supervision_phone.strip() or BLANK
    story.append(KeepTogether([Spacer(1, 4 * mm), styles.para(f"监督电话：{phone}", styles.heading),
                               *missing_characters_note(styles), *sign_off(styles, branch.full_name, today)]))
    setup = PageSetup(branch.full_name, title, today, landscape=False,
                      internal=not REPORT.is_public(options.__dict__))
    return build_pdf(setup, story, styles.fonts, progress, cancel)
