"""Automatic backups while the window is open (docs/data-safety.md): every 30 minutes while there
are changes (定时, on a worker thread) and on exit when anything changed since the last one (退出时,
on the GUI thread with a wait cursor). "Changed" is the audit log's newest row id: every change is
an operation, and every operation writes audit rows. A failed backup is said in the status bar and
once in a warning dialog — never hidden."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from models import APP_NAME
from models.core.faults import fault_message
from models.storage.backups import ON_EXIT, PERIODIC, BackupFailed, make_backup
from models.workspace.audit import last_data_change
from ui.jobs import BackgroundJob

PERIOD_SECONDS = 30 * 60
TICK_MS = 60_000


def newest_change(store) -> int:
    """The newest audit row of a data change (sign-ins and locks left out): the fingerprint of "changed"."""
    with store.read() as session:
        return last_data_change(session)


class AutoBackup(QObject):
    """Backs up `store`'s file into backups/ as described above; `status(str)` carries the status-bar line."""

    status = Signal(str)

    def __init__(self, window, store, clock: Callable[[], float] = time.time,
                 backup: Callable[[Path, str], Path] = make_backup) -> None:
        super().__init__(window)
        self.window, self.store, self.clock, self.backup = window, store, clock, backup
        self.saved_change = self._change()  # the start-up backup (open_store) covers the state at start
        self.last_time = clock()
        self.job: BackgroundJob | None = None
        self.failure_shown = False
        self.failure_box: QMessageBox | None = None
        self.last_path: Path | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def _change(self) -> int:
        try:
            return newest_change(self.store)
        except Exception:  # noqa: BLE001 - unreadable: count it as changed, the backup will say why
            return -1

    def changed(self) -> bool:
        return self._change() != self.saved_change

    def tick(self) -> None:
        """Each minute: a 定时 backup when 30 minutes (wall clock) have passed and something changed."""
        if self.job is not None or self.clock() - self.last_time < PERIOD_SECONDS or not self.changed():
            return
        change, db, backup = self._change(), self.store.path, self.backup
        self.job = BackgroundJob(lambda _progress, _cancelled: backup(db, PERIODIC), self)
        self.job.succeeded.connect(lambda path: self._done(path, change))
        self.job.failed.connect(self._failed)
        self.job.finished.connect(self._job_finished)
        self.job.start()

    def _job_finished(self) -> None:
        self.job = None

    def stop(self) -> None:
        """No more backups (the window closed); a running one is waited for."""
        self.timer.stop()
        if self.job is not None:
            self.job.wait()
            self.job = None

    def finish(self) -> None:
        """On exit: wait for a running backup, then a 退出时 backup if anything changed since."""
        self.stop()
        if not self.changed():
            return
        change = self._change()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            path = self.backup(self.store.path, ON_EXIT)
        except BackupFailed as exc:
            QGuiApplication.restoreOverrideCursor()
            self._failed(str(exc), modal=True)
            return
        except Exception as exc:  # noqa: BLE001 - said, never a traceback on the way out
            QGuiApplication.restoreOverrideCursor()
            self._failed(fault_message(exc) or f"备份没有完成：{exc}", modal=True)
            return
        QGuiApplication.restoreOverrideCursor()
        self._done(path, change)

    def _done(self, path: Path, change: int) -> None:
        self.saved_change, self.last_time, self.last_path = change, self.clock(), Path(path)
        self.status.emit(f"上次自动备份 {datetime.fromtimestamp(self.clock()):%H:%M}")

    def _failed(self, message: str, modal: bool = False) -> None:
        self.last_time = self.clock()  # try again at the next period, not every minute
        self.status.emit("自动备份失败")
        text = f"自动备份没有成功，数据文件本身没有受影响。\n\n{message}\n\n请检查磁盘空间和数据文件所在的文件夹。"
        if modal:
            QMessageBox.warning(self.window, APP_NAME, text)
            return
        if self.failure_shown:
            return
        self.failure_shown = True
        self.failure_box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, text, parent=self.window)
        self.failure_box.open()
