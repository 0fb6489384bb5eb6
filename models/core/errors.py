"""Every failure the user is meant to read: one module, Chinese messages (no Qt).

The UI and the CLI show `str(error)` of any UserError as it is; anything else is a bug, logged
and reported with a generic Chinese message.
"""

from __future__ import annotations

from collections.abc import Mapping


class UserError(RuntimeError):
    """An expected failure whose message is Chinese and meant for the user (bad file, empty data…)."""


class RecordChanged(UserError):
    """The record was saved by someone else after this edit began; nothing was overwritten."""


class ValidationError(UserError):
    """Input that breaks a rule: `errors` maps field names to Chinese messages."""

    def __init__(self, errors: Mapping[str, str], labels: Mapping[str, str] | None = None) -> None:
        labels = labels or {}
        super().__init__("；".join(f"{labels.get(k, k)}：{v}" for k, v in errors.items()))
        self.errors = dict(errors)


class NotFound(UserError):
    """The record asked for does not exist (any more)."""


class PermissionDenied(UserError):
    """The person acting may not do this; nothing was changed."""


class Cancelled(UserError):
    """The user cancelled the job; whatever it was writing has been rolled back."""

    def __init__(self) -> None:
        super().__init__("已取消")
