"""Fault suite (issue 11, item 10): a full disk (ENOSPC) and a folder that may not be written
(EACCES), injected on every write path of the command line and the window. Each gives a Chinese
message saying what happened and what to do, a non-zero exit code, the data exactly as it was,
nothing left over, and never a traceback.

The tests run as root, for whom chmod makes nothing read-only, so the faults are injected into
the operating-system and library calls (os.open, os.replace, sqlite3.connect); our own layers run
for real. SQLite's disk-full is real too: every new connection gets `max_page_count` set to the
file's current size, so the first page SQLite needs more fails with SQLITE_FULL, exactly as on a
full disk.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.database_damage import break_index_entry, files_in, make_demo_file
from tests.models.test_cli import english_words, run_cli
from tests.models.test_migrations import RELEASE_0001


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return make_demo_file(tmp_path_factory.mktemp("template") / "demo.db")


@pytest.fixture
def folder(template, tmp_path) -> Path:
    """A data folder with branch.db (demo data), an older export and an older report in it."""
    shutil.copy(template, tmp_path / "branch.db")
    (tmp_path / "old.xlsx").write_bytes(b"the export of last month")
    (tmp_path / "old.pdf").write_bytes(b"the report of last month")
    return tmp_path


@pytest.fixture(scope="module")
def sheet(template, tmp_path_factory):
    path = tmp_path_factory.mktemp("sheet") / "members.xlsx"
    from main import main

    assert main(["export-excel", "members", "--db", str(template), "--out", str(path)]) == 0
    return path


def sqlite_disk_full(monkeypatch) -> None:
    """Every SQLite connection opened from now on finds the disk full as soon as its file grows."""
    real = sqlite3.connect

    def connect(*args, **kwargs):
        connection = real(*args, **kwargs)
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
        return connection

    monkeypatch.setattr(sqlite3, "connect", connect)
    monkeypatch.setattr(sqlite3.dbapi2, "connect", connect)


def os_fault(monkeypatch, call: str, code: int, matches) -> None:
    """os.<call> fails with `code` for paths `matches` accepts (the others work as usual)."""
    real = getattr(os, call)

    def failing(*args, **kwargs):
        if any(matches(str(a)) for a in args[:2] if isinstance(a, str | os.PathLike)):
            raise OSError(code, os.strerror(code), str(args[0]))
        return real(*args, **kwargs)

    monkeypatch.setattr(os, call, failing)


# Paths and file names (branch.db.lock, logs/error.log) are names, not English prose.
_NAMES = re.compile(r"[A-Za-z0-9_.:\\/-]*[./\\][A-Za-z0-9_.:\\/-]*")


def is_output(path: str, folder: Path) -> bool:
    """A file the command saves into `folder` (or its temporary file), not the data file's own."""
    return Path(path).parent == folder and not path.endswith((".db", ".lock", "-wal", "-shm", "-journal"))


def assert_refused_in_chinese(code: int, out: str, err: str, argv, *phrases: str) -> None:
    assert code == 1, (code, out, err)
    assert err.startswith("错误："), err
    assert "Traceback" not in out + err
    for phrase in phrases:
        assert phrase in err, (phrase, err)
    assert not english_words(_NAMES.sub("", err), (*argv, "Excel", "WPS", "check", "backups")), err


