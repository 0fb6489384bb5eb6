"""报表 tab: pick a report and its options, preview it in the window, print it or save it.

Everything about the reports comes from models.reports.registry: the list, the descriptions, and
the option widgets (one per declared option kind). The preview always shows what the current
choices produce: changing a choice, or the data, clears it until 生成预览 runs again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from models.reports.declaration import OptionKind, Report
from models.reports.registry import all_options, all_reports
from models.workspace import Changes
from ui.icons import icon
from ui.jobs import BackgroundJob
from ui.operations import OperationRunner
from ui.pdf_preview import PdfPreview
from ui.table import ID_ROLE
from views.report_fields import FIELDS, OptionField, PeriodField, PersonField, problem_of


def _shown(report: Report) -> list[str]:
    """The option keys the tab shows for `report`: all it takes, except a year where it also takes a
    period (the period list offers the years too; the year is the command line's --year)."""
    has_period = any(o.kind is OptionKind.PERIOD for o in report.options)
    return [o.key for o in report.options if not (has_period and o.kind is OptionKind.YEAR)]


class ReportsTab(QWidget):
    """The report list, the chosen report's option widgets, 生成预览 with progress, and the preview."""

    def __init__(self, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.reports: list[Report] = all_reports()
        self.job: BackgroundJob | None = None
        self._choices = 0  # counts changes of report, options or data: a result for an older count is stale
        self._again = False  # generate once more when the running job ends
        self.preview = PdfPreview(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        side = QScrollArea(self)  # many options on a 1366×768 screen at 125%: the panel scrolls, not the window
        side.setWidgetResizable(True)
        side.setFrameShape(QFrame.Shape.NoFrame)
        side.setWidget(self._side_panel())
        side.setMinimumWidth(side.widget().minimumSizeHint().width() + 20)
        splitter.addWidget(side)
        splitter.addWidget(self.preview)
        self.preview.message.connect(self.status.setText)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 1000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addWidget(splitter)
        runner.changed.connect(self._data_changed)
        self.report_list.setCurrentRow(0)
        self.setFocusProxy(self.report_list)  # focus lands on the list when the tab is shown

    # ----- layout ---------------------------------------------------------------------------

    def _side_panel(self) -> QWidget:
        panel = QWidget(self)
        self.report_list = QListWidget(panel)
        for report in self.reports:
            item = QListWidgetItem(icon("reports"), report.title)
            item.setData(ID_ROLE, report.code)
            self.report_list.addItem(item)
        self.report_list.setMaximumHeight(120)
        self.report_list.currentRowChanged.connect(self._report_changed)
        self.description = QLabel(panel)
        self.description.setWordWrap(True)
        self.description.setStyleSheet("color: #555;")
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.addWidget(QLabel("报表：", panel))
        layout.addWidget(self.report_list)
        layout.addWidget(self.description)
        layout.addWidget(self._options_box(panel))
        layout.addWidget(self._generate_row(panel))
        layout.addWidget(self.status)
        layout.addStretch(1)
        return panel

    def _options_box(self, parent: QWidget) -> QGroupBox:
        """One widget per option any report declares; each report shows the ones it takes."""
        box = QGroupBox("选项", parent)
        self.options_form = QFormLayout(box)
        self.fields: dict[str, OptionField] = {}
        for option in all_options():
            field = FIELDS[option.kind](option, self.runner, box)
            field.edited.connect(self._choices_changed)
            if option.is_flag:
                self.options_form.addRow(field)
            else:
                self.options_form.addRow(f"{option.label}：", field)
            self.fields[option.key] = field
        return box

    def _generate_row(self, parent: QWidget) -> QWidget:
        row = QWidget(parent)
        self.generate_button = QPushButton(icon("preview"), "生成预览", row)
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(self.generate)
        self.progress = QProgressBar(row)
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        self.cancel_button = QPushButton(icon("cancel"), "取消", row)
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.status = QLabel(parent)
        self.status.setWordWrap(True)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        layout = QVBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.generate_button)
        layout.addLayout(progress_row)
        return row

    # ----- choices ----------------------------------------------------------------------------

    def report(self) -> Report:
        return self.reports[max(self.report_list.currentRow(), 0)]

    def report_code(self) -> str:
        return self.report().code

    def _report_changed(self) -> None:
        report = self.report()
        for key, field in self.fields.items():
            self.options_form.setRowVisible(field, key in _shown(report))
            if isinstance(field, PersonField):  # whom the search offers: members, or everyone scored
                field.set_scope(report.person_scope, report.title)
                self.options_form.labelForField(field).setText(f"{report.option_label(field.option)}：")
        self._choices_changed()
        problem = self._problem()
        if problem:  # e.g. an activist chosen for the 个人积分明细, then the card chosen
            self.status.setText(problem)

    def _choices_changed(self) -> None:
        """The preview no longer shows what the choices produce: clear it; a running job is stale."""
        report = self.report()
        self.description.setText(f"{report.description}\n（{report.audience(self.values())}）")
        self._choices += 1
        had_preview = bool(self.preview.data)
        self.preview.clear()
        if self.job is not None and self.job.is_running():
            self.job.cancel()
        elif had_preview:
            self.status.setText("选项或数据已改变，请重新点“生成预览”。")

    def _data_changed(self, changes: Changes) -> None:
        for field in self.fields.values():
            field.refresh(changes)
        self._choices_changed()

    def select_person(self, person_id: int, report_code: str | None = None, period: str | None = None) -> None:
        """Switch to the report `report_code` (by default the first that takes a person) for `person_id`,
        and to `period` (2026Q3, 2026) when given and the report takes one. views/tabs.py shows the tab."""
        index, option = next((i, o) for i, r in enumerate(self.reports) for o in r.options
                             if o.kind is OptionKind.PERSON and report_code in (None, r.code))
        self.report_list.setCurrentRow(index)
        self.fields[option.key].set_person(person_id)
        for key in _shown(self.report()):
            field = self.fields[key]
            if period is not None and isinstance(field, PeriodField) and field.option.kind is OptionKind.PERIOD:
                field.set_period(period)
        self.status.setText(self._problem())

    def select_serial(self, serial: str, report_code: str) -> None:
        """Switch to the report `report_code` for the 民情事项 `serial` (MQ-2026-0001), e.g. its 交办单.
        views/tabs.py shows the tab."""
        index, option = next((i, o) for i, r in enumerate(self.reports) for o in r.options
                             if o.kind is OptionKind.SERIAL and r.code == report_code)
        self.report_list.setCurrentRow(index)
        self.fields[option.key].set_serial(serial)
        self.status.setText(self._problem())

    def _problem(self) -> str:
        """What is wrong with the choices shown (text that is not a date, a person the report is not
        for), in Chinese, or ""."""
        return next((p for key in _shown(self.report()) if (p := problem_of(self.fields[key]))), "")

    def values(self) -> dict[str, object]:
        report = self.report()
        shown = _shown(report)
        return {key: field.value() for key, field in self.fields.items() if key in shown}

    def file_name(self) -> str:
        report = self.report()
        parts = [self.fields[key].file_part() for key in _shown(report)]
        today = self.runner.workspace.today()
        return "-".join([report.title, *filter(None, parts), f"{today:%Y%m%d}"]) + ".pdf"

    # ----- making the report ----------------------------------------------------------------

    def generate(self) -> None:
        """Build the chosen report on a worker thread; the preview shows it when done."""
        if self.job is not None and self.job.is_running():
            self._again = True  # e.g. 打印信息卡 while another report is being made
            self.job.cancel()
            return
        report, values = self.report(), self.values()
        problem = self._problem()
        if problem:
            self.status.setText(problem)
            return
        missing = report.missing(report.values(values))
        if missing:
            self.status.setText(f"请先选择{'、'.join(report.option_label(o) for o in missing)}")
            self.fields[missing[0].key].setFocus()
            return
        runner, today = self.runner, self.runner.workspace.today()

        def job(progress, cancelled):
            with runner.read() as session:
                return report.build(session, values, today, progress, cancelled)

        self._start(job, self.file_name())

    def _start(self, job, name: str) -> None:
        choices = self._choices
        self.job = BackgroundJob(job, self)
        self.job.progressed.connect(lambda f, m: (self.progress.setValue(round(f * 100)), self.status.setText(m)))
        self.job.succeeded.connect(lambda data: self._show(data, name, choices))
        self.job.failed.connect(self.status.setText)
        self.job.cancelled.connect(lambda: self._stopped(choices))
        self.job.finished.connect(self._finished)
        self.generate_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.status.setText("正在生成…")
        self.job.start()

    def _show(self, data: bytes, name: str, choices: int) -> None:
        if choices != self._choices:  # made for choices that have changed since
            self._stopped(choices)
            return
        self.preview.set_pdf(data, name)
        self.status.setText(f"已生成，共 {self.preview.document.pageCount()} 页。可以打印或另存为PDF。")

    def _stopped(self, choices: int) -> None:
        stale = choices != self._choices
        self.status.setText("选项或数据已改变，请重新点“生成预览”。" if stale else "已取消")

    def _finished(self) -> None:
        self.generate_button.setEnabled(True)
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        if self._again:
            self._again = False
            self.generate()

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
