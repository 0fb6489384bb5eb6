"""报表 tab: pick a report and its options, preview it in the window, print it or save it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from models.branch import list_groups
from models.people import NO_GROUP, MemberFilter, list_members
from models.reports.catalog import REPORT_TITLES
from models.store import Store
from ui.data_bus import GROUPS, PEOPLE, DataBus
from ui.icons import icon
from ui.jobs import BackgroundJob
from ui.pdf_preview import PdfPreview

DESCRIPTIONS = {
    "roster": "全体党员的花名册（A4横向），按党小组分组，末尾有人数统计。张贴公示时请勾选“隐去身份证号和电话”。",
    "person": "一名党员的基本信息卡（A4纵向），用于归档。也可在“党员”页选中某人后点“打印信息卡”。",
}


def make_roster_job(store: Store, options, today: date):
    from models.reports.roster import build_roster

    def job(progress, cancelled):
        with store.session() as session:
            return build_roster(session, options, today, progress, cancelled)

    return job


def make_card_job(store: Store, person_id: int, today: date):
    from models.reports.person_card import build_person_card

    def job(progress, cancelled):
        with store.session() as session:
            return build_person_card(session, person_id, today, progress, cancelled)

    return job


class ReportsTab(QWidget):
    def __init__(self, store: Store, bus: DataBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.job: BackgroundJob | None = None
        self.preview = PdfPreview(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._side_panel())
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 1000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addWidget(splitter)
        bus.changed.connect(lambda what: self._reload_choices() if what in (PEOPLE, GROUPS) else None)
        self._reload_choices()
        self.report_list.setCurrentRow(0)

    def _side_panel(self) -> QWidget:
        panel = QWidget(self)
        self.report_list = QListWidget(panel)
        for code, title in REPORT_TITLES.items():
            item = QListWidgetItem(icon("reports"), title)
            item.setData(Qt.ItemDataRole.UserRole, code)
            self.report_list.addItem(item)
        self.report_list.setMaximumHeight(120)
        self.report_list.currentRowChanged.connect(self._report_changed)
        self.description = QLabel(panel)
        self.description.setWordWrap(True)
        self.description.setStyleSheet("color: #555;")
        self.group_combo = QComboBox(panel)
        self.archived_check = QCheckBox("包括已归档（转出、去世等）人员", panel)
        self.masked_check = QCheckBox("隐去身份证号和电话（用于张贴公示）", panel)
        self.person_combo = QComboBox(panel)
        self.person_combo.setEditable(True)
        self.person_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.person_combo.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.person_combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        options = QGroupBox("选项", panel)
        self.options_form = QFormLayout(options)
        self.options_form.addRow("党小组：", self.group_combo)
        self.options_form.addRow(self.archived_check)
        self.options_form.addRow(self.masked_check)
        self.options_form.addRow("党员：", self.person_combo)
        self.generate_button = QPushButton(icon("preview"), "生成预览", panel)
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(self.generate)
        self.progress = QProgressBar(panel)
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        self.cancel_button = QPushButton(icon("cancel"), "取消", panel)
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.status = QLabel(panel)
        self.status.setWordWrap(True)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.addWidget(QLabel("报表：", panel))
        layout.addWidget(self.report_list)
        layout.addWidget(self.description)
        layout.addWidget(options)
        layout.addWidget(self.generate_button)
        layout.addLayout(progress_row)
        layout.addWidget(self.status)
        layout.addStretch(1)
        return panel

    def _reload_choices(self) -> None:
        keep_group, keep_person = self.group_combo.currentData(), self.person_combo.currentData()
        self.group_combo.clear()
        self.group_combo.addItem("全部党小组", None)
        today = date.today()
        with self.store.session() as session:
            for group in list_groups(session):
                self.group_combo.addItem(group.name, group.id)
            members = list_members(session, MemberFilter(include_archived=True), today)
        self.group_combo.addItem("直属支部（未编入党小组）", NO_GROUP)
        self.group_combo.setCurrentIndex(max(self.group_combo.findData(keep_group), 0))
        self.person_combo.clear()
        for row in members:
            suffix = "（已归档）" if row.archive_reason else ""
            self.person_combo.addItem(f"{row.name}　{row.group_name or '直属支部'}{suffix}", row.id)
        self.person_combo.setCurrentIndex(max(self.person_combo.findData(keep_person), 0))

    def report_code(self) -> str:
        item = self.report_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else "roster"

    def _report_changed(self) -> None:
        code = self.report_code()
        self.description.setText(DESCRIPTIONS[code])
        roster = code == "roster"
        for row in range(3):
            self.options_form.setRowVisible(row, roster)
        self.options_form.setRowVisible(3, not roster)

    def select_person(self, person_id: int) -> None:
        """Switch to the person card for `person_id` (used from the 党员 tab)."""
        self.report_list.setCurrentRow(list(REPORT_TITLES).index("person"))
        self.person_combo.setCurrentIndex(max(self.person_combo.findData(person_id), 0))

    def generate(self) -> None:
        """Build the chosen report on a worker thread; the preview shows it when done."""
        if self.job is not None and self.job.is_running():
            return
        today = date.today()
        if self.report_code() == "roster":
            from models.reports.roster import RosterOptions

            options = RosterOptions(group_id=self.group_combo.currentData(),
                                    include_archived=self.archived_check.isChecked(),
                                    masked=self.masked_check.isChecked())
            job, name = make_roster_job(self.store, options, today), f"党员花名册-{today:%Y%m%d}.pdf"
        else:
            person_id = self.person_combo.currentData()
            if person_id is None:
                self.status.setText("请先选择一名党员")
                return
            name = f"党员基本信息卡-{self.person_combo.currentText().split()[0]}.pdf"
            job = make_card_job(self.store, person_id, today)
        self._start(job, name)

    def _start(self, job, name: str) -> None:
        self.job = BackgroundJob(job, self)
        self.job.progressed.connect(lambda f, m: (self.progress.setValue(round(f * 100)), self.status.setText(m)))
        self.job.succeeded.connect(lambda data: self._show(data, name))
        self.job.failed.connect(self.status.setText)
        self.job.cancelled.connect(lambda: self.status.setText("已取消"))
        self.job.finished.connect(self._finished)
        self.generate_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.status.setText("正在生成…")
        self.job.start()

    def _show(self, data: bytes, name: str) -> None:
        self.preview.set_pdf(data, name)
        self.status.setText(f"已生成，共 {self.preview.document.pageCount()} 页。可以打印或另存为PDF。")

    def _finished(self) -> None:
        self.generate_button.setEnabled(True)
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
