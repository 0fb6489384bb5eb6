"""Start the program window: the application object, the data file (a 启动时 backup first; a damaged
file gets an explanation and the offer to restore the newest good backup or one chosen by hand), signing in, first-start
set-up, the window; and back to the sign-in after 切换用户 or a restore. Also the error handler
that turns any unexpected error into a Chinese dialog and a scrubbed log entry."""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QThread, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from models import APP_NAME, APP_NAME_EN, __version__
from models.core.error_log import log_folder, log_handler, write_error
from models.core.faults import fault_message
from models.core.paths import resource_dir
from models.storage.backups import BackupFailed
from models.storage.check import DatabaseDamaged
from models.storage.errors import NotADataFile
from models.storage.instance_lock import AlreadyRunning, InstanceLock
from models.storage.store import Store, StoreError, open_store
from ui.app_paths import default_db_path, program_dir
from ui.start_restore import offer_restore, restore_in_place
from ui.window_font import windows_font

if TYPE_CHECKING:
    from models.workspace import Actor
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
        app.setFont(windows_font())
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


READY = "BRANCHKEEPER_READY"  # printed when the window is usable (tests/benchmarks/run.py times to it)


def ready_and_quit() -> None:
    """The window is shown and the event loop runs: say so, then quit (the background check and a
    backup it started still finish before the process ends — the user does not wait for those)."""
    print(READY, flush=True)
    QApplication.instance().quit()


def run_gui(db: Path | None, create_tabs: TabFactory) -> int:
    """Open the program window on `db` (or the default data file) with the tabs `create_tabs`
    builds, after the sign-in; returns the exit code.

    The loop: sign in → window → (the window closed) done, or back to the sign-in after 切换用户,
    or after a restore asked for by `MainWindow.restart_with_restore` — the store is closed, the
    instance lock kept, the backup switched in, and the sign-in shows the restored file's accounts."""
    from ui.jobs import stop_jobs
    from ui.login_dialog import sign_in_user

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
    closed: list[MainWindow] = []
    try:
        while True:
            try:
                actor = sign_in_user(store)
                window = start_window(store, create_tabs, actor) if actor is not None else None
            except Exception as exc:
                # A large file is opened without the quick check (ui/database_check.py checks it once
                # the window shows): damage met before then is offered the restore a start gives it.
                damage = found_damage(store, exc)
                if damage is None:
                    raise
                store.close()
                lock.release()
                opened = offer_restore(path, DatabaseDamaged(damage))
                if isinstance(opened, int):
                    return opened
                lock, store = opened
                continue
            if window is None:
                return 0
            window.restart_requested.connect(app.quit)
            if os.environ.get("BRANCHKEEPER_EXIT_WHEN_READY"):  # start-up benchmark and smoke checks
                QTimer.singleShot(0, ready_and_quit)
            code = app.exec()
            if window.isVisible():  # quit without the window closing (log-off): its exit backup still runs
                window.close()
            stop_jobs(window)  # the background check or a backup may still be at work
            step = window.next_step
            closed.append(window)  # kept, not deleted, until the program ends: its tabs' objects may still be referenced
            if step is None:
                return code
            if step.backup is not None:
                store = restore_in_place(store, step, actor)
    except Exception as exc:  # noqa: BLE001 - the window could not be built: say so, never a traceback
        QMessageBox.critical(None, APP_NAME, explain_error(exc, write_error(log_folder(path), exc, "start")))
        return 1
    finally:
        store.close()
        lock.release()


def found_damage(store: Store, exc: Exception):
    """The damage behind `exc` when it is SQLite saying a file opened without its quick check is
    damaged ("database disk image is malformed"); None otherwise."""
    import sqlite3

    from models.storage.check import find_damage

    cause = getattr(exc, "orig", exc)
    if not store.startup_backup_deferred or not isinstance(cause, sqlite3.DatabaseError):
        return None
    try:
        return find_damage(store.path)
    except Exception:  # noqa: BLE001 - the file cannot even be checked: the error as it was
        return None


def open_data_file(path: Path, *, is_default: bool) -> tuple[InstanceLock, Store] | int:
    """Lock and open the data file (a 启动时 backup first), or an exit code after saying in Chinese
    why not.

    Only the first start on the default data file creates it without asking. A `--db` naming a
    file that is not there is more likely a typing mistake or a USB drive plugged into another
    slot than a wish for an empty file, which would look as if every member had vanished: the
    window asks, and 退出 is the default answer. A damaged file (or one that is no longer a
    database) is explained and left as it is; the user may restore the newest good backup or
    one chosen by hand."""
    create = is_default
    if not is_default and not path.exists() and path.parent.is_dir():
        if not ask_to_create(path):
            return 1
        create = True
    try:
        try:
            return open_store(path, create=create, startup_backup=True)
        except BackupFailed as exc:  # said, then opened without it: a failed backup must not lock the user out
            QMessageBox.warning(None, APP_NAME, f"启动时的自动备份没有成功，数据文件本身没有受影响。\n\n{exc}")
            return open_store(path, create=create)
    except AlreadyRunning as exc:
        QMessageBox.information(None, APP_NAME, str(exc))
        return 0
    except (DatabaseDamaged, NotADataFile) as exc:
        if path.is_file():
            return offer_restore(path, exc)
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
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


def start_notices(runner: OperationRunner, path: Path) -> list[str]:
    """Said once at start: no copy taken off the PC for too long, and where the data file sits
    (a network drive, a removable drive outside portable mode, a cloud-synced folder)."""
    from datetime import date

    from models.settings.safety import offsite_reminder

    notices: list[str] = []
    with runner.read() as session:
        reminder = offsite_reminder(session, date.today())
    if reminder:
        notices.append(f"{reminder}。请用“设置 → 数据安全 → 备份到…”把数据复制到U盘或其他电脑。")
    try:
        from models.storage.location import location_warnings

        notices += location_warnings(path, portable=path.is_relative_to(program_dir() / "data"))
    except Exception:  # noqa: BLE001 - a warning that cannot be worked out is not worth a failed start
        pass
    return notices


def start_window(store: Store, create_tabs: TabFactory, actor: Actor | None = None) -> MainWindow | None:
    """The first-start set-up if needed, then the main window for `actor` (the local user when None:
    a database without accounts), shown, with the automatic backups, the idle lock (signed-in users),
    the start-up notices and the full check of the data file started in the background; None when
    the user quit the set-up."""
    from models.settings.safety import get_safety
    from models.workspace import Workspace, local_actor
    from ui.auto_backup import AutoBackup
    from ui.database_check import DatabaseCheck
    from ui.idle_lock import IdleLock
    from ui.main_window import MainWindow
    from ui.operations import OperationRunner
    from ui.setup_dialog import ensure_branch

    runner: OperationRunner = OperationRunner(Workspace(store, actor or local_actor()))
    if not ensure_branch(runner):
        return None
    window = MainWindow(runner, create_tabs, store.backup_path)

    def idle_minutes() -> int:
        with runner.read() as session:
            return get_safety(session).idle_lock_minutes

    signed_in = actor is not None and actor.user_id is not None
    idle_lock = IdleLock(window, runner, idle_minutes) if signed_in else None
    if store.path is None:  # a server database: the server backs it up and checks it
        window.attach_safety(idle_lock)
        window.show_for_screen()
        return window
    window.attach_safety(idle_lock, AutoBackup(window, store))
    window.show_for_screen()
    window.show_notices(start_notices(runner, store.path))
    window.database_check = DatabaseCheck(window, runner, store.path)
    window.database_check.start(backup_after=store.startup_backup_deferred)
    return window
