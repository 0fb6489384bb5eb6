"""Importing people who are not yet members — 入党申请人, 入党积极分子, 发展对象 — from their own sheet:
read → preview with problems → the `pipeline.import` operation (all or nothing unless told to
import only the rows without problems), the same way as the roster import.

    preview = read_pipeline(path, session, today)            # nothing written; show it to the user
    preview = remap_pipeline(preview, {column: field}, session, today)
    outcome = workspace.run(import_pipeline, preview)

A row's stage comes from its 类别 / 阶段 / 人员类别 column, or else from the latest of its dates
(确定为发展对象时间 → 发展对象, 确定为入党积极分子时间 → 入党积极分子, 申请入党时间 → 入党申请人).
Each person becomes a `person` row at that stage without 入党日期; the dates become steps of their
timeline (递交入党申请书, 确定为入党积极分子, 培养联系人, 列为发展对象, 入党介绍人).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.core.codes import MEMBER_STAGES, Stage, label
from models.core.errors import UserError
from models.core.jobs import IsCancelled, Progress
from models.development.steps import stage_name
from models.excel import cells
from models.excel.columns import field_for_header, normalize_header
from models.excel.development_columns import DATE_STEPS, DevelopmentDates, check_dates, pipeline_stage
from models.excel.import_preview import ImportPreview, ImportResult, ParsedRow, Problem
from models.excel.import_writing import refuse_problems, write_preview, written_fields
from models.excel.roster_import import (
    READERS,
    add_step_changes,
    analyse_rows,
    guess_mapping,
    note_new_groups,
    parsed_row,
    read_row,
)
from models.excel.row_kinds import cell
from models.excel.workbook import SheetChoiceNeeded, SheetRows, read_sheet
from models.people import roster as people
from models.people.entities import Person
from models.people.rules import FIELD_LABELS, PERSON_FIELDS, validate_person
from models.workspace import Permission, Tx, operation

STAGE_DATE: dict[str, str] = {Stage.APPLICANT: "applied_on", Stage.ACTIVIST: "activist_on",
                              Stage.CANDIDATE: "candidate_on"}
PIPELINE_READERS = {**READERS, "stage": pipeline_stage}
SHEET_WORDS = ("申请", "积极分子", "发展对象")  # names of the sheet a pipeline list is kept in
NOT_STAGE_HEADERS = ("政治面貌", "党籍状态")  # 群众 / 共青团员: says nothing of the stage
# Person fields a pipeline row never changes on a recorded person (the stage changes only through
# the stage actions, which check the timing rules).
_NOT_UPDATED = frozenset({"stage", "joined_on", "confirmed_on"})


class PipelinePreview(ImportPreview):
    """The checked rows of a pipeline sheet (the window and the CLI tell the two imports apart by type)."""


def read_pipeline(path: Path, session: Session, today: date, progress: Progress | None = None,
                  cancelled: IsCancelled | None = None, *, sheet: str | None = None) -> PipelinePreview:
    """Read and check a sheet of 入党申请人 / 积极分子 / 发展对象; writes nothing. Raises WorkbookError
    for unreadable files, SheetChoiceNeeded when several sheets hold lists and none was named
    (unless exactly one of them is named like a pipeline list, e.g. “入党积极分子”)."""
    rows = _read(Path(path), sheet, progress, cancelled)
    mapping = choose_stage_column(guess_mapping(rows.headers), rows)
    if "name" not in mapping.values():
        raise UserError("表头中没有“姓名”列，无法导入")
    return analyse_pipeline(PipelinePreview(Path(path), rows, mapping), session, today, progress, cancelled)


def remap_pipeline(preview: ImportPreview, mapping: dict[int, str], session: Session, today: date) -> PipelinePreview:
    """Check the same rows again with a mapping the user corrected."""
    return analyse_pipeline(PipelinePreview(preview.path, preview.sheet, dict(mapping)), session, today)


def _read(path: Path, sheet: str | None, progress: Progress | None, cancelled: IsCancelled | None) -> SheetRows:
    try:
        return read_sheet(path, sheet, progress, cancelled)
    except SheetChoiceNeeded as exc:
        named = [c for c in exc.choices if not c.hidden and any(w in c.name for w in SHEET_WORDS)]
        if sheet is not None or len(named) != 1:  # the roster's words (党员名单) are not this list's
            raise SheetChoiceNeeded(exc.finding.replace("党员名单", "名单"), exc.choices) from None
    rows = read_sheet(path, named[0].name, progress, cancelled)
    rows.notes.append(f"文件中有几个名单，按名称读取了工作表“{named[0].name}”")
    return rows


def choose_stage_column(mapping: dict[int, str], sheet: SheetRows) -> dict[int, str]:
    """Of the columns that could hold the stage, the one whose values read as stages (入党积极分子 …,
    or members' words, which are then refused row by row); a 政治面貌 column holding 群众 or
    共青团员 is not the stage: the stage is then taken from the dates."""
    candidates = [i for i, h in enumerate(sheet.headers) if field_for_header(h) == "stage"]
    if not candidates:
        return mapping

    def score(index: int) -> tuple[int, bool]:
        readable = 0
        for _, values in sheet.rows[:500]:
            try:
                readable += bool(pipeline_stage(cell(values, index)))
            except cells.CellError as exc:
                readable += "已是党员" in str(exc)
        return readable, normalize_header(sheet.headers[index]) not in NOT_STAGE_HEADERS

    best = max(candidates, key=score)
    chosen = {i: f for i, f in mapping.items() if f != "stage"}
    if score(best) != (0, False):
        chosen[best] = "stage"
    return dict(sorted(chosen.items()))


def analyse_pipeline(preview: PipelinePreview, session: Session, today: date, progress: Progress | None = None,
                     cancelled: IsCancelled | None = None) -> PipelinePreview:
    """Parse and check every row, then against the people already recorded."""
    analyse_rows(preview, session, _parse_row, today, progress, cancelled)
    _check_recorded(preview, session)
    note_new_groups(preview, session)
    return preview


def _inferred_stage(dates: DevelopmentDates) -> str:
    """The latest stage whose date is filled."""
    for stage in (Stage.CANDIDATE, Stage.ACTIVIST, Stage.APPLICANT):
        if getattr(dates, STAGE_DATE[stage]) is not None:
            return stage.value
    return ""


def _parse_row(preview: ImportPreview, row_number: int, values: tuple, columns: dict[str, int],
               today: date) -> ParsedRow:
    read = read_row(values, columns, PIPELINE_READERS)
    problems, dates = read.problems, read.development
    stage = read.form.stage or _inferred_stage(dates)
    for name in ("joined_on", "confirmed_on"):
        if getattr(read.form, name) is not None:
            problems.setdefault(name, "已填写了这个日期，此人已是党员：党员请在“党员”页导入党员花名册")
    # The roster rules without those of members (入党日期, 人员类别 正式/预备).
    errors = validate_person(replace(read.form, stage=Stage.FULL, joined_on=None, confirmed_on=None), today)
    errors.pop("joined_on", None)
    for name, message in errors.items():
        problems.setdefault(name, message)
    if stage:
        _check_stage_dates(stage, dates, problems, preview.column_label)
    elif "stage" not in problems:
        problems["stage"] = ("请填写阶段（入党申请人、入党积极分子或发展对象），"
                             "或填写申请入党时间、确定为入党积极分子时间、确定为发展对象时间")
    check_dates(dates, read.form.birth_date, None, None, today, problems, preview.column_label)
    read.form = replace(read.form, stage=stage or Stage.APPLICANT.value, joined_on=None, confirmed_on=None)
    return parsed_row(preview, row_number, read)


def _check_stage_dates(stage: str, dates: DevelopmentDates, problems: dict[str, str], label_of) -> None:
    """The date the stage began is needed; a date of a later stage contradicts the stage."""
    own = STAGE_DATE[stage]
    if getattr(dates, own) is None:
        problems.setdefault(own, f"{stage_name(stage)}请填写{label_of(own)}")
    later = [n for n, _ in DATE_STEPS][[n for n, _ in DATE_STEPS].index(own) + 1:]
    for name in later:
        if getattr(dates, name) is not None:
            problems.setdefault(name, f"填写了{label_of(name)}，但阶段是{stage_name(stage)}，请检查")
    if stage == Stage.APPLICANT and dates.contacts:
        problems.setdefault("contacts", "入党申请人还没有培养联系人（确定为入党积极分子时才指定），请检查")
    if stage != Stage.CANDIDATE and dates.introducers:
        problems.setdefault("introducers", f"入党介绍人在列为发展对象时确定，但阶段是{stage_name(stage)}，请检查")


def _check_recorded(preview: ImportPreview, session: Session) -> None:
    """People already recorded: members and archived people are not imported here; someone at the
    same stage is updated; a different stage is changed only by the stage actions."""
    matched = [r for r in preview.rows if r.existing_id is not None]
    stored = _stored(session, [r.existing_id for r in matched])
    forms = people.forms_by_id(session, [r.existing_id for r in matched])
    written = written_fields(set(preview.mapping.values())) - _NOT_UPDATED
    for row in matched:
        stage, archived = stored[row.existing_id]
        message = None
        if stage in MEMBER_STAGES:
            message = f"此人已是{stage_name(stage)}（党员名单中已有这个身份证号），不能作为{stage_name(row.form.stage)}导入"
        elif archived:
            message = f"程序中已有此人，已归档（{label(archived)}），没有导入"
        elif stage != row.form.stage:
            message = (f"程序中此人是{stage_name(stage)}，表格中是{stage_name(row.form.stage)}：阶段的变化请在“发展党员”页"
                       "办理（如“列为发展对象”），以便检查时限要求")
        if message:
            column = preview.column_label("citizen_id" if stage in MEMBER_STAGES or archived else "stage")
            row.problems.append(Problem(row.row, row.form.name, column, message))
            continue
        old = forms[row.existing_id]
        row.changes = [FIELD_LABELS[n] for n in PERSON_FIELDS if n in written and getattr(old, n) != getattr(row.form, n)]
    add_step_changes(preview, session)


def _stored(session: Session, person_ids: list[int]) -> dict[int, tuple[str, str | None]]:
    found = {}
    for start in range(0, len(person_ids), 500):
        query = select(Person.id, Person.stage, Person.archive_reason).where(Person.id.in_(person_ids[start:start + 500]))
        found.update({pid: (stage, archived) for pid, stage, archived in session.execute(query)})
    return found


@operation("pipeline.import", Permission.MEMBERS_IMPORT, "从Excel导入入党申请人和积极分子", long=True, backup_before=True)
def import_pipeline(tx: Tx, preview: ImportPreview, *, skip_invalid: bool = False,
                    update_existing: bool = True) -> ImportResult:
    """Write the checked rows in one transaction — all or nothing unless `skip_invalid` — each person
    and each of their steps with an audit row."""
    if not isinstance(preview, PipelinePreview):
        raise UserError("这不是入党申请人、积极分子名单的检查结果，没有导入")
    refuse_problems(preview, skip_invalid)
    return write_preview(tx, preview, update_existing=update_existing)


def pipeline_summary(result: ImportResult) -> str:
    """One line saying what a pipeline import did (the window and the CLI print the same words)."""
    return (f"已导入入党申请人、积极分子和发展对象：新增 {result.created} 人，更新 {result.updated} 人"
            + (f"，跳过已在名单中的 {result.skipped_existing} 人" if result.skipped_existing else "")
            + (f"；新建党小组 {'、'.join(result.groups_created)}" if result.groups_created else "")
            + (f"；记入发展党员经历 {result.steps} 项" if result.steps else ""))
