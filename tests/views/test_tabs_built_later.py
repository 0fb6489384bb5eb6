"""The tabs other than 党员 are made when first opened, asked for, or while the window is idle just after it
shows (ui/main_window.py, views/tabs.py): the start does not import and build them, and a user sees no
difference — a click on a tab shows it filled, the links between tabs still work."""

import os
import subprocess
import sys
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from models.development.forms import ApplicantForm
from models.development.operations import register_applicant
from models.people.citizen_id import make
from tests.views.test_members_tab import select_name
from ui.main_window import MainWindow
from views.tabs import create_tabs

LATER = ("发展党员", "民情台账", "报表", "设置")


def _window(qtbot, runner) -> MainWindow:
    window = MainWindow(runner, create_tabs)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    return window


def test_only_the_members_tab_is_made_with_the_window(qtbot, runner):
    window = _window(qtbot, runner)
    assert window.built_tabs() == ["党员"]
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["党员", *LATER]


def test_a_click_on_a_tab_not_made_yet_shows_it_filled(qtbot, runner, workspace):
    from views.development.development_tab import DevelopmentTab

    workspace.run(register_applicant, ApplicantForm(name="赵小燕", citizen_id=make("411323", date(1998, 5, 4), 21),
                                                  applied_on=date(2026, 3, 1)))
    window = _window(qtbot, runner)
    window.show()
    qtbot.waitExposed(window)
    assert "发展党员" not in window.built_tabs()
    switches: list[int] = []
    window.tabs.currentChanged.connect(switches.append)
    qtbot.mouseClick(window.tabs.tabBar(), Qt.MouseButton.LeftButton, pos=window.tabs.tabBar().tabRect(1).center())
    shown = window.tabs.currentWidget()
    assert isinstance(shown, DevelopmentTab) and shown is window.tab("发展党员") and shown.isVisible()
    assert [shown.model.index(r, 0).data() for r in range(shown.model.rowCount())] == ["赵小燕"]
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["党员", *LATER]
    assert switches == [1]  # the stand-in's swap is not seen as more switches


def test_the_other_tabs_are_made_soon_after_the_window_shows(qtbot, runner):
    window = _window(qtbot, runner)
    window.show()
    qtbot.waitUntil(lambda: len(window.built_tabs()) == 5, timeout=5000)
    assert window.tabs.currentIndex() == 0  # made out of sight: 党员 stays in front
    assert [window.tabs.widget(i) for i in range(5)] == [window.tab(title) for title in ["党员", *LATER]]


def test_a_window_closed_before_then_makes_nothing_more(qtbot, runner):
    window = _window(qtbot, runner)
    window.show()
    window.close()
    qtbot.wait(400)
    assert window.built_tabs() == ["党员"]


def test_ctrl_p_on_members_makes_the_reports_tab_it_prints_from(qtbot, runner):
    window = _window(qtbot, runner)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert "报表" not in window.built_tabs()
    members = window.tab("党员")
    select_name(members, "王建国")
    qtbot.keyClick(members.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    reports = window.tab("报表")
    assert window.tabs.currentWidget() is reports and reports.fields["person_id"].text().startswith("王建国")
    qtbot.waitUntil(lambda: reports.preview.print_action.isEnabled(), timeout=30_000)


def test_the_window_s_start_imports_no_other_tab(seeded_store):
    """Making the window, as a start does, imports 党员's module and none of the other tabs'."""
    code = ("import sys\n"
            "from pathlib import Path\n"
            "from models.storage.store import Store\n"
            "from models.workspace import Actor, Workspace\n"
            "from ui.app import make_application\n"
            "from ui.main_window import MainWindow\n"
            "from ui.operations import OperationRunner\n"
            "from views.tabs import create_tabs\n"
            "make_application()\n"
            "window = MainWindow(OperationRunner(Workspace(Store(Path(sys.argv[1])), Actor('测试'))), create_tabs)\n"
            "print(sorted(m for m in sys.modules if m.startswith('views.') and m.endswith('_tab')))\n")
    done = subprocess.run([sys.executable, "-c", code, str(seeded_store.path)], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "['views.members.members_tab']"


def test_typing_puts_the_other_tabs_off_until_a_pause(qtbot, runner):
    """A secretary who starts typing a name at once is not held up by a tab being built."""
    window = _window(qtbot, runner)
    window.show()
    qtbot.waitExposed(window)
    members = window.tab("党员")
    for letter in "wangjianguo":
        qtbot.keyClick(members.search_edit, letter)
        qtbot.wait(60)
    assert window.built_tabs() == ["党员"]
    qtbot.waitUntil(lambda: len(window.built_tabs()) == 5, timeout=5000)
