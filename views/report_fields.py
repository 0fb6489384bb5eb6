"""The 报表 tab's option widgets, one per declared option kind: a flag, a 党小组, a person (pinyin
search), a period (quarter or year), a year, a date (the 公示期). Each has what views.reports_tab
expects of an option widget: value(), file_part(), refresh(changes) and the `edited` signal."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCheckBox, QComboBox, QCompleter, QLineEdit, QWidget

from models.core.dates import DateFormatError, parse_date
from models.people.branch import DIRECT_GROUP, group_display, list_groups
from models.people.roster import NO_GROUP, MemberFilter, get_person, list_members
from models.reports.declaration import OptionKind, ReportOption
from models.reports.options import last_ended_quarter
from models.scoring.periods import quarter_of, year_period
from models.workspace import Changes, Entity
from ui.forms import DateField
from ui.operations import OperationRunner
from ui.table import ID_ROLE


class PeriodField(QComboBox):
    """A scoring period: 默认 (the last quarter that has ended), the recent quarters and years
    (the YEAR kind: years only). The value is the period code (2026Q3, 2026) or None."""

    edited = Signal()
    QUARTERS = 8  # two years back: enough for a late 公示 or a look at last year
    YEARS = 4

    def __init__(self, option: ReportOption, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.option = option
        self.setToolTip(option.help)
        today = runner.workspace.today()
        last = last_ended_quarter(today)
        if option.kind is OptionKind.YEAR:
            self.addItem(f"默认（{last.year}年度）", None)
        else:
            self.addItem(f"默认（上一季度：{last.title}）", None)
            quarter = quarter_of(today)
            for _ in range(self.QUARTERS):
                self.addItem(quarter.title, quarter.code)
                quarter = quarter.previous()
        for year in range(today.year, today.year - self.YEARS, -1):
            self.addItem(year_period(year).title, str(year))
        self.currentIndexChanged.connect(self.edited)

    def value(self) -> str | None:
        return self.currentData()

    def file_part(self) -> str:
        return self.currentText() if self.currentData() is not None else ""

    def refresh(self, changes: Changes) -> None:
        """Periods do not depend on the data."""


class DateOptionField(DateField):
    """A date option (the 公示期): empty means the report's default; text that is not a date is
    reported by `problem()` before anything is made."""

    def __init__(self, option: ReportOption, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.option = option
        self.line.setPlaceholderText("不填则用默认")
        self.setToolTip(option.help)
        self.line.textChanged.connect(self.edited)

    def value(self) -> date | None:
        try:
            return parse_date(self.text())
        except DateFormatError:
            return None

    def problem(self) -> str:
        """Why the text is not a date (Chinese), or ""."""
        try:
            parse_date(self.text())
        except DateFormatError as exc:
            return f"{self.option.label}：{exc}"
        return ""

    def file_part(self) -> str:
        return ""

    def refresh(self, changes: Changes) -> None:
        """Nothing in the data changes a date typed here."""


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


def problem_of(field: OptionField) -> str:
    """What is wrong with a field's text (a date option that is not a date), or ""."""
    return field.problem() if isinstance(field, DateOptionField) else ""
