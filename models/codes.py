"""Stored codes and their Chinese labels — the one place labels live (DESIGN.md §4)."""

from __future__ import annotations

from enum import StrEnum


class Gender(StrEnum):
    MALE = "M"
    FEMALE = "F"


class Stage(StrEnum):
    """Where a person stands on the road to full membership."""

    APPLICANT = "applicant"
    ACTIVIST = "activist"
    CANDIDATE = "candidate"
    PROBATIONARY = "probationary"
    FULL = "full"


class Education(StrEnum):
    POSTGRADUATE = "postgraduate"
    BACHELOR = "bachelor"
    COLLEGE = "college"
    TECHNICAL = "technical"
    HIGH_SCHOOL = "high_school"
    JUNIOR = "junior"
    PRIMARY = "primary"


class ArchiveReason(StrEnum):
    TRANSFERRED_OUT = "transferred_out"
    DECEASED = "deceased"
    OTHER = "other"


LABELS: dict[StrEnum, str] = {
    Gender.MALE: "男",
    Gender.FEMALE: "女",
    Stage.APPLICANT: "入党申请人",
    Stage.ACTIVIST: "入党积极分子",
    Stage.CANDIDATE: "发展对象",
    Stage.PROBATIONARY: "预备党员",
    Stage.FULL: "正式党员",
    Education.POSTGRADUATE: "研究生",
    Education.BACHELOR: "大学本科",
    Education.COLLEGE: "大学专科",
    Education.TECHNICAL: "中专",
    Education.HIGH_SCHOOL: "高中",
    Education.JUNIOR: "初中",
    Education.PRIMARY: "小学及以下",
    ArchiveReason.TRANSFERRED_OUT: "转出",
    ArchiveReason.DECEASED: "去世",
    ArchiveReason.OTHER: "其他",
}

MEMBER_STAGES: tuple[Stage, ...] = (Stage.FULL, Stage.PROBATIONARY)

ETHNICITIES: tuple[str, ...] = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
    "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
    "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族",
    "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族",
    "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族",
    "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族",
    "基诺族",
)


# Codes are unique across the enums, so one lookup by stored value serves every list and report.
_LABEL_BY_VALUE = {member.value: text for member, text in LABELS.items()}
assert len(_LABEL_BY_VALUE) == len(LABELS), "stored codes must be unique across enums"


def label(code: StrEnum | str | None) -> str:
    """Chinese label of a stored code; unknown or empty codes show as an empty string."""
    return _LABEL_BY_VALUE.get(code, "") if code else ""


def code_for_label(enum_type: type[StrEnum], text: str) -> StrEnum | None:
    """The code whose Chinese label is `text` (used when reading forms and spreadsheets)."""
    for member in enum_type:
        if LABELS[member] == text.strip():
            return member
    return None


def choices(enum_type: type[StrEnum]) -> list[tuple[StrEnum, str]]:
    """(code, label) pairs in declaration order, for combo boxes."""
    return [(member, LABELS[member]) for member in enum_type]
