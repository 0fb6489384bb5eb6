"""民情交办单 on paper (ReportLab, A4 portrait): one page per item, a form the responsible member
takes along — the item's details, its limits, what has been done, and blank room for the handling,
the outcome and the signatures. Loaded only when the slip is made (the declaration is in
grievance_slip.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from models.core.codes import GrievanceAction, GrievanceStatus, label
from models.core.dates import format_date
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
)
from models.reports.grievance_format import ANONYMOUS, deadline_text, status_text
from models.reports.grievance_slip import REPORT, TITLE, SlipOptions

LABEL_MM, VALUE_MM = 28, 63  # two label/value pairs a row: 182 mm, the portrait frame
HISTORY_SHOWN = 6  # the latest entries of the history; the ledger has them all
DATE_LINE = "______年____月____日"
SIGN_LINE = "_" * 12
NOTHING_NEW = "目前没有“待办理”的民情事项。要打印某一件的交办单，请指定事项编号。"


class _Form:
    """The slip's table: label cells in the title font on grey, values in the body font."""

    def __init__(self, styles: Styles) -> None:
        self.styles = styles
        self.label = ParagraphStyle("slip_label", fontName=styles.fonts.title, fontSize=10, leading=13)
        self.value = ParagraphStyle("slip_value", fontName=styles.fonts.body, fontSize=10, leading=14,
                                    wordWrap="CJK")
        self.rows: list[list] = []
        self.commands: list[tuple] = []
        self.heights: list[float | None] = []

    def _para(self, text: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(self.styles.fonts.markup(text, style.fontName), style)

    def pair(self, first: str, first_value: str, second: str, second_value: str) -> None:
        self.rows.append([self._para(first, self.label), self._para(first_value, self.value),
                          self._para(second, self.label), self._para(second_value, self.value)])
        self.heights.append(None)

    def wide(self, name: str, value: str, height: float | None = None) -> None:
        """A label and a value spanning the other three columns (blank room when `height` is set)."""
        row = len(self.rows)
        self.rows.append([self._para(name, self.label), self._para(value, self.value), "", ""])
        self.commands += [("SPAN", (1, row), (3, row)), ("VALIGN", (1, row), (3, row), "TOP" if height else "MIDDLE")]
        self.heights.append(height)

    def table(self) -> Table:
        style = TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.styles.fonts.body),  # empty cells: no unembedded Helvetica
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eeeeee")),
            ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 5),
            *self.commands,
        ])
        for row, cells in enumerate(self.rows):
            if cells[2] != "":
                style.add("BACKGROUND", (2, row), (2, row), colors.HexColor("#eeeeee"))
        return Table(self.rows, colWidths=[LABEL_MM * mm, VALUE_MM * mm] * 2, rowHeights=self.heights, style=style)


def _history(detail) -> str:
    """What has been done so far, latest last: 2026-10-09 进展：已联系施工队（张三）."""
    entries = [a for a in detail.history if a.kind != GrievanceAction.REGISTERED]
    entries.sort(key=lambda a: (a.on, a.id))
    lines = []
    if len(entries) > HISTORY_SHOWN:
        lines.append(f"（另有更早的记录 {len(entries) - HISTORY_SHOWN} 条，见民情台账）")
    for action in entries[-HISTORY_SHOWN:]:
        extra = [action.note]
        if action.new_deadline:
            extra.append(f"期限延至{format_date(action.new_deadline)}")
        if action.referred_to:
            extra.append(f"转至{action.referred_to}")
        if action.satisfaction:
            extra.append(label(action.satisfaction))
        text = "，".join(e for e in extra if e)
        who = f"（{action.actor}）" if action.actor else ""
        lines.append(f"{format_date(action.on)} {label(action.kind)}{'：' + text if text else ''}{who}")
    return "\n".join(lines) or "（尚无）"


