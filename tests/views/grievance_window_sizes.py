"""Open the 民情台账 tab, its pages and each of its dialogs as on a 1366×768 laptop at 125% and print
their sizes (the same measure as tests/views/window_sizes.py, whose helpers it uses), on a branch with
a year of items (tests/views/grievance_data.py):

    python tests/views/grievance_window_sizes.py [--png DIR] [--scale 1]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.views.window_sizes import Measure, record_dialog, run_measures  # noqa: E402


def _select(tab, serial: str) -> None:
    from views.grievances.ledger_table_model import Column

    serials = [tab.model.index(r, Column.SERIAL).data() for r in range(tab.model.rowCount())]
    tab.table.selectRow(serials.index(serial))


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

    record_dialog(measure, "grievance_register_dialog", RegisterDialog(runner, tab), lambda d: d.save())
    _select(tab, "MQ-2026-0012")
    row = tab.selected_row()
    for code in SPECS:
        record_dialog(measure, f"grievance_{code}_dialog", ActionDialog(runner, code, row, tab))
    record_dialog(measure, "grievance_extend_dialog", ActionDialog(runner, "extend", row, tab), lambda d: d.save())
    record_dialog(measure, "grievance_limits_dialog", LimitsDialog(runner, tab))
    tab.pages.setCurrentWidget(tab.diary)
    tab.diary.table.selectRow(0)
    tab.diary.to_item_button.click()
    record_dialog(measure, "grievance_diary_to_item_dialog", tab.dialog)
    tab.pages.setCurrentWidget(tab.ledger_page)


def main() -> int:
    from tests.views.grievance_data import fill

    def measure_tab(measure: Measure, runner, window, _folder) -> None:
        tab = window.tab("民情台账")
        _measure_pages(measure, window, tab)
        _measure_dialogs(measure, runner, tab)

    return run_measures(measure_tab, fill)

if __name__ == "__main__":
    sys.exit(main())
