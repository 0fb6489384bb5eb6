"""Start the program window: the application object, the data file, first-start set-up, the
error handler that turns any unexpected error into a Chinese dialog and a scrubbed log entry."""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QThread, QTimer, QTranslator
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from models import APP_NAME, APP_NAME_EN, __version__
from models.core.error_log import log_folder, log_handler, write_error
from models.core.faults import fault_message
from models.core.paths import resource_dir
from models.storage.instance_lock import AlreadyRunning, InstanceLock
from models.storage.store import Store, StoreError, open_store
from ui.app_paths import default_db_path

if TYPE_CHECKING:
    from ui.main_window import MainWindow, TabFactory
    from ui.operations import OperationRunner

UNEXPECTED = "刚才的操作没有完成，数据没有被改动。"


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


_handler: logging.Handler | None = None


def install_error_handler(folder: Path) -> None:
    """Unexpected errors anywhere in the window: the traceback, scrubbed of ID numbers and phones,
    goes to folder/error.log; on the GUI thread the user gets a Chinese dialog saying what happened
    (a full disk, a read-only folder, or just "not done, nothing changed") and where the log is.

    Covers exceptions in slots (PySide6 hands them to sys.excepthook), other Python threads
    (threading.excepthook) and what worker threads log (ui/jobs.py logs through `logging`)."""
    global _handler

    def handle(kind, value, trace) -> None:
        if value is None:
            value = kind()
        value.__traceback__ = value.__traceback__ or trace
        log = write_error(folder, value, "window")
        app = QApplication.instance()
        if app is None or QThread.currentThread() is not app.thread():
            return  # only the GUI thread may show a dialog; the worker's own job reports failure
        QMessageBox.critical(QApplication.activeWindow(), APP_NAME, explain_error(value, log))

    sys.excepthook = handle
    threading.excepthook = lambda args: handle(args.exc_type, args.exc_value, args.exc_traceback)
    root = logging.getLogger()
    if _handler is not None:
        root.removeHandler(_handler)
    _handler = log_handler(folder)
    if _handler is not None:
        root.addHandler(_handler)


def explain_error(exc: BaseException, log: Path | None) -> str:
    """What the user reads about an unexpected error: a full disk or a read-only folder by name,
    anything else as "not done, nothing changed", and where the log is."""
    message = fault_message(exc) or UNEXPECTED
    if log is not None:
        message += f"\n\n如果反复出现，请把这个文件发给技术支持人员：\n{log}"
    return message


def run_gui(db: Path | None, create_tabs: TabFactory) -> int:
    """Open the program window on `db` (or the default data file) with the tabs `create_tabs`
    builds; returns the exit code."""
    app = make_application()
    try:
        path = (db or default_db_path()).resolve()
    except OSError as exc:  # the per-user data folder cannot be made
        QMessageBox.critical(None, APP_NAME, f"无法建立数据文件夹。{fault_message(exc) or exc.strerror}")
        return 1
    install_error_handler(log_folder(path))
    opened = open_data_file(path, is_default=db is None)
    if isinstance(opened, int):
        return opened
    lock, store = opened
    try:
        window = start_window(store, create_tabs)
        if window is None:
            return 0
        if os.environ.get("BRANCHKEEPER_EXIT_WHEN_READY"):  # start-up benchmark and smoke checks
            QTimer.singleShot(0, app.quit)
        return app.exec()
    except Exception as exc:  # noqa: BLE001 - the window could not be built: say so, never a traceback
        QMessageBox.critical(None, APP_NAME, explain_error(exc, write_error(log_folder(path), exc, "start")))
        return 1
    finally:
        store.close()
        lock.release()


def open_data_file(path: Path, *, is_default: bool) -> tuple[InstanceLock, Store] | int:
    """Lock and open the data file, or an exit code after saying in Chinese why not.

    Only the first start on the default data file creates it without asking. A `--db` naming a
    file that is not there is more likely a typing mistake or a USB drive plugged into another
    slot than a wish for an empty file, which would look as if every member had vanished: the
    window asks, and 退出 is the default answer."""
    create = is_default
    if not is_default and not path.exists() and path.parent.is_dir():
        if not ask_to_create(path):
            return 1
        create = True
    try:
        return open_store(path, create=create)
    except AlreadyRunning as exc:
        QMessageBox.information(None, APP_NAME, str(exc))
        return 0
    except StoreError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    except Exception as exc:  # noqa: BLE001 - a failed upgrade, a bug: said and logged, never a traceback
        QMessageBox.critical(None, APP_NAME, explain_error(exc, write_error(log_folder(path), exc, "open")))
        return 1


def ask_to_create(path: Path) -> bool:
    """找不到数据文件: create an empty one there, or quit (the default)."""
    box = QMessageBox(QMessageBox.Icon.Question, APP_NAME,
                      f"找不到数据文件：\n{path}\n\n要在这个位置新建一个空的数据文件吗？\n"
                      "如果文件被移动了，或者U盘没有插好，请选“退出”，找到文件后再打开。")
    create = box.addButton("新建数据文件", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(box.addButton("退出", QMessageBox.ButtonRole.RejectRole))
    box.exec()
    return box.clickedButton() is create


def start_window(store: Store, create_tabs: TabFactory) -> MainWindow | None:
    """The first-start set-up if needed, then the main window, shown, with the full check of the
    data file started in the background; None when the user quit the set-up."""
    from models.workspace import Workspace, local_actor
    from ui.database_check import DatabaseCheck
    from ui.main_window import MainWindow
    from ui.operations import OperationRunner
    from ui.setup_dialog import ensure_branch

    runner: OperationRunner = OperationRunner(Workspace(store, local_actor()))
    if not ensure_branch(runner):
        return None
    window = MainWindow(runner, create_tabs, store.backup_path)
    window.show_for_screen()
    window.database_check = DatabaseCheck(window, runner, store.path)
    window.database_check.start()
    return window
