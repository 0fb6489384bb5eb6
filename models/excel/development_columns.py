"""Development columns of a sheet: 申请入党时间, 确定为入党积极分子时间, 确定为发展对象时间, 培养联系人,
入党介绍人, and the stage of people who are not yet members (入党申请人, 入党积极分子, 发展对象).

Reading a row gives a `DevelopmentDates`; `check_dates` puts each date problem on the column it
belongs to. Writing them into the person's timeline is models/excel/timeline_steps.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date

from models.core.codes import Stage, Step
from models.core.dates import format_date
from models.excel import cells
from models.excel.row_kinds import cell
from models.people.rules import normalize_name

# Date columns and the step each one becomes, in the order they happen.
DATE_STEPS: tuple[tuple[str, Step], ...] = (("applied_on", Step.APPLIED), ("activist_on", Step.ACTIVIST),
                                            ("candidate_on", Step.CANDIDATE))
# Name columns, their step, and the dates their step takes, first known wins: 培养联系人 are named
# when the person becomes an activist, 入党介绍人 when a development target.
NAME_STEPS: tuple[tuple[str, Step, tuple[str, ...]], ...] = (
    ("contacts", Step.CONTACTS, ("activist_on", "candidate_on", "joined_on")),
    ("introducers", Step.INTRODUCERS, ("candidate_on", "joined_on")),
)
DEVELOPMENT_FIELDS: frozenset[str] = frozenset({n for n, _ in DATE_STEPS} | {n for n, *_ in NAME_STEPS})
MAX_NAMES = 4  # 培养联系人 are one or two, 入党介绍人 two; more is a column of something else


@dataclass(frozen=True)
class DevelopmentDates:
    """One row's development columns (empty when the sheet has none)."""

    applied_on: date | None = None
    activist_on: date | None = None
    candidate_on: date | None = None
    contacts: tuple[str, ...] = ()
    introducers: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


_PIPELINE_STAGE = {
    "入党申请人": Stage.APPLICANT, "申请人": Stage.APPLICANT, "申请入党": Stage.APPLICANT,
    "递交入党申请": Stage.APPLICANT, "入党积极分子": Stage.ACTIVIST, "积极分子": Stage.ACTIVIST,
    "发展对象": Stage.CANDIDATE, "入党发展对象": Stage.CANDIDATE, "党员发展对象": Stage.CANDIDATE,
}
_MEMBER_WORDS = ("正式党员", "预备党员", "中共党员", "中共预备党员", "党员", "正式", "预备")
PIPELINE_IMPORT_TITLE = "导入入党申请人和积极分子"
PIPELINE_IMPORT_BUTTON = "从Excel导入…"  # in the 发展党员 tab
NOT_YET_MEMBER = "还不是党员，不在党员花名册中导入"


def _key(value: object) -> str:
    return cells.ascii_text(value).replace(" ", "")


def pipeline_stage_of(value: object) -> str | None:
    """入党申请人 / 入党积极分子 / 发展对象 (and short forms) as a stage code; None otherwise."""
    found = _PIPELINE_STAGE.get(_key(value))
    return found.value if found else None


def pipeline_stage(value: object) -> str:
    """The stage cell of a pipeline sheet; members are for the roster import."""
    if not _key(value):
        return ""
    found = pipeline_stage_of(value)
    if found:
        return found
    if _key(value) in _MEMBER_WORDS:
        raise cells.CellError(f"“{cells.text(value)}”已是党员，请在“党员”页用“导入Excel”导入党员花名册")
    raise cells.CellError(f"阶段“{cells.text(value)}”无法识别，应为入党申请人、入党积极分子或发展对象")


def member_stage(value: object) -> str:
    """The stage cell of a roster: 正式党员 / 预备党员; people not yet members are pointed to their import."""
    try:
        return cells.stage(value)
    except cells.CellError:
        if pipeline_stage_of(value) is None:
            raise
    raise cells.CellError(f"“{cells.text(value)}”{NOT_YET_MEMBER}：入党申请人、积极分子和"
                          f"发展对象请在“发展党员”页点“{PIPELINE_IMPORT_BUTTON}”导入")


def split_names(text: str) -> tuple[str, ...]:
    """`张三、李四`, `张三,李四`, `张三 李四` → (张三, 李四); `王  芳` (a name padded with spaces) → (王芳,)."""
    names: list[str] = []
    for part in re.split(r"[、,，;；/／\n]+", text):
        pieces = part.split()
        if len(pieces) > 1 and all(len(p) >= 2 for p in pieces):
            names += [normalize_name(p) for p in pieces]
        elif part.strip():
            names.append(normalize_name(part))
    return tuple(dict.fromkeys(names))  # a name written twice is one person


def read_development(values: tuple, columns: dict[str, int], problems: dict[str, str]) -> DevelopmentDates:
    """The row's development columns; a cell that cannot be read is a problem of its column."""
    read: dict[str, object] = {}
    for name, _ in DATE_STEPS:
        if name in columns:
            try:
                read[name] = cells.day(cell(values, columns[name]))
            except cells.CellError as exc:
                problems[name] = str(exc)
    for name, *_ in NAME_STEPS:
        if name not in columns:
            continue
        names = split_names(cells.text(cell(values, columns[name])))
        odd = [n for n in names if len(n) > 20 or re.search(r"[0-9A-Za-z]", n)]
        if odd:
            problems[name] = f"“{odd[0][:20]}”不像是姓名；几个人请用顿号隔开，如“张三、李四”"
        elif len(names) > MAX_NAMES:
            problems[name] = f"写了{len(names)}个人，请检查（一般为一到两名）"
        else:
            read[name] = names
    return DevelopmentDates(**read)


def check_dates(dates: DevelopmentDates, birth_date: date | None, joined_on: date | None,
                confirmed_on: date | None, today: date, problems: dict[str, str],
                label_of: Callable[[str], str]) -> None:
    """Each development date not in the future, after birth, and in the order the steps happen
    (申请 → 积极分子 → 发展对象 → 入党 → 转正); a problem is put on the development column."""
    known = [(n, getattr(dates, n)) for n, _ in DATE_STEPS]
    for name, value in known:
        if value is None or name in problems:
            continue
        if value > today:
            problems[name] = f"{format_date(value)}晚于今天"
        elif birth_date and value <= birth_date:
            problems[name] = f"{format_date(value)}不晚于出生日期（{format_date(birth_date)}）"
    sequence = [(n, v) for n, v in [*known, ("joined_on", joined_on), ("confirmed_on", confirmed_on)]
                if v is not None and n not in problems]
    for (first, early), (second, late) in zip(sequence, sequence[1:], strict=False):
        if late < early:
            blamed = second if second in DEVELOPMENT_FIELDS else first
            problems.setdefault(blamed, f"{label_of(second)}（{format_date(late)}）早于"
                                        f"{label_of(first)}（{format_date(early)}），请检查")
    for name, _, sources in NAME_STEPS:
        if getattr(dates, name) and step_date(dates, sources, joined_on) is None and name not in problems:
            problems[name] = f"填写了{label_of(name)}，但没有{label_of(sources[0])}，无法记录日期"


def step_date(dates: DevelopmentDates, sources: tuple[str, ...], joined_on: date | None) -> date | None:
    """The first known of the dates a name step takes."""
    for source in sources:
        value = joined_on if source == "joined_on" else getattr(dates, source)
        if value is not None:
            return value
    return None
