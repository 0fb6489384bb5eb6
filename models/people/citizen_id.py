"""公民身份号码 checks (GB 11643-1999): checksum, birth date and gender (docs/domain-rules.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from models.core.codes import Gender

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
# Province-level codes, plus 81/82/83 used by residence permits of HK, Macao and Taiwan residents.
_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)
_FULLWIDTH = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789XX")


class CitizenIdError(ValueError):
    """The number is not a valid 18-digit citizen ID; the message is Chinese and user-facing."""


@dataclass(frozen=True)
class CitizenIdInfo:
    number: str
    birth_date: date
    gender: Gender


def normalize(text: str) -> str:
    """Trim, drop inner spaces, full-width digits to ASCII, lower-case x to X."""
    return re.sub(r"\s+", "", text or "").translate(_FULLWIDTH).replace("x", "X")


def check_digit(first17: str) -> str:
    """The 18th character that the first 17 digits call for."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def parse(text: str, today: date | None = None) -> CitizenIdInfo:
    """Validate a citizen ID and return its birth date and gender, or raise CitizenIdError."""
    number = normalize(text)
    if re.fullmatch(r"\d{15}", number):
        raise CitizenIdError("这是15位旧号码，请填写18位公民身份号码")
    if len(number) != 18:
        raise CitizenIdError(f"公民身份号码应为18位，现在是{len(number)}位")
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise CitizenIdError("公民身份号码前17位应为数字，第18位为数字或X")
    if number[:2] not in _PROVINCES:
        raise CitizenIdError(f"公民身份号码前两位“{number[:2]}”不是有效的省级行政区划代码")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise CitizenIdError(f"公民身份号码第7–14位“{number[6:14]}”不是有效的出生日期") from None
    if birth.year < 1900 or (today is not None and birth > today):
        raise CitizenIdError(f"公民身份号码中的出生日期{birth.isoformat()}不可能")
    expected = check_digit(number[:17])
    if number[17] != expected:
        raise CitizenIdError(f"公民身份号码校验位不对：按前17位计算，最后一位应为“{expected}”，请核对号码")
    gender = Gender.MALE if int(number[16]) % 2 == 1 else Gender.FEMALE
    return CitizenIdInfo(number=number, birth_date=birth, gender=gender)


def try_parse(text: str) -> CitizenIdInfo | None:
    """The ID's birth date and gender, or None when it is not a valid ID (no message needed)."""
    try:
        return parse(text)
    except CitizenIdError:
        return None


def is_valid(text: str) -> bool:
    return try_parse(text) is not None


def make(region: str, birth: date, sequence: int) -> str:
    """Build a valid ID from a 6-digit region code, birth date and 3-digit sequence (demo, tests)."""
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_digit(first17)

