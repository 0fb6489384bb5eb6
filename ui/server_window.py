"""The program window on a shared database on a server (--db postgresql://…, docs/township.md)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from models import APP_NAME
from models.core.error_log import log_folder, write_error
from models.storage.store import StoreError
from ui.app import install_error_handler, make_application, ready_and_quit, start_window
from ui.app_paths import default_db_path

if TYPE_CHECKING:
    from ui.main_window import MainWindow, TabFactory


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
