"""民情日记 on paper (ReportLab, A4 portrait): a period's home visits in date order, and how many
each member made. Loaded only when the report is made (the declaration is in visit_diary.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from models.core.dates import format_date, format_date_cn
from models.core.pinyin import keys_for
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
from models.reports.options import period_or_default
from models.reports.table_cells import cells
from models.reports.visit_diary import REPORT, TITLE, DiaryOptions

HEADER = ["序号", "日期", "党员", "走访户", "听到的情况", "转为民情事项"]
WIDTHS_MM = (10, 20, 16, 32, 80, 24)  # 182 mm: the portrait frame
ONE_MEMBER = (0, 1, 3, 4, 5)  # the columns of one member's diary (the name is in the title)
ONE_WIDTHS_MM = (10, 20, 36, 92, 24)
CENTERED = frozenset({0, 1, 2, 5})
NO_RECORDS = "本期无记录"


def diary_row(number: int, row) -> list[str]:
    return [str(number), format_date(row.on), row.member_name, row.household, row.heard, row.serial]


def _counts(rows, styles: Styles) -> list[Flowable]:
    """Visits and items per member, by name pinyin."""
    visits = Counter((r.member_id, r.member_name) for r in rows)
    items = Counter((r.member_id, r.member_name) for r in rows if r.grievance_id is not None)
    people = sorted(visits, key=lambda k: keys_for(k[1]).sort)
    widths = [w * mm for w in (40, 30, 30)]
    grid = GridStyle(font=styles.fonts.body, header_font=styles.fonts.title, font_size=9, centered=frozenset({1, 2}))
    lines = [cells([k[1], str(visits[k]), str(items[k])], widths, styles, grid) for k in people]
    lines.append(cells(["合计", str(len(rows)), str(sum(items.values()))], widths, styles, grid))
    return [styles.para("走访次数", styles.heading), GridTable(["党员", "走访次数", "转为民情事项"], lines, widths, grid)]


def diary_pdf(session, options: DiaryOptions, today: date, progress: Progress | None = None,
              cancel: Callable[[], bool] | None = None) -> bytes:
    """The diary of the period, one member's or everyone's; a period with no visits says 本期无记录."""
    from models.grievances.diary_reads import list_diary
    from models.people.roster import person_match

    branch = require_branch(session)
    period = period_or_default(options.period, today)
    rows = sorted(list_diary(session, period, options.person_id), key=lambda r: (r.on, r.id))
    one = options.person_id is not None
    who = person_match(session, options.person_id).name if one else ""
    title = f"{period.title}{TITLE}"
    if progress:
        progress(0.05, f"已读取 {len(rows)} 条民情日记")
    styles = new_styles()
    story: list[Flowable] = [
        styles.para(branch.full_name + title, styles.title),
        styles.para(("党员：" + who + "　　" if one else "")
                    + f"走访日期：{format_date_cn(period.start)}至{format_date_cn(period.end)}　　共 {len(rows)} 次",
                    styles.right),
    ]
    if rows:
        columns = ONE_MEMBER if one else tuple(range(len(HEADER)))
        widths = [w * mm for w in (ONE_WIDTHS_MM if one else WIDTHS_MM)]
        grid = GridStyle(font=styles.fonts.body, header_font=styles.fonts.title, font_size=9,
                         centered=frozenset(i for i, c in enumerate(columns) if c in CENTERED))
        lines = []
        for number, row in enumerate(rows, start=1):
            full = diary_row(number, row)
            lines.append(line_cells([full[c] for c in columns], widths, styles, grid))
            if number % 500 == 0 and cancel and cancel():
                raise Cancelled()
        story.append(GridTable([HEADER[c] for c in columns], lines, widths, grid))
        closing = [*([] if one else [Spacer(1, 4 * mm), *_counts(rows, styles)]),
                   *missing_characters_note(styles), *sign_off(styles, branch.full_name, today)]
        story.append(KeepTogether(closing))
    else:
        story += [Spacer(1, 10 * mm), styles.para(NO_RECORDS, styles.heading)]
    setup = PageSetup(branch.full_name, f"{title}（{who}）" if one else title, today, landscape=False,
                      internal=not REPORT.is_public(options.__dict__))
    return build_pdf(setup, story, styles.fonts, progress, cancel)
