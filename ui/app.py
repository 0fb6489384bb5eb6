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
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QLineEdit, QMessageBox

from models import APP_NAME, APP_NAME_EN, __version__
from models.core.error_log import log_folder, log_handler, write_error
from models.core.faults import fault_message
from models.core.paths import resource_dir
from models.storage.backups import BackupFailed, BackupInfo, describe_backup, newest_good_backup, restore_backup
from models.storage.check import DatabaseDamaged
from models.storage.errors import NotADataFile
from models.storage.instance_lock import AlreadyRunning, InstanceLock
from models.storage.store import Store, StoreError, open_store
from ui.app_paths import default_db_path, program_dir
from ui.window_font import windows_font

if TYPE_CHECKING:
    from models.workspace import Actor
    from ui.main_window import MainWindow, NextStep, TabFactory
    from ui.operations import OperationRunner

UNEXPECTED = "刚才的操作没有完成，数据没有被改动。"
BACKUP_FILTER = "支部管家备份 (*.db *.bkbak);;所有文件 (*)"


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


def _newest_good(path: Path) -> BackupInfo | None:
    try:
        return newest_good_backup(path)
    except Exception:  # noqa: BLE001 - no usable backups folder: the offer is simply not made
        return None


def _when(info: BackupInfo) -> str:
    people = f"，共 {info.people} 人" if info.people is not None else ""
    return f"{info.made_at:%Y年%m月%d日 %H:%M}{people}"


def damaged_text(path: Path, exc: StoreError, backup: BackupInfo | None) -> str:
    """What happened (said once), that the file is kept as it is, and what each button does."""
    if isinstance(exc, DatabaseDamaged):
        what = f"数据文件“{path.name}”已损坏（检查发现 {len(exc.damage.problems)} 处问题），没有打开。"
    else:  # NotADataFile: its own first sentence, without its advice
        what = str(exc).splitlines()[0].split("，没有打开它")[0] + "，没有打开。"
    offer = ("在数据文件旁边的 backups 文件夹中没有找到完好的备份。" if backup is None else
             f"最近的完好备份：{_when(backup)}。\n· 恢复最近的备份：先把损坏的文件另存一份，再用这个备份代替它。")
    return (f"{what}\n文件位置：{path}\n\n这个文件保持原样，程序没有改动它。\n\n{offer}\n"
            "· 选择其他备份文件…：用U盘或其他位置的备份恢复，做法相同。\n· 退出：什么也不改。"
            "可以把这个文件交给技术支持人员。\n\n恢复后，备份之后录入的内容需要重新录入。")


def offer_restore(path: Path, exc: StoreError) -> tuple[InstanceLock, Store] | int:
    """A damaged data file at start: explained, and 恢复最近的备份 / 选择其他备份文件… / 退出 (the
    default). A chosen file that is cancelled or refused comes back to this question."""
    newest = _newest_good(path)
    while True:
        box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, damaged_text(path, exc, newest))
        restore = box.addButton("恢复最近的备份", QMessageBox.ButtonRole.AcceptRole) if newest else None
        other = box.addButton("选择其他备份文件…", QMessageBox.ButtonRole.ActionRole)
        box.setDefaultButton(box.addButton("退出", QMessageBox.ButtonRole.RejectRole))
        box.exec()
        if newest is not None and box.clickedButton() is restore:
            return restore_at_start(path, newest, None)
        if box.clickedButton() is not other:
            return 1
        chosen = choose_backup()
        if chosen is not None:
            return restore_at_start(path, *chosen)


