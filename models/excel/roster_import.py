"""Importing a roster spreadsheet: read, map columns, check every row, preview, then write once.

    preview = read_roster(path, session, today)      # nothing written; show it to the user
    preview = remap(preview, {column: field}, session, today)   # the user corrected the mapping
    outcome = workspace.run(import_roster, preview, skip_invalid=False, update_existing=True)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from models.core.codes import MEMBER_STAGES, Stage
from models.core.dates import add_years, format_date
from models.core.errors import UserError
from models.core.jobs import IsCancelled, Progress, check_cancel
from models.development.steps import stage_name
from models.excel import cells
from models.excel.columns import field_for_header
from models.excel.development_columns import DevelopmentDates, check_dates, member_stage, read_development
from models.excel.import_preview import ImportPreview, ImportRefused, ImportResult, ParsedRow, Problem
from models.excel.import_writing import refuse_problems, write_preview, written_fields
from models.excel.row_kinds import cell as _cell
from models.excel.row_kinds import choose_stage_column, skip_reason, too_long
from models.excel.timeline_steps import TimelineSteps, step_changes
from models.excel.workbook import read_sheet
from models.people import citizen_id
from models.people import roster as people
from models.people.branch import list_groups
from models.people.rules import FIELD_LABELS, PERSON_FIELDS, PersonForm, normalized, validate_person
from models.workspace import Permission, Tx, operation

__all__ = ["ImportPreview", "ImportRefused", "ImportResult", "ParsedRow", "Problem", "analyse", "import_roster",
           "import_summary", "read_roster", "remap"]

_FORM_FIELDS = frozenset(PERSON_FIELDS)


def guess_mapping(headers: list[str]) -> dict[int, str]:
    """Column index -> field, by header text and synonyms; the first column wins a field."""
    mapping: dict[int, str] = {}
    for index, header in enumerate(headers):
        found = field_for_header(header)
        if found and found not in mapping.values():
            mapping[index] = found
    return mapping


def read_roster(path: Path, session: Session, today: date, progress: Progress | None = None,
                cancelled: IsCancelled | None = None, *, sheet: str | None = None) -> ImportPreview:
    """Read and check a roster file (the sheet named `sheet`, or the one visible roster sheet);
    writes nothing. Raises WorkbookError for unreadable files, SheetChoiceNeeded when the file has
    several roster sheets and none was named."""
    rows = read_sheet(Path(path), sheet, progress, cancelled)
    mapping = choose_stage_column(guess_mapping(rows.headers), rows)
    if "name" not in mapping.values():
        raise UserError("表头中没有“姓名”列，无法导入")
    return analyse(ImportPreview(Path(path), rows, mapping), session, today, progress, cancelled)


def remap(preview: ImportPreview, mapping: dict[int, str], session: Session, today: date) -> ImportPreview:
    """Check the same rows again with a mapping the user corrected."""
    return analyse(ImportPreview(preview.path, preview.sheet, dict(mapping)), session, today)


def analyse(preview: ImportPreview, session: Session, today: date, progress: Progress | None = None,
            cancelled: IsCancelled | None = None) -> ImportPreview:
    """Parse and check every row against the rules, the file itself and the database."""
    analyse_rows(preview, session, _parse_row, today, progress, cancelled)
    _fill_changes(preview, session, today)
    note_new_groups(preview, session)
    return preview


RowParser = Callable[[ImportPreview, int, tuple, dict[str, int], date], ParsedRow]


def analyse_rows(preview: ImportPreview, session: Session, parse: RowParser, today: date,
                 progress: Progress | None = None, cancelled: IsCancelled | None = None) -> None:
    """Every row of the sheet parsed by `parse` (or skipped with a reason), ID numbers checked
    against the file and the database."""
    columns = {f: i for i, f in preview.mapping.items()}
    existing = people.existing_by_citizen_id(session)
    seen_ids: dict[str, int] = {}
    preview.rows, preview.skipped = [], []
    total = max(len(preview.sheet.rows), 1)
    for count, (row_number, values) in enumerate(preview.sheet.rows):
        if count % 2000 == 0:
            check_cancel(cancelled)
            if progress is not None:
                progress(0.5 + 0.45 * count / total, f"正在检查第 {count} 行…")
        reason = skip_reason(values, columns)
        if reason:
            preview.skipped.append((row_number, reason))
            continue
        parsed = parse(preview, row_number, values, columns, today)
        _check_unique(parsed, preview, seen_ids, existing)
        preview.rows.append(parsed)


def note_new_groups(preview: ImportPreview, session: Session) -> None:
    """The 党小组 the rows without problems would create (once every check has run)."""
    groups = {g.name for g in list_groups(session)}
    used = dict.fromkeys(r.group_name for r in preview.rows if r.ok and r.group_name)  # file order
    preview.new_groups = [name for name in used if name not in groups]


# How each column's cells are read (出生日期 has its own reader: it may hold only year and month).
READERS = {"name": cells.name, "gender": cells.gender, "ethnicity": cells.text, "citizen_id": cells.id_number,
           "education": cells.education, "stage": member_stage, "group": cells.text, "work_unit": cells.text,
           "phone": cells.phone, "address": cells.text, "is_mobile": cells.yes_no,
           "mobile_destination": cells.text, "mobile_contact": cells.text, "notes": cells.text,
           "joined_on": cells.day, "confirmed_on": cells.day, "mobile_since": cells.day}


@dataclass
class ReadRow:
    """A row's cells read into a form (stage as written, "" when not), before the rules are checked."""

    form: PersonForm
    group_name: str
    development: DevelopmentDates
    problems: dict[str, str]


