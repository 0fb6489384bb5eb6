"""备份到…: where the copy goes (a USB stick when one is plugged in), and an optional password.

The dialog only collects the choice; the page writes the copy on a worker thread and records it.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QStorageInfo
from PySide6.QtWidgets import QCheckBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from models.storage.backups import ENCRYPTED_SUFFIX
from ui.forms import ERROR_STYLE, FieldErrors, GuardedDialog
from views.development.dialog_parts import form_layout, ok_cancel

MIN_PASSWORD = 6
FORGET_WARNING = "忘记密码就无法恢复这份备份。请把密码记在安全的地方（不要和U盘放在一起）。"
REMOVABLE_FILESYSTEMS = {"vfat", "exfat", "msdos", "fat", "fat32", "fuseblk"}
REMOVABLE_ROOTS = ("/media/", "/run/media/", "/mnt/", "/Volumes/")


def removable_folder() -> Path | None:
    """A mounted drive that looks like a USB stick (FAT/exFAT, or mounted where Linux and macOS mount
    them; on Windows a FAT/exFAT drive other than the system one), or None."""
    system = Path(sys.executable).anchor.lower()
    for volume in QStorageInfo.mountedVolumes():
        if not volume.isValid() or not volume.isReady() or volume.isReadOnly():
            continue
        root = volume.rootPath()
        kind = bytes(volume.fileSystemType()).decode(errors="replace").lower()
        if root in ("/", "") or root.lower() == system:
            continue
        if kind in REMOVABLE_FILESYSTEMS or root.startswith(REMOVABLE_ROOTS):
            return Path(root)
    return None


def default_name(stem: str, encrypted: bool, now: datetime | None = None) -> str:
    """The file name the dialog proposes: <stem>-备份-<YYYYmmdd-HHMM>.db (or the encrypted suffix)."""
    return f"{stem}-备份-{(now or datetime.now()):%Y%m%d-%H%M}" + (ENCRYPTED_SUFFIX if encrypted else ".db")


def default_target(stem: str, encrypted: bool, now: datetime | None = None) -> Path:
    folder = removable_folder() or Path(QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation))
    return folder / default_name(stem, encrypted, now)


class ExportDialog(GuardedDialog):
    """The target file and, when 设置密码 is ticked, the password twice (≥ 6 characters)."""

    def __init__(self, stem: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stem = stem
        self.setWindowTitle("备份到U盘或其他文件夹")
        self.errors = FieldErrors()
        self.path_edit = QLineEdit(str(default_target(stem, False)))
        self.path_edit.setMinimumWidth(420)
        self.browse_button = QPushButton("浏览…")
        self.browse_button.clicked.connect(self.browse)
        path_row = QWidget()
        row = QHBoxLayout(path_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        self.encrypt_box = QCheckBox("设置密码（备份文件加密，没有密码的人打不开）")
        self.password_edit = QLineEdit()
        self.confirm_edit = QLineEdit()
        for edit in (self.password_edit, self.confirm_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(f"至少 {MIN_PASSWORD} 位")
        self.warning = QLabel(FORGET_WARNING)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(ERROR_STYLE)
        self.encrypt_box.toggled.connect(self._encrypt_toggled)
        intro = QLabel("把数据文件完整地复制一份，保存到U盘或其他文件夹。U盘要单独保管，电脑坏了或被误删时可以用它恢复。")
        intro.setWordWrap(True)
        form = form_layout()
        form.addRow("保存到：", self.errors.wrap("path", path_row))
        form.addRow("", self.encrypt_box)
        form.addRow("密码：", self.errors.wrap("password", self.password_edit))
        form.addRow("再输一次：", self.errors.wrap("confirm", self.confirm_edit))
        form.addRow("", self.warning)
        self.form = form
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(ok_cancel(self, "开始备份"))
        self._encrypt_toggled(False)
        self.mark_clean()

    def _encrypt_toggled(self, on: bool) -> None:
        for field in ("password", "confirm"):
            self.form.setRowVisible(self.errors.widgets[field].parentWidget(), on)
        self.form.setRowVisible(self.warning, on)
        path = self.path_edit.text().strip()
        if path:
            current = Path(path)
            if on and current.suffix.lower() == ".db":
                self.path_edit.setText(str(current.with_suffix(ENCRYPTED_SUFFIX)))
            elif not on and current.suffix.lower() == ENCRYPTED_SUFFIX:
                self.path_edit.setText(str(current.with_suffix(".db")))
        self.adjustSize()

    def browse(self) -> None:
        suffix = ENCRYPTED_SUFFIX if self.encrypt_box.isChecked() else ".db"
        kind = f"加密的备份 (*{ENCRYPTED_SUFFIX})" if self.encrypt_box.isChecked() else "支部管家数据文件 (*.db)"
        path, _ = QFileDialog.getSaveFileName(self, "备份保存到", self.path_edit.text(), kind)
        if path:
            keep = path.lower().endswith(suffix) or Path(path).is_dir()  # a folder: named on saving
            self.path_edit.setText(path if keep else path + suffix)

    def target(self) -> Path:
        """The file to write: a folder typed or chosen gets the proposed file name (as the CLI does)."""
        path = Path(self.path_edit.text().strip())
        return path / default_name(self.stem, self.encrypt_box.isChecked()) if path.is_dir() else path

    def password(self) -> str | None:
        return self.password_edit.text() if self.encrypt_box.isChecked() else None

    def check(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        text = self.path_edit.text().strip()
        if not text:
            errors["path"] = "请选择备份保存的位置"
        elif not Path(text).is_dir() and not Path(text).parent.is_dir():
            errors["path"] = f"文件夹不存在：{Path(text).parent}（U盘是否已插好？）"
        if self.encrypt_box.isChecked():
            if len(self.password_edit.text()) < MIN_PASSWORD:
                errors["password"] = f"密码至少 {MIN_PASSWORD} 位"
            elif self.confirm_edit.text() != self.password_edit.text():
                errors["confirm"] = "两次输入的密码不一致"
        return errors

    def save(self) -> None:
        errors = self.check()
        self.errors.show(errors)
        if not errors:
            self.accept()
