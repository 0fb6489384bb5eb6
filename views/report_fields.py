"""The 报表 tab's widgets for the scoring options: a period (quarter or year), a year, and a date
(the 公示期). Each has what views.reports_tab expects of an option widget: value(), file_part(),
refresh(changes) and the `edited` signal."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from models.core.dates import DateFormatError, parse_date
from models.reports.declaration import OptionKind, ReportOption
from models.reports.options import last_ended_quarter
from models.scoring.periods import quarter_of, year_period
from models.workspace import Changes
from ui.forms import DateField
from ui.operations import OperationRunner


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
