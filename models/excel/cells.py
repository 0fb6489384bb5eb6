"""Turning spreadsheet cells into roster values: the many ways people and Excel write them.

Each reader returns the value or raises CellError with a Chinese message for the problem list.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from models.core.codes import Education, Gender, Stage
from models.core.dates import DateFormatError, parse_date
from models.people import citizen_id
from models.people.rules import normalize_name, normalize_phone


class CellError(ValueError):
    """A cell that cannot be read; the message is Chinese and names the problem."""


def text(value: object) -> str:
    """Any cell as trimmed text; whole-number floats lose their `.0`."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def ascii_text(value: object) -> str:
    """Text with full-width digits, letters and punctuation turned into ASCII."""
    return unicodedata.normalize("NFKC", text(value)).strip()


def name(value: object) -> str:
    return normalize_name(text(value))


def id_number(value: object) -> str:
    """An ID as text; a number means Excel has already thrown its last digits away."""
    if isinstance(value, bool):
        raise CellError("不是身份证号")
    if isinstance(value, int | float):
        if value >= 1e15:
            raise CellError(f"Excel把身份证号当成了数字（{value:.5E}），后几位已经丢失，无法还原。"
                            "请把这一列设为“文本”格式后重新填写完整号码")
        return text(value)
    return citizen_id.normalize(ascii_text(value))


EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)


def day(value: object) -> date | None:
    """A date cell: real dates, 1975.03.12, 1975/3/12, 1975年3月12日, 19750312, Excel serials.
    Years outside 1900–2100 are typing mistakes in a roster and are reported as such."""
    result = _day(value)
    if result is not None and not EARLIEST <= result <= LATEST:
        raise CellError(f"“{text(value)}”不是合理的日期（年份应在1900到2100之间）")
    return result


def _day(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise CellError("不是日期")
    if isinstance(value, int | float):
        if 10_000_000 <= value <= 99_999_999 and float(value).is_integer():
            return _day(str(int(value)))  # 19750312 typed as a number
        if 1 <= value < 80_000:  # an Excel date serial shown as a number
            from openpyxl.utils.datetime import from_excel

            return from_excel(value).date()
        raise CellError(f"“{text(value)}”不是日期")
    try:
        return parse_date(ascii_text(value))
    except DateFormatError as exc:
        raise CellError(str(exc)) from None


def year_month(value: object) -> tuple[int, int] | None:
    """1975.03, 1975年3月, 197503, 1975-3: a birth column that holds only year and month."""
    if isinstance(value, int | float) and not isinstance(value, bool) and 190_001 <= value <= 210_012:
        value = str(int(value))
    match = re.fullmatch(r"(\d{4})(?:[-./年](\d{1,2})月?|(\d{2}))", ascii_text(value))
    if not match:
        return None
    month = int(match.group(2) or match.group(3))
    return (int(match.group(1)), month) if 1 <= month <= 12 else None


_GENDER = {"男": Gender.MALE, "男性": Gender.MALE, "m": Gender.MALE, "女": Gender.FEMALE, "女性": Gender.FEMALE,
           "f": Gender.FEMALE}
_STAGE = {"正式党员": Stage.FULL, "正式": Stage.FULL, "党员": Stage.FULL, "中共党员": Stage.FULL,
          "预备党员": Stage.PROBATIONARY, "预备": Stage.PROBATIONARY, "中共预备党员": Stage.PROBATIONARY}
_EDUCATION = {
    "研究生": Education.POSTGRADUATE, "硕士": Education.POSTGRADUATE, "博士": Education.POSTGRADUATE,
    "硕士研究生": Education.POSTGRADUATE, "博士研究生": Education.POSTGRADUATE,
    "大学本科": Education.BACHELOR, "本科": Education.BACHELOR, "大学": Education.BACHELOR,
    "大学专科": Education.COLLEGE, "大专": Education.COLLEGE, "专科": Education.COLLEGE, "高职": Education.COLLEGE,
    "中专": Education.TECHNICAL, "中技": Education.TECHNICAL, "技校": Education.TECHNICAL,
    "中等专科": Education.TECHNICAL, "高中": Education.HIGH_SCHOOL, "职高": Education.HIGH_SCHOOL,
    "初中": Education.JUNIOR, "小学": Education.PRIMARY, "小学及以下": Education.PRIMARY,
    "文盲": Education.PRIMARY, "半文盲": Education.PRIMARY, "无": Education.PRIMARY,
}
_YES = {"是", "√", "✓", "y", "yes", "1", "流动", "流动党员", "true"}
_NO = {"否", "×", "n", "no", "0", "", "不是", "false"}


def _choice(value: object, table: dict, what: str, allowed: str) -> str:
    key = ascii_text(value).replace(" ", "").lower()
    if not key:
        return ""
    if key not in table:
        raise CellError(f"{what}“{text(value)}”无法识别，应为{allowed}")
    return table[key].value


def gender(value: object) -> str:
    return _choice(value, _GENDER, "性别", "男或女")


def stage(value: object) -> str:
    return _choice(value, _STAGE, "人员类别", "正式党员或预备党员")


def education(value: object) -> str:
    return _choice(value, _EDUCATION, "学历", "研究生、大学本科、大学专科、中专、高中、初中、小学及以下之一")


def yes_no(value: object) -> bool:
    key = ascii_text(value).lower()
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise CellError(f"“{text(value)}”应填“是”或“否”")


def phone(value: object) -> str:
    return normalize_phone(ascii_text(value))
