"""The program's tabs, in order, and the links between them (the shell in ui/ knows none of them)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from models.reports.grievance_slip import REPORT as GRIEVANCE_SLIP
from models.reports.score_detail import REPORT as SCORE_DETAIL
from ui.icons import icon
from ui.main_window import TabSpec
from ui.operations import OperationRunner


def create_tabs(runner: OperationRunner, window: QWidget) -> list[TabSpec]:
    from views.development.development_tab import DevelopmentTab
    from views.grievances.grievances_tab import GrievancesTab
    from views.members.members_tab import MembersTab
    from views.reports_tab import ReportsTab
    from views.settings.settings_tab import SettingsTab

    members = MembersTab(runner, window)
    development = DevelopmentTab(runner, window)
    grievances = GrievancesTab(runner, window)
    reports = ReportsTab(runner, window)
    settings = SettingsTab(runner, window)

    def print_card(person_id: int) -> None:
        """From 党员: the person's card in 报表, generated and ready to print."""
        reports.select_person(person_id)
        window.show_tab(reports)
        reports.generate()

    def print_scores(person_id: int, period: str) -> None:
        """From 发展党员's 积分记录: the person's 个人积分明细 for the period shown there, ready to print."""
        reports.select_person(person_id, SCORE_DETAIL.code, period)
        window.show_tab(reports)
        reports.generate()

    def print_slip(serial: str) -> None:
        """From 民情台账's item page: the item's 民情交办单, ready to print for the responsible member."""
        reports.select_serial(serial, GRIEVANCE_SLIP.code)
        window.show_tab(reports)
        reports.generate()

    members.print_card_requested.connect(print_card)
    grievances.item.print_slip_requested.connect(print_slip)
    development.person.print_scores_requested.connect(print_scores)
    return [TabSpec("党员", icon("members"), members), TabSpec("发展党员", icon("development"), development),
            TabSpec("民情台账", icon("grievances"), grievances),
            TabSpec("报表", icon("reports"), reports), TabSpec("设置", icon("settings"), settings)]
