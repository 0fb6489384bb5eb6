"""A damaged data file at start: a Chinese explanation with the offer to restore the newest good
backup (its time and people count); accepting restores and opens it, 退出 leaves the file byte for
byte as it was; 选择其他备份文件… restores one from a USB stick (its password asked when encrypted). And the window's restore (MainWindow.restart_with_restore), done once it closed."""

from datetime import datetime

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QLineEdit, QMessageBox

from models.access.accounts import create_first_admin
from models.access.signin import sign_in
from models.people import roster as people
from models.people.branch import BranchInfo, get_branch, update_branch
from models.storage.backups import describe_backup, export_backup, make_backup, newest_good_backup
from models.storage.store import Store
from models.workspace import Workspace, local_actor
from models.workspace.audit import AuditFilter, list_audit
from tests.database_damage import make_demo_file
from tests.views.conftest import seed, type_text
from ui.app import make_application, open_data_file
from ui.main_window import MainWindow, NextStep
from ui.operations import OperationRunner
from ui.start_restore import restore_in_place
from views.tabs import create_tabs


def damage(path) -> None:
    """Garbage over the pages in the middle of the file (the header left alone)."""
    data = bytearray(path.read_bytes())
    page = 4096
    for start in range(page * 3, min(len(data), page * 12), page):
        data[start:start + page] = bytes((i * 97 + 13) % 256 for i in range(page))
    path.write_bytes(bytes(data))


@pytest.fixture
def damaged(tmp_path):
    path = make_demo_file(tmp_path / "branch.db", people=40)
    with Store(path, create=False).read() as session:
        everyone = people.count_members(session)
    backup = make_backup(path, "定时", now=datetime(2026, 11, 20, 9, 30))
    damage(path)
    return path, everyone, backup


def answer(button_text: str, shown: list[str], then: int = 0) -> None:
    """Press `button_text` in the next message box (accept it when there is no such button), then
    accept `then` more boxes; every box's text is noted in `shown`."""

    def press(left: int) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, lambda: press(left))
            return
        shown.append(box.text())
        button = next((b for b in box.buttons() if b.text() == button_text), None)
        button.click() if button is not None else box.accept()
        if left:
            QTimer.singleShot(100, lambda: press(left - 1))

    QTimer.singleShot(100, lambda: press(then))


def test_a_damaged_file_offers_the_newest_good_backup_and_restores_it(qtbot, damaged):
    path, everyone, backup = damaged
    make_application()
    shown: list[str] = []
    answer("恢复最近的备份", shown, then=1)
    opened = open_data_file(path, is_default=False)
    assert not isinstance(opened, int), shown
    lock, store = opened
    try:
        assert "这个文件保持原样" in shown[0]
        assert f"最近的完好备份：2026年11月20日 09:30，共 {describe_backup(backup).people} 人" in shown[0]
        assert "已用备份" in shown[1] and "损坏的文件另存在" in shown[1]
        with store.read() as session:
            assert people.count_members(session) == everyone
            rows = list_audit(session, AuditFilter(operation="backup.restored"))
        assert len(rows) == 1 and backup.name in rows[0].summary
    finally:
        store.close()
        lock.release()


def test_quitting_leaves_the_damaged_file_byte_identical(qtbot, damaged):
    path, _everyone, _backup = damaged
    before = path.read_bytes()
    make_application()
    shown: list[str] = []
    answer("退出", shown)
    assert open_data_file(path, is_default=False) == 1
    assert "已损坏" in shown[0] and "这个文件保持原样" in shown[0] and "最近的完好备份" in shown[0]
    assert path.read_bytes() == before
    assert len(shown) == 1


def test_without_a_backup_the_damage_is_explained_and_nothing_offered(qtbot, tmp_path):
    path = make_demo_file(tmp_path / "branch.db", people=20)
    damage(path)
    before = path.read_bytes()
    make_application()
    shown: list[str] = []
    answer("恢复最近的备份", shown)
    assert open_data_file(path, is_default=False) == 1
    assert "没有找到完好的备份" in shown[0]
    assert path.read_bytes() == before


def test_a_restore_from_the_window_reopens_on_the_restored_file(qtbot, tmp_path):
    path = tmp_path / "branch.db"
    store = Store(path)
    Workspace(store, local_actor()).run(create_first_admin, "管理员", "secret1")
    actor = sign_in(store, "管理员", "secret1")
    seed(Workspace(store, actor))
    backup = make_backup(path, "定时")
    Workspace(store, actor).run(update_branch, BranchInfo("改过的名字", "中共红旗村支部委员会", "王建国"))
    make_application()
    window = MainWindow(OperationRunner(Workspace(store, actor)), create_tabs)
    qtbot.addWidget(window)
    window.show()
    window.restart_with_restore(backup, None)
    assert not window.isVisible() and window.next_step == NextStep(backup, None)
    shown: list[str] = []
    answer("", shown)
    store = restore_in_place(store, window.next_step, actor)
    try:
        assert "已用备份" in shown[0] and "请重新登录" in shown[0]
        with store.read() as session:
            assert get_branch(session).name == "红旗村党支部"
            assert list_audit(session, AuditFilter(operation="backup.restored"))[0].actor == "管理员"
    finally:
        store.close()


