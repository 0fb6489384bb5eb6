"""The workspace: the open database and the person acting. Every change goes through `run`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import ParamSpec, TypeVar

from sqlalchemy.orm import Session

from models.core.errors import PermissionDenied
from models.core.jobs import IsCancelled, Progress
from models.storage.store import Store
from models.workspace.actor import PERMISSION_LABELS, Actor, Permission
from models.workspace.changes import Outcome
from models.workspace.operations import Operation, Tx

P = ParamSpec("P")
T = TypeVar("T")


class Workspace:
    """`Workspace(store, actor)`: read with `read()`, change with `run(operation, …)`.

    Each run checks the operation's permission, opens one transaction (BEGIN IMMEDIATE), lets the
    operation write its data and its audit rows there, commits, and returns an Outcome saying
    what changed. A failure rolls everything back: neither data nor audit rows remain.
    """

    def __init__(self, store: Store, actor: Actor, *, today: Callable[[], date] = date.today,
                 now: Callable[[], datetime] = datetime.now) -> None:
        self.store, self.actor = store, actor
        self._today, self._now = today, now

    def today(self) -> date:
        return self._today()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (writes through it fail)."""
        with self.store.read() as session:
            yield session

    def may(self, permission: Permission) -> bool:
        return self.actor.may(permission)

    def check(self, permission: Permission) -> None:
        if not self.actor.may(permission):
            raise PermissionDenied(f"“{self.actor.name}”没有“{PERMISSION_LABELS[permission]}”的权限，没有做任何改动")

    def run(self, op: Operation[P, T], *args: P.args, progress: Progress | None = None,
            cancelled: IsCancelled | None = None, **kwargs: P.kwargs) -> Outcome[T]:
        """Run `op` in one transaction; returns its value and what changed."""
        self.check(op.permission)
        if op.wants_backup(*args, **kwargs):
            self.store.safety_backup(op.title)  # BackupFailed (Chinese) stops the operation before it starts
        with self.store.transaction() as session:
            tx = Tx(session, self.actor, op.name, self._today(), self._now(), progress, cancelled)
            value = op.run(tx, *args, **kwargs)
            changes = tx.finish()
        return Outcome(op.name, value, changes)
