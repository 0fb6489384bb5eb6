"""Writing and reading the audit log. Values are stored as JSON, ID numbers and phones masked."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, func, insert, select
from sqlalchemy.orm import Session

from models.core.errors import PermissionDenied
from models.core.privacy import mask_citizen_id, mask_phone
from models.workspace.actor import PERMISSION_LABELS, Actor, Permission
from models.workspace.entities import AuditEntry

# Fields whose values the log keeps only masked (docs/architecture.md).
_MASKED = {"citizen_id": mask_citizen_id, "phone": mask_phone, "mobile_contact": mask_phone,
           "requester_phone": mask_phone}


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def clean(field: str, value: object) -> object:
    """The value as the log keeps it: JSON-friendly, masked where it is an ID or a phone."""
    value = _plain(value)
    masker = _MASKED.get(field)
    if masker is not None and isinstance(value, str) and value:
        return masker(value) if any(c.isdigit() for c in value) else value
    return value


def snapshot(values: Mapping[str, object]) -> dict[str, object]:
    """A created record's values as the log keeps them (empty values left out)."""
    return {k: clean(k, v) for k, v in values.items() if v not in (None, "", False)}


def diff(before: Mapping[str, object], after: Mapping[str, object]) -> dict[str, list[object]]:
    """{field: [old, new]} for every field whose value differs (masked where needed)."""
    changed = {}
    for key, new in after.items():
        old = before.get(key)
        if _plain(old) != _plain(new) and not (old in (None, "") and new in (None, "")):
            changed[key] = [clean(key, old), clean(key, new)]
    return changed


def to_json(changes: Mapping[str, object]) -> str:
    """The changes as stored, in the order given: a 新增 reads in the order of its form (姓名, 性别 …)."""
    return json.dumps(changes, ensure_ascii=False) if changes else ""


def write_entries(session: Session, rows: list[dict]) -> None:
    """Insert audit rows in the caller's transaction (bulk, in chunks)."""
    for start in range(0, len(rows), 2000):
        session.execute(insert(AuditEntry), rows[start:start + 2000])


# Who may read the log: 管理员 only (Permission.AUDIT_VIEW). Every screen or export that shows it
# passes `by` — the Workspace (or Actor) asking — and is refused (PermissionDenied) without the
# permission; `by=None` is only for code reading the log for itself (the self-test, tests).
Reader = object  # an Actor, or anything with an `actor` attribute (a Workspace)


def require(who: Reader, permission: Permission) -> None:
    """Raise PermissionDenied (Chinese) unless `who` (an Actor or a Workspace) holds `permission`."""
    actor = who if isinstance(who, Actor) else getattr(who, "actor", None)
    if not isinstance(actor, Actor) or not actor.may(permission):
        name = actor.name if isinstance(actor, Actor) else "当前用户"
        raise PermissionDenied(f"“{name}”没有“{PERMISSION_LABELS[permission]}”的权限")


def _guard(by: Reader | None) -> None:
    if by is not None:
        require(by, Permission.AUDIT_VIEW)


@dataclass(frozen=True)
class AuditFilter:
    start: date | None = None
    end: date | None = None  # inclusive
    operation: str | None = None
    actor: str | None = None


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor: str
    operation: str
    entity: str
    entity_id: int | None
    action: str
    summary: str
    changes: dict


def _query(flt: AuditFilter) -> Select:
    query = select(AuditEntry)
    if flt.start:
        query = query.where(AuditEntry.at >= datetime.combine(flt.start, datetime.min.time()))
    if flt.end:
        query = query.where(AuditEntry.at < datetime.combine(flt.end, datetime.max.time()))
    if flt.operation:
        query = query.where(AuditEntry.operation == flt.operation)
    if flt.actor:
        query = query.where(AuditEntry.actor == flt.actor)
    return query


def list_audit(session: Session, flt: AuditFilter, limit: int | None = 5000, *,
               by: Reader | None = None) -> list[AuditRow]:
    """Audit rows matching the filter, newest first (at most `limit`); `by` must hold AUDIT_VIEW."""
    _guard(by)
    query = _query(flt).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return [AuditRow(e.id, e.at, e.actor, e.operation, e.entity, e.entity_id, e.action, e.summary,
                     json.loads(e.changes) if e.changes else {}) for e in session.scalars(query)]


def count_audit(session: Session, flt: AuditFilter, *, by: Reader | None = None) -> int:
    _guard(by)
    return session.scalar(select(func.count()).select_from(_query(flt).subquery())) or 0


def audit_actors(session: Session, *, by: Reader | None = None) -> list[str]:
    _guard(by)
    return list(session.scalars(select(AuditEntry.actor).distinct().order_by(AuditEntry.actor)))


def audit_operations(session: Session, *, by: Reader | None = None) -> list[str]:
    _guard(by)
    return list(session.scalars(select(AuditEntry.operation).distinct().order_by(AuditEntry.operation)))


def rows_for_entity(session: Session, entity: str, ids: Iterable[int], *,
                    by: Reader | None = None) -> list[AuditRow]:
    _guard(by)
    query = select(AuditEntry).where(AuditEntry.entity == entity, AuditEntry.entity_id.in_(list(ids)))
    return [AuditRow(e.id, e.at, e.actor, e.operation, e.entity, e.entity_id, e.action, e.summary,
                     json.loads(e.changes) if e.changes else {}) for e in session.scalars(query.order_by(AuditEntry.id))]


# Field labels per entity, registered by the packages that own the entities, so the log can be
# read in Chinese (操作记录, its Excel export) without the write path knowing the domains.
_FIELD_LABELS: dict[str, dict[str, str]] = {}
ACTION_LABELS = {"create": "新增", "update": "修改", "delete": "删除", "sign_in": "登录", "sign_in_failed": "登录失败",
                 "lock": "锁定", "restore": "恢复"}


# Audit rows that record who came and went, not a change to the data (models/access/signin.py).
NOT_DATA_CHANGES = ("user.sign_in", "user.sign_in_failed", "user.lock")


def last_data_change(session: Session) -> int:
    """The id of the newest audit row that records a change to the data (0 when none): every change
    writes one, so a different value means the data changed (the automatic backups' fingerprint)."""
    found = session.scalar(select(func.max(AuditEntry.id)).where(AuditEntry.operation.not_in(NOT_DATA_CHANGES)))
    return found or 0


def register_field_labels(entity: str, labels: Mapping[str, str]) -> None:
    _FIELD_LABELS.setdefault(entity, {}).update(labels)


def _shown(value: object) -> str:
    from models.core.codes import label

    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    return label(value) or str(value) if isinstance(value, str) else str(value)


# Internal record numbers: meaningless to the reader, and the row's summary names the person.
# (Rows written before 0.3 still hold person_id; they are shown without it too.)
_INTERNAL_FIELDS = frozenset({"person_id"})


def describe_changes(row: AuditRow) -> str:
    """The row's changes in Chinese: 姓名：张三 → 张山；联系电话：138****5678 → …"""
    labels = _FIELD_LABELS.get(row.entity, {})
    parts = []
    for field, value in row.changes.items():
        if field in _INTERNAL_FIELDS:
            continue
        name = labels.get(field, field)
        if isinstance(value, list) and len(value) == 2 and row.action == "update":
            parts.append(f"{name}：{_shown(value[0])} → {_shown(value[1])}")
        else:
            parts.append(f"{name}：{_shown(value)}")
    return "；".join(parts)
