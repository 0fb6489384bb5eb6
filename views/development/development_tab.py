"""发展党员 tab: the pipeline (入党申请人 → 积极分子 → 发展对象 → 预备党员) with what is due, the
reminders, each person's page, and the sub-pages 积分排名 and 积分规则. Every change is an
operation run through the runner; the tab refreshes itself from `runner.changed`."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from models.core.codes import PIPELINE_STAGES, Stage
from models.development.operations import set_material, void_step
from models.development.pipeline import development_page, list_pipeline, pipeline_and_reminders
from models.people.roster import MemberFilter, list_members
from models.scoring.audience import audience_of
from models.scoring.entries import adjust, entries_for, void_entry
from models.scoring.postings import lock_for
from models.scoring.scores import period_scores
from models.workspace import Changes, Entity, Permission
from ui.actions import toolbar_action
from ui.operations import OperationRunner
from ui.permissions import allow
from ui.table import make_table_view, select_id, selected_id
from views.development.applicant_dialog import ApplicantDialog
from views.development.labels import stage_label
from views.development.person_page import PersonPage
from views.development.pipeline_import_action import PipelineExcel, import_button
from views.development.pipeline_table_model import WIDTHS, Column, PipelineTableModel
from views.development.ranking_view import RankingView
from views.development.reminder_strip import ReminderStrip
from views.development.rules_page import RulesPage
from views.development.score_dialog import ReasonDialog, ScoreDialog
from views.development.settings_dialog import SettingsDialog
from views.development.stage_dialog import ACTIONS, StageDialog
from views.development.step_dialog import StepDialog

# Which stage each stage action starts from (取消资格: any stage of the pipeline).
ACTION_STAGES = {"activist": {Stage.APPLICANT}, "candidate": {Stage.ACTIVIST}, "admit": {Stage.CANDIDATE},
                 "confirm": {Stage.PROBATIONARY}, "extend": {Stage.PROBATIONARY},
                 "disqualify": set(PIPELINE_STAGES)}
WATCHED = (Entity.PERSON, Entity.PERSON_EVENT, Entity.SCORE_ENTRY, Entity.MATERIAL, Entity.SCORE_RULE,
           Entity.SCORE_POSTING, Entity.SETTING, Entity.GROUP)


class DevelopmentTab(QWidget):
    def __init__(self, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.dialog: QDialog | None = None  # the dialog now open, if any
        self.pipeline_page = QWidget(self)
        self.model = PipelineTableModel(self)
        self.excel = PipelineExcel(runner, self)  # 从Excel导入… (the new people arrive through runner.changed)
        self._build_toolbar()
        self._build_filters()
        self.reminders = ReminderStrip(self.pipeline_page)
        self.reminders.person_clicked.connect(self.show_person)
        self.table = make_table_view(self.pipeline_page)
        self.table.setModel(self.model)
        for column, width in WIDTHS.items():
            self.table.setColumnWidth(column, width)
        self.table.sortByColumn(Column.STAGE, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(self.record_step)
        self.person = PersonPage(self.pipeline_page)
        self.person.material_clicked.connect(self.toggle_material)
        self.person.void_step_requested.connect(self.void_step)
        self.person.period_changed.connect(self._show_person_page)
        self.person.entry_table.selectionModel().selectionChanged.connect(self._update_actions)
        self.person.set_periods(runner.workspace.today())
        self._lay_out_pipeline()
        self.ranking = RankingView(runner, self)
        self.rules = RulesPage(runner, self)
        self.pages = QTabWidget(self)
        self.pages.addTab(self.pipeline_page, "发展进度")
        self.pages.addTab(self.ranking, "积分排名")
        self.pages.addTab(self.rules, "积分规则")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.pages)
        self.setFocusProxy(self.table)
        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self.refresh)
        runner.changed.connect(self._on_data_changed)
        self._dirty = True  # read when first shown: a township's pipeline and scores are not read at start

    # ----- layout ---------------------------------------------------------------------------

    def _action(self, text: str, icon_name: str, slot, shortcut=None) -> QAction:
        return toolbar_action(self.pipeline_page, self.toolbar, text, icon_name, slot, shortcut)

    def _build_toolbar(self) -> None:
        # Text beside only a few icons: twelve actions must fit 1093 pixels at 125%.
        self.toolbar = QToolBar(self.pipeline_page)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.apply_action = self._action("登记申请人", "add", self.register_applicant, QKeySequence.StandardKey.New)
        self.step_action = self._action("记录步骤", "edit", self.record_step)
        self.toolbar.addSeparator()
        self.stage_actions: dict[str, QAction] = {}
        for code, action in ACTIONS.items():
            self.stage_actions[code] = self._action(action.title, "development", self._stage_slot(code))
        self.toolbar.addSeparator()
        self.score_action = self._action("记积分", "score", self.score_person)
        self.batch_action = self._action("批量记分", "score", self.score_batch)
        self.void_action = self._action("作废", "cancel", self.void_entry)
        self.void_action.setToolTip("作废右侧“积分记录”中选中的一条（记录保留，显示为已作废）")
        for action in (self.apply_action, self.step_action, *self.stage_actions.values(), self.score_action,
                       self.batch_action, self.void_action):
            allow(action, self.runner, Permission.MEMBERS_EDIT)
        self.toolbar.addSeparator()
        self.refresh_action = self._action("刷新", "refresh", self.refresh_all, QKeySequence.StandardKey.Refresh)
        if QKeySequence("F5") not in self.refresh_action.shortcuts():
            self.refresh_action.setShortcuts([*self.refresh_action.shortcuts(), QKeySequence("F5")])

    def _stage_slot(self, code: str) -> Callable[[], None]:
        return lambda: self.change_stage(code)

    def _build_filters(self) -> None:
        self.stage_filter = QComboBox(self.pipeline_page)
        self.stage_filter.addItem("全部阶段", None)
        for stage in PIPELINE_STAGES:
            self.stage_filter.addItem(stage_label(stage), stage.value)
        self.stage_filter.currentIndexChanged.connect(self.refresh)
        self.search_edit = QLineEdit(self.pipeline_page)
        self.search_edit.setPlaceholderText("搜索姓名或拼音，如 wjg、wangjianguo")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(240)
        self.search_edit.textChanged.connect(lambda: self._search_timer.start())
        self.count_label = QLabel(self.pipeline_page)
        # Long counts must not widen the window beyond a small screen: cut, and whole in the tooltip.
        self.count_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.settings_button = QPushButton("时限和积分设置…", self.pipeline_page)
        self.settings_button.clicked.connect(self.open_settings)
        self.import_button = import_button(self.excel, self.pipeline_page)
        allow(self.settings_button, self.runner, Permission.SETTINGS_EDIT)
        allow(self.import_button, self.runner, Permission.MEMBERS_IMPORT)
        self.filter_row = QHBoxLayout()
        self.filter_row.addWidget(self.search_edit)
        self.filter_row.addWidget(QLabel("阶段："))
        self.filter_row.addWidget(self.stage_filter)
        self.filter_row.addWidget(self.count_label, 1)
        self.filter_row.addWidget(self.import_button)
        self.filter_row.addWidget(self.settings_button)

    def _lay_out_pipeline(self) -> None:
        self.message_label = QLabel(self.pipeline_page)
        self.message_label.setStyleSheet("color: #1f5fa8;")
        self.message_label.setWordWrap(True)
        self.excel.message.connect(self.message_label.setText)
        splitter = QSplitter(Qt.Orientation.Horizontal, self.pipeline_page)
        left = QWidget(splitter)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(3)
        left_layout.addWidget(self.reminders)
        left_layout.addWidget(self.table, 1)
        splitter.addWidget(left)
        splitter.addWidget(self.person)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([620, 460])
        self.splitter = splitter
        layout = QVBoxLayout(self.pipeline_page)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(3)
        layout.addWidget(self.toolbar)
        layout.addLayout(self.filter_row)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message_label)

    # ----- data -----------------------------------------------------------------------------

    def today(self):
        return self.runner.workspace.today()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def refresh(self) -> None:
        """Reload the pipeline and the reminders, keeping the selected person selected."""
        self._dirty = False
        keep = selected_id(self.table)
        with self.runner.read() as session:
            rows, due = pipeline_and_reminders(session, self.today(), stage=self.stage_filter.currentData(),
                                               text=self.search_edit.text().strip())
        self.reminders.show_reminders(due)
        self.model.set_rows(rows)
        counts = {stage: sum(1 for r in rows if r.stage == stage) for stage in PIPELINE_STAGES}
        overdue = sum(1 for r in rows if r.overdue)
        parts = "，".join(f"{stage_label(s)} {n}" for s, n in counts.items() if n)
        # Short, so that it fits beside the buttons at 125%; the breakdown by stage is in the tooltip.
        self.count_label.setText(f"共 {len(rows)} 人" + (f"，{overdue} 人逾期" if overdue else ""))
        self.count_label.setToolTip(f"共 {len(rows)} 人" + (f"（{parts}）" if parts else "")
                                    + (f"，{overdue} 人有事项逾期" if overdue else ""))
        if not select_id(self.table, keep):
            self._selection_changed()
        else:
            self._show_person_page()

    def refresh_all(self) -> None:
        self.refresh()
        self.ranking.refresh()
        self.rules.refresh()

    def _on_data_changed(self, changes: Changes) -> None:
        if changes.touches(*WATCHED):
            if self.isVisible():
                self.refresh()
            else:  # read when next shown
                self._dirty = True
            self.ranking.data_changed()
        if changes.touches(Entity.SCORE_RULE, Entity.SCORE_ENTRY):
            self.rules.refresh()

    def selected_person(self):
        return self.model.row_of(selected_id(self.table))

    def _selection_changed(self) -> None:
        self._show_person_page()
        self._update_actions()

    def _show_person_page(self) -> None:
        row = self.selected_person()
        if row is None:
            self.person.show_page(None)
            return
        period = self.person.period_code()
        with self.runner.read() as session:
            page = development_page(session, row.id, self.today())
            entries = entries_for(session, row.id, period)
            score = period_scores(session, period, None, [row.id], self.today()).get(row.id)
        self.person.show_page(page, entries, score)

    def _update_actions(self) -> None:
        row = self.selected_person()
        stage = row.stage if row is not None else None
        for code, action in self.stage_actions.items():
            action.setEnabled(stage in ACTION_STAGES[code])
        for action in (self.step_action, self.score_action):
            action.setEnabled(row is not None)
        entry = self.person.selected_entry()
        self.void_action.setEnabled(entry is not None and not entry.voided)

    def show_person(self, person_id: int) -> None:
        """Select this person in the list (clearing the filters when they hide them)."""
        self.pages.setCurrentWidget(self.pipeline_page)
        if self._dirty:
            self.refresh()
        if not select_id(self.table, person_id):
            self.clear_filters()
            select_id(self.table, person_id)

    def clear_filters(self) -> None:
        for widget in (self.search_edit, self.stage_filter):
            widget.blockSignals(True)
        self.search_edit.clear()
        self.stage_filter.setCurrentIndex(0)
        for widget in (self.search_edit, self.stage_filter):
            widget.blockSignals(False)
        self.refresh()

    # ----- actions --------------------------------------------------------------------------

    def _need_person(self, doing: str):
        row = self.selected_person()
        if row is None:
            self.message_label.setText(f"请先在名单中选中一人，再点“{doing}”。")
        return row

    def register_applicant(self) -> None:
        dialog = ApplicantDialog(self.runner, self)
        self._open(dialog, lambda: self.show_person(dialog.saved_id) if dialog.saved_id else None)

    def record_step(self, *_args) -> None:
        row = self._need_person("记录步骤")
        if row is not None and self.step_action.isEnabled():  # a double-click too
            self._open(StepDialog(self.runner, row.id, row.name, parent=self), lambda: None)

    def change_stage(self, code: str) -> None:
        row = self._need_person(ACTIONS[code].title)
        if row is None:
            return
        dialog = StageDialog(self.runner, row.id, row.name, code, self)
        person_id, name = row.id, row.name

        def done() -> None:
            if code in ("confirm", "disqualify"):
                verb = "已转为正式党员，今后在“党员”名单中" if code == "confirm" else "已取消资格，记录保留"
                self.message_label.setText(f"“{name}”{verb}。")
            elif code == "admit":
                self.message_label.setText(f"“{name}”已接收为预备党员，已列入“党员”名单。")
            if code not in ("confirm", "disqualify"):  # still in the pipeline: show them
                self.show_person(person_id)

        self._open(dialog, done)

    def score_person(self) -> None:
        row = self._need_person("记积分")
        if row is not None:
            dialog = ScoreDialog(self.runner, [(row.id, row.name, row.stage)], False, self)
            self._open(dialog, lambda: self._scored(dialog))

    def score_batch(self) -> None:
        """One rule for many people: the pipeline and the members, ticked in one list."""
        with self.runner.read() as session:
            members = list_members(session, MemberFilter(), self.today())
            pipeline = list_pipeline(session, self.today())
        people = {r.id: (r.id, r.name, r.stage) for r in pipeline}
        people.update({r.id: (r.id, r.name, r.stage) for r in members})
        dialog = ScoreDialog(self.runner, list(people.values()), True, self)
        self._open(dialog, lambda: self._scored(dialog))

    def _scored(self, dialog: ScoreDialog) -> None:
        result = dialog.result
        if result is None:
            return
        text = f"已记分 {len(result.ids)} 人。"
        if result.notes:
            text += "超过本季度上限的只计到上限：" + "；".join(result.notes.values())
        self.message_label.setText(text)

    def void_entry(self) -> None:
        entry = self.person.selected_entry()
        row = self.selected_person()
        if entry is None or row is None:
            self.message_label.setText("请先在右侧“积分记录”中选中要作废的一条。")
            return
        with self.runner.read() as session:
            posted = lock_for(session, entry.on, audience_of(row.stage))
        what = f"{row.name} {entry.on:%Y-%m-%d} {entry.rule_code} {entry.rule_name} {entry.points:+d}分"
        if posted is None:
            dialog = ReasonDialog(self.runner, "作废积分记录", f"作废“{what}”。作废后记录仍保留，显示为已作废，不再计分。",
                                  void_entry, entry.id, parent=self)
        else:
            dialog = ReasonDialog(self.runner, "调整已公示的积分",
                                  f"“{what}”所在期间已经公示，不能作废。将在今天记一笔冲正的调整记录。",
                                  adjust, entry.id, ok_text="调整", parent=self)
        self._open(dialog, lambda: None)

    def void_step(self, event_id: int) -> None:
        row = self.selected_person()
        if row is None:
            return
        dialog = ReasonDialog(self.runner, "作废发展步骤", f"作废“{row.name}”的这条记录。作废后仍显示在发展步骤中（划去）。",
                              void_step, event_id, parent=self)
        self._open(dialog, lambda: None)

    def toggle_material(self, code: str) -> None:
        """A click on a paper: received today, or (when it was received) not received."""
        row, page = self.selected_person(), self.person.page
        if row is None or page is None:
            return
        material = next((m for m in page.materials if m.code == code), None)
        if material is None:
            return
        received = None if material.received_on is not None else self.today()
        self.runner.run(self, set_material, row.id, code, received, material.note)

    def open_settings(self) -> None:
        self._open(SettingsDialog(self.runner, self), lambda: None)

    def _open(self, dialog: QDialog, after_accept: Callable[[], object]) -> None:
        """Show a window-modal dialog without blocking; after acceptance run `after_accept`."""
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def finished(result: int) -> None:
            self.dialog = None
            if result == QDialog.DialogCode.Accepted:
                after_accept()

        dialog.finished.connect(finished)
        dialog.open()

