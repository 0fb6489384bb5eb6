"""The recovery code on paper: a one-page A4 PDF (ReportLab, the reports' CJK fonts) to print and keep."""

from __future__ import annotations

import io
from datetime import datetime

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from models import APP_NAME
from models.reports.fonts import font_kit

LINES = (
    "这是管理员账号的恢复码。忘记密码时，在登录窗口点“忘记密码…”，",
    "输入用户名和这个恢复码，就可以设置新密码。",
    "请把这张纸和公章一样妥善保管，不要和电脑放在一起，不要拍照发给别人。",
    "恢复码只能用一次，用过后程序会给出新的恢复码。",
)


def recovery_code_pdf(user: str, code: str, branch: str = "", now: datetime | None = None) -> bytes:
    """The page as PDF bytes: who it is for, the code in large letters, how to use and keep it."""
    kit = font_kit()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"{APP_NAME} 管理员恢复码")
    width, height = A4
    y = height - 40 * mm
    canvas.setFont(kit.title, 20)
    canvas.drawCentredString(width / 2, y, f"{APP_NAME} 管理员恢复码")
    canvas.setFont(kit.body, 12)
    y -= 16 * mm
    for label, value in (("支部", branch), ("用户名", user), ("生成时间", (now or datetime.now()).strftime("%Y-%m-%d %H:%M"))):
        if value:
            canvas.drawString(30 * mm, y, f"{label}：{value}")
            y -= 8 * mm
    y -= 10 * mm
    canvas.rect(25 * mm, y - 8 * mm, width - 50 * mm, 24 * mm)
    canvas.setFont("Courier-Bold", 26)
    canvas.drawCentredString(width / 2, y, code)
    y -= 30 * mm
    canvas.setFont(kit.body, 12)
    for line in LINES:
        canvas.drawString(25 * mm, y, line)
        y -= 8 * mm
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
