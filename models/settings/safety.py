"""Data safety settings and the record of copies that left the PC (docs/data-safety.md).

Stored as one JSON object under the setting key "safety" (like models/settings/values.py, a value
not stored has its default): `idle_lock_minutes` (the window locks after this long without use),
`offsite_reminder_days` (the window reminds when no 备份到… was made for this long) and
`last_offsite_backup` (when the last 备份到… to another disk was made; written by `backup.recorded`).

Operations: `safety.settings` (修改数据安全设置), `backup.recorded` (备份到U盘或其他文件夹: the time,
the folder, whether a password was set and whether the copy shares the data file's disk — never
the password) and `backup.restored`
(从备份恢复: the audit row a restored database gets).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.core.errors import ValidationError
from models.settings.entities import Setting
from models.workspace import Entity, Permission, Tx, operation
from models.workspace.audit import register_field_labels
from models.workspace.entities import AuditEntry

KEY = "safety"
IDLE_RANGE = (1, 240)  # minutes
REMINDER_RANGE = (1, 365)  # days


@dataclass(frozen=True)
class SafetySettings:
    idle_lock_minutes: int = 10  # lock the window after this long without use (wall clock)
    offsite_reminder_days: int = 30  # remind at start when no 备份到… for this long


FIELD_LABELS = {"idle_lock_minutes": "无操作自动锁定（分钟）", "offsite_reminder_days": "提醒备份到U盘（天）"}
register_field_labels(Entity.SETTING, {f"{KEY}.{name}": text for name, text in FIELD_LABELS.items()})
register_field_labels(Entity.BACKUP, {"folder": "保存位置", "file": "文件名", "encrypted": "设置了密码",
                                      "same_disk": "与数据文件在同一磁盘",
                                      "backup": "备份文件", "made_at": "备份时间", "people": "在册人员人数",
                                      "before": "恢复前的数据库备份在", "set_aside": "损坏的数据文件移到了"})


def _stored(session: Session) -> dict[str, object]:
    row = session.get(Setting, KEY)
    if row is None:
        return {}
    try:
        value = json.loads(row.value)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _write(tx: Tx, value: dict[str, object]) -> None:
    text = json.dumps(value, ensure_ascii=False)
    row = tx.session.get(Setting, KEY)
    if row is None:
        tx.session.add(Setting(key=KEY, value=text))
    else:
        row.value = text


def get_safety(session: Session) -> SafetySettings:
    """The safety settings in force: stored values over the defaults (a value out of range or of the
    wrong type — a file edited by hand — falls back to its default)."""
    stored = _stored(session)
    values = {}
    for f in fields(SafetySettings):
        value = stored.get(f.name)
        if isinstance(value, int) and not isinstance(value, bool) and _problem(f.name, value) is None:
            values[f.name] = value
    return SafetySettings(**values)


def _problem(name: str, value: int) -> str | None:
    low, high = IDLE_RANGE if name == "idle_lock_minutes" else REMINDER_RANGE
    if not low <= value <= high:
        return f"应在 {low} 到 {high} 之间，现在是 {value}"
    return None


def _check(settings: SafetySettings) -> None:
    errors = {}
    for f in fields(SafetySettings):
        value = getattr(settings, f.name)
        if not isinstance(value, int) or isinstance(value, bool):
            errors[f.name] = f"应为整数，现在是“{value}”"
        elif (problem := _problem(f.name, value)) is not None:
            errors[f.name] = problem
    if errors:
        raise ValidationError(errors, FIELD_LABELS)


@operation("safety.settings", Permission.SETTINGS_EDIT, "修改数据安全设置")
def update_safety(tx: Tx, settings: SafetySettings) -> None:
    """Store the safety settings; each changed value gets an audit row (as settings.rules does)."""
    _check(settings)
    before = asdict(get_safety(tx.session))
    after = asdict(settings)
    if before == after:
        return
    stored = _stored(tx.session)
    stored.update(after)
    _write(tx, stored)
    for name, value in after.items():
        if before[name] != value:
            key = f"{KEY}.{name}"
            tx.record(Entity.SETTING, None, "update", key, {key: [before[name], value]})


def last_offsite_backup(session: Session) -> datetime | None:
    """When the last 备份到… was made (None when never, or the stored value is unreadable)."""
    value = _stored(session).get("last_offsite_backup")
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


SAME_DISK_WARNING = "备份已保存，但它和数据文件在同一块磁盘上，电脑坏了会一起丢失；请再备份到U盘"


@operation("backup.recorded", Permission.BACKUP_EXPORT, "备份到U盘或其他文件夹")
def record_offsite_backup(tx: Tx, out: Path | str, encrypted: bool, off_disk: bool) -> None:
    """Record a copy written to `out` at tx.now: always an audit row naming the folder, whether a
    password was set and whether the copy is on the data file's own disk (同一磁盘). Only a copy on
    another disk (`off_disk`, see models.storage.location.same_disk) is remembered as
    last_offsite_backup and quiets the reminder: a dead disk loses a same-disk copy with the data.
    The password is never passed here."""
    out = Path(out)
    if off_disk:
        stored = _stored(tx.session)
        stored["last_offsite_backup"] = tx.now.isoformat(timespec="seconds")
        _write(tx, stored)
    where = "" if off_disk else "（与数据文件在同一磁盘）"
    tx.record(Entity.BACKUP, None, "create", f"备份到 {out.parent}{where}"[:200],
              {"folder": str(out.parent), "file": out.name, "encrypted": bool(encrypted),
               "same_disk": not off_disk})


@operation("backup.restored", Permission.BACKUP_RESTORE, "从备份恢复")
def record_restore(tx: Tx, backup: Path | str, made_at: datetime | None = None, people: int | None = None,
                   before: Path | str | None = None, set_aside: Path | str | None = None) -> None:
    """The audit row of a restore, written into the restored database right after the switch: which
    backup (its file name and date), and where the replaced database was copied."""
    details: dict[str, object] = {"backup": Path(backup).name}
    if made_at is not None:
        details["made_at"] = made_at.isoformat(sep=" ", timespec="seconds")
    if people is not None:
        details["people"] = people
    if before is not None:
        details["before"] = str(before)
    if set_aside is not None:
        details["set_aside"] = str(set_aside)
    tx.record(Entity.BACKUP, None, "create", f"从备份恢复：{Path(backup).name}"[:200], details)


def _first_use(session: Session) -> date | None:
    """The day the database was first written to (its oldest audit row), None when never."""
    first = session.scalar(select(func.min(AuditEntry.at)))
    return first.date() if isinstance(first, datetime) else None


def offsite_days(session: Session, today: date) -> int | None:
    """Whole days since the last 备份到… (None when there has been none)."""
    last = last_offsite_backup(session)
    return None if last is None else max(0, (today - last.date()).days)


def offsite_reminder(session: Session, today: date) -> str | None:
    """The start-up reminder when no copy left the PC for `offsite_reminder_days` or more; None when
    one did recently. A database never copied off is reminded of once it has been in use that long."""
    limit = get_safety(session).offsite_reminder_days
    days = offsite_days(session, today)
    if days is not None:
        return f"上次备份到U盘：{days} 天前" if days >= limit else None
    first = _first_use(session)
    if first is not None and (today - first).days >= limit:
        return "还没有备份到U盘或其他文件夹过"
    return None
