"""The main window: the tabs it is given, a banner for start-up notices, and a status line with
the signed-in user, 锁定, the last automatic backup and the data file. It can be locked (its
content replaced by a blank page, ui/idle_lock.py) and left for the sign-in again: 切换用户, or
a restore (`restart_with_restore`, run by ui/app.py once the window has closed)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models.core.codes import label
from models.people.branch import get_branch
from models.workspace import Changes, Entity
from ui.operations import OperationRunner
from ui.sizing import fit_to_screen


@dataclass(frozen=True)
class TabSpec:
    """A tab: its widget made at once (the first tab), or `build`, which makes it when it is first shown
    or asked for (`MainWindow.tab`), or else while the window is idle soon after it shows: the start
    does not import and build the tabs a user has not opened yet."""

    title: str
    icon: QIcon
    widget: QWidget | None = None
    build: Callable[[], QWidget] | None = None


IDLE_BUILD_DELAY_MS = 200  # after the window first shows: its first paint and the 党员 list come first
INPUT_PAUSE_MS = 500  # a key, click or wheel turn puts the next tab's build off this long: typing is not held up
_INPUT_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel})

# views.tabs.create_tabs: builds the tabs (the shell does not know them; views → ui → models).
TabFactory = Callable[[OperationRunner, QWidget], Sequence[TabSpec]]


@dataclass(frozen=True)
class NextStep:
    """What ui/app.py does once the window has closed: sign in again, after a restore when `backup` is set."""

    backup: Path | None = None
    password: str | None = None


class MainWindow(QMainWindow):
    restart_requested = Signal()  # the window closed to go back to the sign-in (NextStep in next_step)

    def __init__(self, runner: OperationRunner, create_tabs: TabFactory, backup_path=None) -> None:
        super().__init__()
        self.runner = runner
        self.next_step: NextStep | None = None
        self.idle_lock = None  # ui.idle_lock.IdleLock, for a signed-in user (ui/app.py attaches it)
        self.auto_backup = None  # ui.auto_backup.AutoBackup (ui/app.py attaches it)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tab_specs = list(create_tabs(runner, self))
        self._built: dict[str, QWidget] = {}
        for spec in self.tab_specs:
            if spec.widget is not None:
                self._built[spec.title] = spec.widget
            self.tabs.addTab(spec.widget if spec.widget is not None else QWidget(), spec.icon, spec.title)
        self._idle_build_started = False
        self._idle_build = QTimer(self)
        self._idle_build.setSingleShot(True)
        self._idle_build.timeout.connect(self._build_next_idle)
        self.locked_page = QLabel("已锁定\n\n输入密码后继续使用")
        self.locked_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.locked_page.setStyleSheet("background: #eceff1; color: #607d8b; font-size: 18pt;")
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.tabs)
        self.pages.addWidget(self.locked_page)
        self.banner = self._make_banner()
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self._make_status_bar()
        if backup_path:
            self.statusBar().showMessage(f"数据已升级，升级前的备份保存在 {backup_path}", 15000)
        runner.changed.connect(self._on_changed)
        self.tabs.currentChanged.connect(self._build_current_tab)  # first: the tab's own widget is then shown
        self.tabs.currentChanged.connect(self._focus_current_tab)
        self._update_title()

    def _make_status_bar(self) -> None:
        actor = self.runner.workspace.actor
        self.user_label = QLabel(f"当前用户：{actor.name}（{label(actor.role)}）")
        self.lock_button = QPushButton("锁定")
        self.lock_button.setToolTip("锁定窗口，离开电脑时用（Ctrl+L）；输入密码后继续")
        self.lock_button.setVisible(False)
        self.lock_button.clicked.connect(self.lock_now)
        self.lock_shortcut = QShortcut(QKeySequence("Ctrl+L"), self)
        self.lock_shortcut.setEnabled(False)
        self.lock_shortcut.activated.connect(self.lock_now)
        self.backup_label = QLabel("")
        store = self.runner.workspace.store
        self.db_label = QLabel(f"数据文件：{store.path}" if store.path is not None else f"服务器数据库：{store.location}")
        self.db_label.setContentsMargins(0, 0, 8, 0)  # not against the window's edge
        bar = self.statusBar()
        for widget in (self.user_label, self.lock_button, self.backup_label, self.db_label):
            bar.addPermanentWidget(widget)

    def _make_banner(self) -> QFrame:
        banner = QFrame(self)
        banner.setObjectName("notice_banner")
        banner.setStyleSheet("#notice_banner { background: #fff8e1; border-bottom: 1px solid #ffcc80; }")
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.banner_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QPushButton("知道了")
        close.clicked.connect(banner.hide)
        layout = QHBoxLayout(banner)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.banner_text, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        banner.hide()
        return banner

    def show_notices(self, notices: Sequence[str]) -> None:
        """Start-up notices (the 备份到U盘 reminder, where the data file is) in a banner above the
        tabs that does not block; 知道了 closes it."""
        if notices:
            self.banner_text.setText("\n".join(notices))
            self.banner.show()

    def attach_safety(self, idle_lock=None, auto_backup=None) -> None:
        """The idle lock (signed-in users only) and the automatic backups, made by ui/app.py."""
        self.idle_lock, self.auto_backup = idle_lock, auto_backup
        self.lock_button.setVisible(idle_lock is not None)
        self.lock_shortcut.setEnabled(idle_lock is not None)
        if auto_backup is not None:
            auto_backup.status.connect(self.backup_label.setText)

    def lock_now(self) -> None:
        if self.idle_lock is not None:
            self.idle_lock.lock("manual")

    def show_locked(self, locked: bool) -> None:
        """The content hidden behind a blank page while locked (ui/idle_lock.py)."""
        self.pages.setCurrentWidget(self.locked_page if locked else self.tabs)
        self.lock_button.setEnabled(not locked)
        self.lock_shortcut.setEnabled(not locked and self.idle_lock is not None)
        if not locked:
            self._focus_current_tab()

    def restart_with_restore(self, backup: Path, password: str | None = None) -> None:
        """Close the window, then (ui/app.py) restore `backup` over the data file and sign in again
        on the restored file, whose accounts may differ."""
        self._leave(NextStep(Path(backup), password))

    def request_sign_in(self) -> None:
        """切换用户: close the window and show the sign-in again."""
        self._leave(NextStep())

    def _leave(self, step: NextStep) -> None:
        self.next_step = step
        for widget in QApplication.topLevelWidgets():  # dialogs left open would keep the program running
            if widget is not self and widget.isWindow() and widget.isVisible():
                widget.close()
        self.close()
        self.restart_requested.emit()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().closeEvent(event)
        if not event.isAccepted():
            return
        if self.idle_lock is not None:
            self.idle_lock.stop()
        if self.auto_backup is not None:
            if self.next_step is None or self.next_step.backup is None:
                self.auto_backup.finish()
            else:
                self.auto_backup.stop()  # a restore makes its own 恢复前 backup

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._focus_current_tab()
        if not self._idle_build_started and len(self._built) < len(self.tab_specs):
            self._idle_build_started = True
            QApplication.instance().installEventFilter(self)  # until every tab is built: see eventFilter
            self._idle_build.start(IDLE_BUILD_DELAY_MS)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        """While tabs wait to be built, what the user does comes first: each key, click or wheel turn
        puts the next build off until a pause."""
        if event.type() in _INPUT_EVENTS and self._idle_build.isActive():
            self._idle_build.start(INPUT_PAUSE_MS)
        return super().eventFilter(watched, event)

    def _focus_current_tab(self) -> None:
        """Keyboard focus into the tab shown (its focus proxy: the 党员 list), so arrow keys and
        typing work at once, without a click first."""
        widget = self.tabs.currentWidget()
        if widget is not None:
            QTimer.singleShot(0, widget.setFocus)  # after Qt has finished showing the page

    def tab(self, title: str) -> QWidget:
        """The tab widget titled `title`, built now if it was not yet (tests and cross-tab actions use it)."""
        built = self._built.get(title)
        if built is not None:
            return built
        index, spec = next((i, spec) for i, spec in enumerate(self.tab_specs) if spec.title == title)
        widget = spec.build()
        self._built[title] = widget
        # The tab's widget goes in before the stand-in, which then leaves: inserting and removing beside the
        # current page, never the current page itself, shows no other tab on the way (a show refreshes it).
        current = self.tabs.currentIndex()
        stand_in = self.tabs.widget(index)
        blocked = self.tabs.blockSignals(True)
        try:
            self.tabs.insertTab(index, widget, spec.icon, spec.title)
            if current == index:
                self.tabs.setCurrentIndex(index)
            self.tabs.removeTab(self.tabs.indexOf(stand_in))
        finally:
            self.tabs.blockSignals(blocked)
        stand_in.deleteLater()
        return widget

    def built_tabs(self) -> list[str]:
        """Titles of the tabs made so far, in the window's order."""
        return [spec.title for spec in self.tab_specs if spec.title in self._built]

    def _build_current_tab(self, index: int) -> None:
        if 0 <= index < len(self.tab_specs):
            self.tab(self.tab_specs[index].title)

    def _build_next_idle(self) -> None:
        """The next tab not built yet, one per turn of the event loop, so a click or a key waits for one at most."""
        waiting = [spec.title for spec in self.tab_specs if spec.title not in self._built]
        if waiting and self.isVisible():  # a window closed meanwhile (its store may be too) builds nothing more
            self.tab(waiting[0])
            waiting.pop(0)
        if waiting and self.isVisible():
            self._idle_build.start(0)
        else:
            QApplication.instance().removeEventFilter(self)

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
