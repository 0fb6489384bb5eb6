"""Starting the program: first-start set-up, demo data from the set-up, a second instance refused,
which files the window opens, creates or refuses, the background check of the data file and its
repair, and the error handler (a Chinese dialog, a log without ID numbers or phones)."""

import logging
import sys
from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from models.people import roster as people
from models.people.branch import get_branch
from models.storage.check import find_damage
from models.storage.instance_lock import InstanceLock
from models.storage.store import Store
from models.workspace import Workspace, local_actor
from tests.database_damage import break_index_entry, files_in, make_demo_file, set_revision
from tests.views.conftest import type_text
from ui.app import install_error_handler, make_application, open_data_file, run_gui, start_window
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


def answer_next_box(button_text: str | None = None, shown: list[str] | None = None, delay: int = 100) -> None:
    """When the next modal message box shows, note its text and press `button_text` (or accept)."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, answer)
            return
        if shown is not None:
            shown.append(box.text())
        button = next((b for b in box.buttons() if b.text() == button_text), None) if button_text else None
        button.click() if button is not None else box.accept()

    QTimer.singleShot(delay, answer)


def test_the_first_start_on_the_default_file_creates_it(qtbot, tmp_path):
    make_application()
    path = tmp_path / "data" / "branchkeeper.db"
    path.parent.mkdir()
    opened = open_data_file(path, is_default=True)
    lock, store = opened
    store.close()
    lock.release()
    assert path.is_file()


def test_a_db_that_is_not_there_asks_and_quit_is_the_default(qtbot, tmp_path):
    make_application()
    path = tmp_path / "branhc.db"
    shown: list[str] = []
    answer_next_box("退出", shown)
    assert open_data_file(path, is_default=False) == 1
    assert "找不到数据文件" in shown[0] and str(path) in shown[0]
    assert list(tmp_path.iterdir()) == []
    answer_next_box("新建数据文件")
    lock, store = open_data_file(path, is_default=False)
    store.close()
    lock.release()
    assert path.is_file()


@pytest.mark.parametrize("content,message", [
    (b"", "不是支部管家的数据文件"), (b"not a database at all" * 10, "不是支部管家的数据文件")])
def test_the_window_refuses_an_empty_or_foreign_file_untouched(qtbot, tmp_path, content, message):
    path = tmp_path / "branch.db"
    path.write_bytes(content)
    shown: list[str] = []
    make_application()
    answer_next_box(shown=shown)
    assert run_gui(path, create_tabs) == 1
    assert message in shown[0] and "branch.db" in shown[0]
    assert files_in(tmp_path) == {"branch.db": content}


def test_the_window_refuses_a_file_from_a_newer_release_untouched(qtbot, tmp_path):
    path = tmp_path / "branch.db"
    Store(path).close()
    set_revision(path, "0099")
    before = files_in(tmp_path)
    shown: list[str] = []
    make_application()
    for _ in range(2):  # and again: no 升级前备份 copy piles up
        answer_next_box(shown=shown)
        assert run_gui(path, create_tabs) == 1
    assert "更新版本的支部管家创建" in shown[0] and "请安装新版本" in shown[0]
    assert files_in(tmp_path) == before


@pytest.fixture
def damaged(tmp_path):
    path = make_demo_file(tmp_path / "branch.db")
    with Store(path, create=False).read() as session:
        everyone = people.count_members(session)
    missing = break_index_entry(path)
    return path, everyone, missing


def _members_shown(window) -> int:
    return window.tab("党员").model.rowCount()


def test_the_window_checks_in_the_background_and_repairs_a_damaged_index(qtbot, damaged):
    path, everyone, _missing = damaged
    make_application()
    store = Store(path, create=False)  # the quick check on opening passes: this damage needs the full one
    window = start_window(store, create_tabs)
    qtbot.addWidget(window)
    check = window.database_check
    qtbot.waitUntil(lambda: check.box is not None and check.box.isVisible(), timeout=10_000)
    assert "索引" in check.box.text() and "可以修复" in check.box.text()
    shown: list[str] = []
    answer_next_box(shown=shown, delay=300)
    qtbot.mouseClick(check.repair_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "已修复" in shown[0] and "修复前的副本" in shown[0]
    assert find_damage(path) is None
    assert len(list((path.parent / "backups").glob("branch-修复前-*.db"))) == 1
    qtbot.waitUntil(lambda: _members_shown(window) == everyone)
    window.close()
    store.close()


def test_closing_instead_of_repairing_leaves_the_file_alone(qtbot, damaged):
    path, _everyone, _missing = damaged
    make_application()
    store = Store(path, create=False)
    before = path.read_bytes()
    window = start_window(store, create_tabs)
    qtbot.addWidget(window)
    check = window.database_check
    qtbot.waitUntil(lambda: check.box is not None and check.box.isVisible(), timeout=10_000)
    close = next(b for b in check.box.buttons() if b.text() == "关闭程序")
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible())
    store.close()
    assert path.read_bytes() == before
    assert not (path.parent / "backups").exists()


def _raise_and_handle(exc: BaseException) -> None:
    try:
        raise exc
    except BaseException:
        sys.excepthook(*sys.exc_info())


def test_unexpected_errors_are_logged_and_explained_in_chinese(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    make_application()
    install_error_handler(tmp_path / "logs")
    shown: list[str] = []
    answer_next_box(shown=shown)
    _raise_and_handle(RuntimeError("disk I/O error"))
    log = tmp_path / "logs" / "error.log"
    assert "没有完成" in shown[0] and str(log) in shown[0]
    assert "disk I/O error" in log.read_text(encoding="utf-8")


def test_the_error_log_never_holds_an_id_number_or_a_phone(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    make_application()
    install_error_handler(tmp_path / "logs")
    values = ["411324197001017644", "11010519491231002X", "410102 19700101 7644", "13812345678", "138-1234-5678",
              "0371-67712345", "(0371)6771234", "010 87654321", "４１１３２４１９７００１０１７６４４"]

    def save(form):
        raise ValueError(f"cannot save {form}")

    answer_next_box()
    _raise_and_handle(_call(save, {"citizen_id": values[0], "phone": values[3], "notes": " / ".join(values)}))
    logging.getLogger("ui.jobs").exception("background job failed", exc_info=_call(save, values))
    log = (tmp_path / "logs" / "error.log").read_text(encoding="utf-8")
    assert "cannot save" in log and "background job failed" in log and "[已隐去]" in log
    for value in values:
        assert value not in log, value


def _call(function, argument) -> BaseException:
    try:
        function(argument)
    except BaseException as exc:  # noqa: BLE001 - handed on as it is
        return exc
    raise AssertionError("expected an error")


def test_a_full_disk_in_the_window_is_explained_as_such(qtbot, tmp_path, monkeypatch, store):
    """A save that meets a full disk: SQLite's real SQLITE_FULL, through the runner, to the handler."""
    from models.people.citizen_id import make
    from models.people.operations import create_member
    from models.people.rules import PersonForm

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    make_application()
    install_error_handler(tmp_path / "logs")
    runner = OperationRunner(Workspace(store, local_actor()))
    with store.engine.connect() as connection:  # this connection goes back to the pool, full disk and all
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
        connection.exec_driver_sql(f"PRAGMA max_page_count = {pages}")
    shown: list[str] = []
    answer_next_box(shown=shown)
    form = PersonForm(name="王建国", citizen_id=make("411323", date(1968, 3, 12), 11), phone="13812345678",
                      notes="很长的备注" * 2000, joined_on=date(1992, 7, 1), confirmed_on=date(1993, 7, 1))
    _raise_and_handle(_call(lambda f: runner.run(None, create_member, f), form))
    assert "磁盘空间已满" in shown[0] and "腾出磁盘空间" in shown[0]
    with store.read() as session:
        assert people.count_members(session) == 0
    log = (tmp_path / "logs" / "error.log").read_text(encoding="utf-8")
    assert form.citizen_id not in log and "13812345678" not in log


def test_the_window_s_modules_load_no_report_excel_or_encryption_library():
    """What the window imports to start: ReportLab (reports, the recovery code's PDF), openpyxl, cryptography
    (encrypted backups), Alembic (upgrades) and psycopg load when first used — together a second of a
    start on an office PC."""
    import os
    import subprocess

    code = ("import sys, ui.app, ui.login_dialog, ui.main_window, views.tabs, models.storage.store\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'reportlab', 'openpyxl', 'cryptography', "
            "'alembic', 'psycopg', 'PIL'}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
