"""Masking personal data for anything that leaves the internal record (docs/domain-rules.md):
ID numbers, phones, numbers inside free text, and addresses cut to the 村民小组."""

from __future__ import annotations

import re

_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

# A mainland phone inside text: a mobile (an optional +86 before it), or a landline with or
# without its area code (010 and 02x have three digits, the others four), and an extension.
_PHONE = re.compile(r"""
    (?<![\dXx])
    (?:
        (?P<mobile>1[3-9]\d(?:[-\s]?\d{4}){2})
      | (?:\(?(?P<area>0(?:[12]\d|[3-9]\d{2}))(?P<sep>\)?[-\s]?))?(?P<local>[2-9]\d{6,7})
    )
    (?P<ext>(?:-|转|分机|ext\.?\s*|x|\#)\d{1,6})?
    (?![\dXx])
""", re.X)
_CITIZEN_ID = re.compile(r"(?<![\dXx])(?:\d{17}[\dXx]|\d{15})(?![\dXx])")


def mask_citizen_id(number: str) -> str:
    """410102********1234 — the public form of an ID (the eight hidden digits are the birth date)."""
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def _hide(text: str, keep_head: int, hide: int) -> str:
    """Hide `hide` digits of `text` after its first `keep_head` digits; separators stay."""
    out, seen = [], 0
    for char in text:
        if char.isdigit():
            seen += 1
            if keep_head < seen <= keep_head + hide:
                char = "*"
        out.append(char)
    return "".join(out)


def _mask_match(match: re.Match[str]) -> str:
    ext = match["ext"] or ""
    if match["mobile"]:
        return _hide(match["mobile"], 3, 4) + ext  # 138****5678
    local = match["local"]
    if match["area"] is None:
        return _hide(local, 0, len(local) - 4) + ext  # ****6771: only the last four show
    sep = match["sep"] or "-"
    # 0371-****6771: the area code says only the county; the next four digits are hidden.
    return match.group(0)[:match.start("sep") - match.start()] + sep + _hide(local, 0, 4) + ext


def mask_phone(phone: str) -> str:
    """The public form of a phone: 138****5678, 0371-****6771 (area code kept, the next four
    digits hidden; an extension kept). Phones inside other text are masked in place; digits that
    are no recognisable phone keep at most their last four."""
    text = phone.translate(_DIGITS)
    masked, found = _PHONE.subn(_mask_match, text)
    if found:
        return masked
    digits = sum(c.isdigit() for c in text)
    if not digits:
        return phone  # 微信同手机号: nothing to hide
    if digits < 7:
        return "*" * len(phone)
    return _hide(text, 0, digits - 4)


def mask_numbers_in_text(text: str) -> str:
    """Free text (notes, work unit) fit for posting: ID numbers and phones in it masked."""
    if not any(c.isdigit() for c in text):
        return text
    text = _CITIZEN_ID.sub(lambda m: mask_citizen_id(m.group(0)), text.translate(_DIGITS))
    return _PHONE.sub(_mask_match, text)


# Where an address may be cut, finest first: the 村民小组 (三组, 第三村民小组, 王庄组, 五社, 二队),
# else the village or community, else the township or county.
_NUMERAL = "0-9一二三四五六七八九十百零〇两"
_GROUP = re.compile(rf"(?:第?[{_NUMERAL}]+|[^\s{_NUMERAL}号栋楼室]{{1,4}}?)(?:村民小组|居民小组|小组|组|社(?!区)|队)")
_VILLAGE = re.compile(r"(?:行政村|自然村|社区|居委会|村委会|村|庄|屯|寨)")
_TOWNSHIP = re.compile(r"(?:街道办事处|街道|镇|乡|县|区|市|旗)")
_HOUSE = re.compile(r"\d|号|栋|幢|楼|室|单元|弄|巷|路|院|大街|街(?!道)")  # 街道 is a township


def public_address(address: str) -> str:
    """An address cut to the 村民小组 at most, as a posted list may show it:
    红旗村三组45号 → 红旗村三组; 红旗村45号 → 红旗村; 卧龙区建设路88号 → 卧龙区.
    Nothing recognisable gives "" (better a blank cell than a house number on the wall)."""
    text = re.sub(r"\s+", "", address.translate(_DIGITS))
    for pattern in (_GROUP, _VILLAGE, _TOWNSHIP):
        cut = _first_safe_cut(pattern, text)
        if cut:
            return cut
    return ""


def _first_safe_cut(pattern: re.Pattern[str], text: str) -> str:
    """The shortest prefix of `text` ending at a match of `pattern` whose part before the match
    holds nothing finer than a village (no street, house or room number)."""
    best = ""
    for match in pattern.finditer(text):
        before = text[:match.start()]
        if _HOUSE.search(before) or (pattern is not _GROUP and _HOUSE.search(match.group(0))):
            break
        best = text[:match.end()]
        if pattern is _GROUP:
            return best  # the first group named: anything after it is the house
    return best
