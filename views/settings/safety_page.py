"""数据安全 (a page of 设置): the backups beside the data file, 立即备份, 备份到… (a USB stick, with a
password if wanted), 从备份恢复…, 检查数据库, the lock and reminder settings, and 修改我的密码."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from models.core.codes import label
from models.core.errors import UserError
from models.settings.safety import (
    IDLE_RANGE,
    REMINDER_RANGE,
    SAME_DISK_WARNING,
    SafetySettings,
    get_safety,
    last_offsite_backup,
    record_offsite_backup,
    update_safety,
)
from models.storage.backups import MANUAL, export_backup, list_backups, make_backup
from models.storage.location import same_disk
from models.workspace import Changes, Entity, Permission
from ui.forms import ERROR_STYLE, FieldErrors
from ui.operations import OperationRunner
from ui.permissions import allow
from ui.progress import run_with_progress
from ui.table import make_table_view
from views.settings.backup_list import WIDTHS, BackupTableModel, running, size_text
from views.settings.db_check import check_job
from views.settings.export_dialog import ExportDialog
from views.settings.restore_dialog import RestoreDialog
from views.settings.user_dialogs import OwnPasswordDialog

INFO_STYLE = "color: #1f5fa8;"


def _spin(low_high: tuple[int, int], suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(*low_high)
    spin.setSuffix(suffix)
    spin.setAlignment(Qt.AlignmentFlag.AlignRight)
    return spin


class SafetyPage(QWidget):
    def __init__(self, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        store = runner.workspace.store
        self.server = store.path is None  # a shared database on a server: no file to copy or check here
        self.db = None if self.server else Path(store.path)
        self.job = None
        self.dialog: QDialog | None = None
        self.notice: QMessageBox | None = None
        self._stale = True
        columns = QHBoxLayout(self)
        right = QVBoxLayout()
        if self.server:
            columns.addWidget(self._server_box(store.location), 3)
        else:
            columns.addWidget(self._backups_box(), 3)
            right.addWidget(self._check_box(), 1)
        right.addWidget(self._settings_box())
        account = self._account_box()
        if account is not None:
            right.addWidget(account)
        if self.server:
            right.addStretch(1)  # the boxes at the top, as beside the 检查数据库 box of a data file
        columns.addLayout(right, 2)
        runner.changed.connect(self._on_changed)
        self.load_settings()

    # ----- layout -------------------------------------------------------------------------------

    def _backups_box(self) -> QGroupBox:
        box = QGroupBox("备份")
        self.model = BackupTableModel(self)
        self.table = make_table_view(box)
        self.table.setSortingEnabled(False)
        self.table.setModel(self.model)
        for column, width in enumerate(WIDTHS):
            self.table.setColumnWidth(column, width)
        self.backup_button = QPushButton("立即备份", box)
        self.export_button = QPushButton("备份到…", box)
        self.export_button.setToolTip("复制一份到U盘或其他文件夹，可以设置密码")
        self.restore_button = QPushButton("从备份恢复…", box)
        self.backup_button.clicked.connect(self.backup_now)
        self.export_button.clicked.connect(self.export_with_dialog)
        self.restore_button.clicked.connect(self.restore_with_dialog)
        allow(self.backup_button, self.runner, Permission.BACKUP_EXPORT)
        allow(self.export_button, self.runner, Permission.BACKUP_EXPORT)
        allow(self.restore_button, self.runner, Permission.BACKUP_RESTORE)
        buttons = QHBoxLayout()
        for button in (self.backup_button, self.export_button, self.restore_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.offsite_label = QLabel(box)
        self.backup_message = QLabel(box)
        self.backup_message.setWordWrap(True)
        self.backup_message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint = QLabel("程序在启动、退出和使用中（每30分钟）自动备份到数据文件旁边的 backups 文件夹，"
                      "较早的备份按日、周、月保留。电脑坏了这些备份也会一起丢失，所以请定期“备份到…”U盘，"
                      "U盘另外保管。", box)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        layout = QVBoxLayout(box)
        layout.addLayout(buttons)
        layout.addWidget(self.offsite_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.backup_message)
        layout.addWidget(hint)
        return box

    def _server_box(self, location: str) -> QGroupBox:
        box = QGroupBox("备份与检查", self)
        note = QLabel(f"数据在服务器上的数据库中：\n{location}\n\n"
                      "这个数据库由几台电脑共用，由服务器备份和检查：请服务器管理员每天用 PostgreSQL 的 pg_dump "
                      "备份一次，并把备份复制到U盘或另一台电脑保存。这台电脑上不保存数据的副本。", box)
        note.setWordWrap(True)
        note.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(box)
        layout.addWidget(note)
        return box

    def _check_box(self) -> QGroupBox:
        box = QGroupBox("检查数据库")
        self.check_button = QPushButton("检查数据库", box)
        self.check_button.clicked.connect(self.check_database)
        self.check_result = QPlainTextEdit(box)
        self.check_result.setReadOnly(True)
        self.check_result.setPlaceholderText("检查数据文件是否完好：数据库的完整性、记录之间的关联、党员数据的规则、"
                                             "积分汇总。只检查，不做任何改动。")
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        row.addWidget(self.check_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.check_result, 1)
        return box

    def _settings_box(self) -> QGroupBox:
        box = QGroupBox("设置")
        self.settings_errors = FieldErrors()
        self.idle_spin = _spin(IDLE_RANGE, " 分钟")
        self.reminder_spin = _spin(REMINDER_RANGE, " 天")
        self.save_settings_button = QPushButton("保存设置", box)
        self.save_settings_button.clicked.connect(self.save_settings)
        allow(self.save_settings_button, self.runner, Permission.SETTINGS_EDIT)
        for spin in (self.idle_spin, self.reminder_spin):
            spin.setEnabled(self.save_settings_button.isEnabled())
            spin.valueChanged.connect(lambda _value: self.settings_status.setText(""))
        self.settings_status = QLabel(box)
        form = QFormLayout(box)
        form.addRow("空闲多少分钟后锁定：", self.settings_errors.wrap("idle_lock_minutes", self.idle_spin))
        reminder = self.settings_errors.wrap("offsite_reminder_days", self.reminder_spin)
        form.addRow("多少天没备份到U盘时提醒：", reminder)
        # a server database is copied by the server's administrator, not to a USB stick from here
        form.setRowVisible(reminder, not self.server)
        row = QHBoxLayout()
        row.addWidget(self.save_settings_button)
        row.addWidget(self.settings_status, 1)
        form.addRow("", row)
        return box

    def _account_box(self) -> QGroupBox | None:
        actor = self.runner.workspace.actor
        if actor.user_id is None:
            return None  # a database without accounts: nobody signed in
        box = QGroupBox("我的账号")
        self.password_button = QPushButton("修改我的密码…", box)
        self.password_button.clicked.connect(self.change_own_password)
        self.account_message = QLabel(box)
        self.account_message.setStyleSheet(INFO_STYLE)
        layout = QHBoxLayout(box)
        layout.addWidget(QLabel(f"当前用户：{actor.name}（{label(actor.role)}）", box))
        layout.addWidget(self.password_button)
        layout.addWidget(self.account_message, 1)
        return box

    # ----- data ---------------------------------------------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        """The backups in backups/ and when a copy last left the PC."""
        self._stale = False
        if self.server:
            return
        try:
            self.model.set_rows(list_backups(self.db))
        except UserError as exc:
            self._say(str(exc), error=True)
        with self.runner.read() as session:
            last = last_offsite_backup(session)
        self.offsite_label.setText(f"上次备份到U盘：{last:%Y-%m-%d %H:%M}" if last else "上次备份到U盘：从未")

    def load_settings(self) -> None:
        with self.runner.read() as session:
            settings = get_safety(session)
        self.idle_spin.setValue(settings.idle_lock_minutes)
        self.reminder_spin.setValue(settings.offsite_reminder_days)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(Entity.SETTING):
            self.load_settings()
        if changes.touches(Entity.BACKUP, Entity.SETTING):
            self._stale = True
            if self.isVisible():
                self.reload()

    def _say(self, text: str, error: bool = False) -> None:
        self.backup_message.setStyleSheet(ERROR_STYLE if error else INFO_STYLE)
        self.backup_message.setText(text)

    def _busy(self) -> bool:
        return running(self.job)

    # ----- actions ------------------------------------------------------------------------------

    def backup_now(self) -> None:
        """立即备份: a checked copy in backups/, written on a worker thread."""
        if self._busy():
            return
        db = self.db

        def done(path) -> None:
            self.reload()
            self._say(f"已备份：{Path(path).name}（{size_text(Path(path).stat().st_size)}）")

        self._say("")
        self.job = run_with_progress(self, "正在备份…", lambda _p, _c: make_backup(db, MANUAL), done,
                                     lambda message: self._failed("备份没有完成", message))

    def _failed(self, title: str, message: str) -> None:
        self._say(f"{title}：{message}", error=True)
        QMessageBox.warning(self, title, message)

    def export_with_dialog(self) -> None:
        if self._busy():
            return
        dialog = ExportDialog(self.db.stem, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog

        def finished(result: int) -> None:
            self.dialog = None
            if result == QDialog.DialogCode.Accepted:
                self.export_to(dialog.target(), dialog.password())

        dialog.finished.connect(finished)
        dialog.open()

    def export_to(self, out: Path, password: str | None) -> None:
        """备份到…: the checked (and, with a password, encrypted) copy on a worker thread, then the
        time recorded (backup.recorded) so the reminder knows."""
        try:
            self.runner.workspace.check(Permission.BACKUP_EXPORT)
        except UserError as exc:
            self._say(str(exc), error=True)
            return
        db = self.db

        def done(path) -> None:
            written = Path(path)
            shared = same_disk(db, written)
            self.runner.run(self, record_offsite_backup, written, password is not None, not shared)
            self.reload()
            locked = "（已加密，恢复时要输入密码）" if password else ""
            size = size_text(written.stat().st_size)
            if shared:
                self._say(f"{SAME_DISK_WARNING}。\n备份文件：{written}{locked}，{size}", error=True)
                self._same_disk_notice(written)
            else:
                self._say(f"已备份到：{written}{locked}，{size}")

        self._say("")
        self.job = run_with_progress(self, "正在备份到…", lambda _p, _c: export_backup(db, out, password), done,
                                     lambda message: self._failed("备份到…没有完成", message))

    def _same_disk_notice(self, written: Path) -> None:
        """Said plainly (not modal, so the copy's result stays on the page): the copy is no safer
        than the data file, another copy to a USB stick is still needed."""
        box = QMessageBox(QMessageBox.Icon.Warning, "备份在同一块磁盘上", f"{SAME_DISK_WARNING}。",
                          QMessageBox.StandardButton.Ok, self)
        box.setInformativeText(f"备份文件：{written}\n插上U盘后，再点“备份到…”选U盘保存一份。")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.notice = box
        box.finished.connect(lambda _result: setattr(self, "notice", None))
        box.open()

    def restore_with_dialog(self) -> None:
        dialog = RestoreDialog(self.db, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog

        def finished(result: int) -> None:
            self.dialog = None
            if result == QDialog.DialogCode.Accepted and dialog.chosen is not None:
                self.restore(*dialog.chosen)

        dialog.finished.connect(finished)
        dialog.open()

    def restore(self, backup: Path, password: str | None) -> None:
        """Hand the chosen backup to the window: it closes the data file, backs it up, restores and
        signs in again (MainWindow.restart_with_restore)."""
        try:
            self.runner.workspace.check(Permission.BACKUP_RESTORE)
        except UserError as exc:
            self._say(str(exc), error=True)
            return
        self.window().restart_with_restore(backup, password)

    def check_database(self) -> None:
        if self._busy():
            return
        self.check_result.setPlainText("正在检查…")
        started = datetime.now()

        def done(report) -> None:
            self.check_result.setPlainText(f"检查时间：{started:%Y-%m-%d %H:%M}\n{report.text()}")
            self.check_result.setStyleSheet("" if report.sound else ERROR_STYLE)

        self.job = run_with_progress(self, "正在检查数据库…", check_job(self.runner, self.db), done,
                                     lambda message: self.check_result.setPlainText(f"检查没有完成：{message}"))

    def save_settings(self) -> None:
        settings = SafetySettings(self.idle_spin.value(), self.reminder_spin.value())
        if self.runner.run(self, update_safety, settings, on_invalid=self.settings_errors.show) is not None:
            self.settings_errors.show({})
            self.settings_status.setText("已保存")

    def change_own_password(self) -> None:
        dialog = OwnPasswordDialog(self.runner, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog

        def finished(result: int) -> None:
            self.dialog = None
            if result == QDialog.DialogCode.Accepted:
                self.account_message.setText("密码已修改，下次登录请用新密码。")

        dialog.finished.connect(finished)
        dialog.open()
