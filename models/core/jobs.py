"""What long jobs share: the one progress callback type and the cancel check (no Qt).

A job is called with `progress(fraction, message)` and `cancelled()`; the same job runs from the
GUI (on a worker thread), the CLI and the tests.
"""

from collections.abc import Callable

from models.core.errors import Cancelled

Progress = Callable[[float, str], None]
IsCancelled = Callable[[], bool]


def check_cancel(cancelled: IsCancelled | None) -> None:
    """Raise Cancelled when the user asked to stop."""
    if cancelled is not None and cancelled():
        raise Cancelled()


def no_progress(_fraction: float, _message: str) -> None:
    """A Progress that reports nowhere (CLI commands and tests)."""
