"""Starting the program: first-start set-up, demo data from the set-up, a second instance refused."""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from models.people import roster as people
from models.people.branch import get_branch
from models.storage.instance_lock import InstanceLock
from models.storage.store import Store
from models.workspace import Workspace, local_actor
from tests.views.conftest import type_text
from ui.app import make_application, run_gui
from ui.operations import OperationRunner
from ui.setup_dialog import BranchSetupDialog
from views.tabs import create_tabs


def setup_dialog(store) -> BranchSetupDialog:
    make_application()
    return BranchSetupDialog(OperationRunner(Workspace(store, local_actor())))


def test_first_start_asks_for_the_branch_and_suggests_the_full_name(qtbot, store):
    dialog = setup_dialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.name_edit, "红旗村党支部")
    assert dialog.full_name_edit.text() == "中共红旗村支部委员会"
    type_text(qtbot, dialog.secretary_edit, "王建国")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    with store.read() as session:
        assert get_branch(session).secretary == "王建国"


def test_set_up_without_a_name_says_what_is_missing(qtbot, store):
    dialog = setup_dialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.save()
    assert dialog.isVisible()
    assert "请填写支部名称" in dialog.errors.labels["name"].text()
    with store.read() as session:
        assert get_branch(session) is None


def test_demo_button_fills_demo_data(qtbot, store):
    dialog = setup_dialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.confirm_box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=20_000)
    with store.read() as session:
        assert get_branch(session).name == "红旗村党支部"
        assert people.count_members(session) == 60


def test_second_instance_is_refused_in_chinese_and_leaves_the_file_alone(qtbot, tmp_path):
    db = tmp_path / "branch.db"
    Store(db).close()
    before = db.read_bytes()
    shown: list[str] = []

    def close_message() -> None:
        box = QApplication.activeModalWidget()
        shown.append(box.text())
        box.accept()

    make_application()
    with InstanceLock(db):  # the first instance
        QTimer.singleShot(100, close_message)
        assert run_gui(db, create_tabs) == 0
    assert "已经打开了这个数据文件" in shown[0]
    assert db.read_bytes() == before


def test_unexpected_errors_are_logged_and_explained_in_chinese(qtbot, tmp_path, monkeypatch):
    import sys

    from ui.app import install_error_handler

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    make_application()
    log = tmp_path / "logs" / "error.log"
    install_error_handler(log)
    shown: list[str] = []

    def close_message() -> None:
        box = QApplication.activeModalWidget()
        shown.append(box.text())
        box.accept()

    QTimer.singleShot(100, close_message)
    try:
        raise RuntimeError("disk I/O error")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert "没有完成" in shown[0] and str(log) in shown[0]
    assert "disk I/O error" in log.read_text(encoding="utf-8")
