"""What a report is: a code, a Chinese title and description, the options it takes, whether it is
made for posting, and its builder. Each report module declares one `Report`; the registry lists them.

Nothing here imports ReportLab: the window reads these declarations at start-up, and a report's
layout is loaded only when the report is made.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy.orm import Session

from models.core.codes import MEMBER_STAGES, Stage, label
from models.core.errors import UserError
from models.core.jobs import IsCancelled, Progress
from models.people.roster import person_match


class ReportError(UserError):
    """A report cannot be made; the message is Chinese and user-facing."""


class OptionKind(StrEnum):
    """What an option's value is, which decides its widget in 报表 and its form on the command line."""

    FLAG = "flag"  # yes or no: a check box; a switch such as --masked
    GROUP = "group"  # a 党小组 id, NO_GROUP (直属支部) or None (all): a list; --group NAME
    PERSON = "person"  # a person id: a search box; --id 公民身份号码
    PERIOD = "period"  # a scoring period code, a quarter "2026Q3" or a year "2026": a list; --period 2026Q3
    YEAR = "year"  # a year as a period code "2026": a list; --year 2026
    DATE = "date"  # a date: a date field; --notice-from 2026-10-08
    MONTH = "month"  # a month as its code "2026-10": a list; --month 2026-10
    SERIAL = "serial"  # a 民情事项 by its serial "MQ-2026-0001": a text box; --serial MQ-2026-0001


class PersonScope(StrEnum):
    """Whom a report's person option may pick (the 报表 tab's search offers only them; the report
    refuses anyone else, also on the command line)."""

    MEMBERS = "members"  # 正式党员 and 预备党员
    PEOPLE = "people"  # members and the people of the development pipeline: everyone scoring is for

    @property
    def stages(self) -> tuple[str, ...]:
        members = tuple(s.value for s in MEMBER_STAGES)
        return members if self is PersonScope.MEMBERS else tuple(s.value for s in Stage)

    @property
    def noun(self) -> str:
        """What the person option is called: 党员, or 人员 when others may be picked too."""
        return "党员" if self is PersonScope.MEMBERS else "人员"

    def refusal(self, name: str, stage: str, title: str) -> str:
        """Why the person `name` at `stage` cannot be picked for the report `title`, or ""."""
        if stage in self.stages:
            return ""
        allowed = "、".join(label(s) for s in self.stages)
        return f"“{name}”是{label(stage)}，{title}只能为{self.noun}（{allowed}）生成"


@dataclass(frozen=True)
class ReportOption:
    """One choice a report takes. The builder finds its value under `key`."""

    key: str
    kind: OptionKind
    label: str  # Chinese: the form label in 报表 (the check box text for a flag)
    help: str  # Chinese: the command line's help, and the tooltip in 报表
    flag: str  # the command-line option, e.g. "--group"
    metavar: str = ""  # Chinese placeholder after the flag in the help, e.g. 党小组
    required: bool = False
    file_tag: str = ""  # added to the suggested file name when a flag is on, e.g. 公示用
    public_when_set: bool = False  # a flag that makes the output fit for posting (隐去身份证号和电话)

    @property
    def is_flag(self) -> bool:
        return self.kind is OptionKind.FLAG

    @property
    def default(self) -> object:
        return False if self.is_flag else None


OptionValues = Mapping[str, object]
Builder = Callable[[Session, OptionValues, date, Progress | None, IsCancelled | None], bytes]


@dataclass(frozen=True)
class Report:
    """A report as the 报表 tab and the `report` command see it.

    `builder(session, values, today, progress, cancel) -> bytes` makes the PDF; `values` holds
    every declared option (defaults filled in). A public report is made to be posted (公示): nothing
    on it lets anyone rebuild an ID number, a phone or a house address. A report is public always
    (`public`) or for the option values `is_public` says; everything else is 内部资料.
    """

    code: str  # ASCII, typed on the command line: roster, person …
    title: str
    description: str
    options: tuple[ReportOption, ...]
    builder: Builder
    public: bool = False
    person_scope: PersonScope = PersonScope.MEMBERS  # whom a person option may pick

    def option_label(self, option: ReportOption) -> str:
        """The option's name in this report (a person option says whom it picks: 党员 or 人员)."""
        return self.person_scope.noun if option.kind is OptionKind.PERSON else option.label

    def is_public(self, values: OptionValues) -> bool:
        """True when the report made with these option values is fit for posting."""
        values = self.values(values)
        return self.public or any(o.public_when_set and bool(values[o.key]) for o in self.options)

    def audience(self, values: OptionValues) -> str:
        """Who the report made with these values is for, as the 报表 tab says it."""
        if self.is_public(values):
            return "用于张贴公示，不含完整身份证号、电话、出生日期和门牌号"
        return "内部资料，含完整个人信息，注意保管"

    def takes(self, key: str) -> bool:
        return any(option.key == key for option in self.options)

    def values(self, given: OptionValues) -> dict[str, object]:
        """Every option's value: `given` where set, the default elsewhere."""
        unknown = [key for key in given if not self.takes(key)]
        if unknown:
            raise ValueError(f"report {self.code} takes no option {unknown}")
        return {o.key: given[o.key] if given.get(o.key) is not None else o.default for o in self.options}

    def missing(self, values: OptionValues) -> list[ReportOption]:
        """Required options without a value."""
        return [o for o in self.options if o.required and values.get(o.key) is None]

    def build(self, session: Session, values: OptionValues, today: date, progress: Progress | None = None,
              cancel: IsCancelled | None = None) -> bytes:
        """The PDF for these option values; ReportError when a required one is missing."""
        values = self.values(values)
        missing = self.missing(values)
        if missing:
            raise ReportError(f"生成{self.title}前请先选择{'、'.join(self.option_label(o) for o in missing)}")
        for option in self.options:
            if option.kind is OptionKind.PERSON and values[option.key] is not None:
                person = person_match(session, int(values[option.key]))
                refusal = self.person_scope.refusal(person.name, person.stage, self.title)
                if refusal:
                    raise ReportError(refusal)
        return self.builder(session, values, today, progress, cancel)
