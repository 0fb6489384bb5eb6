"""A window-modal progress dialog wired to a BackgroundJob (cancel button included)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from ui.jobs import BackgroundJob, Job


def run_with_progress(parent: QWidget, title: str, job: Job, on_success, on_failure) -> BackgroundJob:
    """Start `job`; a progress dialog shows while it runs and its 取消 stops it.

    `on_success(result)` or `on_failure(message)` runs on the GUI thread afterwards; a cancelled
    job calls neither.
    """
    dialog = QProgressDialog(title, "取消", 0, 100, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)  # quick jobs finish without a flash of dialog
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    background = BackgroundJob(job, parent)
    background.progressed.connect(lambda f, m: (dialog.setValue(round(f * 100)), dialog.setLabelText(m)))
    background.succeeded.connect(on_success)
    background.failed.connect(on_failure)
    background.finished.connect(dialog.close)
    background.finished.connect(background.deleteLater)
    dialog.canceled.connect(background.cancel)
    background.progress_dialog = dialog
    background.start()
    return background
