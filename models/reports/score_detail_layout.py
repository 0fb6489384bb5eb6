"""个人积分明细 on paper (ReportLab, A4 portrait): one person's entries in a quarter or a year, voided
ones kept and marked, with subtotals and total. Loaded only when the report is made (the declaration
is in score_detail.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from models.core.codes import Audience, EntryStatus, label
from models.core.dates import format_date
from models.people.branch import group_display
from models.people.roster import get_person
from models.reports.document import (
    PageSetup,
    Progress,
    Styles,
    build_pdf,
    missing_characters_note,
    new_styles,
    require_branch,
    sign_off,
    table_style,
)
from models.reports.grid import GridStyle, GridTable
from models.reports.score_detail import TITLE, DetailOptions
from models.reports.score_format import category_headers, points, subtotals
from models.reports.table_cells import cells

HEADER = ["序号", "日期", "积分项目", "类别", "分值", "计入", "事由", "状态", "登记人"]
WIDTHS_MM = (9, 19, 38, 13, 12, 12, 41, 24, 14)
CENTERED = frozenset({0, 1, 3, 4, 5})


def status_text(entry) -> str:
    """已作废：原因 / 待支委会审核 / 已生效."""
    if entry.voided:
        return f"已作废：{entry.void_reason}" if entry.void_reason else "已作废"
    return label(entry.status) or entry.status


def _entry_rows(entries, styles: Styles, widths, grid: GridStyle) -> list:
    dates = {entry.id: entry.on for entry in entries}
    rows = []
    for number, entry in enumerate(entries, start=1):
        reason = entry.reason
        if entry.adjusts_id is not None:
            adjusted = dates.get(entry.adjusts_id)
            reason = f"【更正{format_date(adjusted) + '的记录' if adjusted else '已公示期间的记录'}】{reason}"
        counted = "0" if entry.voided else points(entry.counted)
        text = [str(number), format_date(entry.on), f"{entry.rule_code} {entry.rule_name}", label(entry.category),
                points(entry.points, signed=True), counted, reason, status_text(entry), entry.recorded_by]
        rows.append(cells(text, widths, styles, grid))
    return rows


def _small_table(rows: list[list[str]], widths_mm: tuple[float, ...], styles: Styles, header_rows: int = 1) -> Table:
    style = table_style(styles.fonts.body, header_rows=header_rows, font_size=10)
    style.add("ALIGN", (0, 0), (-1, -1), "CENTER")
    table = Table(rows, colWidths=[w * mm for w in widths_mm], style=style)
    table.hAlign = "LEFT"
    return table


def _person_table(detail, period, styles: Styles) -> Table:
    span = f"{period.title}（{format_date(period.start)}至{format_date(period.end)}）"
    rows = [["姓名", detail.form.name, "党小组", group_display(detail.group_name)],
            ["人员类别", label(detail.form.stage), "期间", span]]
    table = _small_table(rows, (24, 40, 24, 94), styles, header_rows=0)
    table.setStyle([("BACKGROUND", (0, 0), (0, -1), "#f0f0f0"), ("BACKGROUND", (2, 0), (2, -1), "#f0f0f0")])
    return table


def _score_rows(session, period, audience: str, person_id: int, today: date) -> list[list[str]]:
    """Per quarter (a year has four and their mean) the subtotals and the score."""
    from models.scoring.scores import period_scores

    rows = [["期间", *category_headers(), "得分"]]
    quarters = period.quarters()
    for quarter in quarters:
        score = period_scores(session, quarter, audience, [person_id], today=today).get(person_id)
        if score is None:
            rows.append([quarter.title, "", "", "", "不参加积分"])
        else:
            rows.append([quarter.title, *subtotals(score.by_category), points(score.total)])
    if len(quarters) > 1:
        score = period_scores(session, period, audience, [person_id], today=today).get(person_id)
        total = points(score.total) if score is not None else "不参加积分"
        rows.append(["全年（各季度平均）", "", "", "", total])
    return rows


def _standing(session, period, audience: str, person_id: int, today: date) -> tuple[str, list[str]]:
    """名次 and 档次 in the period's ranking, and notes (一票否决, entries waiting for approval)."""
    from models.scoring.ranking import ranking
    from models.scoring.scores import period_scores

    ranked = ranking(session, period.code, audience, today=today)
    row = next((r for r in ranked if r.person_id == person_id), None)
    notes = []
    score = period_scores(session, period, audience, [person_id], today=today).get(person_id)
    if score is not None and score.pending:
        notes.append(f"另有 {score.pending} 条记录待支委会审核，审核通过后才计入。")
    if row is None:
        return "本期不参加排名", notes
    if row.vetoed:
        notes.append("本期有一票否决情形，不参加排名。")
        return f"结果：{row.band}", notes
    kind = "星级" if audience == Audience.MEMBERS else "档次"
    standing = f"名次：第 {row.rank} 名（共 {len(ranked)} 人）　{kind}：{row.band}"
    return standing, notes


def score_detail_pdf(session, options: DetailOptions, today: date, progress: Progress | None = None,
                     cancel: Callable[[], bool] | None = None) -> bytes:
    """The 个人积分明细 PDF for one person and the chosen period."""
    from models.scoring.audience import audience_of
    from models.scoring.entries import entries_for

    branch = require_branch(session)
    period = options.chosen(today)
    detail = get_person(session, options.person_id, today)  # NotFound (a UserError) when gone
    audience = audience_of(detail.form.stage)
    entries = entries_for(session, options.person_id, period)
    styles = new_styles()
    widths = [w * mm for w in WIDTHS_MM]
    grid = GridStyle(font=styles.fonts.body, header_font=styles.fonts.title, centered=CENTERED)
    standing, notes = _standing(session, period, audience, options.person_id, today)
    story: list[Flowable] = [
        styles.para(TITLE, styles.title),
        _person_table(detail, period, styles),
        styles.para("得分", styles.heading),
        _small_table(_score_rows(session, period, audience, options.person_id, today), (46, 30, 30, 30, 46), styles),
        Spacer(1, 2 * mm),
        styles.para(standing),
        *(styles.para(note, styles.note) for note in notes),
        styles.para(f"积分记录（共 {len(entries)} 条，含已作废的记录）", styles.heading),
    ]
    if entries:
        story.append(GridTable(HEADER, _entry_rows(entries, styles, widths, grid), widths, grid))
        if any(not e.voided and e.status == EntryStatus.APPROVED and e.counted != e.points for e in entries):
            story.append(styles.para("“计入”少于“分值”的，是超过该项每季度上限的部分，不计入得分。", styles.note))
        if any(e.voided for e in entries):
            story.append(styles.para("已作废的记录不计入得分，保留在此备查。", styles.note))
    else:
        story.append(styles.para(f"{period.title}没有积分记录。"))
    story.append(KeepTogether([*missing_characters_note(styles), *sign_off(styles, branch.full_name, today)]))
    title = f"{TITLE}（{detail.form.name}，{period.title}）"
    setup = PageSetup(branch.full_name, title, today, landscape=False, internal=True)
    if progress:
        progress(0.1, f"已读取 {len(entries)} 条记录")
    return build_pdf(setup, story, styles.fonts, progress, cancel)
