"""入党积极分子积分排名公示 on paper (ReportLab, A4 portrait). Loaded only when the notice is made
(the declaration is in ranking_notice.py). Made to be posted: each row holds only 名次, name,
党小组, the category subtotals, the total and the band — never an ID number or a phone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from models.core.codes import Audience
from models.core.dates import format_date_cn
from models.people.branch import group_display
from models.reports.document import (
    PageSetup,
    Progress,
    ReportError,
    build_pdf,
    missing_characters_note,
    new_styles,
    require_branch,
    sign_off,
)
from models.reports.grid import GridStyle, GridTable
from models.reports.options import period_or_default
from models.reports.ranking_notice import TITLE, NoticeOptions
from models.reports.score_format import band_legend, category_headers, points, subtotals
from models.reports.table_cells import cells

HEADER = ["名次", "姓名", "党小组", *category_headers(), "总分", "档次"]
WIDTHS_MM = (14, 26, 34, 20, 18, 18, 20, 32)
CENTERED = frozenset({0, 3, 4, 5, 6, 7})
BLANK = "_" * 16  # a 监督电话 not yet set in 设置: a line to write it on by hand


def notice_dates(session, period, options: NoticeOptions, today: date, publicity_days: int) -> tuple[date, date]:
    """The 公示期: as recorded when the period's 公示 is recorded, else as chosen (from today for the
    working days set in 设置 by default)."""
    from models.development.workdays import workday_span_end
    from models.scoring.ranking import is_posted

    posting = is_posted(session, period.code, Audience.ACTIVISTS.value)
    if posting is not None:
        return posting.posted_from, posting.posted_to
    start = options.notice_from or today
    end = options.notice_to or workday_span_end(start, max(publicity_days, 1))
    if end < start:
        raise ReportError(f"公示结束日期（{format_date_cn(end)}）不能早于开始日期（{format_date_cn(start)}）")
    return start, end


def _rows(ranked, styles, widths, grid) -> list:
    rows = []
    for row in ranked:
        rank = "—" if row.rank is None or row.vetoed else str(row.rank)
        text = [rank, row.name, group_display(row.group_name), *subtotals(row.by_category), points(row.total),
                row.band]
        rows.append(cells(text, widths, styles, grid))
    return rows


def ranking_notice_pdf(session, options: NoticeOptions, today: date, progress: Progress | None = None,
                       cancel: Callable[[], bool] | None = None) -> bytes:
    """The 公示 PDF for the period; ReportError when nobody is ranked in it."""
    from models.scoring.ranking import ranking
    from models.settings.values import get_settings

    branch = require_branch(session)
    period = period_or_default(options.period, today)
    settings = get_settings(session)
    ranked = ranking(session, period.code, Audience.ACTIVISTS.value, today=today)
    if not ranked:
        raise ReportError(f"{period.title}没有参加积分排名的入党积极分子，无法生成公示"
                          "（可在“发展党员”中登记积极分子和积分）")
    start, end = notice_dates(session, period, options, today, settings.notice.publicity_days)
    if progress:
        progress(0.05, f"已读取 {len(ranked)} 人的积分")
    styles = new_styles(body_size=11)
    widths = [w * mm for w in WIDTHS_MM]
    grid = GridStyle(font=styles.fonts.body, header_font=styles.fonts.title, font_size=10, padding=3.5,
                     centered=CENTERED)
    title = f"{period.title}{TITLE}"
    phone = settings.notice.supervision_phone.strip() or BLANK
    story: list[Flowable] = [
        styles.para(title, styles.title),
        styles.para(f"根据发展党员工作有关规定和入党积极分子积分管理办法，现将{period.title}入党积极分子积分排名情况"
                    f"予以公示（共 {len(ranked)} 人）。公示期间，党员和群众如有意见或问题，可向党支部反映。"),
        styles.para(f"公示期：{format_date_cn(start)}至{format_date_cn(end)}", styles.heading),
        GridTable(HEADER, _rows(ranked, styles, widths, grid), widths, grid),
        Spacer(1, 3 * mm),
        styles.para(f"档次说明：{band_legend(settings.scoring.activist_bands)}。", styles.note),
    ]
    if any(row.vetoed for row in ranked):
        story.append(styles.para("注：档次为“一票否决”的，本期有一票否决情形，不参加排名。", styles.note))
    story.append(KeepTogether([Spacer(1, 4 * mm), styles.para(f"监督电话：{phone}", styles.heading),
                               *missing_characters_note(styles), *sign_off(styles, branch.full_name, start)]))
    setup = PageSetup(branch.full_name, title, today, landscape=False, internal=False)
    return build_pdf(setup, story, styles.fonts, progress, cancel)
