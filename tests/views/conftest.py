"""View fixtures: a real store in tmp_path with a branch and a group, and the main window on it."""

from datetime import date

import pytest

from models.people import branch
from models.people.citizen_id import make
from models.people.operations import create_member
from models.people.rules import PersonForm


def seed(workspace) -> None:
    """红旗村党支部 with 第一党小组 and three members, entered through the write path."""
    workspace.run(branch.update_branch, branch.BranchInfo("红旗村党支部", "中共红旗村支部委员会", "王建国"))
    group = workspace.run(branch.create_group, "第一党小组").value
    workspace.run(create_member, PersonForm(
        name="王建国", citizen_id=make("411323", date(1968, 3, 12), 11), group_id=group,
        joined_on=date(1992, 7, 1), confirmed_on=date(1993, 7, 1), phone="13812345678"))
    workspace.run(create_member, PersonForm(
        name="张三", citizen_id=make("411323", date(1975, 8, 1), 13),
        joined_on=date(2000, 7, 1), confirmed_on=date(2001, 7, 1)))
    workspace.run(create_member, PersonForm(
        name="李芳", citizen_id=make("411323", date(1990, 1, 9), 22),
        joined_on=date(2015, 7, 1), confirmed_on=date(2016, 7, 1)))


@pytest.fixture
def seeded_store(store, workspace):
    seed(workspace)
    return store


@pytest.fixture
def runner(qtbot, seeded_store, workspace):
    """The GUI's operation runner on the seeded test database."""
    from ui.app import make_application
    from ui.operations import OperationRunner

    make_application()
    return OperationRunner(workspace)


@pytest.fixture
def window(qtbot, runner):
    from ui.main_window import MainWindow
    from views.tabs import create_tabs

    win = MainWindow(runner, create_tabs)
    qtbot.addWidget(win)
    win.resize(1366, 728)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def window_as(qtbot, seeded_store):
    """`window_as(actor)`: the main window on the seeded database, acting as `actor` — e.g.
    `role_actor("查看员", Role.VIEWER)` — so the tabs show what that role may do."""
    from tests.conftest import TODAY
    from ui.app import make_application
    from ui.main_window import MainWindow
    from ui.operations import OperationRunner
    from views.tabs import create_tabs

    def make(actor):
        from models.workspace import Workspace

        make_application()
        runner = OperationRunner(Workspace(seeded_store, actor, today=lambda: TODAY))
        win = MainWindow(runner, create_tabs)
        qtbot.addWidget(win)
        win.resize(1366, 728)
        win.show()
        qtbot.waitExposed(win)
        return win

    return make


def type_text(qtbot, widget, text: str) -> None:
    """Type as a user would: ASCII by key presses, Chinese committed by the input method (IME)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QInputMethodEvent

    widget.setFocus()
    for chunk in _chunks(text):
        if chunk.isascii():
            qtbot.keyClicks(widget, chunk)
        else:
            event = QInputMethodEvent()
            event.setCommitString(chunk)
            QCoreApplication.sendEvent(widget, event)


def _chunks(text: str) -> list[str]:
    chunks: list[str] = []
    for char in text:
        if chunks and chunks[-1][-1].isascii() == char.isascii():
            chunks[-1] += char
        else:
            chunks.append(char)
    return chunks