def read_row(values: tuple, columns: dict[str, int], readers: dict[str, Callable]) -> ReadRow:
    problems: dict[str, str] = {}
    read: dict[str, object] = {}
    values = too_long(values, columns, problems)
    for name, reader in readers.items():
        if name in columns:
            try:
                read[name] = reader(_cell(values, columns[name]))
            except cells.CellError as exc:
                problems[name] = str(exc)
    _read_birth(_cell(values, columns.get("birth_date")), read, problems)
    development = read_development(values, columns, problems)
    group_name = str(read.pop("group", "") or "")
    if len(group_name) > 40:
        problems["group"] = "党小组名称不能超过40个字"
    if not read.get("ethnicity"):
        read["ethnicity"] = "汉族"
    read.setdefault("stage", "")  # no stage column: inferred from the dates
    form = PersonForm(**{k: v for k, v in read.items() if k in _FORM_FIELDS})
    return ReadRow(people.fill_from_id(normalized(form)), group_name, development, problems)


def parsed_row(preview: ImportPreview, row_number: int, read: ReadRow) -> ParsedRow:
    parsed = ParsedRow(row=row_number, form=read.form, group_name=read.group_name, development=read.development)
    parsed.problems = [Problem(row_number, read.form.name, preview.column_label(n), m)
                       for n, m in read.problems.items()]
    return parsed


def _parse_row(preview: ImportPreview, row_number: int, values: tuple, columns: dict[str, int],
               today: date) -> ParsedRow:
    read = read_row(values, columns, READERS)
    form = read.form
    if not form.stage:
        form = read.form = replace(form, stage=_inferred_stage(form, today))
    for name, message in validate_person(form, today).items():
        read.problems.setdefault(name, message)
    check_dates(read.development, form.birth_date, form.joined_on, form.confirmed_on, today, read.problems,
                preview.column_label)
    return parsed_row(preview, row_number, read)


def _read_birth(value: object, read: dict, problems: dict) -> None:
    try:
        read["birth_date"] = cells.day(value)
        return
    except cells.CellError as exc:
        month = cells.year_month(value)
        if month is None:
            problems["birth_date"] = str(exc)
            return
    info = citizen_id.try_parse(str(read.get("citizen_id") or ""))
    if info is None:
        problems["birth_date"] = "出生日期只有年月，请填写完整日期，或填写身份证号由程序带出"
        return
    birth = info.birth_date
    if (birth.year, birth.month) != month:
        problems["birth_date"] = f"出生年月{month[0]}年{month[1]}月与身份证号中的{format_date(birth)}不符"
    else:
        read["birth_date"] = birth


