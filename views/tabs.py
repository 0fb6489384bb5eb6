"""The program's tabs, in order, and the links between them (the shell in ui/ knows none of them).

Only 党员 is made with the window; the others are made when first opened or asked for, or while the
window is idle just after it shows (ui/main_window.py), so their modules are imported then, not at start."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.icons import icon
from ui.main_window import TabSpec
from ui.operations import OperationRunner


def create_tabs(runner: OperationRunner, window: QWidget) -> list[TabSpec]:
    from views.members.members_tab import MembersTab

    members = MembersTab(runner, window)

    def reports():
        return window.tab("报表")

    def print_card(person_id: int) -> None:
        """From 党员: the person's card in 报表, generated and ready to print."""
        tab = reports()
        tab.select_person(person_id)
        window.show_tab(tab)
        tab.generate()

    def print_scores(person_id: int, period: str) -> None:
        """From 发展党员's 积分记录: the person's 个人积分明细 for the period shown there, ready to print."""
        from models.reports.score_detail import REPORT as SCORE_DETAIL

        tab = reports()
        tab.select_person(person_id, SCORE_DETAIL.code, period)
        window.show_tab(tab)
        tab.generate()

    def print_slip(serial: str) -> None:
        """From 民情台账's item page: the item's 民情交办单, ready to print for the responsible member."""
        from models.reports.grievance_slip import REPORT as GRIEVANCE_SLIP

        tab = reports()
        tab.select_serial(serial, GRIEVANCE_SLIP.code)
        window.show_tab(tab)
        tab.generate()

    def development() -> QWidget:
        from views.development.development_tab import DevelopmentTab

        tab = DevelopmentTab(runner, window)
        tab.person.print_scores_requested.connect(print_scores)
        return tab

    def grievances() -> QWidget:
        from views.grievances.grievances_tab import GrievancesTab

        tab = GrievancesTab(runner, window)
        tab.item.print_slip_requested.connect(print_slip)
        return tab

    def reports_tab() -> QWidget:
        from views.reports_tab import ReportsTab

        return ReportsTab(runner, window)

    def settings() -> QWidget:
        from views.settings.settings_tab import SettingsTab

        return SettingsTab(runner, window)

    members.print_card_requested.connect(print_card)
    return [TabSpec("党员", icon("members"), members),
            TabSpec("发展党员", icon("development"), build=development),
            TabSpec("民情台账", icon("grievances"), build=grievances),
            TabSpec("报表", icon("reports"), build=reports_tab),
            TabSpec("设置", icon("settings"), build=settings)]
