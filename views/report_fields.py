"""The 报表 tab's option widgets, one per declared option kind: a flag, a 党小组, a person (pinyin
search among whom the report may pick), a period (quarter or year), a year, a date (the 公示期), a
month (the 民情公示) and a 民情事项's serial (the 交办单). Each has what views.reports_tab expects of an option widget: value(), file_part(), refresh(changes)
and the `edited` signal."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCheckBox, QComboBox, QCompleter, QLineEdit, QWidget

from models.core.codes import MEMBER_STAGES, label
from models.core.dates import DateFormatError, parse_date
from models.people.branch import DIRECT_GROUP, group_display, list_groups
from models.people.roster import NO_GROUP, PersonMatch, find_people, person_match
from models.reports.declaration import OptionKind, PersonScope, ReportOption
from models.reports.options import last_ended_quarter
from models.scoring.periods import parse_period, quarter_of, year_period
from models.workspace import Changes, Entity
from ui.forms import DateField
from ui.operations import OperationRunner
from ui.table import ID_ROLE
from views.grievance_report_fields import MonthField, SerialField


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

    def set_period(self, code: str) -> None:
        """Choose the period `code` (2026Q3, 2026), adding it when it is older than the list goes."""
        index = self.findData(code)
        if index < 0:
            self.addItem(parse_period(code).title, code)
            index = self.count() - 1
        self.setCurrentIndex(index)

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
    query (at most LIMIT, a pause after typing) and picking one selects that person.

    The report in use says whom it may pick (`set_scope`): the 党员基本信息卡 members only, the
    个人积分明细 members and the people of the development pipeline, whose stage is then shown
    beside the name. Archived people are offered too, marked and after the others. A person chosen
    who does not fit the report (after switching reports) stays chosen; `problem()` says why."""

    edited = Signal()
    LIMIT = 50
    PAUSE_MS = 250
    OTHERS = 5  # people outside the scope named when nobody inside it matches

    def __init__(self, option: ReportOption, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.option, self.runner = option, runner
        self.scope, self.report_title = PersonScope.MEMBERS, ""
        self.person: PersonMatch | None = None
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

    @property
    def person_id(self) -> int | None:
        return self.person.id if self.person is not None else None

    @property
    def person_name(self) -> str:
        return self.person.name if self.person is not None else ""

    def value(self) -> int | None:
        return self.person_id

    def file_part(self) -> str:
        return self.person_name

    def set_scope(self, scope: PersonScope, report_title: str) -> None:
        """The report now shown picks from `scope`; the chosen person's label follows (stage or not)."""
        self.scope, self.report_title = scope, report_title
        if self.person is not None:
            self.setText(self._label(self.person))

    def problem(self) -> str:
        """Why the chosen person cannot be picked for the report shown (Chinese), or ""."""
        if self.person is None:
            return ""
        return self.scope.refusal(self.person.name, self.person.stage, self.report_title)

    def _typed(self) -> None:
        if self.person is not None:
            self._select(None)
        self._pause.start()

    def search(self) -> None:
        """Fill the popup with the people matching the text whom the report may pick."""
        self._pause.stop()
        text = self.text().strip()
        self.matches.clear()
        if not text:
            self.completer.popup().hide()
            return
        with self.runner.read() as session:
            rows = find_people(session, text, self.scope.stages, self.LIMIT)
            others = [] if rows else [p for p in find_people(session, text, PersonScope.PEOPLE.stages, self.OTHERS)
                                      if p.stage not in self.scope.stages]
        for row in rows:
            item = QStandardItem(self._label(row))
            item.setData(row.id, ID_ROLE)
            item.setData(row.name, Qt.ItemDataRole.AccessibleTextRole)
            self.matches.appendRow(item)
        if not rows:
            self._say(f"没有找到{self.scope.noun if others else ''}“{text}”")
        for other in others:  # e.g. an activist typed into the card's search: say why they are not offered
            self._say(f"{other.name}　{label(other.stage)}：不是{self.scope.noun}",
                      self.scope.refusal(other.name, other.stage, self.report_title))
        self.completer.complete()

    def _say(self, text: str, tooltip: str = "") -> None:
        """A line of the popup that cannot be picked."""
        item = QStandardItem(text)
        item.setEnabled(False)
        if tooltip:
            item.setToolTip(tooltip)
        self.matches.appendRow(item)

    def _picked(self, index: QModelIndex) -> None:
        person_id = index.data(ID_ROLE)
        if person_id is not None:
            self.set_person(person_id)

    def _enter(self) -> None:
        """Enter with exactly one match picks it."""
        if self.person is None:
            self.search()
            if self.matches.rowCount() == 1 and self.matches.item(0).isEnabled():
                self._picked(self.matches.index(0, 0))
                self.completer.popup().hide()

    def set_person(self, person_id: int) -> None:
        """Select `person_id` (picked in the popup, or from the 党员 tab's 打印信息卡)."""
        with self.runner.read() as session:
            self._select(person_match(session, person_id))

    def _select(self, person: PersonMatch | None) -> None:
        self.person = person
        if person is not None:
            self.setText(self._label(person))
        self.edited.emit()

    def _label(self, person: PersonMatch) -> str:
        """Name, the stage when the report picks from more than members, the 党小组 (直属支部 for a
        member outside any), 已归档."""
        parts = [person.name]
        if self.scope is not PersonScope.MEMBERS:
            parts.append(label(person.stage))
        if person.group_name or person.stage in MEMBER_STAGES:
            parts.append(group_display(person.group_name))
        return "　".join(parts) + ("（已归档）" if person.archive_reason else "")

    def refresh(self, changes: Changes) -> None:
        ids = changes.ids(Entity.PERSON)
        if self.person is not None and changes.touches(Entity.PERSON) and (not ids or self.person.id in ids):
            self.set_person(self.person.id)  # the name, stage or group shown may have changed


# The widget for each kind of option: value(), file_part(), refresh(changes) and the edited signal.
OptionField = FlagField | GroupField | PersonField | PeriodField | DateOptionField | MonthField | SerialField
FIELDS: dict[OptionKind, type[OptionField]] = {
    OptionKind.FLAG: FlagField, OptionKind.GROUP: GroupField, OptionKind.PERSON: PersonField,
    OptionKind.PERIOD: PeriodField, OptionKind.YEAR: PeriodField, OptionKind.DATE: DateOptionField,
    OptionKind.MONTH: MonthField, OptionKind.SERIAL: SerialField}


def problem_of(field: OptionField) -> str:
    """What is wrong with a field's choice (a date option that is not a date, a person the report
    cannot be made for, a serial that names no item), or ""."""
    return field.problem() if isinstance(field, DateOptionField | PersonField | SerialField) else ""