def slip_story(detail, styles: Styles, full_name: str, assigner: str = "") -> list[Flowable]:
    """One item's page; `assigner` (the 支部书记) assigns it, else whoever registered it."""
    row = detail.row
    form = _Form(styles)
    form.pair("登记日期", format_date(row.received_on), "来源", label(row.source))
    form.pair("反映人", row.requester or ANONYMOUS, "联系电话", detail.requester_phone or "（未留）")
    form.pair("住址", detail.requester_address, "村民小组/网格", row.place)
    form.pair("类别", label(row.category), "紧急程度", label(row.urgency))
    form.wide("反映内容", row.content)
    form.pair("责任人", row.responsible_name, "交办人", assigner or detail.recorded_by)
    form.pair("首次响应期限", f"{format_date(detail.response_due)}前", "办理期限", f"{deadline_text(row)}前")
    form.pair("当前状态", status_text(row), "转办单位", detail.referred_to)
    form.wide("办理经过", _history(detail))
    form.wide("办理情况", "（由责任人填写：联系反映人的时间和方式、采取的措施、遇到的问题）", 58 * mm)
    form.wide("办理结果", "", 28 * mm)
    form.pair("责任人签字", "", "办结日期", DATE_LINE)
    form.pair("反映人意见", "□满意　□基本满意　□不满意", "反映人签字", "")
    closed = row.status not in (GrievanceStatus.NEW, GrievanceStatus.HANDLING, GrievanceStatus.REFERRED,
                                GrievanceStatus.TO_CHECK)
    heading = f"编号：{row.serial}" + ("（已办结，补打）" if closed and not row.voided else "")
    if row.voided:
        heading += "（已作废）"
    return [
        styles.para(f"{full_name}{TITLE}", styles.title),
        styles.para(heading, styles.right),
        Spacer(1, 2 * mm),
        form.table(),
        Spacer(1, 3 * mm),
        styles.para("请在首次响应期限前与反映人联系，在办理期限内办结；确实不能按期办结的，在期限前向党支部申请延期。"
                    "办结后将本单交回党支部，由支部安排回访。", styles.note),
        Spacer(1, 6 * mm),
        styles.para(f"交办人：{SIGN_LINE}　　　接收人：{SIGN_LINE}　　　接收日期：{DATE_LINE}", styles.body),
    ]


def _serials(session, options: SlipOptions, today: date) -> list[int]:
    from models.grievances.ledger import LedgerFilter, find_by_serial, list_ledger, serial_key
    from models.reports.options import serial_value

    if options.serial:
        serial = serial_value(None, options.serial)
        found = find_by_serial(session, serial)
        if found is None:
            raise ReportError(f"找不到编号为 {serial} 的民情事项")
        return [found]
    rows = list_ledger(session, LedgerFilter(status=GrievanceStatus.NEW.value), today)
    return [r.id for r in sorted(rows, key=lambda r: serial_key(r.serial))]


def slip_pdf(session, options: SlipOptions, today: date, progress: Progress | None = None,
             cancel: Callable[[], bool] | None = None) -> bytes:
    """The slip of the item chosen (ReportError when there is no such item), or of every item still
    待办理 (a page saying there is none, when none is)."""
    from models.grievances.ledger import get_item

    branch = require_branch(session)
    ids = _serials(session, options, today)
    styles = new_styles(body_size=10)
    story: list[Flowable] = []
    for number, grievance_id in enumerate(ids):
        if cancel and cancel():
            raise Cancelled()
        if number:
            story.append(PageBreak())
        story += slip_story(get_item(session, grievance_id, today), styles, branch.full_name, branch.secretary)
        if progress:
            progress(0.05 + 0.4 * (number + 1) / len(ids), f"已读取 {number + 1} 件")
    if not ids:
        story += [styles.para(f"{branch.full_name}{TITLE}", styles.title), Spacer(1, 10 * mm),
                  styles.para(NOTHING_NEW, styles.heading)]
    story += missing_characters_note(styles)
    setup = PageSetup(branch.full_name, TITLE, today, landscape=False,
                      internal=not REPORT.is_public(options.__dict__))
    return build_pdf(setup, story, styles.fonts, progress, cancel)
