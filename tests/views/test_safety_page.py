"""设置 → 数据安全: 立即备份, 备份到… with a password, the restore dialog, 检查数据库 and the settings,
driven as a user would, on a real database and real backup files."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from models.settings.safety import get_safety, last_offsite_backup
from models.storage.backups import describe_backup, export_backup, make_backup
from models.workspace.audit import AuditFilter, list_audit
from tests.models.test_location_warnings import other_disk
from tests.views.conftest import type_text
from views.settings.export_dialog import ExportDialog
from views.settings.restore_dialog import RestoreDialog

PASSWORD = "u盘密码123"


@pytest.fixture
def stick(tmp_path, monkeypatch):
    """A folder on another disk than the data file (a USB stick)."""
    yield from other_disk(tmp_path, monkeypatch)


def open_safety(window):
    tab = window.tab("设置")
    window.show_tab(tab)
    tab.pages.setCurrentWidget(tab.safety_page)
    return tab.safety_page


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_backup_now_adds_a_row_with_the_people_count(qtbot, window):
    page = open_safety(window)
    assert page.model.rowCount() == 0
    assert page.offsite_label.text() == "上次备份到U盘：从未"
    click(qtbot, page.backup_button)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=15000)
    info = page.model.rows[0]
    assert (info.label, info.people, info.encrypted) == ("手动", 3, False)
    assert info.path.parent == page.db.parent / "backups"
    assert "已备份" in page.backup_message.text()
    assert [page.model.index(0, c).data() for c in (1, 3)] == ["手动", "3"]


def test_backup_to_a_folder_with_a_password_is_encrypted_and_recorded(qtbot, window, stick):
    page = open_safety(window)
    click(qtbot, page.export_button)
    dialog = page.dialog
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    assert not dialog.password_edit.isVisible()
    dialog.path_edit.setText(str(stick / "红旗村备份.db"))
    click(qtbot, dialog.encrypt_box)
    assert dialog.password_edit.isVisible() and "忘记密码就无法恢复" in dialog.warning.text()
    assert dialog.path_edit.text().endswith(".bkbak")
    type_text(qtbot, dialog.password_edit, PASSWORD)
    type_text(qtbot, dialog.confirm_edit, PASSWORD + "x")
    click(qtbot, dialog.save_button)
    assert dialog.errors.message("confirm") == "两次输入的密码不一致" and dialog.isVisible()
    dialog.confirm_edit.clear()
    type_text(qtbot, dialog.confirm_edit, PASSWORD)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: "已备份到" in page.backup_message.text(), timeout=15000)
    out = stick / "红旗村备份.bkbak"
    assert out.is_file() and b"SQLite format 3" not in out.read_bytes()[:100]
    unopened = describe_backup(out)
    assert unopened.encrypted and unopened.people is None
    assert describe_backup(out, PASSWORD).people == 3
    with page.runner.read() as session:
        assert last_offsite_backup(session) is not None
    assert page.offsite_label.text().startswith("上次备份到U盘：20") and page.notice is None


def test_a_copy_to_a_folder_on_the_data_files_disk_says_so_and_keeps_the_reminder(qtbot, window, tmp_path):
    page = open_safety(window)
    click(qtbot, page.export_button)
    dialog = page.dialog
    documents = tmp_path / "Documents"
    documents.mkdir()
    dialog.path_edit.setText(str(documents))  # a folder, not a file: named as proposed
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: page.notice is not None, timeout=15000)
    [written] = documents.glob(f"{page.db.stem}-备份-*.db")
    warning = "备份已保存，但它和数据文件在同一块磁盘上，电脑坏了会一起丢失；请再备份到U盘"
    assert page.notice.isVisible() and warning in page.notice.text() and str(written) in page.notice.informativeText()
    assert warning in page.backup_message.text() and "已备份到" not in page.backup_message.text()
    assert describe_backup(written).people == 3
    with page.runner.read() as session:
        assert last_offsite_backup(session) is None
        [row] = [r for r in list_audit(session, AuditFilter()) if r.operation == "backup.recorded"]
    assert row.changes["same_disk"] is True and row.changes["file"] == written.name
    assert page.offsite_label.text() == "上次备份到U盘：从未"
    click(qtbot, page.notice.button(QMessageBox.StandardButton.Ok))
    qtbot.waitUntil(lambda: page.notice is None)


def test_a_folder_chosen_with_a_password_gets_the_encrypted_name(qtbot, window, stick):
    page = open_safety(window)
    click(qtbot, page.export_button)
    dialog = page.dialog
    dialog.path_edit.setText(str(stick))
    click(qtbot, dialog.encrypt_box)
    assert dialog.path_edit.text() == str(stick)  # a folder keeps its name
    type_text(qtbot, dialog.password_edit, PASSWORD)
    type_text(qtbot, dialog.confirm_edit, PASSWORD)
    click(qtbot, dialog.save_button)
    assert dialog.errors.message("path") == ""
    qtbot.waitUntil(lambda: "已备份到" in page.backup_message.text(), timeout=15000)
    [written] = stick.glob(f"{page.db.stem}-备份-*.bkbak")
    assert describe_backup(written, PASSWORD).people == 3
    with page.runner.read() as session:
        assert last_offsite_backup(session) is not None


def test_a_short_password_is_refused_under_its_field(qtbot, window, tmp_path):
    page = open_safety(window)
    click(qtbot, page.export_button)
    dialog = page.dialog
    dialog.path_edit.setText(str(tmp_path / "copy.db"))
    click(qtbot, dialog.encrypt_box)
    type_text(qtbot, dialog.password_edit, "12345")
    type_text(qtbot, dialog.confirm_edit, "12345")
    click(qtbot, dialog.save_button)
    assert dialog.errors.message("password") == "密码至少 6 位"
    assert not list(tmp_path.glob("copy.*"))


def _restore_dialog(qtbot, page) -> RestoreDialog:
    click(qtbot, page.restore_button)
    dialog = page.dialog
    assert isinstance(dialog, RestoreDialog) and dialog.isVisible()
    return dialog


def _answer(qtbot, dialog, text: str) -> None:
    qtbot.waitUntil(lambda: dialog.confirm_box is not None and dialog.confirm_box.isVisible())
    box: QMessageBox = dialog.confirm_box
    assert "恢复前" in box.informativeText() and "备份一份" in box.informativeText()
    click(qtbot, next(b for b in box.buttons() if b.text() == text))


def test_restore_dialog_lists_the_backups_and_hands_the_choice_to_the_window(qtbot, window):
    page = open_safety(window)
    made = make_backup(page.db, "手动")
    calls = []
    window.restart_with_restore = lambda path, password: calls.append((path, password))
    dialog = _restore_dialog(qtbot, page)
    assert dialog.model.rowCount() == 1 and not dialog.restore_button.isEnabled()
    dialog.table.selectRow(0)
    assert "在册党员 3 人" in dialog.detail_label.text() and not dialog.password_row.isVisible()
    click(qtbot, dialog.restore_button)
    _answer(qtbot, dialog, "取消")
    assert dialog.isVisible() and calls == []
    click(qtbot, dialog.restore_button)
    _answer(qtbot, dialog, "恢复")
    qtbot.waitUntil(lambda: calls == [(made, None)])
    assert not dialog.isVisible()


def test_an_encrypted_backup_asks_for_its_password(qtbot, window, tmp_path):
    page = open_safety(window)
    out = export_backup(page.db, tmp_path / "stick.bkbak", PASSWORD)
    calls = []
    window.restart_with_restore = lambda path, password: calls.append((path, password))
    dialog = _restore_dialog(qtbot, page)
    dialog.choose_path(out)
    assert dialog.password_row.isVisible() and dialog.restore_button.isEnabled()
    click(qtbot, dialog.restore_button)
    assert "请先输入密码" in dialog.error_label.text()
    type_text(qtbot, dialog.password_edit, "wrong-password")
    click(qtbot, dialog.restore_button)
    qtbot.waitUntil(lambda: "密码不正确" in dialog.error_label.text(), timeout=15000)
    assert dialog.confirm_box is None
    dialog.password_edit.clear()
    type_text(qtbot, dialog.password_edit, PASSWORD)
    click(qtbot, dialog.restore_button)
    _answer(qtbot, dialog, "恢复")
    qtbot.waitUntil(lambda: calls == [(out, PASSWORD)], timeout=15000)


def test_a_file_that_is_no_backup_is_refused_in_the_dialog(qtbot, window, tmp_path):
    page = open_safety(window)
    junk = tmp_path / "notes.db"
    junk.write_text("这不是数据库", encoding="utf-8")
    dialog = _restore_dialog(qtbot, page)
    dialog.choose_path(junk)
    assert dialog.error_label.text() and not dialog.restore_button.isEnabled()
    dialog.reject()


def test_check_database_reports_a_sound_file(qtbot, window):
    page = open_safety(window)
    click(qtbot, page.check_button)
    qtbot.waitUntil(lambda: "结论" in page.check_result.toPlainText(), timeout=15000)
    text = page.check_result.toPlainText()
    assert "数据库完整性：通过" in text and "结论：数据库完好。" in text


def test_the_settings_are_saved_and_persist(qtbot, window):
    page = open_safety(window)
    assert (page.idle_spin.value(), page.reminder_spin.value()) == (10, 30)
    page.idle_spin.setValue(15)
    page.reminder_spin.setValue(45)
    click(qtbot, page.save_settings_button)
    assert page.settings_status.text() == "已保存"
    with page.runner.read() as session:
        stored = get_safety(session)
    assert (stored.idle_lock_minutes, stored.offsite_reminder_days) == (15, 45)


def test_the_account_box_shows_only_for_a_signed_in_user(qtbot, window):
    page = open_safety(window)
    assert not hasattr(page, "password_button")  # the seeded database has no accounts
