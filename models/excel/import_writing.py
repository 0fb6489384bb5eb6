"""Writing a checked import preview in one transaction: new people, updates of people already
recorded, their 入党/转正 events and development steps, each with audit rows, in bulk.

Both Excel imports use it (`members.import` for the roster, `pipeline.import` for people not
yet members); what differs between them is how the rows were read and checked.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from models.excel.import_preview import ImportPreview, ImportRefused, ImportResult, ParsedRow
from models.excel.timeline_steps import TimelineSteps, write_steps
from models.people import events
from models.people import roster as people
from models.people.branch import create_group_in, list_groups
from models.people.entities import Person
from models.people.rules import PERSON_FIELDS
from models.workspace import Entity, Tx
from models.workspace.audit import diff, snapshot

_FORM_FIELDS = frozenset(PERSON_FIELDS)
# Columns an update writes even when the file lacks them: they follow from the ID number.
_FROM_ID = frozenset({"gender", "birth_date", "citizen_id"})
_DERIVED = frozenset({"name_pinyin", "name_initials", "sort_key"})
BATCH = 1000


def written_fields(present: set[str]) -> set[str]:
    """Form fields an update of an existing person overwrites (the rest of the record stays)."""
    return (present & _FORM_FIELDS) | _FROM_ID


def refuse_problems(preview: ImportPreview, skip_invalid: bool) -> None:
    if preview.problem_rows and not skip_invalid:
        raise ImportRefused(f"有 {len(preview.problem_rows)} 行存在问题，没有导入任何数据。"
                            "请修改表格后重新导入，或选择“只导入无误的行”")


def write_preview(tx: Tx, preview: ImportPreview, *, update_existing: bool = True) -> ImportResult:
    """Write the preview's rows without problems (the caller has decided whether that is allowed)."""
    session = tx.session
    check_still_current(session, preview)
    groups = {g.name: g.id for g in list_groups(session)}
    for name in preview.new_groups:
        if name not in groups:
            groups[name] = create_group_in(tx, name)
    new, updates = preview.new_rows, preview.update_rows if update_existing else []
    total = max(len(new) + len(updates), 1)
    steps = _insert_new(tx, new, groups, total)
    steps += _update_existing(tx, updates, groups, set(preview.mapping.values()), len(new), total)
    written = write_steps(tx, steps)
    tx.touched(Entity.PERSON)
    return ImportResult(created=len(new), updated=len(updates),
                        skipped_existing=0 if update_existing else len(preview.update_rows),
                        groups_created=list(preview.new_groups), steps=written)


def _insert_new(tx: Tx, new: list[ParsedRow], groups: dict[str, int], total: int) -> list[TimelineSteps]:
    session = tx.session
    steps = []
    for start in range(0, len(new), BATCH):
        tx.check_cancel()
        chunk = new[start:start + BATCH]
        batch = [people.person_values(replace(r.form, group_id=groups.get(r.group_name))) for r in chunk]
        ids = session.scalars(insert(Person).returning(Person.id, sort_by_parameter_order=True), batch).all()
        rows = []
        for person_id, values, parsed in zip(ids, batch, chunk, strict=True):
            rows += events.membership_events(person_id, values["joined_on"], values["confirmed_on"], tx.actor.name)
            tx.record(Entity.PERSON, person_id, "create", values["name"],
                      snapshot({k: v for k, v in values.items() if k not in _DERIVED}))
            steps.append(TimelineSteps(person_id, parsed.form.name, parsed.development, parsed.form.joined_on))
        events.insert_events(session, rows)
        if rows:
            tx.touched(Entity.PERSON_EVENT)
        tx.progress(min((start + len(batch)) / total, 1.0), f"已写入 {start + len(batch)} 人…")
    return steps


def _update_existing(tx: Tx, updates: list[ParsedRow], groups: dict[str, int], present: set[str], done: int,
                     total: int) -> list[TimelineSteps]:
    session = tx.session
    steps = []
    for start in range(0, len(updates), BATCH):
        tx.check_cancel()
        chunk = updates[start:start + BATCH]
        values = [_update_values(r, groups, present) for r in chunk]
        before = people.forms_by_id(session, [r.existing_id for r in chunk])
        session.execute(update(Person), values)
        for row, new_values in zip(chunk, values, strict=True):
            old = before[row.existing_id]
            old_values = {k: getattr(old, k) for k in new_values if k not in _DERIVED and hasattr(old, k)}
            changed = diff(old_values, {k: v for k, v in new_values.items() if k in old_values})
            if changed:
                tx.record(Entity.PERSON, row.existing_id, "update", row.form.name, changed)
            for kind, field_name in ((events.EventKind.JOINED, "joined_on"),
                                     (events.EventKind.CONFIRMED, "confirmed_on")):
                if field_name in changed:
                    events.sync_membership_event(session, row.existing_id, kind, new_values[field_name],
                                                 tx.actor.name)
                    tx.touched(Entity.PERSON_EVENT)
            steps.append(TimelineSteps(row.existing_id, row.form.name, row.development, row.form.joined_on))
        tx.progress(min((done + start + len(chunk)) / total, 1.0), f"已更新 {start + len(chunk)} 人…")
    return steps


def check_still_current(session: Session, preview: ImportPreview) -> None:
    """The preview was read before this transaction: refuse if the people it matched have changed."""
    existing = people.existing_by_citizen_id(session)
    for row in preview.rows:
        if not row.ok or not row.form.citizen_id:
            continue
        now = existing.get(row.form.citizen_id, (None, ""))[0]
        if now != row.existing_id:
            raise ImportRefused(f"第{row.row}行 {row.form.name}：检查表格之后，程序中的人员已被修改（身份证号"
                                f"{'已登记' if now else '已不在'}）。没有导入任何数据，请重新导入这个文件")


def _update_values(row: ParsedRow, groups: dict[str, int], present: set[str]) -> dict[str, object]:
    """Only the columns the file has are updated; the rest of the stored record stays."""
    values = people.person_values(replace(row.form, group_id=groups.get(row.group_name)))
    keep = set(_DERIVED) | written_fields(present)
    if "is_mobile" in present and not row.form.is_mobile:
        keep |= {"mobile_destination", "mobile_since", "mobile_contact"}  # cleared with the flag
    if "group" in present:
        keep.add("group_id")
    return {"id": row.existing_id, **{k: v for k, v in values.items() if k in keep}}
