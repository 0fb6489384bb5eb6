"""How the 民情 reports and the Excel export write an item: its status with the days left or
overdue, its limits, rates as percentages, and — for anything posted — the requester's name masked
(王**) and numbers a resident could be found by (phones, ID numbers, house numbers) hidden in free
text. Plain text only: no ReportLab here (the Excel export uses it too)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from models.core.codes import GrievanceStatus, label
from models.core.dates import format_date
from models.core.privacy import mask_numbers_in_text

ANONYMOUS = "匿名"
NONE_RATE = "—"  # a rate whose denominator is 0

# A house, building or room number typed into free text (红旗村三组45号, 3号楼2单元501室, 十五号);
# a date (10月8号) is no address and stays, nor do counts such as 两户 or 两栋房子.
_HOUSE_NUMBER = re.compile(r"(?<![\d月])(?:\d+(?=\s*(?:号|栋|幢|单元|室))|[零〇一二三四五六七八九十百千]+(?=\s*号))")


def masked_name(name: str) -> str:
    """王建国 → 王**, 王芳 → 王** (always two stars: the length of the name is not shown either);
    no name → 匿名. How a resident is named on anything posted."""
    name = name.strip()
    if not name:
        return ANONYMOUS
    return name[0] + "**"


def public_text(text: str, requester: str = "") -> str:
    """Free text (content, outcome) fit for posting: the requester's full name masked, phones and ID
    numbers masked, house and room numbers hidden (三组45号 → 三组**号)."""
    name = requester.strip()
    if len(name) >= 2:
        text = text.replace(name, masked_name(name))
    text = mask_numbers_in_text(text)
    return _HOUSE_NUMBER.sub("**", text)


def rate(value: float | None) -> str:
    """0.875 → 87.5%; None (nothing to count) → —."""
    if value is None:
        return NONE_RATE
    text = f"{value * 100:.1f}".removesuffix(".0")
    return f"{text}%"


def status_text(row, with_days: bool = True) -> str:
    """已办结; 办理中（逾期3个工作日）; 待办理（剩1个工作日，催办）; 已作废."""
    if row.voided:
        return label(GrievanceStatus.VOID)
    text = label(row.status) or row.status
    if not with_days or row.days_left is None:
        return text
    if row.overdue:
        return f"{text}（逾期{max(-row.days_left, 1)}个工作日）"
    if row.due_soon:
        return f"{text}（剩{row.days_left}个工作日，催办）"
    return text


def deadline_text(row) -> str:
    """The deadline in force, with the extensions granted: 2026-10-30（延期1次）."""
    text = format_date(row.deadline)
    return f"{text}（延期{row.extensions}次）" if row.extensions else text


def joined(parts: Sequence[str], separator: str = "\n") -> str:
    return separator.join(p for p in parts if p)
