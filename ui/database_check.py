"""The window's full check of its data file: SQLite's integrity_check on a worker thread with its
own connection, started once the window shows (the window does not wait for it); damage found
brings up a Chinese dialog that offers to repair damaged indexes (after a copy) or to close.

Why the window closes on damage it cannot repair: a damaged file hides members from lists and
reports without a sign, and further writes could spread the damage; the dialog names the backups.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from models import APP_NAME
from models.storage.backups import STARTUP, BackupFailed, make_backup
from models.storage.check import Damage, find_damage, repair_indexes
from models.workspace import Changes, Entity
from ui.jobs import BackgroundJob
from ui.operations import OperationRunner
from ui.progress import run_with_progress

EVERYTHING = Changes({kind: frozenset() for kind in (Entity.BRANCH, Entity.GROUP, Entity.PERSON, Entity.PERSON_EVENT)})


class DatabaseCheck(QObject):
    """Checks `path` in the background; on damage shows `box` (non-blocking) over `window`."""

    def __init__(self, window: QWidget, runner: OperationRunner, path: Path) -> None:
        super().__init__(window)
        self.window, self.runner, self.path = window, runner, Path(path)
        self.box: QMessageBox | None = None
        self.repair_button = None
        self.job: BackgroundJob | None = None

    def start(self, backup_after: bool = False) -> BackgroundJob:
        """`backup_after`: the 启动时 copy open_store left to the window (a large file), taken once
        the check has found the file sound; a damaged file is not copied over good backups."""
        path = self.path

        def job(_progress, cancelled) -> Damage | BackupFailed | None:
            damage = find_damage(path, cancelled=cancelled)
            if damage is not None or not backup_after:
                return damage
            try:
                make_backup(path, STARTUP)
            except BackupFailed as exc:
                return exc
            return None

        self.job = BackgroundJob(job, self)
        self.job.succeeded.connect(self._checked)
        self.job.start()
        return self.job

    def _checked(self, found: Damage | BackupFailed | None) -> None:
        if isinstance(found, BackupFailed):  # as at a start that copies first: said, not fatal
            self.box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME,
                                   f"启动时的自动备份没有成功，数据文件本身没有受影响。\n\n{found}", parent=self.window)
            self.box.open()
        elif found is not None:
            self._show(found)

    def _show(self, damage: Damage) -> None:
        box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, self._text(damage), parent=self.window)
        if damage.repairable:
            self.repair_button = box.addButton("修复（先备份）", QMessageBox.ButtonRole.AcceptRole)
            self.repair_button.clicked.connect(lambda: self._repair(damage))
        close = box.addButton("关闭程序", QMessageBox.ButtonRole.RejectRole)
        close.clicked.connect(self.window.close)
        box.setDefaultButton(self.repair_button or close)
        self.box = box
        box.open()

    @staticmethod
    def _text(damage: Damage) -> str:
        if damage.repairable:
            return (f"数据文件“{damage.path.name}”的索引（帮助查找人员的目录）已损坏，"
                    "名单、报表和导出可能会漏掉人员。\n\n人员信息本身完好，可以修复。"
                    "修复前会先把数据文件复制一份到 backups 文件夹。\n\n"
                    f"文件位置：{damage.path}")
        return (f"数据文件“{damage.path.name}”已损坏，为免出错，程序需要关闭，没有改动这个文件。\n\n"
                "请用数据文件旁边 backups 文件夹中的备份恢复，或把这个文件交给技术支持人员。\n\n"
                f"文件位置：{damage.path}")

    def _repair(self, damage: Damage) -> None:
        def done(copy: Path) -> None:
            self.runner.publish(EVERYTHING)  # every list re-reads through the rebuilt indexes
            QMessageBox.information(self.window, APP_NAME, f"已修复，数据文件复查通过。\n修复前的副本保存在：\n{copy}")

        def failed(message: str) -> None:
            QMessageBox.critical(self.window, APP_NAME, f"{message}\n\n程序将关闭。")
            self.window.close()

        run_with_progress(self.window, "正在修复数据文件…", lambda _p, _c: repair_indexes(damage), done, failed)
