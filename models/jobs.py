"""What long jobs share: the progress callback type and the cancel exception (no Qt)."""

from collections.abc import Callable

Progress = Callable[[float, str], None]
IsCancelled = Callable[[], bool]


class UserError(RuntimeError):
    """An expected failure whose message is Chinese and meant for the user (bad file, empty data…)."""


class Cancelled(RuntimeError):
    """The user cancelled the job; whatever it was writing has been rolled back."""

    def __init__(self) -> None:
        super().__init__("已取消")


def check_cancel(cancelled: IsCancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise Cancelled()