def drive(qtbot, steps: list, seen: list[str]) -> None:
    """Answer the next modal dialogs in turn: each step is (kind, action); the dialog's text (a
    message box's text, an input dialog's label) is noted in `seen` before `action(dialog)`."""

    def next_step(at: int, previous) -> None:
        if at == len(steps):
            return
        kind, action = steps[at]
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind) or dialog is previous or not dialog.isVisible():
            QTimer.singleShot(50, lambda: next_step(at, previous))
            return
        seen.append(dialog.text() if isinstance(dialog, QMessageBox) else dialog.labelText())
        action(dialog)
        QTimer.singleShot(50, lambda: next_step(at + 1, dialog))

    QTimer.singleShot(50, lambda: next_step(0, None))


def press(text: str):
    return lambda box: next(b for b in box.buttons() if b.text() == text).click()


def type_password(qtbot, password: str | None, echo: list):
    """Type into the password prompt and press Enter, or press Esc (None); its echo mode noted."""

    def act(dialog: QInputDialog) -> None:
        edit = dialog.findChild(QLineEdit)
        echo.append(edit.echoMode())
        if password is None:
            qtbot.keyClick(edit, Qt.Key.Key_Escape)
            return
        type_text(qtbot, edit, password)
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    return act


def test_a_backup_from_a_usb_stick_restores_a_damaged_file_without_local_backups(qtbot, tmp_path, monkeypatch):
    path = make_demo_file(tmp_path / "branch.db", people=30)
    with Store(path, create=False).read() as session:
        everyone = people.count_members(session)
    (tmp_path / "usb").mkdir()
    copy = export_backup(path, tmp_path / "usb" / "支部备份.db", password="u盘密码123")
    assert copy.suffix == ".bkbak"
    damage(path)
    assert newest_good_backup(path) is None
    asked: list[tuple] = []

    def choose(*args, **kwargs):
        asked.append(args)
        return str(copy), "支部管家备份 (*.db *.bkbak)"

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    make_application()
    seen: list[str] = []
    echo: list = []
    drive(qtbot, [
        (QMessageBox, press("选择其他备份文件…")),
        (QInputDialog, type_password(qtbot, None, echo)),  # Esc: back to the question
        (QMessageBox, press("选择其他备份文件…")),
        (QInputDialog, type_password(qtbot, "wrong-one", echo)),
        (QInputDialog, type_password(qtbot, "u盘密码123", echo)),
        (QMessageBox, press("恢复")),
        (QMessageBox, lambda box: box.accept()),
    ], seen)
    opened = open_data_file(path, is_default=False)
    assert not isinstance(opened, int), seen
    lock, store = opened
    try:
        first = seen[0]
        assert "已损坏" in first and first.count("这个文件保持原样") == 1 and "没有改动" not in first.replace(
            "程序没有改动它", "")
        assert "没有找到完好的备份" in first and "选择其他备份文件…" in first and "恢复最近的备份" not in first
        assert seen[2] == first and len(asked) == 2 and "*.bkbak" in asked[0][-1]
        assert echo == [QLineEdit.EchoMode.Password] * 3
        assert "是加密的" in seen[1] and "是加密的" in seen[3] and "密码不正确" in seen[4]
        made_at = describe_backup(copy).made_at
        assert str(copy) in seen[5] and f"{made_at:%Y年%m月%d日 %H:%M}，共 {everyone} 人" in seen[5]
        assert "已用备份" in seen[6] and "损坏的文件另存在" in seen[6]
        with store.read() as session:
            assert people.count_members(session) == everyone
            rows = list_audit(session, AuditFilter(operation="backup.restored"))
        assert len(rows) == 1 and copy.name in rows[0].summary
    finally:
        store.close()
        lock.release()


def test_the_damaged_file_question_offers_both_restores_and_quit_by_default(qtbot, damaged):
    path, _everyone, _backup = damaged
    make_application()
    buttons: list[list[str]] = []

    def look(box: QMessageBox) -> None:
        buttons.append([b.text() for b in box.buttons()])
        buttons.append([box.defaultButton().text()])
        qtbot.keyClick(box, Qt.Key.Key_Escape)

    seen: list[str] = []
    drive(qtbot, [(QMessageBox, look)], seen)
    assert open_data_file(path, is_default=False) == 1
    assert set(buttons[0]) == {"恢复最近的备份", "选择其他备份文件…", "退出"} and buttons[1] == ["退出"]  # Esc: 退出
    assert seen[0].count("保持原样") == 1 and "backups 文件夹中的备份恢复" not in seen[0]
