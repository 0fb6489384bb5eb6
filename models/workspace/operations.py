"""Operations: every change to the data is one, with a name, a permission and one transaction.

    @operation("member.create", Permission.MEMBERS_EDIT, "新增党员")
    def create_member(tx: Tx, form: PersonForm) -> int:
        ...                                  # write through tx.session
        tx.created(Entity.PERSON, person.id, values, summary=form.name)
        return person.id

    outcome = workspace.run(create_member, form)   # Outcome(value=id, changes=…)

`Tx` is what an operation works with: the session of its transaction, the actor, today's date,
progress and cancel, and the audit recorder, whose rows are written in that same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.orm import Session

from models.core.jobs import IsCancelled, Progress, check_cancel, no_progress
from models.workspace import audit
from models.workspace.actor import Actor, Permission
from models.workspace.changes import Changes

P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class Operation[**P, T]:
    """A named change: `run(tx, …)` does it inside the transaction the workspace opened."""

    name: str
    permission: Permission
    title: str  # Chinese, shown in 操作记录
    run: Callable[Concatenate[Tx, P], T]
    long: bool = False  # may take seconds: the UI runs it on a worker thread with progress
    # Copy the data file first (models.storage.backups, label = title): True for every run (imports,
    # repairs), or a function of the operation's arguments (a batch over BATCH_BACKUP_ROWS rows).
    backup_before: bool | Callable[..., bool] = False

    def wants_backup(self, *args: object, **kwargs: object) -> bool:
        return self.backup_before(*args, **kwargs) if callable(self.backup_before) else self.backup_before


REGISTRY: dict[str, Operation] = {}
BATCH_BACKUP_ROWS = 100  # a batch operation over more rows than this copies the data file first


def more_rows_than_batch(rows: object, *_args: object, **_kwargs: object) -> bool:
    """`backup_before` for operations whose first argument is the batch of rows."""
    try:
        return len(rows) > BATCH_BACKUP_ROWS  # type: ignore[arg-type]
    except TypeError:
        return False


def operation(name: str, permission: Permission, title: str, *, long: bool = False,
              backup_before: bool | Callable[..., bool] = False):
    """Declare a function `(tx, …) -> value` as the operation `name`."""

    def register(function: Callable[Concatenate[Tx, P], T]) -> Operation[P, T]:
        if name in REGISTRY:
            raise ValueError(f"operation {name} declared twice")
        REGISTRY[name] = op = Operation(name, permission, title, function, long, backup_before)
        return op

    return register


def operation_title(name: str) -> str:
    """The Chinese title of an operation by name (its name when unknown, e.g. from a newer version)."""
    found = REGISTRY.get(name)
    return found.title if found else name


class Tx:
    """One running operation: its session, actor, clock, progress, and what it has changed."""

    def __init__(self, session: Session, actor: Actor, operation_name: str, today: date, now: datetime,
                 progress: Progress | None = None, cancelled: IsCancelled | None = None) -> None:
        self.session, self.actor, self.operation = session, actor, operation_name
        self.today, self.now = today, now
        self.progress: Progress = progress or no_progress
        self.cancelled = cancelled
        self.run_id = uuid.uuid4().hex
        self._audit: list[dict] = []
        self._changes: dict[str, set[int]] = {}

    def check_cancel(self) -> None:
        check_cancel(self.cancelled)

    def touched(self, entity: str, *ids: int) -> None:
        """Record a change for the screens without an audit row of its own."""
        self._changes.setdefault(entity, set()).update(i for i in ids if i is not None)

    def record(self, entity: str, entity_id: int | None, action: str, summary: str = "",
               details: Mapping[str, object] | None = None) -> None:
        """An audit row for this operation (details already cleaned)."""
        self.touched(entity, *([entity_id] if entity_id is not None else []))
        self._audit.append({
            "at": self.now, "actor": self.actor.name, "operation": self.operation, "run_id": self.run_id,
            "entity": entity, "entity_id": entity_id, "action": action, "summary": summary[:200],
            "changes": audit.to_json(details or {}),
        })

    def created(self, entity: str, entity_id: int, values: Mapping[str, object], summary: str = "") -> None:
        self.record(entity, entity_id, "create", summary, audit.snapshot(values))

    def updated(self, entity: str, entity_id: int, before: Mapping[str, object], after: Mapping[str, object],
                summary: str = "") -> bool:
        """An update row listing each changed field's old and new value; nothing when nothing changed."""
        changed = audit.diff(before, after)
        if changed:
            self.record(entity, entity_id, "update", summary, changed)
        return bool(changed)

    def finish(self) -> Changes:
        """Write the audit rows (same transaction) and say what changed."""
        audit.write_entries(self.session, self._audit)
        return Changes({kind: frozenset(ids) for kind, ids in self._changes.items()})

    @property
    def audit_rows(self) -> int:
        return len(self._audit)
