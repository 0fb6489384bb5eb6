"""Start the program window: the application object, the data file, first-start set-up."""

from __future__ import annotations

import os
import sys
import traceback
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from models import APP_NAME, APP_NAME_EN, __version__
from models.core.paths import resource_dir
from models.storage.instance_lock import AlreadyRunning
from models.storage.store import StoreError, open_store
from ui.app_paths import default_db_path

if TYPE_CHECKING:
    from ui.main_window import TabFactory


def make_application() -> QApplication:
    """The QApplication with our names, Chinese Qt translations, and a CJK-friendly font."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME_EN)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)
    if translator.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
        app.setProperty("branchkeeper_translation", True)
    icon_file = resource_dir() / "icons" / "app.png"
    if icon_file.exists():
        app.setWindowIcon(QIcon(str(icon_file)))
    if sys.platform == "win32":
        app.setFont(QFont("Microsoft YaHei UI", 10))
    return app


def translation_loaded(app: QApplication) -> bool:
    """True when Qt's own dialogs (buttons, print dialog) speak Chinese."""
    return bool(app.property("branchkeeper_translation"))


def install_error_handler(log_file: Path) -> None:
    """Unexpected errors: details go to a log file, the user gets a Chinese message, no traceback."""

    def handle(kind, value, trace) -> None:
        try:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            with log_file.open("a", encoding="utf-8") as log:
                log.write(f"--- {datetime.now():%Y-%m-%d %H:%M:%S} {APP_NAME} {__version__}\n")
                log.write("".join(traceback.format_exception(kind, value, trace)))
        except OSError:
            pass
        QMessageBox.critical(
            QApplication.activeWindow(), APP_NAME,
            "刚才的操作没有完成，数据没有被改动。\n"
            f"如果反复出现，请把这个文件发给技术支持人员：\n{log_file}",
        )

    sys.excepthook = handle


def run_gui(db: Path | None, create_tabs: TabFactory) -> int:
    """Open the program window on `db` (or the default data file) with the tabs `create_tabs`
    builds; returns the exit code."""
    app = make_application()
    path = (db or default_db_path()).resolve()
    try:
        lock, store = open_store(path)
    except AlreadyRunning as exc:
        QMessageBox.information(None, APP_NAME, str(exc))
        return 0
    except StoreError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    install_error_handler(path.parent / "logs" / "error.log")
    try:
        from models.workspace import Workspace, local_actor
        from ui.main_window import MainWindow
        from ui.operations import OperationRunner
        from ui.setup_dialog import ensure_branch

        runner = OperationRunner(Workspace(store, local_actor()))
        if not ensure_branch(runner):
            return 0
        window = MainWindow(runner, create_tabs, store.backup_path)
        window.show_for_screen()
        if os.environ.get("BRANCHKEEPER_EXIT_WHEN_READY"):  # start-up benchmark and smoke checks
            QTimer.singleShot(0, app.quit)
        return app.exec()
    finally:
        store.close()
        lock.release()
