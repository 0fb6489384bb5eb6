"""报表 tab: pick a report and its options, preview it in the window, print it or save it.

Everything about the reports comes from models.reports.registry: the list, the descriptions, and
the option widgets (one per declared option kind). The preview always shows what the current
choices produce: changing a choice, or the data, clears it until 生成预览 runs again.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from models.people.branch import DIRECT_GROUP, group_display, list_groups
from models.people.roster import NO_GROUP, MemberFilter, get_person, list_members
from models.reports.declaration import OptionKind, Report, ReportOption
from models.reports.registry import all_options, all_reports
from models.workspace import Changes, Entity
from ui.icons import icon
from ui.jobs import BackgroundJob
from ui.operations import OperationRunner
from ui.pdf_preview import PdfPreview
from views.report_fields import DateOptionField, PeriodField

ID_ROLE = Qt.ItemDataRole.UserRole


class FlagField(QCheckBox):
    """A yes/no option as a check box."""

    edited = Signal()

    def __init__(self, option: ReportOption, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(option.label, parent)
        self.option = option
        self.setToolTip(option.help)
        self.toggled.connect(self.edited)

    def value(self) -> bool:
        return self.isChecked()

    def file_part(self) -> str:
        return self.option.file_tag if self.isChecked() else ""

    def refresh(self, changes: Changes) -> None:
        """Nothing in the data changes a check box."""


class GroupField(QComboBox):
    """全部党小组, each 党小组, and 直属支部; reloaded when the groups change."""

    edited = Signal()

    def __init__(self, option: ReportOption, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.option, self.runner = option, runner
        self.setToolTip(option.help)
        self.reload()
        self.currentIndexChanged.connect(self.edited)

    def reload(self) -> None:
        """The groups as they are now, keeping the choice when that group still exists."""
        keep = self.currentData()
        with self.runner.read() as session:
            groups = list_groups(session)
        self.blockSignals(True)
        self.clear()
        self.addItem("全部党小组", None)
        for group in groups:
            self.addItem(group.name, group.id)
        self.addItem(group_display(None), NO_GROUP)
        self.setItemData(self.count() - 1, f"未编入党小组、直接属于支部的党员（{DIRECT_GROUP}）",
                         Qt.ItemDataRole.ToolTipRole)
        self.setCurrentIndex(max(self.findData(keep), 0))
        self.blockSignals(False)
        if self.currentData() != keep:
            self.edited.emit()

    def value(self) -> int | None:
        return self.currentData()

    def file_part(self) -> str:
        return self.currentText() if self.currentData() is not None else ""

    def refresh(self, changes: Changes) -> None:
        if changes.touches(Entity.GROUP):
            self.reload()


class PersonField(QLineEdit):
    """A search box for one person: type a name, pinyin or initials (wjg); matches pop up from a
    query (at most LIMIT, a pause after typing) and picking one selects that person."""

    edited = Signal()
    LIMIT = 50
    PAUSE_MS = 250

    def __init__(self, option: ReportOption, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.option, self.runner = option, runner
        self.person_id: int | None = None
        self.person_name = ""
        self.setPlaceholderText("输入姓名、拼音或首字母（如 wjg）查找")
        self.setClearButtonEnabled(True)
        self.matches = QStandardItemModel(self)
        self.completer = QCompleter(self.matches, self)
        self.completer.setWidget(self)  # not setCompleter: the query, not the completer, filters
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(12)
        self.completer.activated[QModelIndex].connect(self._picked)
        self._pause = QTimer(self, singleShot=True, interval=self.PAUSE_MS)
        self._pause.timeout.connect(self.search)
        self.textEdited.connect(self._typed)
        self.returnPressed.connect(self._enter)

    def value(self) -> int | None:
        return self.person_id

    def file_part(self) -> str:
        return self.person_name

    def _typed(self) -> None:
        if self.person_id is not None:
            self._select(None, "")
        self._pause.start()

    def search(self) -> None:
        """Fill the popup with the people matching the text (archived included, marked)."""
        self._pause.stop()
        text = self.text().strip()
        self.matches.clear()
        if not text:
            self.completer.popup().hide()
            return
        with self.runner.read() as session:
            rows = list_members(session, MemberFilter(text=text, include_archived=True),
                                self.runner.workspace.today())[:self.LIMIT]
        for row in rows:
            item = QStandardItem(_person_label(row.name, row.group_name, bool(row.archive_reason)))
            item.setData(row.id, ID_ROLE)
            item.setData(row.name, Qt.ItemDataRole.AccessibleTextRole)
            self.matches.appendRow(item)
        if not rows:
            empty = QStandardItem(f"没有找到“{text}”")
            empty.setEnabled(False)
            self.matches.appendRow(empty)
        self.completer.complete()

    def _picked(self, index: QModelIndex) -> None:
        person_id = index.data(ID_ROLE)
        if person_id is not None:
            self._select(person_id, index.data(Qt.ItemDataRole.AccessibleTextRole), index.data())

    def _enter(self) -> None:
        """Enter with exactly one match picks it."""
        if self.person_id is None:
            self.search()
            if self.matches.rowCount() == 1:
                self._picked(self.matches.index(0, 0))
                self.completer.popup().hide()

    def set_person(self, person_id: int) -> None:
        """Select `person_id` (from the 党员 tab's 打印信息卡)."""
        with self.runner.read() as session:
            detail = get_person(session, person_id, self.runner.workspace.today())
        self._select(person_id, detail.form.name,
                     _person_label(detail.form.name, detail.group_name, detail.archive is not None))

    def _select(self, person_id: int | None, name: str, label: str | None = None) -> None:
        self.person_id, self.person_name = person_id, name
        if label is not None:
            self.setText(label)
        self.edited.emit()

    def refresh(self, changes: Changes) -> None:
        ids = changes.ids(Entity.PERSON)
        if self.person_id is not None and changes.touches(Entity.PERSON) and (not ids or self.person_id in ids):
            self.set_person(self.person_id)  # the name or group shown may have changed


def _person_label(name: str, group_name: str, archived: bool) -> str:
    return f"{name}　{group_display(group_name)}" + ("（已归档）" if archived else "")


# The widget for each kind of option: value(), file_part(), refresh(changes) and the edited signal.
OptionField = FlagField | GroupField | PersonField | PeriodField | DateOptionField
FIELDS: dict[OptionKind, type[OptionField]] = {
    OptionKind.FLAG: FlagField, OptionKind.GROUP: GroupField, OptionKind.PERSON: PersonField,
    OptionKind.PERIOD: PeriodField, OptionKind.YEAR: PeriodField, OptionKind.DATE: DateOptionField}


def _shown(report: Report) -> list[str]:
    """The option keys the tab shows for `report`: all it takes, except a year where it also takes a
    period (the period list offers the years too; the year is the command line's --year)."""
    has_period = any(o.kind is OptionKind.PERIOD for o in report.options)
    return [o.key for o in report.options if not (has_period and o.kind is OptionKind.YEAR)]


def _problem(field: OptionField) -> str:
    """What is wrong with a field's text (a date option that is not a date), or ""."""
    return field.problem() if isinstance(field, DateOptionField) else ""


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
        self._choices_changed()

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

    def select_person(self, person_id: int, report_code: str | None = None) -> None:
        """Switch to the report `report_code` (by default the first that takes a person) for `person_id`."""
        index, option = next((i, o) for i, r in enumerate(self.reports) for o in r.options
                             if o.kind is OptionKind.PERSON and report_code in (None, r.code))
        self.report_list.setCurrentRow(index)
        self.fields[option.key].set_person(person_id)

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
        problem = next((p for key in _shown(report) if (p := _problem(self.fields[key]))), "")
        if problem:
            self.status.setText(problem)
            return
        missing = report.missing(report.values(values))
        if missing:
            self.status.setText(f"请先选择{'、'.join(o.label for o in missing)}")
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
