"""Phone numbers as people write them (138-0000-1111, (0371)6666 8888, 0371-66668888转801,
+86 138…) and the one way they are stored.

Stored forms:
  mobile                      13800001111          (11 digits, no separators)
  landline with area code     0371-66668888        (a hyphen after the area code)
  landline without area code  66668888             (a village often leaves its own code out;
                                                    7–8 digits, never starting with 0 or 1)
  extension                   0371-66668888-801    (after a second hyphen)
The area code is found by the numbering plan, not by where the user put a separator:
010 and 02x have three digits, every other code four.
"""

from __future__ import annotations

import re
import unicodedata

_MOBILE = re.compile(r"1[3-9]\d{9}")
# A local number is 7 or 8 digits and starts with 2–9: 0 begins an area code, 1 a mobile or a
# service number (1380000 is a mobile with digits missing, not a village landline).
_LOCAL = re.compile(r"[2-9]\d{6,7}")
_LABEL = re.compile(r"^(联系电话|手机号码|手机号|手机|电话|座机|固话|tel)[:：]?", re.IGNORECASE)
_EXTENSION = re.compile(r"(转|分机|ext\.?|x|#)", re.IGNORECASE)
# Separators between digit groups: spaces, hyphens and dashes of every width, brackets, dots.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―﹣()（）.·]+")
_INTERNATIONAL = re.compile(r"^(\+|00)86")
_SEVERAL = re.compile(r"[/／、,，;；]|\d{7,}\D+\d{7,}")

FORMAT_HINT = "手机为11位（如 138 0000 1111），座机请带区号（如 0371-66668888，有分机的写 0371-66668888-801）"


def _landline(digits: str) -> str | None:
    """`digits` as a landline (area code by the numbering plan) or None."""
    if digits.startswith("0"):
        split = 3 if digits[1:2] in ("1", "2") else 4
        area, local = digits[:split], digits[split:]
        return f"{area}-{local}" if _LOCAL.fullmatch(local) else None
    return digits if _LOCAL.fullmatch(digits) else None


def _main_number(digits: str, international: bool) -> str | None:
    if international:
        if _MOBILE.fullmatch(digits):
            return digits
        digits = "0" + digits  # +86 371 66668888: the trunk 0 was dropped
    elif len(digits) == 13 and digits.startswith("86") and _MOBILE.fullmatch(digits[2:]):
        digits = digits[2:]  # 86 13800001111
    if _MOBILE.fullmatch(digits):
        return digits
    return _landline(digits)


def _groups(text: str) -> list[str] | None:
    groups = [g for g in _SEPARATORS.split(text) if g]
    return groups if groups and all(g.isdigit() for g in groups) else None


def parse_phone(text: str) -> str | None:
    """The stored form of one phone number, or None when `text` is not one."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    text = _LABEL.sub("", text).strip()
    international = bool(_INTERNATIONAL.match(text))
    text = _INTERNATIONAL.sub("", text)
    parts = _EXTENSION.split(text, maxsplit=1)  # [main, marker, extension] when there is a marker
    main, marker, extension = (parts[0], parts[1], parts[2].strip()) if len(parts) == 3 else (text, "", "")
    groups = _groups(main)
    if groups is None or (marker and not extension.isdigit()):
        return None
    candidates = [("".join(groups), extension)]
    if not marker and len(groups) > 1:
        candidates.append(("".join(groups[:-1]), groups[-1]))  # 0371-66668888-801
    for digits, ext in candidates:
        number = _main_number(digits, international)
        if number is None or (ext and (len(ext) > 6 or _MOBILE.fullmatch(number))):
            continue
        return f"{number}-{ext}" if ext else number
    return None


def tidy_phone(text: str) -> str:
    """The stored form when `text` is a phone; otherwise the text trimmed (to show in a message)."""
    return parse_phone(text) or re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or "")).strip()


def phone_problem(text: str) -> str:
    """Why `text` is not a phone number, in Chinese, with the forms that are accepted."""
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", text))
    if _SEVERAL.search(text) and len(digits) >= 14:
        return "电话格式不对：只能填一个号码，其他号码请写在备注里"
    if digits.startswith("1") and len(digits) != 11 and _groups(text) is not None:
        return f"电话格式不对：手机号应为11位，这里是{len(digits)}位"
    return f"电话格式不对：{FORMAT_HINT}"