def choose_backup() -> tuple[BackupInfo, str | None] | None:
    """A backup file chosen by hand (a USB stick), its password asked when it is encrypted (again
    after a wrong one), and what it holds confirmed; None when cancelled or refused."""
    from models.storage.backups import PasswordNeeded, WrongPassword

    name, _ = QFileDialog.getOpenFileName(None, "选择备份文件", "", BACKUP_FILTER)
    if not name:
        return None
    password: str | None = None
    while True:
        try:
            info = describe_backup(Path(name), password)
            if not info.encrypted or password is not None:
                break
            problem = f"备份“{info.path.name}”是加密的，请输入备份时设置的密码。"
        except (PasswordNeeded, WrongPassword) as error:
            problem = str(error)
        except (StoreError, OSError) as error:
            QMessageBox.warning(None, APP_NAME, f"不能用这个文件恢复：{fault_message(error) or error}")
            return None
        password, ok = QInputDialog.getText(None, "备份密码", problem, QLineEdit.EchoMode.Password)
        if not ok:  # Esc: back to the question about the damaged file
            return None
    box = QMessageBox(QMessageBox.Icon.Question, APP_NAME,
                      f"用这个备份恢复数据文件吗？\n\n备份文件：{info.path}\n备份时间：{_when(info)}\n\n"
                      "损坏的文件会先另存一份，再用这个备份代替它。")
    yes = box.addButton("恢复", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(box.addButton("取消", QMessageBox.ButtonRole.RejectRole))
    box.exec()
    return (info, password) if box.clickedButton() is yes else None


def restore_at_start(path: Path, backup: BackupInfo, password: str | None) -> tuple[InstanceLock, Store] | int:
    """Restore `backup` over the damaged data file (set aside first) and open it; 1 when refused."""
    lock = InstanceLock(path)
    try:
        lock.acquire()
    except (StoreError, AlreadyRunning) as error:
        QMessageBox.critical(None, APP_NAME, str(error))
        return 1
    try:
        restored = restore_backup(backup.path, path, password)
        store = Store(path, create=False)
    except StoreError as error:
        lock.release()
        QMessageBox.critical(None, APP_NAME, f"没有恢复成功：{error}\n\n数据文件保持原样。")
        return 1
    except BaseException:
        lock.release()
        raise
    _record_restore(store, backup, restored, None)
    QMessageBox.information(None, APP_NAME, restored_text(backup, restored))
    return lock, store


def restored_text(backup: BackupInfo | None, restored) -> str:
    when = f"（{backup.made_at:%Y年%m月%d日 %H:%M}）" if backup is not None else ""
    text = f"已用备份{when}恢复数据文件：\n{restored.db}"
    if restored.set_aside is not None:
        text += f"\n\n损坏的文件另存在：\n{restored.set_aside}"
    if restored.before is not None:
        text += f"\n\n恢复前的数据已备份到：\n{restored.before}"
    return text


def _record_restore(store: Store, backup: BackupInfo | None, restored, actor: Actor | None) -> None:
    """The audit row 从备份恢复 in the restored database (by the 管理员 who restored; at a damaged
    start, before anyone signed in, by the local user)."""
    from models.settings.safety import record_restore
    from models.workspace import Workspace, local_actor

    made_at = backup.made_at if backup is not None else None
    people = backup.people if backup is not None else None
    Workspace(store, actor or local_actor()).run(record_restore, restored.db if backup is None else backup.path,
                                                 made_at, people, restored.before, restored.set_aside)


def restore_in_place(store: Store, step: NextStep, actor: Actor) -> Store:
    """MainWindow.restart_with_restore, after the window closed: the store closed (the instance lock
    kept), the backup switched in, the restored file opened; the old file again if refused."""
    from models.workspace import Permission

    path = store.path
    if not actor.may(Permission.BACKUP_RESTORE):
        QMessageBox.warning(None, APP_NAME, f"“{actor.name}”没有“从备份恢复”的权限，没有做任何改动。")
        return store
    try:
        backup = describe_backup(step.backup, step.password)
    except Exception:  # noqa: BLE001 - only for the message; restore_backup checks the file itself
        backup = None
    store.close()
    try:
        restored = restore_backup(step.backup, path, step.password)
    except StoreError as exc:
        QMessageBox.warning(None, APP_NAME, f"没有恢复：{exc}\n\n当前的数据没有改动。")
        return Store(path, create=False)
    store = Store(path, create=False)
    _record_restore(store, backup, restored, actor)
    QMessageBox.information(None, APP_NAME, restored_text(backup, restored) + "\n\n请重新登录。")
    return store


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


def run_server_gui(url: str, create_tabs: TabFactory) -> int:
    """Open the program window on a shared database on a server (--db postgresql://…): no instance
    lock (several offices work on it at once; the write path serialises their writes), no copies
    or checks of a file here (the server's own backups, docs/township.md); then as run_gui."""
    from models.storage.server_store import ServerStore, shown_url
    from ui.jobs import stop_jobs
    from ui.login_dialog import sign_in_user

    app = make_application()
    install_error_handler(log_folder(default_db_path()))
    try:
        store = ServerStore(url)
    except StoreError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    except Exception as exc:  # noqa: BLE001 - unreachable server, wrong name or password: said, not a traceback
        write_error(log_folder(default_db_path()), exc, "open")
        QMessageBox.critical(None, APP_NAME, f"无法连接服务器上的数据库：{shown_url(url)}\n\n"
                             "请检查网络、服务器地址、数据库名和用户名是否正确，服务器是否已开机，"
                             "再重新打开程序。详细情况已记录在日志文件中。")
        return 1
    closed: list[MainWindow] = []
    try:
        while True:
            actor = sign_in_user(store)
            window = start_window(store, create_tabs, actor) if actor is not None else None
            if window is None:
                return 0
            window.restart_requested.connect(app.quit)
            if os.environ.get("BRANCHKEEPER_EXIT_WHEN_READY"):
                QTimer.singleShot(0, ready_and_quit)
            code = app.exec()
            if window.isVisible():
                window.close()
            stop_jobs(window)
            closed.append(window)
            if window.next_step is None or window.next_step.backup is not None:
                return code
    finally:
        store.close()
