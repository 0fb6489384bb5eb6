"""党员年度积分及星级评定表 on paper (ReportLab, A4 portrait): each member's quarter scores, the
year's score and the star rating it earns. Loaded only when the report is made (the declaration is
in stars.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

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
from models.reports.options import year_or_default
from models.reports.score_format import band_legend, points
from models.reports.stars import TITLE, StarsOptions
from models.reports.table_cells import cells

QUARTER_HEADERS = ["第一季度", "第二季度", "第三季度", "第四季度"]
HEADER = ["名次", "姓名", "党小组", *QUARTER_HEADERS, "年度得分", "星级"]
WIDTHS_MM = (12, 24, 34, 18, 18, 18, 18, 22, 18)
CENTERED = frozenset({0, 3, 4, 5, 6, 7, 8})


def _count_line(rows, bands) -> str:
    counts = [(band.name, sum(1 for r in rows if r.stars == band.name)) for band in bands]
    return "，".join(f"{name} {count} 人" for name, count in counts)


def stars_pdf(session, options: StarsOptions, today: date, progress: Progress | None = None,
              cancel: Callable[[], bool] | None = None) -> bytes:
    """The 星级评定表 for the year; ReportError when no member was scored in it."""
    from models.scoring.ranking import stars
    from models.settings.values import get_settings

    branch = require_branch(session)
    year = year_or_default(options.year, today)
    rated = stars(session, year.year, today=today)
    if not rated:
        raise ReportError(f"{year.title}没有党员的积分，无法评定星级（可在“发展党员”中登记党员积分）")
    quarters = [quarter.code for quarter in year.quarters()]
    if progress:
        progress(0.1, f"已读取 {len(rated)} 名党员的积分")
    bands = get_settings(session).scoring.star_bands
    styles = new_styles()
    widths = [w * mm for w in WIDTHS_MM]
    grid = GridStyle(font=styles.fonts.body, header_font=styles.fonts.title, font_size=9, centered=CENTERED)
    rows = []
    for row in rated:
        by_quarter = [points(row.quarters[q]) if q in row.quarters else "—" for q in quarters]
        text = ["—" if row.rank is None else str(row.rank), row.name, group_display(row.group_name), *by_quarter, points(row.total), row.stars]
        rows.append(cells(text, widths, styles, grid))
    title = f"{TITLE}（{year.year}年）"
    story: list[Flowable] = [
        styles.para(title, styles.title),
        styles.para(f"填报单位：{branch.full_name}　　统计日期：{format_date_cn(today)}　　共 {len(rated)} 人",
                    styles.right),
        GridTable(HEADER, rows, widths, grid),
        Spacer(1, 3 * mm),
        styles.para(f"评定结果：{_count_line(rated, bands)}。", styles.body),
        styles.para(f"年度得分为各季度得分的平均（“—”表示该季度未参加积分，如尚未入党或已转出）。"
                    f"星级分档：{band_legend(bands)}。", styles.note),
    ]
    story.append(KeepTogether([*missing_characters_note(styles), *sign_off(styles, branch.full_name, today)]))
    setup = PageSetup(branch.full_name, title, today, landscape=False, internal=True)
    return build_pdf(setup, story, styles.fonts, progress, cancel)