def _inferred_stage(form: PersonForm, today: date) -> str:
    """No 人员类别 given: 预备党员 when not yet confirmed and joined within the longest probation (two
    years: one, extended once by up to one) — the roster rules then remind about a 转正 that is due."""
    if form.confirmed_on is None and form.joined_on and add_years(form.joined_on, 2) > today:
        return Stage.PROBATIONARY.value
    return Stage.FULL.value


def _check_unique(parsed: ParsedRow, preview: ImportPreview, seen: dict[str, int],
                  existing: dict[str, tuple[int, str]]) -> None:
    number = parsed.form.citizen_id
    if not number or any(p.field == preview.column_label("citizen_id") for p in parsed.problems):
        return
    if number in seen:
        parsed.problems.append(Problem(parsed.row, parsed.form.name, preview.column_label("citizen_id"),
                                       f"与第{seen[number]}行的身份证号重复"))
        return
    seen[number] = parsed.row
    if number in existing:
        parsed.existing_id = existing[number][0]


def _fill_changes(preview: ImportPreview, session: Session, today: date) -> None:
    """For people already recorded: what changes, and whether the record as it would be stored
    (stored values overlaid with the file's columns) still keeps the roster rules."""
    matched = [r for r in preview.rows if r.existing_id is not None and r.ok]
    stored = people.forms_by_id(session, [r.existing_id for r in matched])
    written = written_fields(set(preview.mapping.values()))
    for row in matched:
        old = stored[row.existing_id]
        if old.stage not in MEMBER_STAGES:
            row.problems.append(Problem(row.row, row.form.name, preview.column_label("citizen_id"),
                                        f"此人在发展党员名单中（{stage_name(old.stage)}），还不是党员：接收为预备党员"
                                        "请在“发展党员”页办理，以便检查时限要求"))
            continue
        merged = replace(old, **{name: getattr(row.form, name) for name in written})
        for name, message in validate_person(merged, today).items():
            row.problems.append(Problem(row.row, row.form.name, preview.column_label(name),
                                        f"与程序中已有的信息合起来不成立：{message}"))
        row.changes = [FIELD_LABELS[name] for name in PERSON_FIELDS
                       if name in written and getattr(old, name) != getattr(row.form, name)]
    add_step_changes(preview, session)


def add_step_changes(preview: ImportPreview, session: Session) -> None:
    """The development columns an update adds to or changes in a recorded person's timeline."""
    matched = [r for r in preview.rows if r.existing_id is not None and r.ok and r.development]
    found = step_changes(session, [TimelineSteps(r.existing_id, r.form.name, r.development, r.form.joined_on)
                                   for r in matched], preview.column_label)
    for row in matched:
        row.changes += found.get(row.existing_id, [])


@operation("members.import", Permission.MEMBERS_IMPORT, "从Excel导入党员", long=True, backup_before=True)
def import_roster(tx: Tx, preview: ImportPreview, *, skip_invalid: bool = False,
                  update_existing: bool = True) -> ImportResult:
    """Write the checked rows in one transaction: all or nothing unless `skip_invalid`.

    Every created or updated person gets an audit row (and their 入党/转正 events and the
    development steps of the file's 申请入党时间 … 入党介绍人 columns), bulk-inserted in the same
    transaction, so the import is one operation with its rows.
    """
    refuse_problems(preview, skip_invalid)
    return write_preview(tx, preview, update_existing=update_existing)


def import_summary(result: ImportResult) -> str:
    """One line saying what an import did (the window and the CLI print the same words)."""
    return (f"已导入：新增 {result.created} 人，更新 {result.updated} 人"
            + (f"，跳过已在册 {result.skipped_existing} 人" if result.skipped_existing else "")
            + (f"；新建党小组 {'、'.join(result.groups_created)}" if result.groups_created else "")
            + (f"；记入发展党员经历 {result.steps} 项" if result.steps else ""))
