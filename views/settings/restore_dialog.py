"""从备份恢复…: choose a backup (the list in backups/, or a file on a USB stick), give its password when
it has one, see what it holds, and confirm. The dialog only chooses: the window restores
(MainWindow.restart_with_restore), backing the current data up first, and signs in again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.core.errors import UserError
from models.storage.backups import ENCRYPTED_SUFFIX, BackupInfo, PasswordNeeded, describe_backup, list_backups
from ui.forms import ERROR_STYLE, ask_destructive
from ui.progress import run_with_progress
from ui.sizing import fit_to_screen
from ui.table import make_table_view
from views.settings.backup_list import WIDTHS, BackupTableModel, describe, selected_backup

INTRO = ("选择要恢复的备份。恢复时会先把当前的数据备份一份（“恢复前”备份），再换成所选备份的数据，"
         "然后重新登录。")


class RestoreDialog(QDialog):
    def __init__(self, db: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("从备份恢复")
        self.db = db
        self.chosen: tuple[Path, str | None] | None = None  # what to restore, once confirmed
        self.info: BackupInfo | None = None
        self.job = None
        self.verifying = False  # the password being checked on a worker thread
        self.confirm_box = None
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.model = BackupTableModel(self)
        self.table = make_table_view(self)
        self.table.setSortingEnabled(False)
        self.table.setModel(self.model)
        for column, width in enumerate(WIDTHS):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(self._picked_from_list)
        self.table.doubleClicked.connect(lambda _index: self.restore())
        self.other_button = QPushButton("选择其他文件…（如U盘上的备份）")
        self.other_button.clicked.connect(self.choose_file)
        self.detail_label = QLabel("请在上面的列表中选择一份备份。")
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("这份备份设置了密码，请输入")
        self.password_edit.textEdited.connect(lambda _text: self.error_label.setText(""))
        self.password_row = QWidget()
        row = QHBoxLayout(self.password_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("备份的密码："))
        row.addWidget(self.password_edit, 1)
        self.password_row.hide()
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.restore_button.setText("恢复…")
        self.restore_button.setEnabled(False)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.restore)
        buttons.rejected.connect(self.reject)
        other_row = QHBoxLayout()
        other_row.addWidget(self.other_button)
        other_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(other_row)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.password_row)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        fit_to_screen(self, 620, 480)
        self.reload()

    def reload(self) -> None:
        try:
            self.model.set_rows(list_backups(self.db))
        except UserError as exc:
            self.error_label.setText(str(exc))

    # ----- choosing ---------------------------------------------------------------------------

    def _picked_from_list(self) -> None:
        info = selected_backup(self.table)
        if info is not None:
            self.show_choice(info)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择备份文件", str(self.db.parent),
                                              f"支部管家备份 (*.db *{ENCRYPTED_SUFFIX});;所有文件 (*)")
        if path:
            self.choose_path(Path(path))

    def choose_path(self, path: Path) -> None:
        """A backup chosen by hand (a USB stick): what it holds, or why it cannot be restored."""
        self.table.clearSelection()
        try:
            info = describe_backup(path)
        except PasswordNeeded:
            info = BackupInfo(path, _modified(path), path.stat().st_size, "", True, None)
        except UserError as exc:
            self.info = None
            self.detail_label.setText(f"所选文件：{path}")
            self.error_label.setText(str(exc))
            self.password_row.hide()
            self.restore_button.setEnabled(False)
            return
        self.show_choice(info)

    def show_choice(self, info: BackupInfo) -> None:
        self.info = info
        self.error_label.setText("")
        self.detail_label.setText(f"所选备份：{describe(info)}\n文件：{info.path}")
        self.password_edit.clear()
        self.password_row.setVisible(info.encrypted)
        self.restore_button.setEnabled(True)
        if info.encrypted:
            self.password_edit.setFocus()

    # ----- restoring --------------------------------------------------------------------------

    def restore(self) -> None:
        if self.info is None or self.confirm_box is not None or self.verifying:
            return
        if not self.info.encrypted:
            self.confirm(self.info, None)
            return
        password = self.password_edit.text()
        if not password:
            self.error_label.setText("这份备份设置了密码，请先输入密码")
            self.password_edit.setFocus()
            return
        path = self.info.path

        def job(_progress, _cancelled):
            return describe_backup(path, password)

        def opened(info: BackupInfo) -> None:
            self.verifying = False
            self.confirm(info, password)

        self.verifying = True
        self.job = run_with_progress(self, "正在核对备份的密码…", job, opened, self._wrong_password)

    def _wrong_password(self, message: str) -> None:
        self.verifying = False
        self.error_label.setText(message)
        self.password_edit.selectAll()
        self.password_edit.setFocus()

    def confirm(self, info: BackupInfo, password: str | None) -> None:
        self.detail_label.setText(f"所选备份：{describe(info)}\n文件：{info.path}")

        def answered(yes: bool) -> None:
            self.confirm_box = None
            if yes:
                self.chosen = (info.path, password)
                self.accept()

        self.confirm_box = ask_destructive(
            self, "用这份备份替换当前的数据？",
            f"备份：{describe(info)}\n\n恢复前，程序会先把当前的数据备份一份（“恢复前”备份，以后仍可以恢复回来），"
            "然后换成这份备份的数据。备份之后录入的内容不在这份备份里。恢复完成后需要重新登录。",
            "恢复", "取消", answered)


def _modified(path: Path):
    from datetime import datetime

    return datetime.fromtimestamp(path.stat().st_mtime)
