"""The program window on a shared database on a PostgreSQL server (--db postgresql://…, issue 16): the
lists read from the server, a change made in the window lands there and shows, the status bar names
the server without a password, 数据安全 says the server is backed up by its administrator (no file
copies or checks here), and a server that cannot be reached is explained in Chinese."""

import pytest
from PySide6.QtWidgets import QMessageBox

import main
from models.demo import fill_demo
from models.people import roster as people
from models.people.citizen_id import make
from models.people.operations import create_member
from models.people.rules import PersonForm
from models.storage.server_store import ServerStore
from models.workspace import Workspace
from tests.conftest import TEST_ACTOR, TODAY
from ui.app import make_application, start_window
from ui.server_window import run_server_gui
from views.tabs import create_tabs


@pytest.fixture
def server_store(postgres):
    store = ServerStore(postgres.new_database())
    Workspace(store, TEST_ACTOR, today=lambda: TODAY).run(fill_demo, 30)
    yield store
    store.close()


def test_the_window_works_on_a_server_database(qtbot, server_store):
    make_application()
    window = start_window(server_store, create_tabs, TEST_ACTOR)
    qtbot.addWidget(window)
    members = window.tab("党员")
    with server_store.read() as session:
        listed = people.count_members(session)
    assert members.model.rowCount() == listed == 30
    assert window.db_label.text() == f"服务器数据库：{server_store.url}"  # no password in this URL to leave out
    assert window.auto_backup is None and not hasattr(window, "database_check")

    form = PersonForm(name="服务器", citizen_id=make("411323", TODAY.replace(year=1980), 21),
                      joined_on=TODAY.replace(year=2000), confirmed_on=TODAY.replace(year=2001))
    assert window.runner.run(window, create_member, form) is not None
    assert members.model.rowCount() == 31  # the tab refreshed from the change, read back from the server
    with server_store.read() as session:
        assert people.count_members(session) == 31

    settings = window.tab("设置")
    window.show_tab(settings)
    settings.pages.setCurrentWidget(settings.safety_page)
    assert settings.safety_page.server
    text = " ".join(label.text() for label in settings.safety_page.findChildren(type(window.db_label)))
    assert "pg_dump" in text and "不保存数据的副本" in text
    page = settings.safety_page  # no reminder to copy to a USB stick: this computer keeps no copies
    assert page.idle_spin.isVisibleTo(page) and not page.reminder_spin.isVisibleTo(page)
    shown = " ".join(label.text() for label in page.findChildren(type(window.db_label)) if label.isVisibleTo(page))
    assert "pg_dump" in shown and "备份到U盘" not in shown
    window.close()


def test_an_unreachable_server_is_explained_in_chinese(qtbot, monkeypatch, tmp_path):
    monkeypatch.setenv("APPDATA", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    said = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text, *a: said.append(text))
    url = "postgresql://支部:secret@127.0.0.1:1/branchkeeper"
    assert run_server_gui(url, create_tabs) == 1
    assert "无法连接服务器上的数据库" in said[0] and "secret" not in said[0]
    assert "postgresql://支部@127.0.0.1:1/branchkeeper" in said[0]


def test_a_server_url_opens_the_window_without_the_command_line_parser():
    assert main.window_only(["--db", "postgresql://u@host/branchkeeper"]) == (True, "postgresql://u@host/branchkeeper")


def test_a_program_without_the_driver_says_so(qtbot, monkeypatch, tmp_path):
    """A program without psycopg (a source checkout installed without it) says what is missing, not that the
    network is down."""
    import sys

    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg → ImportError
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    said = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text, *a: said.append(text))
    assert run_server_gui("postgresql://u@host/branchkeeper", create_tabs) == 1
    assert "缺少 PostgreSQL 的驱动程序" in said[0]
