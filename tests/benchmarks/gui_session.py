"""One window session for the benchmark runner (tests/benchmarks/run.py), in its own process: the main
window on a data file, as a signed-in 管理员 sees it at 1366×768, and what a user does in it, timed.

    python tests/benchmarks/gui_session.py --db FILE [--repeat 5]      (prints one JSON object)
    python tests/benchmarks/gui_session.py --bare                      (the baseline window's memory)

Each action is timed from the call that a click or a key press makes until Qt has handled every event
it posted and no background job of the window runs — what the user waits for:
  - search: one pinyin keystroke in 党员's search box (the 200 ms pause the box waits for more typing
    is a person's time, not the program's, and is left out: the timer is fired at once), once the window
    has built its other tabs (ui/main_window.py: in its first idle moments, put off while a person types);
  - tab: switching to each tab (the first visit, with everything it loads, then returning to it);
  - ledger: 民情台账 opened, then 只看逾期 ticked;
  - memory: the process's peak resident memory after every tab was visited.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SEARCHES = ("w", "wj", "wjg", "z", "zh", "l", "c", "h")  # a pinyin letter typed each time, as 王建国 is found


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def bare() -> dict:
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication(sys.argv)
    window = QMainWindow()
    table = QTableView()
    table.setModel(QStandardItemModel(0, 8))
    window.setCentralWidget(table)
    window.resize(1366, 728)
    window.show()
    app.processEvents()
    return {"memory_mib": peak_mib()}


def settle(app, window=None) -> None:
    """Until every posted event is handled and no background job of the window runs."""
    from ui.jobs import BackgroundJob

    while True:
        app.processEvents()
        if window is None or not any(job.is_running() for job in window.findChildren(BackgroundJob)):
            app.processEvents()
            return
        time.sleep(0.005)


def timed(app, action, window=None) -> float:
    start = time.perf_counter()
    action()
    settle(app, window)
    return time.perf_counter() - start


def session(db: Path, repeat: int, today: date | None) -> dict:
    from models.storage.store import Store
    from models.workspace import Actor, Workspace
    from ui.app import make_application
    from ui.main_window import MainWindow
    from ui.operations import OperationRunner
    from views.tabs import create_tabs

    app = make_application()
    store = Store(db)
    workspace = Workspace(store, Actor("基准"), **({"today": lambda: today} if today else {}))
    result: dict = {}
    start = time.perf_counter()
    window = MainWindow(OperationRunner(workspace), create_tabs)
    window.resize(1366, 728)
    window.show()
    settle(app, window)
    result["window_s"] = time.perf_counter() - start
    # The window builds its other tabs in its first idle moments (a key a person types puts them off; the
    # keystrokes below are not typed, so they would not): timed once it has, as a person meets it.
    while len(window.built_tabs()) < len(window.tab_specs):
        app.processEvents()
        time.sleep(0.01)
    result["tabs_built_s"] = time.perf_counter() - start
    members = window.tab("党员")
    result["members_rows"] = members.model.rowCount()

    searches = []
    for n in range(repeat):
        text = SEARCHES[n % len(SEARCHES)]

        def type_key(text=text):
            members.search_edit.setText(text)  # the keystroke; the box's pause for more typing is skipped:
            members._search_timer.stop()
            members._search_timer.timeout.emit()  # what the box does when the pause ends

        searches.append(timed(app, type_key, window))
        members.search_edit.clear()
        members._search_timer.stop()
        members._search_timer.timeout.emit()
        settle(app, window)
    result["search_s"] = searches

    tabs: dict[str, dict[str, list[float]]] = {}
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    for round_ in range(max(2, repeat)):  # the first visit, then at least one return
        for index, title in enumerate(titles):
            if index == 0 and round_ == 0:
                continue
            seconds = timed(app, lambda index=index: window.tabs.setCurrentIndex(index), window)
            tabs.setdefault(title, {"first": [], "again": []})["first" if round_ == 0 else "again"].append(seconds)
        timed(app, lambda: window.tabs.setCurrentIndex(0), window)
    result["tab_s"] = tabs

    grievances = window.tab("民情台账")
    window.tabs.setCurrentWidget(grievances)
    settle(app, window)
    opened, overdue = [], []
    for _ in range(repeat):
        window.tabs.setCurrentIndex(0)
        settle(app, window)
        grievances._dirty = True  # as after a change elsewhere: the tab reloads when shown

        def open_ledger():
            window.tabs.setCurrentWidget(grievances)

        opened.append(timed(app, open_ledger, window))
        overdue.append(timed(app, lambda: grievances.filters.overdue_check.setChecked(True), window))
        result["overdue_rows"] = grievances.model.rowCount()
        timed(app, lambda: grievances.filters.overdue_check.setChecked(False), window)
    result["ledger_open_s"], result["overdue_s"] = opened, overdue
    result["memory_mib"] = peak_mib()
    window.close()
    store.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--today", type=date.fromisoformat)
    parser.add_argument("--bare", action="store_true")
    args = parser.parse_args()
    result = bare() if args.bare else session(args.db, args.repeat, args.today)
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(0)  # as the program does: no clean-up of Qt objects at exit


if __name__ == "__main__":
    main()
