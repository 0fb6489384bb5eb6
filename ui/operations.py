"""The one helper that runs operations for the widgets (docs/architecture.md).

    outcome = runner.run(self, update_member, person_id, form, on_invalid=self.errors.show)

A failure becomes a Chinese message (field errors go to `on_invalid` when given); a success
broadcasts what changed on `changed`, and every tab refreshes itself from that value. Long
operations run on a worker thread with a progress dialog and a cancel button.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from models.core.errors import UserError, ValidationError
from models.workspace import Changes, Operation, Outcome, Workspace
from ui.jobs import BackgroundJob
from ui.progress import run_with_progress


class OperationRunner(QObject):
    """Holds the workspace; runs its operations; `changed(Changes)` after each that changed data."""

    changed = Signal(object)  # Changes

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace

    def read(self):
        """A read-only session (`with runner.read() as session:`)."""
        return self.workspace.read()

    def publish(self, changes: Changes) -> None:
        if changes:
            self.changed.emit(changes)

    def run(self, parent: QWidget | None, op: Operation, *args: Any,
            on_invalid: Callable[[dict[str, str]], None] | None = None, **kwargs: Any) -> Outcome | None:
        """Run a quick operation now; None (and a message shown) when it was refused."""
        try:
            outcome = self.workspace.run(op, *args, **kwargs)
        except ValidationError as exc:
            if on_invalid is not None:
                on_invalid(exc.errors)
            else:
                QMessageBox.warning(parent, op.title, str(exc))
            return None
        except UserError as exc:
            QMessageBox.warning(parent, op.title, str(exc))
            return None
        self.publish(outcome.changes)
        return outcome

    def run_in_background(self, parent: QWidget, title: str, op: Operation, *args: Any,
                          on_done: Callable[[Outcome], None] | None = None,
                          on_failure: Callable[[str], None] | None = None, **kwargs: Any) -> BackgroundJob:
        """Run a long operation on a worker thread with a progress dialog (取消 rolls it back)."""
        workspace = self.workspace

        def job(progress, cancelled):
            return workspace.run(op, *args, progress=progress, cancelled=cancelled, **kwargs)

        def done(outcome: Outcome) -> None:
            self.publish(outcome.changes)
            if on_done is not None:
                on_done(outcome)

        def failed(message: str) -> None:
            if on_failure is not None:
                on_failure(message)
            else:
                QMessageBox.warning(parent, op.title, message)

        return run_with_progress(parent, title, job, done, failed)
