"""Pinyin keys for names, so `wjg`, `wangjianguo` and `建国` all find 王建国 (docs/domain-rules.md)."""

from __future__ import annotations

from dataclasses import dataclass

# Surnames whose everyday reading differs from their surname reading. Both readings are
# searchable; the surname reading decides the sort order.
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "朴": "piao", "查": "zha",
    "区": "ou", "缪": "miao", "翟": "zhai", "覃": "qin", "盖": "ge", "乐": "yue",
    "员": "yun", "尉": "yu", "种": "chong", "繁": "po", "召": "shao", "长": "chang",
    "重": "chong", "那": "na", "秘": "bi", "祭": "zhai", "隗": "wei", "宓": "fu",
}


@dataclass(frozen=True)
class PinyinKeys:
    full: str  # "wangjianguo", alternatives separated by a space
    initials: str  # "wjg", alternatives separated by a space
    sort: str  # "wang jian guo\x01王建国"


def _syllables(name: str) -> list[str]:
    from pypinyin import lazy_pinyin  # its dictionaries take ~0.3 s to load; only saving needs them

    return [s for s in lazy_pinyin(name, errors=lambda chars: list(chars)) if s.isascii() and s.isalpha()]


def keys_for(name: str) -> PinyinKeys:
    """Search and sort keys of a name; characters without pinyin are left out of the keys."""
    readings = [_syllables(name)]
    surname = SURNAME_READINGS.get(name[:1])
    if surname and readings[0] and readings[0][0] != surname:
        readings.insert(0, [surname, *readings[0][1:]])
    full = " ".join(dict.fromkeys("".join(r) for r in readings))
    initials = " ".join(dict.fromkeys("".join(s[0] for s in r) for r in readings))
    sort = " ".join(readings[0]) + "\x01" + name
    return PinyinKeys(full=full, initials=initials, sort=sort)


def search_terms(text: str) -> str:
    """Normalise what the user typed: trimmed, lower-case, inner spaces removed."""
    return "".join(text.split()).lower()


