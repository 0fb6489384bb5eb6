"""民情台账 tab: the figures of the chosen period above the sub-pages 台账 (the ledger with its
filters, the actions on the selected item and the item's page), 责任人工作量, 民情日记 and 统计图.
Every change is an operation run through the runner; the tab reloads from `runner.changed`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from models.core.codes import GrievanceStatus
from models.grievances.diary_reads import list_diary
from models.grievances.figures import figures, figures_by
from models.grievances.ledger import get_item, list_ledger, responsible_people
from models.grievances.limits import due_date, get_grievance_settings
from models.grievances.workload import workload
from models.people.roster import member_names
from models.workspace import Changes, Entity
from ui.actions import toolbar_action
from ui.operations import OperationRunner
from ui.table import make_table_view, selected_id
from views.grievances.chart_page import ChartPage
from views.grievances.diary_page import DiaryPage
from views.grievances.figures_strip import FiguresStrip
from views.grievances.item_actions import ACTIONS, TIPS, allowed, follow_role
from views.grievances.item_page import ItemPage
from views.grievances.ledger_count import CountLabel, read_count
from views.grievances.ledger_filters import LedgerFilters
from views.grievances.ledger_table_model import WIDTHS, Column, LedgerTableModel
from views.grievances.tab_actions import ItemActions
from views.grievances.workload_page import WorkloadPage

WATCHED = (Entity.GRIEVANCE, Entity.GRIEVANCE_ACTION, Entity.DIARY, Entity.SETTING, Entity.PERSON)
# At most this many rows, the newest, are loaded (a township registers 50,000 items a year; a bare
# SELECT of them all costs more than the 300 ms the tab may take to open); the count line says so.
LEDGER_LIMIT = 2000


class GrievancesTab(ItemActions, QWidget):
    def __init__(self, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.dialog: QDialog | None = None  # the dialog now open, if any
        self._stale: set[QWidget] = set()
        self.strip = FiguresStrip(self)
        self.strip.set_periods(self.today())
        self.strip.period_changed.connect(self.refresh)
        self.ledger_page = QWidget(self)
        self.model = LedgerTableModel(self)
        self._build_toolbar()
        self.filters = LedgerFilters(self.ledger_page)
        self.filters.changed.connect(self.refresh_ledger)
        self.table = make_table_view(self.ledger_page)
        self.table.setModel(self.model)
        for column, width in WIDTHS.items():
            self.table.setColumnWidth(column, width)
        self.table.sortByColumn(Column.SERIAL, Qt.SortOrder.DescendingOrder)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(self._double_clicked)
        self.item = ItemPage(self.ledger_page)
        self._lay_out_ledger()
        self.workload = WorkloadPage(self)
        self.workload.member_chosen.connect(self.show_member)
        self.diary = DiaryPage(runner, self)
        self.diary.filter_changed.connect(self.refresh_diary)
        self.diary.to_item_requested.connect(self.diary_to_item)
        self.diary.void_requested.connect(self.void_diary_line)
        self.chart = ChartPage(self)
        self.pages = QTabWidget(self)
        self.pages.addTab(self.ledger_page, "台账")
        self.pages.addTab(self.workload, "责任人工作量")
        self.pages.addTab(self.diary, "民情日记")
        self.pages.addTab(self.chart, "统计图")
        self.pages.currentChanged.connect(self._page_shown)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(3)
        layout.addWidget(self.strip)
        layout.addWidget(self.pages, 1)
        self.setFocusProxy(self.table)
        runner.changed.connect(self._on_data_changed)
        self._dirty = True  # loaded when first shown: the program starts without reading the ledger
        self._people: dict[int, str] = {}
        self._diary_members_stale = True

    # ----- layout ---------------------------------------------------------------------------

    def _action(self, text: str, icon_name: str, slot, shortcut=None) -> QAction:
        return toolbar_action(self.ledger_page, self.toolbar, text, icon_name, slot, shortcut)

    def _build_toolbar(self) -> None:
        # Text only: thirteen actions must fit 1093 pixels at 125%.
        self.toolbar = QToolBar(self.ledger_page)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.register_action = self._action("登记", "add", self.register, QKeySequence.StandardKey.New)
        self.register_action.setToolTip("登记一件群众反映的事项（Ctrl+N）")
        self.toolbar.addSeparator()
        self.item_actions: dict[str, QAction] = {}
        for code, text in ACTIONS:
            self.item_actions[code] = self._action(text, "edit", self._action_slot(code))
            self.item_actions[code].setToolTip(TIPS[code])
        self.toolbar.addSeparator()
        self.item_actions["edit"] = self._action("修改", "edit", self.edit_item)
        self.item_actions["void"] = self._action("作废", "cancel", self.void_item)
        for code in ("edit", "void"):
            self.item_actions[code].setToolTip(TIPS[code])
        self.refresh_action = self._action("刷新", "refresh", self.refresh_all, QKeySequence.StandardKey.Refresh)
        self.toolbar.removeAction(self.refresh_action)  # F5 only: no room for the button
        if QKeySequence("F5") not in self.refresh_action.shortcuts():
            self.refresh_action.setShortcuts([*self.refresh_action.shortcuts(), QKeySequence("F5")])
        self.limits_button = QPushButton("办理时限设置…", self.ledger_page)
        self.limits_button.clicked.connect(self.open_limits)
        follow_role(self)

    def _action_slot(self, code: str) -> Callable[[], None]:
        return lambda: self.act(code)

    def _lay_out_ledger(self) -> None:
        self.count_label = CountLabel(self.ledger_page)  # never widens the window; whole in its tooltip
        self.message_label = QLabel(self.ledger_page)
        self.message_label.setStyleSheet("color: #1f5fa8;")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.toolbar)
        top.addWidget(self.count_label, 1)
        top.addWidget(self.limits_button)
        splitter = QSplitter(Qt.Orientation.Horizontal, self.ledger_page)
        splitter.addWidget(self.table)
        splitter.addWidget(self.item)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([640, 420])
        self.splitter = splitter
        layout = QVBoxLayout(self.ledger_page)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message_label)

    # ----- data -----------------------------------------------------------------------------

    def say(self, text: str) -> None:
        """A line under the ledger (hidden when there is nothing to say: the table keeps the room)."""
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def today(self):
        return self.runner.workspace.today()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._dirty:
            self.refresh_all()

    def load_people(self) -> None:
        """After a change of people: the 责任人 filter re-read, the 民情日记's lists of every member
        filled again when that page is next shown."""
        self._diary_members_stale = True
        self._load_responsible()

    def _load_responsible(self) -> None:
        """Whom the 责任人 filter offers: the people responsible for items (members archived since
        they took one on included; more are added from the ledger's rows as they show) — in a
        township a few hundred, where every member would be 100,000."""
        with self.runner.read() as session:
            self._people = dict(responsible_people(session))
        self.filters.set_people(list(self._people.items()))

    def _add_people(self, rows) -> None:
        extra = {r.responsible_id: r.responsible_name for r in rows if r.responsible_id not in self._people}
        if extra:
            self._people.update(extra)
            self.filters.set_people(list(self._people.items()))

    def refresh(self) -> None:
        """Reload the figures and the page shown; the other pages reload when they are shown."""
        self._dirty = False
        self._load_responsible()  # items registered or handed over change who is responsible
        self.refresh_figures()
        self._stale = {self.workload, self.diary, self.chart}
        self.refresh_ledger()
        self._page_shown()

    def refresh_all(self) -> None:
        self.load_people()
        self.refresh()

    def refresh_figures(self) -> None:
        with self.runner.read() as session:
            self.strip.show_figures(figures(session, self.strip.period(), self.today()))

    def refresh_ledger(self) -> None:
        keep = selected_id(self.table)
        flt = replace(self.filters.value(self.strip.ledger_period()), limit=LEDGER_LIMIT)
        with self.runner.read() as session:
            rows = list_ledger(session, flt, self.today())
            count = read_count(session, flt, rows, self.today())
        self.model.set_rows(rows)
        self._add_people(rows)
        self.count_label.show_count(count)
        if not self._select(keep):
            self._selection_changed()
        else:
            self._show_item()

    def refresh_workload(self) -> None:
        year = self.strip.period().year
        with self.runner.read() as session:
            rows = workload(session, self.today(), year)
        self.workload.show_rows(rows, year)

    def refresh_diary(self) -> None:
        period = self.strip.period()
        with self.runner.read() as session:
            if self._diary_members_stale:
                self.diary.set_members(member_names(session))
                self._diary_members_stale = False
            rows = list_diary(session, period, self.diary.member_filter(), self.diary.include_void())
        self.diary.show_rows(rows, period.title)

    def refresh_chart(self) -> None:
        period = self.strip.period()
        with self.runner.read() as session:
            categories = figures_by(session, period, "category", self.today())
            months = figures_by(session, period, "month", self.today())
        self.chart.show_figures(period.title, categories, months)

    def _page_shown(self, *_args) -> None:
        page = self.pages.currentWidget()
        if page in self._stale:
            self._stale.discard(page)
            {self.workload: self.refresh_workload, self.diary: self.refresh_diary,
             self.chart: self.refresh_chart}[page]()

    def _on_data_changed(self, changes: Changes) -> None:
        if not changes.touches(*WATCHED):
            return
        if not self.isVisible():  # another tab changed something: reload when shown
            self._dirty = True
        elif changes.touches(Entity.PERSON):
            self.refresh_all()
        else:
            self.refresh()

    def _select(self, grievance_id: int | None) -> bool:
        """Select and show the item's row (ui.table.select_id, without reading every row's data)."""
        position = self.model.position_of(grievance_id)
        if position is None:
            return False
        self.table.selectRow(position)
        self.table.scrollTo(self.model.index(position, 0))
        return True

    def selected_row(self):
        return self.model.row_of(selected_id(self.table))

    def _selection_changed(self) -> None:
        self._show_item()
        self._update_actions()

    def _show_item(self) -> None:
        row = self.selected_row()
        if row is None:
            self.item.show_item(None)
            return
        with self.runner.read() as session:
            detail = get_item(session, row.id, self.today())
            visit_within = get_grievance_settings(session).visit_within_days
        closed = detail.row.resolved_on if detail.row.status == GrievanceStatus.RESOLVED else None
        visit_due = due_date(closed, visit_within) if closed is not None else None
        self.item.show_item(detail, visit_due, self.today())
        self._update_actions()

    def _update_actions(self) -> None:
        row = self.selected_row()
        for code, action in self.item_actions.items():
            action.setEnabled(allowed(row, code))

    def show_item(self, grievance_id: int) -> None:
        """Select this item in the ledger (clearing the filters when they hide it, and searching for
        its serial when it is older than the newest rows loaded)."""
        self.pages.setCurrentWidget(self.ledger_page)
        if not self._select(grievance_id):
            self.filters.clear()
            if not self._select(grievance_id):
                with self.runner.read() as session:
                    self.filters.search_for(get_item(session, grievance_id, self.today()).row.serial)
                self._select(grievance_id)

    def show_member(self, member_id: int) -> None:
        self.pages.setCurrentWidget(self.ledger_page)
        if self.filters.responsible_combo.findData(member_id) < 0:  # responsible since the filter was read
            self._load_responsible()
        self.filters.show_member(member_id)
