"""The report engine: A4 page templates, header and footer (第 N 页 共 M 页), table style,
signature block, progress and cancel. Every report is built through `build_pdf`."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Spacer, TableStyle

from models import APP_NAME
from models.core.dates import format_date, format_date_cn
from models.core.errors import Cancelled
from models.core.jobs import Progress  # noqa: F401 - re-exported for report modules
from models.reports.declaration import ReportError
from models.reports.fonts import FontKit, font_kit

INTERNAL_NOTICE = "内部资料 注意保管"
PRODUCER = f"{APP_NAME}（ReportLab）"  # the document properties' 生成程序, not "ReportLab PDF Library"
MARGIN = 14 * mm


@dataclass(frozen=True)
class PageSetup:
    branch_full_name: str
    title: str
    printed_on: date
    landscape: bool = False
    internal: bool = True  # full personal data inside: the footer says so


@dataclass
class Styles:
    """Paragraph styles in the report's fonts."""

    fonts: FontKit
    body_size: float = 10

    def __post_init__(self) -> None:
        body, title = self.fonts.body, self.fonts.title
        self.title = ParagraphStyle("title", fontName=title, fontSize=18, leading=24, alignment=TA_CENTER,
                                    spaceAfter=4 * mm)
        self.heading = ParagraphStyle("heading", fontName=title, fontSize=12, leading=16, spaceBefore=3 * mm,
                                      spaceAfter=2 * mm)
        self.body = ParagraphStyle("body", fontName=body, fontSize=self.body_size, leading=self.body_size * 1.5)
        self.cell = ParagraphStyle("cell", fontName=body, fontSize=8.5, leading=10.5, alignment=TA_LEFT,
                                   wordWrap="CJK")
        self.center_cell = ParagraphStyle("center_cell", parent=self.cell, alignment=TA_CENTER)
        self.right = ParagraphStyle("right", parent=self.body, alignment=TA_RIGHT)
        self.note = ParagraphStyle("note", parent=self.body, fontSize=8.5, leading=12, textColor=colors.HexColor("#444444"))

    def para(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        """A paragraph of plain text (escaped, rare characters drawn with a fallback font)."""
        style = style or self.body
        return Paragraph(self.fonts.markup(text, style.fontName), style)


def table_style(font: str, header_rows: int = 1, font_size: float = 8.5) -> TableStyle:
    """Grid table with a shaded header row (repeated on every page via repeatRows)."""
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), font_size),
        ("LEADING", (0, 0), (-1, -1), font_size * 1.25),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows:
        commands += [("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#e6e6e6")),
                     ("ALIGN", (0, 0), (-1, header_rows - 1), "CENTER")]
    return TableStyle(commands)


def require_branch(session):
    """The branch (its full name heads every report), or a ReportError asking for it."""
    from models.people.branch import get_branch

    branch = get_branch(session)
    if branch is None:
        raise ReportError("还没有填写支部信息，请先在“设置”中填写支部名称")
    return branch


SIGN_HERE = "_" * 14


def sign_off(styles: Styles, full_name: str, when: date) -> list[Flowable]:
    """The foot of every report handed in: 填表人 / 审核人 to sign, 填报日期, and the branch's
    full name on the right where its seal goes (the township asks who filled it in and who checked it)."""
    line = f"填表人：{SIGN_HERE}　　　审核人：{SIGN_HERE}　　　填报日期：{format_date_cn(when)}"
    return [Spacer(1, 8 * mm), styles.para(line, styles.body), Spacer(1, 6 * mm),
            styles.para(f"{full_name}（盖章）", styles.right)]


def _numbered_canvas(setup: PageSetup, fonts: FontKit):
    """A canvas that holds pages back until the end, so each footer can say 共 M 页."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            # Start in our font: the default (Helvetica) would end up in the PDF unembedded.
            kwargs.update(initialFontName=fonts.body, initialFontSize=10)
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab override
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._draw_frame(total)
                super().showPage()
            super().save()

        def _draw_runs(self, x: float, y: float, text: str, align: str = "left") -> None:
            """Draw one line in 9 pt, switching to a fallback font for characters the body lacks."""
            runs = fonts.runs(text)
            width = sum(stringWidth(chunk, font or fonts.body, 9) for font, chunk in runs)
            x -= width if align == "right" else 0
            for font, chunk in runs:
                self.setFont(font or fonts.body, 9)
                self.drawString(x, y, chunk)
                x += stringWidth(chunk, font or fonts.body, 9)

        def _draw_frame(self, total: int) -> None:
            width, height = self._pagesize
            self.saveState()
            self._draw_runs(MARGIN, height - 9 * mm, setup.branch_full_name)
            self._draw_runs(width - MARGIN, height - 9 * mm, setup.title, align="right")
            self.setFont(fonts.body, 9)
            self.setLineWidth(0.5)
            self.line(MARGIN, height - 10.5 * mm, width - MARGIN, height - 10.5 * mm)
            self.line(MARGIN, 11 * mm, width - MARGIN, 11 * mm)
            self.drawString(MARGIN, 7 * mm, f"打印日期：{format_date(setup.printed_on)}")
            self.drawCentredString(width / 2, 7 * mm, f"第 {self._pageNumber} 页 共 {total} 页")
            if setup.internal:
                self.drawRightString(width - MARGIN, 7 * mm, INTERNAL_NOTICE)
            self.restoreState()

    return NumberedCanvas


def build_pdf(setup: PageSetup, story: list[Flowable], fonts: FontKit,
              progress: Progress | None = None, cancel: Callable[[], bool] | None = None) -> bytes:
    """Lay out `story` on A4 pages with our header and footer; returns the PDF bytes.

    `progress(fraction, message)` is called as pages fill; `cancel()` returning True stops the
    build with Cancelled. Neither is a Qt object, so the same call serves GUI, CLI and tests.
    """
    pagesize = landscape(A4) if setup.landscape else A4
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=15 * mm,
        bottomMargin=15 * mm, title=setup.title, author=setup.branch_full_name, creator=APP_NAME,
        producer=PRODUCER, subject=setup.title,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], pagesize=pagesize)])
    total, shown = [1], [0.0]

    def on_progress(kind: str, value: int) -> None:
        if cancel is not None and cancel():
            raise Cancelled()
        if kind == "SIZE_EST":
            total[0] = max(value, 1)
        elif kind == "PROGRESS" and progress is not None:
            # ReportLab revises its size estimate as it goes; never let the bar move backwards.
            shown[0] = max(shown[0], min(0.1 + 0.85 * value / total[0], 0.95))
            progress(shown[0], "正在排版…")

    doc.setProgressCallBack(on_progress)
    doc.build(story, canvasmaker=_numbered_canvas(setup, fonts))
    if progress is not None:
        progress(1.0, "完成")
    return buffer.getvalue()


def missing_characters_note(styles: Styles) -> list[Flowable]:
    """A visible note listing characters no installed font could draw (instead of blanks)."""
    if not styles.fonts.missing:
        return []
    chars = "、".join(f"“{c}”（U+{ord(c):04X}）" for c in sorted(styles.fonts.missing))
    return [Spacer(1, 4 * mm), Paragraph(
        f"注意：本机字体中找不到以下字符，表中以编码代替：{chars}。请安装含这些字的字体后重新打印，或手工补写。",
        styles.note)]


def new_styles(body_size: float = 10) -> Styles:
    return Styles(font_kit(), body_size)
