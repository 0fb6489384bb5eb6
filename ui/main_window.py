"""The main window: the tabs it is given, a status line with the data file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QWidget

from models.people.branch import get_branch
from models.workspace import Changes, Entity
from ui.operations import OperationRunner
from ui.sizing import fit_to_screen


@dataclass(frozen=True)
class TabSpec:
    title: str
    icon: QIcon
    widget: QWidget


# views.tabs.create_tabs: builds the tabs (the shell does not know them; views → ui → models).
TabFactory = Callable[[OperationRunner, QWidget], Sequence[TabSpec]]


class MainWindow(QMainWindow):
    def __init__(self, runner: OperationRunner, create_tabs: TabFactory, backup_path=None) -> None:
        super().__init__()
        self.runner = runner
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tab_specs = list(create_tabs(runner, self))
        for spec in self.tab_specs:
            self.tabs.addTab(spec.widget, spec.icon, spec.title)
        self.setCentralWidget(self.tabs)
        self.db_label = QLabel(f"数据文件：{runner.workspace.store.path}")
        self.statusBar().addPermanentWidget(self.db_label)
        if backup_path:
            self.statusBar().showMessage(f"数据已升级，升级前的备份保存在 {backup_path}", 15000)
        runner.changed.connect(self._on_changed)
        self.tabs.currentChanged.connect(self._focus_current_tab)
        self._update_title()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._focus_current_tab()

    def _focus_current_tab(self) -> None:
        """Keyboard focus into the tab shown (its focus proxy: the 党员 list), so arrow keys and
        typing work at once, without a click first."""
        widget = self.tabs.currentWidget()
        if widget is not None:
            QTimer.singleShot(0, widget.setFocus)  # after Qt has finished showing the page

    def tab(self, title: str) -> QWidget:
        """The tab widget titled `title` (tests and cross-tab actions use it)."""
        return next(spec.widget for spec in self.tab_specs if spec.title == title)

    def show_tab(self, widget: QWidget) -> None:
        self.tabs.setCurrentWidget(widget)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(Entity.BRANCH):
            self._update_title()

    def _update_title(self) -> None:
        with self.runner.read() as session:
            branch = get_branch(session)
        # The application display name (支部管家) is appended by Qt: the title names the branch only.
        self.setWindowTitle(branch.name if branch else "")

    def show_for_screen(self) -> None:
        """Maximised on small screens (1366×768), a comfortable size elsewhere. The size it has
        when un-maximised fits the screen too, frame included."""
        screen = QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen else None
        if available is None or available.height() <= 800 or available.width() <= 1366:
            fit_to_screen(self, 1280, 720)  # the size un-maximised: on this screen, 1077×520 at most
            self.showMaximized()
        else:
            fit_to_screen(self, 1360, 820)
            self.show()
