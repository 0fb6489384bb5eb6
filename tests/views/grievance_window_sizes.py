"""Open the 民情台账 tab, its pages and each of its dialogs as on a 1366×768 laptop at 125% and print
their sizes (the same measure as tests/views/window_sizes.py, whose helpers it uses), on a branch with
a year of items (tests/views/grievance_data.py):

    python tests/views/grievance_window_sizes.py [--png DIR] [--scale 1]
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.views.window_sizes import Measure, _configure_qt, _seeded_runner  # noqa: E402


def _select(tab, serial: str) -> None:
    from views.grievances.ledger_table_model import Column

    serials = [tab.model.index(r, Column.SERIAL).data() for r in range(tab.model.rowCount())]
    tab.table.selectRow(serials.index(serial))


def _record_dialog(measure: Measure, name: str, dialog, before=None) -> None:
    measure.record(name, dialog)
    if before is not None:
        before(dialog)
        measure.record(f"{name}_errors", dialog)
    dialog.done(0)


def _measure_pages(measure: Measure, window, tab) -> None:
    window.show_tab(tab)
    _select(tab, "MQ-2026-0011")  # overdue, reminded and supervised: the longest page
    measure.record("main_window_民情台账", window)
    # The main window's minimum is the largest of all its tabs; this tab's share is its own
    # minimum plus the window's tab bar, status bar and margins around it.
    minimum = tab.minimumSizeHint().expandedTo(tab.minimumSize())
    measure.sizes["grievances_tab"] = {
        "width": window.width(), "height": window.height(), "maximized": True,
        "min_width": minimum.width() + window.width() - tab.width(),
        "min_height": minimum.height() + window.height() - tab.height()}
    tab.filters.overdue_check.setChecked(True)
    measure.record("grievances_overdue", window)
    tab.filters.overdue_check.setChecked(False)
    _select(tab, "MQ-2026-0004")  # reopened and closed again: a long history
    measure.record("grievances_history", window)
    for page, name in ((tab.workload, "grievances_workload"), (tab.diary, "grievances_diary"),
                       (tab.chart, "grievances_chart")):
        tab.pages.setCurrentWidget(page)
        measure.record(name, window)
    tab.pages.setCurrentWidget(tab.ledger_page)


def _measure_dialogs(measure: Measure, runner, tab) -> None:
    from views.grievances.action_dialogs import SPECS, ActionDialog
    from views.grievances.limits_dialog import LimitsDialog
    from views.grievances.register_dialog import RegisterDialog

    _record_dialog(measure, "grievance_register_dialog", RegisterDialog(runner, tab), lambda d: d.save())
    _select(tab, "MQ-2026-0012")
    row = tab.selected_row()
    for code in SPECS:
        _record_dialog(measure, f"grievance_{code}_dialog", ActionDialog(runner, code, row, tab))
    _record_dialog(measure, "grievance_extend_dialog", ActionDialog(runner, "extend", row, tab), lambda d: d.save())
    _record_dialog(measure, "grievance_limits_dialog", LimitsDialog(runner, tab))
    tab.pages.setCurrentWidget(tab.diary)
    tab.diary.table.selectRow(0)
    tab.diary.to_item_button.click()
    _record_dialog(measure, "grievance_diary_to_item_dialog", tab.dialog)
    tab.pages.setCurrentWidget(tab.ledger_page)


def main() -> int:
    png_dir = Path(sys.argv[sys.argv.index("--png") + 1]) if "--png" in sys.argv else None
    scale = sys.argv[sys.argv.index("--scale") + 1] if "--scale" in sys.argv else "1.25"
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        _configure_qt(folder, scale)
        from PySide6.QtGui import QFont

        from tests.views.grievance_data import fill
        from ui.app import make_application
        from ui.main_window import MainWindow
        from views.tabs import create_tabs

        app = make_application()
        app.setFont(QFont("Noto Sans CJK SC", 10))  # as on Windows: Microsoft YaHei UI, 10 pt
        measure = Measure(app, png_dir)
        runner = _seeded_runner(folder)
        fill(runner.workspace)
        window = MainWindow(runner, create_tabs)
        window.show_for_screen()
        measure.settle()
        tab = window.tab("民情台账")
        _measure_pages(measure, window, tab)
        _measure_dialogs(measure, runner, tab)
        screen = app.primaryScreen().availableGeometry()
        print(json.dumps({"screen": [screen.width(), screen.height()], "windows": measure.sizes}, ensure_ascii=False))
        window.close()
        runner.workspace.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
