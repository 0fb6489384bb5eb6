"""Starting on a township-sized data file (issue 16): the 启动时 copy and the full check happen after
the window shows, in the background — the copy only once the file is found sound; closing the window
stops a running check at once; the window starts without building the command line's parser."""

import pytest

import main
from models.core.errors import Cancelled
from models.storage import store as store_module
from models.storage.backups import list_backups
from models.storage.check import find_damage
from models.storage.store import open_store
from tests.database_damage import make_demo_file
from tests.views.test_start_damaged import damage
from ui.app import found_damage, make_application, start_window
from views.tabs import create_tabs

pytestmark = pytest.mark.file_only


@pytest.fixture
def large(tmp_path, monkeypatch):
    """A demo file the program treats as large (the threshold lowered below its size)."""
    path = make_demo_file(tmp_path / "镇.db", people=30)
    monkeypatch.setattr(store_module, "LARGE_FILE", 1024)
    return path


def test_a_large_file_opens_without_a_copy_and_the_window_copies_it_once_checked(qtbot, large):
    lock, store = open_store(large, startup_backup=True)
    try:
        assert store.startup_backup_deferred and store.startup_backup is None
        assert list_backups(large) == []  # nothing copied before the window
        make_application()
        window = start_window(store, create_tabs)
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: not window.database_check.job.is_running(), timeout=30_000)
        copies = list_backups(large)
        assert [c.label for c in copies] == ["启动时"]
        assert window.database_check.box is None  # sound: nothing said
        window.close()
    finally:
        store.close()
        lock.release()


def test_damage_met_while_a_large_file_starts_is_recognised_and_nothing_copied(qtbot, large):
    damage(large)
    lock, store = open_store(large, startup_backup=True)  # no quick_check before the window: it checks
    try:
        assert store.startup_backup_deferred
        make_application()
        with pytest.raises(Exception) as raised:  # the window's first reads meet the damage
            start_window(store, create_tabs)
        found = found_damage(store, raised.value)  # run_gui then offers the restore a start gives
        assert found is not None and found.path == large
        assert found_damage(store, ValueError("not SQLite")) is None
        assert list_backups(large) == []
    finally:
        store.close()
        lock.release()


def test_a_check_asked_to_stop_stops_and_finds_nothing(large):
    with pytest.raises(Cancelled):
        find_damage(large, cancelled=lambda: True)
    assert find_damage(large, cancelled=lambda: False) is None


@pytest.mark.parametrize(("argv", "expected"), [
    ([], (True, None)), (["--db", "a.db"], (True, "a.db")), (["--db=支部 数据.db"], (True, "支部 数据.db")),
    (["--db", "a.db", "check"], (False, None)), (["demo", "--db", "a.db"], (False, None)),
    (["--help"], (False, None)), (["--version"], (False, None)), (["--db"], (False, None)),
    (["--db", "--help"], (False, None)),
])
def test_only_plain_window_arguments_skip_the_command_line_parser(argv, expected):
    assert main.window_only(argv) == expected
