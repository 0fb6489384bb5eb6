"""党员基本信息卡 on paper (ReportLab): one person's roster record on an A4 portrait page, for the
paper file. Loaded only when a card is made (the declaration is in person_card.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from models.core.codes import label
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
from models.reports.person_card import REPORT, TITLE

LABEL_FILL = colors.HexColor("#f0f0f0")


def _status(detail) -> str:
    if detail.archive is None:
        return "在册"
    archive = detail.archive
    text = f"已{label(archive.reason)}（{format_date(archive.archived_on)}）"
    if archive.transfer_to:
        text += f"，转往{archive.transfer_to}"
        if archive.transfer_letter_no:
            text += f"，介绍信编号{archive.transfer_letter_no}"
    if archive.note:
        text += f"，{archive.note}"
    return text


def _card_table(detail, styles: Styles) -> Table:
    form = detail.form

    value_style = ParagraphStyle("card_value", parent=styles.cell, fontSize=10, leading=13)

    def p(text: str):
        return styles.para(text, value_style)

    years = "" if detail.party_years is None else f"{detail.party_years}年"
    mobile = "否"
    if form.is_mobile:
        mobile = f"是。外出地点：{form.mobile_destination}；外出日期：{format_date(form.mobile_since)}；" \
                 f"联系方式：{form.mobile_contact}"
    rows = [
        ["姓名", p(form.name), "性别", label(form.gender), "照片"],
        ["民族", form.ethnicity, "出生日期", format_date(form.birth_date), ""],
        ["公民身份号码", form.citizen_id, "学历", label(form.education), ""],
        ["人员类别", label(form.stage), "所在党小组", p(group_display(detail.group_name)), ""],
        ["入党日期", format_date(form.joined_on), "转正日期", format_date(form.confirmed_on), ""],
        ["党龄", years, "年龄", f"{detail.age}岁", ""],
        ["工作单位及职务", p(form.work_unit), "", "", ""],
        ["联系电话", form.phone, "", "", ""],
        ["家庭住址", p(form.address), "", "", ""],
        ["流动党员", p(mobile), "", "", ""],
        ["组织关系状态", p(_status(detail)), "", "", ""],
        ["备注", p(form.notes), "", "", ""],
    ]
    widths = [30 * mm, 50 * mm, 26 * mm, 36 * mm, 40 * mm]
    heights = [11 * mm] * 6 + [11 * mm] * 4 + [14 * mm, 30 * mm]
    style = table_style(styles.fonts.body, header_rows=0, font_size=10)
    for command in (
        ("SPAN", (4, 0), (4, 5)), ("ALIGN", (4, 0), (4, 0), "CENTER"),
        ("TEXTCOLOR", (4, 0), (4, 0), colors.HexColor("#888888")),
        ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL), ("BACKGROUND", (2, 0), (2, 5), LABEL_FILL),
        ("ALIGN", (0, 0), (0, -1), "CENTER"), ("ALIGN", (2, 0), (2, 5), "CENTER"),
        ("LEFTPADDING", (1, 0), (-1, -1), 6),
    ):
        style.add(*command)
    for row in range(6, len(rows)):
        style.add("SPAN", (1, row), (4, row))
    return Table(rows, colWidths=widths, rowHeights=heights, style=style)


def person_card_pdf(session, person_id: int, today: date, progress: Progress | None = None,
                    cancel: Callable[[], bool] | None = None) -> bytes:
    """The card PDF (A4 portrait) for one person."""
    branch = require_branch(session)
    detail = get_person(session, person_id, today)  # NotFound (a UserError) when gone
    styles = new_styles()
    story: list[Flowable] = [
        styles.para(TITLE, styles.title),
        styles.para(f"填报单位：{branch.full_name}", styles.body),
        Spacer(1, 3 * mm),
        _card_table(detail, styles),
        *missing_characters_note(styles),
        KeepTogether(sign_off(styles, branch.full_name, today)),
    ]
    internal = not REPORT.is_public({"person_id": person_id})
    setup = PageSetup(branch.full_name, f"{TITLE}（{detail.form.name}）", today, landscape=False, internal=internal)
    return build_pdf(setup, story, styles.fonts, progress, cancel)
