"""The main window: one tab per area, a status line with the data file."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget

from models import APP_NAME
from models.branch import get_branch
from models.store import Store
from ui.data_bus import BRANCH, DataBus
from ui.icons import icon


class MainWindow(QMainWindow):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.bus = DataBus(self)
        from views.members.members_tab import MembersTab
        from views.reports_tab import ReportsTab
        from views.settings_tab import SettingsTab

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.members_tab = MembersTab(store, self.bus, self)
        self.reports_tab = ReportsTab(store, self.bus, self)
        self.settings_tab = SettingsTab(store, self.bus, self)
        self.tabs.addTab(self.members_tab, icon("members"), "党员")
        self.tabs.addTab(self.reports_tab, icon("reports"), "报表")
        self.tabs.addTab(self.settings_tab, icon("settings"), "设置")
        self.members_tab.print_card_requested.connect(self.print_card)
        self.setCentralWidget(self.tabs)
        self.db_label = QLabel(f"数据文件：{store.path}")
        self.statusBar().addPermanentWidget(self.db_label)
        if store.backup_path:
            self.statusBar().showMessage(f"数据已升级，升级前的备份保存在 {store.backup_path}", 15000)
        self.bus.changed.connect(self._on_changed)
        self._update_title()

    def print_card(self, person_id: int) -> None:
        """From the 党员 tab: show the person's card in the 报表 tab, ready to print."""
        self.reports_tab.select_person(person_id)
        self.tabs.setCurrentWidget(self.reports_tab)
        self.reports_tab.generate()

    def _on_changed(self, what: str) -> None:
        if what == BRANCH:
            self._update_title()

    def _update_title(self) -> None:
        with self.store.session() as session:
            branch = get_branch(session)
        self.setWindowTitle(f"{APP_NAME} — {branch.name}" if branch else APP_NAME)

    def show_for_screen(self) -> None:
        """Maximised on small screens (1366×768), a comfortable size elsewhere."""
        screen = QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen else None
        if available is None or available.height() <= 800 or available.width() <= 1366:
            self.resize(1280, 720)
            self.showMaximized()
        else:
            self.resize(1360, 820)
            self.show()
