"""Open the 发展党员 tab and each of its dialogs as on a 1366×768 laptop at 125% and print their sizes
(the same measure as tests/views/window_sizes.py, whose helpers it uses), on a branch with a
realistic pipeline (tests/views/development_data.py):

    python tests/views/development_window_sizes.py [--png DIR] [--scale 1]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.views.window_sizes import Measure, record_dialog, run_measures  # noqa: E402


def _select(tab, name: str) -> None:
    from views.development.pipeline_table_model import Column

    names = [tab.model.index(r, Column.NAME).data() for r in range(tab.model.rowCount())]
    tab.table.selectRow(names.index(name))


def _measure_pages(measure: Measure, window, tab) -> None:
    window.show_tab(tab)
    _select(tab, "欧阳建华")
    measure.record("main_window_发展党员", window)
    # The main window's minimum is the largest of all its tabs; this tab's share is its own
    # minimum plus the window's tab bar, status bar and margins around it.
    minimum = tab.minimumSizeHint().expandedTo(tab.minimumSize())
    measure.sizes["development_tab"] = {
        "width": window.width(), "height": window.height(), "maximized": True,
        "min_width": minimum.width() + window.width() - tab.width(),
        "min_height": minimum.height() + window.height() - tab.height()}
    tab.person.tabs.setCurrentIndex(1)
    measure.record("development_materials", window)
    tab.person.tabs.setCurrentIndex(2)
    tab.person.entry_table.selectRow(0)
    measure.record("development_scores", window)
    tab.person.tabs.setCurrentIndex(0)
    tab.pages.setCurrentWidget(tab.ranking)
    measure.record("development_ranking", window)
    tab.ranking.set_period("2026", "members")
    measure.record("development_stars", window)
    tab.pages.setCurrentWidget(tab.rules)
    measure.record("development_rules", window)
    tab.pages.setCurrentWidget(tab.pipeline_page)


def _measure_dialogs(measure: Measure, runner, tab) -> None:
    from views.development.applicant_dialog import ApplicantDialog
    from views.development.rules_page import RuleDialog
    from views.development.score_dialog import ReasonDialog, ScoreDialog
    from views.development.settings_dialog import SettingsDialog
    from views.development.stage_dialog import StageDialog
    from views.development.step_dialog import StepDialog

    record_dialog(measure, "applicant_dialog", ApplicantDialog(runner, tab), lambda d: d.save())
    row = tab.selected_person()
    dialog = StepDialog(runner, row.id, row.name, "publicity", tab)
    record_dialog(measure, "step_dialog", dialog)
    _select(tab, "周婷")  # an activist of seven months: 列为发展对象 is refused without a reason
    young = tab.selected_person()
    dialog = StageDialog(runner, young.id, young.name, "candidate", tab)
    dialog.save()  # refused: the findings and the reason field show
    record_dialog(measure, "stage_dialog_findings", dialog)
    record_dialog(measure, "stage_dialog_disqualify", StageDialog(runner, row.id, row.name, "disqualify", tab),
                   lambda d: d.save())
    record_dialog(measure, "score_dialog", ScoreDialog(runner, [(row.id, row.name, row.stage)], False, tab))
    tab.batch_action.trigger()
    batch = tab.dialog
    batch.picker.set_all(True)
    record_dialog(measure, "score_dialog_batch", batch, lambda d: d.save())
    record_dialog(measure, "reason_dialog", ReasonDialog(runner, "作废积分记录", "作废“欧阳建华 2026-10-10 JC03 参加主题党日 +2分”。"
                                                          "作废后记录仍保留，显示为已作废，不再计分。", None, 0, parent=tab))
    record_dialog(measure, "rule_dialog", RuleDialog(runner, None, tab), lambda d: d.save())
    settings = SettingsDialog(runner, tab)
    measure.record("settings_dialog", settings)
    settings.tabs.setCurrentIndex(1)
    measure.record("settings_dialog_scoring", settings)
    settings.done(0)
    tab.pages.setCurrentWidget(tab.ranking)
    tab.ranking.set_period("2026Q4", "activists")
    tab.ranking.post()
    record_dialog(measure, "posting_dialog", tab.ranking.dialog)
    tab.ranking.approve()
    record_dialog(measure, "approval_dialog", tab.ranking.dialog)


def main() -> int:
    from tests.views.development_data import fill

    def measure_tab(measure: Measure, runner, window, _folder) -> None:
        tab = window.tab("发展党员")
        _measure_pages(measure, window, tab)
        _measure_dialogs(measure, runner, tab)

    return run_measures(measure_tab, fill)

if __name__ == "__main__":
    sys.exit(main())
