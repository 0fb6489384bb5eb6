"""Roster columns: our headers, the synonyms found in real rosters, and header-row detection."""

from __future__ import annotations

import re


def _dated(*stems: str) -> tuple[str, ...]:
    """`申请入党` → 申请入党日期, 申请入党时间, 申请入党年月 (the first is our header)."""
    return tuple(stem + suffix for stem in stems for suffix in ("日期", "时间", "年月"))


# Field -> our header (template and export), then synonyms seen in branch rosters and in the
# national member-information system's exports. Compared after normalize_header().
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "党员姓名", "名字"),
    "gender": ("性别",),
    "ethnicity": ("民族",),
    "citizen_id": ("公民身份号码", "身份证号", "身份证号码", "身份证", "公民身份证号码", "证件号码", "身份证件号码"),
    "birth_date": ("出生日期", "出生年月", "出生时间", "出生年月日", "生日"),
    "education": ("学历", "文化程度", "最高学历", "学历学位"),
    "stage": ("人员类别", "党员类型", "类别", "党员类别", "党员身份", "人员类型", "党籍状态", "政治面貌", "阶段",
              "发展阶段", "所处阶段"),
    "group": ("党小组", "所在党小组", "所属党小组", "党小组名称"),
    "joined_on": ("入党日期", "入党时间", "加入党组织日期", "入党年月"),
    "confirmed_on": ("转正日期", "转正时间", "转为正式党员日期", "转正年月"),
    "work_unit": ("工作单位及职务", "工作单位", "工作岗位", "单位及职务", "职务", "工作单位及职务（岗位）"),
    "phone": ("联系电话", "手机号码", "电话", "手机", "手机号", "联系方式", "电话号码"),
    "address": ("家庭住址", "住址", "家庭地址", "现居住地", "居住地址", "现住址"),
    "is_mobile": ("流动党员", "是否流动党员"),
    "mobile_destination": ("外出地点", "流入地", "外出流向", "外出去向"),
    "mobile_since": ("外出日期", "外出时间"),
    "mobile_contact": ("外出联系方式", "外出期间联系方式"),
    "notes": ("备注", "说明"),
    # Development dates (models/excel/development_dates.py): written to the person's timeline.
    "applied_on": _dated("申请入党", "提交书面申请书", "提交入党申请书", "递交入党申请书", "递交书面申请书",
                         "入党申请", "递交申请书", "提交申请书", "递交入党申请", "申请"),
    "activist_on": _dated("确定为入党积极分子", "确定入党积极分子", "列为入党积极分子", "确定为积极分子",
                          "确定积极分子", "列为积极分子", "入党积极分子确定", "积极分子确定", "成为入党积极分子"),
    "candidate_on": _dated("确定为发展对象", "确定发展对象", "列为发展对象", "发展对象确定", "列入发展对象"),
    "contacts": ("培养联系人", "入党培养联系人", "培养人"),
    "introducers": ("入党介绍人", "介绍人"),
}
# Columns that are fine to leave out: numbering, or values the program works out itself.
IGNORED = ("序号", "编号", "年龄", "党龄", "状态", "所在党支部", "所在支部", "党支部", "所在党组织", "党组织名称")
HEADER_OF = {field: names[0] for field, names in COLUMNS.items()}
FIELD_LABEL = {**HEADER_OF, "group": "党小组"}

_MARKERS = re.compile(r"[\s\u3000*＊:：]|[（(](必填|选填|必须填写|可不填)[)）]")


def normalize_header(text: object) -> str:
    """`姓 名`, `*身份证号（必填）`, `姓名：` all become the bare header."""
    return _MARKERS.sub("", str(text or ""))


_LOOKUP = {normalize_header(name): field for field, names in COLUMNS.items() for name in names}
_IGNORED = {normalize_header(name) for name in IGNORED}


def field_for_header(text: object) -> str | None:
    return _LOOKUP.get(normalize_header(text))


def is_ignored_header(text: object) -> bool:
    return normalize_header(text) in _IGNORED


def header_score(values: tuple) -> int:
    """How many cells of a row are headers we know (a header row needs 姓名 and one more)."""
    fields = {field_for_header(v) for v in values if v not in (None, "")}
    fields.discard(None)
    return len(fields) if "name" in fields else 0
