"""View fixtures: a real store in tmp_path with a branch and a group, and the main window on it."""

from datetime import date

import pytest

from models import branch, people
from models.citizen_id import make
from models.person_rules import PersonForm
from tests.conftest import TODAY


@pytest.fixture
def seeded_store(store):
    with store.session() as session:
        branch.save_branch(session, branch.BranchInfo("红旗村党支部", "中共红旗村支部委员会", "王建国"))
        group = branch.add_group(session, "第一党小组")
        people.save_person(session, PersonForm(
            name="王建国", citizen_id=make("411323", date(1968, 3, 12), 11), group_id=group,
            joined_on=date(1992, 7, 1), confirmed_on=date(1993, 7, 1), phone="13812345678"), TODAY)
        people.save_person(session, PersonForm(
            name="张三", citizen_id=make("411323", date(1975, 8, 1), 13),
            joined_on=date(2000, 7, 1), confirmed_on=date(2001, 7, 1)), TODAY)
        people.save_person(session, PersonForm(
            name="李芳", citizen_id=make("411323", date(1990, 1, 9), 22),
            joined_on=date(2015, 7, 1), confirmed_on=date(2016, 7, 1)), TODAY)
    return store


@pytest.fixture
def window(qtbot, seeded_store):
    from ui.app import make_application
    from ui.main_window import MainWindow

    make_application()
    win = MainWindow(seeded_store)
    qtbot.addWidget(win)
    win.resize(1366, 728)
    win.show()
    qtbot.waitExposed(win)
    return win


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
