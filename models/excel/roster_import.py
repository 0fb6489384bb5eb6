"""Importing a roster spreadsheet: read, map columns, check every row, preview, then write once.

    preview = read_roster(path, session, today)      # nothing written; show it to the user
    preview = remap(preview, {column: field}, session, today)   # the user corrected the mapping
    outcome = workspace.run(import_roster, preview, skip_invalid=False, update_existing=True)
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from models.core.codes import Stage
from models.core.dates import add_years, format_date
from models.core.errors import UserError
from models.core.jobs import IsCancelled, Progress, check_cancel
from models.excel import cells
from models.excel.columns import FIELD_LABEL, field_for_header, is_ignored_header
from models.excel.row_kinds import cell as _cell
from models.excel.row_kinds import choose_stage_column, skip_reason, too_long
from models.excel.workbook import SheetRows, read_sheet
from models.people import citizen_id, events
from models.people import roster as people
from models.people.branch import create_group_in, list_groups
from models.people.entities import Person
from models.people.rules import FIELD_LABELS, PERSON_FIELDS, PersonForm, normalized, validate_person
from models.workspace import Entity, Permission, Tx, operation
from models.workspace.audit import diff, snapshot

_FORM_FIELDS = frozenset(PERSON_FIELDS)


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
    columns = {f: i for i, f in preview.mapping.items()}
    groups = {g.name: g.id for g in list_groups(session)}
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
        parsed = _parse_row(preview, row_number, values, columns, today)
        _check_unique(parsed, preview, seen_ids, existing)
        preview.rows.append(parsed)
    _fill_changes(preview, session, today)
    used = dict.fromkeys(r.group_name for r in preview.rows if r.ok and r.group_name)  # file order
    preview.new_groups = [name for name in used if name not in groups]
    return preview


# How each column's cells are read (出生日期 has its own reader: it may hold only year and month).
_READERS = {"name": cells.name, "gender": cells.gender, "ethnicity": cells.text, "citizen_id": cells.id_number,
            "education": cells.education, "stage": cells.stage, "group": cells.text, "work_unit": cells.text,
            "phone": cells.phone, "address": cells.text, "is_mobile": cells.yes_no,
            "mobile_destination": cells.text, "mobile_contact": cells.text, "notes": cells.text,
            "joined_on": cells.day, "confirmed_on": cells.day, "mobile_since": cells.day}


def _parse_row(preview: ImportPreview, row_number: int, values: tuple, columns: dict[str, int],
               today: date) -> ParsedRow:
    problems: dict[str, str] = {}
    read: dict[str, object] = {}
    values = too_long(values, columns, problems)
    for name, reader in _READERS.items():
        if name in columns:
            try:
                read[name] = reader(_cell(values, columns[name]))
            except cells.CellError as exc:
                problems[name] = str(exc)
    _read_birth(_cell(values, columns.get("birth_date")), read, problems)
    group_name = str(read.pop("group", "") or "")
    if len(group_name) > 40:
        problems["group"] = "党小组名称不能超过40个字"
    if not read.get("ethnicity"):
        read["ethnicity"] = "汉族"
    read.setdefault("stage", "")  # no 人员类别 column: inferred below from the dates
    form = PersonForm(**{k: v for k, v in read.items() if k in _FORM_FIELDS})
    form = people.fill_from_id(normalized(form))
    if not form.stage:
        form = replace(form, stage=_inferred_stage(form, today))
    for name, message in validate_person(form, today).items():
        problems.setdefault(name, message)
    parsed = ParsedRow(row=row_number, form=form, group_name=group_name)
    parsed.problems = [Problem(row_number, form.name, preview.column_label(n), m) for n, m in problems.items()]
    return parsed


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


# Columns an update writes even when the file lacks them: they follow from the ID number.
_FROM_ID = frozenset({"gender", "birth_date", "citizen_id"})


def _written(present: set[str]) -> set[str]:
    """Form fields an update of an existing person overwrites (the rest of the record stays)."""
    return (present & _FORM_FIELDS) | _FROM_ID


def _fill_changes(preview: ImportPreview, session: Session, today: date) -> None:
    """For people already recorded: what changes, and whether the record as it would be stored
    (stored values overlaid with the file's columns) still keeps the roster rules."""
    matched = [r for r in preview.rows if r.existing_id is not None and r.ok]
    stored = people.forms_by_id(session, [r.existing_id for r in matched])
    written = _written(set(preview.mapping.values()))
    for row in matched:
        old = stored[row.existing_id]
        merged = replace(old, **{name: getattr(row.form, name) for name in written})
        for name, message in validate_person(merged, today).items():
            row.problems.append(Problem(row.row, row.form.name, preview.column_label(name),
                                        f"与程序中已有的信息合起来不成立：{message}"))
        row.changes = [FIELD_LABELS[name] for name in PERSON_FIELDS
                       if name in written and getattr(old, name) != getattr(row.form, name)]


@operation("members.import", Permission.MEMBERS_IMPORT, "从Excel导入党员", long=True)
def import_roster(tx: Tx, preview: ImportPreview, *, skip_invalid: bool = False,
                  update_existing: bool = True) -> ImportResult:
    """Write the checked rows in one transaction: all or nothing unless `skip_invalid`.

    Every created or updated person gets an audit row (and their 入党/转正 events), bulk-inserted
    in the same transaction, so the import is one operation with its rows.
    """
    if preview.problem_rows and not skip_invalid:
        raise ImportRefused(f"有 {len(preview.problem_rows)} 行存在问题，没有导入任何数据。"
                            "请修改表格后重新导入，或选择“只导入无误的行”")
    session = tx.session
    _check_still_current(session, preview)
    groups = {g.name: g.id for g in list_groups(session)}
    for name in preview.new_groups:
        if name not in groups:
            groups[name] = create_group_in(tx, name)
    present = set(preview.mapping.values())
    new, updates = preview.new_rows, preview.update_rows if update_existing else []
    total = max(len(new) + len(updates), 1)
    audit_skip = {"name_pinyin", "name_initials", "sort_key"}
    for start in range(0, len(new), 1000):
        tx.check_cancel()
        batch = [people.person_values(replace(r.form, group_id=groups.get(r.group_name)))
                 for r in new[start:start + 1000]]
        ids = session.scalars(insert(Person).returning(Person.id, sort_by_parameter_order=True), batch).all()
        rows = []
        for person_id, values in zip(ids, batch, strict=True):
            rows += events.membership_events(person_id, values["joined_on"], values["confirmed_on"], tx.actor.name)
            tx.record(Entity.PERSON, person_id, "create", values["name"],
                      snapshot({k: v for k, v in values.items() if k not in audit_skip}))
        events.insert_events(session, rows)
        tx.progress(min((start + len(batch)) / total, 1.0), f"已写入 {start + len(batch)} 人…")
    if new:
        tx.touched(Entity.PERSON_EVENT)
    for start in range(0, len(updates), 1000):
        tx.check_cancel()
        chunk = updates[start:start + 1000]
        values = [_update_values(r, groups, present) for r in chunk]
        before = people.forms_by_id(session, [r.existing_id for r in chunk])
        session.execute(update(Person), values)
        for row, new_values in zip(chunk, values, strict=True):
            old = before[row.existing_id]
            old_values = {k: getattr(old, k) for k in new_values if k not in audit_skip and hasattr(old, k)}
            changed = diff(old_values, {k: v for k, v in new_values.items() if k in old_values})
            if changed:
                tx.record(Entity.PERSON, row.existing_id, "update", row.form.name, changed)
            for kind, field_name in ((events.EventKind.JOINED, "joined_on"), (events.EventKind.CONFIRMED, "confirmed_on")):
                if field_name in changed:
                    events.sync_membership_event(session, row.existing_id, kind, new_values[field_name],
                                                 tx.actor.name)
                    tx.touched(Entity.PERSON_EVENT)
        tx.progress(min((len(new) + start + len(chunk)) / total, 1.0), f"已更新 {start + len(chunk)} 人…")
    tx.touched(Entity.PERSON)
    return ImportResult(created=len(new), updated=len(updates),
                        skipped_existing=0 if update_existing else len(preview.update_rows),
                        groups_created=list(preview.new_groups))


def _check_still_current(session: Session, preview: ImportPreview) -> None:
    """The preview was read before this transaction: refuse if the people it matched have changed."""
    existing = people.existing_by_citizen_id(session)
    for row in preview.rows:
        if not row.ok or not row.form.citizen_id:
            continue
        now = existing.get(row.form.citizen_id, (None, ""))[0]
        if now != row.existing_id:
            raise ImportRefused(f"第{row.row}行 {row.form.name}：检查表格之后，程序中的人员已被修改（身份证号"
                                f"{'已登记' if now else '已不在'}）。没有导入任何数据，请重新导入这个文件")


def import_summary(result: ImportResult) -> str:
    """One line saying what an import did (the window and the CLI print the same words)."""
    return (f"已导入：新增 {result.created} 人，更新 {result.updated} 人"
            + (f"，跳过已在册 {result.skipped_existing} 人" if result.skipped_existing else "")
            + (f"；新建党小组 {'、'.join(result.groups_created)}" if result.groups_created else ""))


def _update_values(row: ParsedRow, groups: dict[str, int], present: set[str]) -> dict[str, object]:
    """Only the columns the file has are updated; the rest of the stored record stays."""
    values = people.person_values(replace(row.form, group_id=groups.get(row.group_name)))
    keep = {"name_pinyin", "name_initials", "sort_key"} | _written(present)
    if "is_mobile" in present and not row.form.is_mobile:
        keep |= {"mobile_destination", "mobile_since", "mobile_contact"}  # cleared with the flag
    if "group" in present:
        keep.add("group_id")
    return {"id": row.existing_id, **{k: v for k, v in values.items() if k in keep}}