def data_in(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` but the error log (what the user keeps: data, exports, backups)."""
    return {name: data for name, data in files_in(folder).items() if not name.startswith("logs")}


def _commands(folder: Path, sheet: Path) -> dict[str, tuple[str, ...]]:
    db = str(folder / "branch.db")
    return {
        "report": ("report", "roster", "--db", db, "--out", str(folder / "old.pdf")),
        "export": ("export-excel", "members", "--db", db, "--out", str(folder / "old.xlsx")),
        "import": ("import-excel", str(sheet), "--skip-invalid", "--db", db),
        "dry-run": ("import-excel", str(sheet), "--dry-run", "--db", db),
        "demo": ("demo", "--db", str(folder / "new.db")),
        "init": ("init", "--db", str(folder / "new.db")),
        "repair": ("check", "--db", db, "--repair"),
    }


DISK_FULL = "磁盘空间已满"
NO_PERMISSION = "没有权限"


@pytest.mark.parametrize("name", ["import", "demo", "init"])
def test_a_full_disk_while_writing_the_database(capsys, monkeypatch, folder, sheet, name):
    argv = _commands(folder, sheet)[name]
    if name == "import":  # new people for the import: an empty data file
        from models.storage.store import Store

        (folder / "branch.db").unlink()
        Store(folder / "branch.db").close()
    before = data_in(folder)
    sqlite_disk_full(monkeypatch)
    code, out, err = run_cli(capsys, *argv)
    assert_refused_in_chinese(code, out, err, argv, DISK_FULL, "腾出磁盘空间")
    assert data_in(folder) == before  # rolled back; no new file, no half-made one


def test_a_full_disk_while_filling_demo_data_into_an_empty_file(capsys, monkeypatch, tmp_path):
    from models.storage.store import Store

    Store(tmp_path / "empty.db").close()
    before = data_in(tmp_path)
    sqlite_disk_full(monkeypatch)
    argv = ("demo", "--db", str(tmp_path / "empty.db"))
    code, out, err = run_cli(capsys, *argv)
    assert_refused_in_chinese(code, out, err, argv, DISK_FULL)
    assert data_in(tmp_path) == before


@pytest.mark.parametrize("name", ["report", "export"])
@pytest.mark.parametrize("call", ["open", "replace"])
def test_a_full_disk_while_saving_a_file(capsys, monkeypatch, folder, sheet, name, call):
    argv = _commands(folder, sheet)[name]
    before = data_in(folder)
    # The temporary file beside the target cannot be made (open), or cannot be moved into place.
    os_fault(monkeypatch, call, errno.ENOSPC, lambda p: is_output(p, folder))
    code, out, err = run_cli(capsys, *argv)
    assert code == 1 and "Traceback" not in err, err
    assert "空间已满" in err, err
    assert not english_words(_NAMES.sub("", err), (*argv, "Excel", "WPS")), err
    assert data_in(folder) == before  # the older file untouched, no temporary file left


def test_a_full_disk_while_copying_before_a_repair(capsys, monkeypatch, folder, sheet):
    db = folder / "branch.db"
    break_index_entry(db)
    before = db.read_bytes()
    sqlite_disk_full(monkeypatch)
    argv = _commands(folder, sheet)["repair"]
    code, out, err = run_cli(capsys, *argv)
    assert_refused_in_chinese(code, out, err, argv, DISK_FULL)
    assert db.read_bytes() == before  # not repaired without its copy
    assert not [p for p in (folder / "backups").rglob("*") if p.is_file()]  # no half copy


def test_a_full_disk_while_upgrading_an_old_file(capsys, monkeypatch, folder, sheet):
    db = folder / "branch.db"
    shutil.copy(RELEASE_0001, db)
    before = db.read_bytes()
    sqlite_disk_full(monkeypatch)
    argv = _commands(folder, sheet)["export"]
    code, out, err = run_cli(capsys, *argv)
    assert_refused_in_chinese(code, out, err, argv, "升级没有完成", DISK_FULL)
    assert db.read_bytes() == before
    assert not [p for p in (folder / "backups").rglob("*") if p.is_file()] if (folder / "backups").exists() else True


@pytest.mark.parametrize("code_", [errno.ENOSPC, errno.EACCES])
@pytest.mark.parametrize("name", ["report", "export", "import", "dry-run", "demo", "init", "repair"])
def test_the_lock_file_cannot_be_made(capsys, monkeypatch, folder, sheet, name, code_):
    argv = _commands(folder, sheet)[name]
    if name == "repair":
        break_index_entry(folder / "branch.db")
    before = data_in(folder)
    os_fault(monkeypatch, "open", code_, lambda p: p.endswith(".lock"))
    code, out, err = run_cli(capsys, *argv)
    expected = ("磁盘空间已满",) if code_ == errno.ENOSPC else ("没有权限在文件夹", "锁文件", "可以写入的文件夹")
    assert_refused_in_chinese(code, out, err, argv, *expected)
    assert data_in(folder) == before


def test_checking_works_in_a_folder_that_may_not_be_written(capsys, monkeypatch, folder):
    os_fault(monkeypatch, "open", errno.EACCES, lambda p: p.endswith(".lock"))
    code, out, err = run_cli(capsys, "check", "--db", str(folder / "branch.db"))
    assert code == 0 and "数据文件完好" in out, err


@pytest.mark.parametrize("name", ["report", "export"])
def test_saving_into_a_folder_that_may_not_be_written(capsys, monkeypatch, folder, sheet, name):
    argv = _commands(folder, sheet)[name]
    before = data_in(folder)
    os_fault(monkeypatch, "open", errno.EACCES, lambda p: is_output(p, folder))
    code, out, err = run_cli(capsys, *argv)
    assert code == 1 and "Traceback" not in err and NO_PERMISSION in err, err
    assert not english_words(_NAMES.sub("", err), (*argv, "Excel", "WPS")), err
    assert data_in(folder) == before


def test_an_unexpected_error_is_logged_scrubbed_and_explained(capsys, monkeypatch, folder):
    number, phone = "411324197001017644", "13812345678"

    def bug(*_args, **_kwargs):
        raise RuntimeError(f"unexpected state for {number} / {phone}")

    monkeypatch.setattr("models.people.roster.details_for", bug)
    argv = _commands(folder, None)["export"]
    code, out, err = run_cli(capsys, *argv)
    assert_refused_in_chinese(code, out, err, argv, "出现了意外错误", "数据没有被改动", "logs")
    log = (folder / "logs" / "error.log").read_text(encoding="utf-8")
    assert "RuntimeError" in log and "Traceback" in log
    assert number not in log and phone not in log and "[已隐去]" in log


def test_a_log_that_cannot_be_written_is_no_second_failure(capsys, monkeypatch, folder):
    def bug(*_args, **_kwargs):
        raise RuntimeError("unexpected")

    monkeypatch.setattr("models.people.roster.details_for", bug)
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full"))
                        if self.name == "error.log" else real_open(self, *a, **k))
    argv = _commands(folder, None)["export"]
    code, out, err = run_cli(capsys, *argv)
    assert_refused_in_chinese(code, out, err, argv, "出现了意外错误")
    assert "记录在" not in err


def _answer_box(shown: list[str]) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, answer)
            return
        shown.append(box.text())
        box.accept()

    QTimer.singleShot(100, answer)


def test_the_window_in_a_folder_that_may_not_be_written(qtbot, monkeypatch, folder):
    from ui.app import make_application, run_gui
    from views.tabs import create_tabs

    monkeypatch.setattr("sys.excepthook", __import__("sys").excepthook)
    monkeypatch.setattr("threading.excepthook", __import__("threading").excepthook)
    make_application()
    before = data_in(folder)
    os_fault(monkeypatch, "open", errno.EACCES, lambda p: p.endswith(".lock"))
    shown: list[str] = []
    _answer_box(shown)
    assert run_gui(folder / "branch.db", create_tabs) == 1
    assert "没有权限在文件夹" in shown[0] and "可以写入的文件夹" in shown[0]
    assert data_in(folder) == before


def test_the_first_start_on_a_full_disk_leaves_no_file(qtbot, monkeypatch, tmp_path):
    from ui.app import make_application, open_data_file

    make_application()
    sqlite_disk_full(monkeypatch)
    shown: list[str] = []
    _answer_box(shown)
    assert open_data_file(tmp_path / "branchkeeper.db", is_default=True) == 1
    assert "无法新建数据文件" in shown[0] and DISK_FULL in shown[0]
    assert data_in(tmp_path) == {}
