"""A damaged data file at start: a Chinese explanation with the offer to restore the newest good
backup (its time and people count); accepting restores and opens it, 退出 leaves the file byte for
byte as it was. And the window's restore (MainWindow.restart_with_restore), done once it closed."""

from datetime import datetime

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from models.access.accounts import create_first_admin
from models.access.signin import sign_in
from models.people import roster as people
from models.people.branch import BranchInfo, get_branch, update_branch
from models.storage.backups import describe_backup, make_backup
from models.storage.store import Store
from models.workspace import Workspace, local_actor
from models.workspace.audit import AuditFilter, list_audit
from tests.database_damage import make_demo_file
from tests.views.conftest import seed
from ui.app import make_application, open_data_file, restore_in_place
from ui.main_window import MainWindow, NextStep
from ui.operations import OperationRunner
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
