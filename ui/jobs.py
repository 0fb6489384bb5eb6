"""Run slow work (reports, imports, backups) off the GUI thread, with progress and cancel.

A job is a plain function `job(progress, cancelled) -> result` from models/: `progress(fraction,
message)` reports, `cancelled()` says whether to stop. It opens its own database session. The
result or a Chinese error message comes back on the GUI thread through Qt signals.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from models.core.jobs import IsCancelled, Progress

log = logging.getLogger(__name__)
Job = Callable[[Progress, IsCancelled], Any]


class _Runner(QObject):
    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, job: Job, stop: threading.Event) -> None:
        super().__init__()
        self.job, self.stop = job, stop

    def run(self) -> None:
        from models.core.errors import Cancelled, UserError
        from models.core.faults import fault_message

        try:
            result = self.job(lambda f, m: self.progressed.emit(f, m), self.stop.is_set)
        except Cancelled:
            self.cancelled.emit()
        except UserError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - anything else is logged and reported, never a crash
            log.exception("background job failed")  # the window's logging handler scrubs IDs and phones
            self.failed.emit(fault_message(exc) or "操作没有完成，出现了意外错误。数据没有被改动。")
        else:
            self.succeeded.emit(result)


class BackgroundJob(QObject):
    """One job on its own thread. Connect to the signals, then call start()."""

    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, job: Job, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stop = threading.Event()
        self._thread = QThread(self)
        self._runner = _Runner(job, self._stop)
        self._runner.moveToThread(self._thread)
        self._thread.started.connect(self._runner.run)
        for source, target in ((self._runner.progressed, self.progressed), (self._runner.succeeded, self.succeeded),
                               (self._runner.failed, self.failed), (self._runner.cancelled, self.cancelled)):
            source.connect(target)
            if source is not self._runner.progressed:
                source.connect(self._thread.quit)
        self._thread.finished.connect(self.finished)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        """Ask the job to stop at its next progress check."""
        self._stop.set()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def wait(self, milliseconds: int = 30_000) -> bool:
        return self._thread.wait(milliseconds)

    def stop(self, milliseconds: int = 30_000) -> bool:
        """Cancel, and end the thread once the job returns, without the GUI event loop (which has
        stopped when the program is closing: the usual quit arrives through it); True when ended."""
        self._stop.set()
        self._thread.quit()  # thread-safe: its loop ends as soon as the job's run() returns
        return self._thread.wait(milliseconds)


def stop_jobs(owner: QObject, milliseconds: int = 30_000) -> None:
    """Cancel the jobs still running under `owner` and wait for them, before `owner` goes away: a
    QThread destroyed while it runs aborts the program (the background check of a large file can
    still be reading when the window is closed)."""
    for job in owner.findChildren(BackgroundJob):
        try:
            if job.is_running():
                job.stop(milliseconds)
        except RuntimeError:  # its Qt object is already gone: nothing runs
            pass
