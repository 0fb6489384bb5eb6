"""党员花名册 on paper (ReportLab): every roster field, grouped by 党小组, with counts; optionally
masked for posting. Loaded only when a roster is made (the declaration is in roster.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from itertools import groupby

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from models.core.codes import Stage, label
from models.core.dates import format_date, format_date_cn
from models.core.privacy import mask_citizen_id, mask_numbers_in_text, mask_phone, public_address
from models.people.branch import group_display
from models.people.roster import PersonDetail, roster_entries
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
from models.reports.grid import Caption, Cell, GridStyle, GridTable, fits, wrap_lines
from models.reports.roster import REPORT, TITLE, RosterOptions

HEADER = ["序号", "姓名", "性别", "民族", "出生日期", "公民身份号码", "学历", "人员类别", "入党日期",
          "转正日期", "工作单位及职务", "联系电话", "家庭住址", "备注"]
# Posted (公示): the eight hidden digits of a masked ID are the birth date, so the birth date may
# not stand beside it. The year stays (what 出生年月 is read for on a wall list) and leaves a
# masked ID with dozens of candidates; the age would say the same but go stale while posted.
PUBLIC_HEADER = [*HEADER[:4], "出生年份", *HEADER[5:]]
WIDTHS_MM = (9, 15, 8, 11, 18, 33, 17, 15, 18, 18, 31, 23, 32, 21)
CENTERED = frozenset({0, 2, 3, 4, 6, 7, 8, 9})


def _remarks(person: PersonDetail) -> str:
    parts = []
    if person.archive:
        parts.append(f"已{label(person.archive.reason)}（{format_date(person.archive.archived_on)}）")
    if person.form.is_mobile:
        parts.append(f"流动党员：{person.form.mobile_destination}")
    if person.form.notes:
        parts.append(person.form.notes)
    return "；".join(parts)


def _row(number: int, person: PersonDetail, options: RosterOptions) -> list[str]:
    form = person.form
    row = [str(number), form.name, label(form.gender), form.ethnicity, format_date(form.birth_date), form.citizen_id,
           label(form.education), label(form.stage), format_date(form.joined_on), format_date(form.confirmed_on),
           form.work_unit, form.phone, form.address, _remarks(person)]
    return _for_posting(row, person) if options.masked else row


def _for_posting(row: list[str], person: PersonDetail) -> list[str]:
    """The row as a posted list may show it: birth year only, ID and phone masked, the address
    cut to the 村民小组, and numbers typed into free text masked too."""
    form = person.form
    birth = form.birth_date
    row[4] = f"{birth.year}" if birth else ""
    row[5] = mask_citizen_id(form.citizen_id) if form.citizen_id else ""
    row[10] = mask_numbers_in_text(form.work_unit)
    row[11] = mask_phone(form.phone) if form.phone else ""
    row[12] = public_address(form.address)
    row[13] = mask_numbers_in_text(row[13])
    return row


def _cells(row: list[str], widths: list[float], styles: Styles, grid: GridStyle) -> list[Cell]:
    """Plain strings where they fit, wrapped lines where they are long, Paragraphs where a
    character needs a fallback font."""
    cells: list[Cell] = []
    for column, (text, width) in enumerate(zip(row, widths, strict=True)):
        if not text or (styles.fonts.covers(text) and fits(text, width, grid)):
            cells.append(text)
        elif styles.fonts.covers(text):
            cells.append(wrap_lines(text, width, grid))
        else:
            style = styles.center_cell if column in CENTERED else styles.cell
            cells.append(Paragraph(styles.fonts.markup(text), style))
    return cells


def _summary(people: list[PersonDetail], styles: Styles) -> list[Flowable]:
    active = [p for p in people if p.archive is None]
    count = len(active)
    full = sum(1 for p in active if p.form.stage == Stage.FULL)
    male = sum(1 for p in active if p.form.gender == "M")
    average = sum(p.age for p in active) / count if count else 0
    rows = [["总数", "正式党员", "预备党员", "男", "女", "平均年龄"],
            [f"{count} 人", f"{full} 人", f"{count - full} 人", f"{male} 人", f"{count - male} 人", f"{average:.1f} 岁"]]
    style = table_style(styles.fonts.body, font_size=10)
    style.add("ALIGN", (0, 0), (-1, -1), "CENTER")
    table = Table(rows, colWidths=[32 * mm] * 6, style=style)
    table.hAlign = "LEFT"
    flowables: list[Flowable] = [Spacer(1, 5 * mm), styles.para("统计", styles.heading), table]
    archived = len(people) - count
    if archived:
        flowables.append(styles.para(f"另列已归档（转出、去世等）人员 {archived} 人，不计入以上统计。", styles.note))
    return flowables


def _caption(group_name: str, count: int, styles: Styles) -> Caption:
    """The 党小组 heading, drawn with its table: never alone at a page's foot, and repeated as
    “第二党小组（续）” on the pages the group continues onto."""
    name = group_display(group_name)
    return Caption(styles.para(f"{name}（{count}人）", styles.heading), styles.para(f"{name}（续）", styles.heading),
                   space_before=styles.heading.spaceBefore, space_after=styles.heading.spaceAfter)


def roster_pdf(session, options: RosterOptions, today: date, progress: Progress | None = None,
               cancel: Callable[[], bool] | None = None) -> bytes:
    """The 党员花名册 PDF (A4 landscape) for the chosen group; raises ReportError when empty."""
    branch = require_branch(session)
    people = roster_entries(session, options.group_id, options.include_archived, today)
    if not people:
        raise ReportError("所选范围内还没有党员，无法生成花名册（可在“党员”中新增，或从Excel导入）")
    if progress:
        progress(0.05, f"已读取 {len(people)} 人")
    styles = new_styles()
    widths = [w * mm for w in WIDTHS_MM]
    grid = GridStyle(font=styles.fonts.body, header_font=styles.fonts.title, centered=CENTERED)
    public = REPORT.is_public(asdict(options))
    title = TITLE + ("（公示用）" if options.masked else "")
    header = PUBLIC_HEADER if options.masked else HEADER
    story: list[Flowable] = [
        styles.para(branch.full_name + title, styles.title),  # 中共红旗村支部委员会党员花名册
        styles.para(f"统计日期：{format_date_cn(today)}　　共 {len(people)} 人", styles.right),
    ]
    number = 0
    for group_name, members in groupby(people, key=lambda p: p.group_name):
        members = list(members)
        rows = []
        for person in members:
            number += 1
            rows.append(_cells(_row(number, person, options), widths, styles, grid))
        story.append(GridTable(header, rows, widths, grid, caption=_caption(group_name, len(members), styles)))
        if cancel and cancel():
            raise Cancelled()
    story.append(KeepTogether(_summary(people, styles) + missing_characters_note(styles)
                              + sign_off(styles, branch.full_name, today)))
    setup = PageSetup(branch.full_name, title, today, landscape=True, internal=not public)
    return build_pdf(setup, story, styles.fonts, progress, cancel)
