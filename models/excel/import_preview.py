"""What an Excel import has checked before it writes: rows, their problems, the column mapping.

Shared by the roster import (`members.import`) and the pipeline import (`pipeline.import`), so the
window's preview dialog and the CLI's report read both the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from models.core.errors import UserError
from models.excel.columns import FIELD_LABEL, is_ignored_header
from models.excel.development_columns import DevelopmentDates
from models.excel.workbook import SheetRows
from models.people.rules import FIELD_LABELS, PersonForm


class ImportRefused(UserError):
    """Nothing was written because rows have problems and the user asked for all-or-nothing."""


@dataclass(frozen=True)
class Problem:
    row: int  # the row number Excel shows
    name: str
    field: str  # the column as headed in the file (or our label)
    message: str


@dataclass
class ParsedRow:
    row: int
    form: PersonForm
    group_name: str = ""
    problems: list[Problem] = field(default_factory=list)
    existing_id: int | None = None
    changes: list[str] = field(default_factory=list)  # labels of fields an update would change
    development: DevelopmentDates = field(default_factory=DevelopmentDates)  # steps for the timeline

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class ImportPreview:
    path: Path
    sheet: SheetRows
    mapping: dict[int, str]  # column index -> field
    rows: list[ParsedRow] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    new_groups: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return [p for row in self.rows for p in row.problems]

    @property
    def problem_rows(self) -> list[ParsedRow]:
        return [r for r in self.rows if not r.ok]

    @property
    def new_rows(self) -> list[ParsedRow]:
        return [r for r in self.rows if r.ok and r.existing_id is None]

    @property
    def update_rows(self) -> list[ParsedRow]:
        return [r for r in self.rows if r.ok and r.existing_id is not None]

    def unmapped_columns(self) -> list[str]:
        """Headed columns that will not be imported (numbering and computed ones included)."""
        return [h for i, h in enumerate(self.sheet.headers) if h and i not in self.mapping]

    def unknown_columns(self) -> list[str]:
        return [h for h in self.unmapped_columns() if not is_ignored_header(h)]

    def column_label(self, field_name: str) -> str:
        for index, mapped in self.mapping.items():
            if mapped == field_name and index < len(self.sheet.headers) and self.sheet.headers[index]:
                return self.sheet.headers[index]
        return FIELD_LABEL.get(field_name, FIELD_LABELS.get(field_name, field_name))


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    skipped_existing: int
    groups_created: list[str]
    steps: int = 0  # development steps written into timelines (申请, 确定积极分子 …)
