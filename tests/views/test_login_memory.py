"""The login remembers the last name per data file (each file has its own accounts), and the demo's
hint names an account of every role."""

from PySide6.QtCore import QSettings

from models.access.accounts import create_first_admin
from models.demo.accounts import DEMO_ACCOUNTS
from models.storage.store import Store
from models.workspace import Workspace, local_actor
from ui.app import make_application
from ui.login_dialog import LoginDialog, demo_hint, last_user_key


def test_the_name_remembered_belongs_to_its_data_file(qtbot, tmp_path):
    make_application()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    first, second = Store(tmp_path / "a.db"), Store(tmp_path / "b.db")
    try:
        Workspace(first, local_actor()).run(create_first_admin, "王书记", "secret1")
        Workspace(second, local_actor()).run(create_first_admin, "admin", "secret1")
        settings.setValue(last_user_key(first.path), "王书记")
        on_first, on_second = LoginDialog(first, None, settings), LoginDialog(second, None, settings)
        qtbot.addWidget(on_first)
        qtbot.addWidget(on_second)
        assert on_first.name_edit.text() == "王书记"
        assert on_second.name_edit.text() == ""  # not a name this file has never heard of
    finally:
        first.close()
        second.close()


def test_the_demo_hint_names_an_account_of_every_role():
    hint = demo_hint()
    assert all(name in hint for name, _role in DEMO_ACCOUNTS)
    assert "管理员" in hint and "录入员" in hint and "查看" in hint and "demo1234" in hint
