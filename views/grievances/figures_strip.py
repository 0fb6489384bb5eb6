"""The figures strip above the 民情台账: the period chooser (this year by default, its quarters and
months, last year) and the period's figures — 登记, 办理中, 逾期, 办结率, 按期办结率, 满意率, 响应率,
重办率 — each with how it is counted in its tooltip."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QWidget

from models.grievances.forms import Figures
from models.scoring.periods import Period, month_period, quarters_of, year_period
from ui.forms import ERROR_COLOUR

# (key, caption, how it is counted)
FIGURES = (
    ("registered", "登记", "本期登记的事项（不含已作废）"),
    ("open", "办理中", "本期登记、现在仍未办结的事项"),
    ("overdue", "逾期", "本期登记、未办结且已超过办理期限的事项"),
    ("resolution_rate", "办结率", "已办结 ÷ 登记（须核查的，核查后才算办结）"),
    ("on_time_rate", "按期办结率", "在办理期限内办结 ÷ 已办结"),
    ("satisfaction_rate", "满意率", "最近一次回访满意或基本满意 ÷ 已回访"),
    ("response_rate", "响应率", "在首次响应时限内有进展、转办或办结 ÷ 已响应或已过首次响应时限的"),
    ("reopen_rate", "重办率", "回访不满意后重新办理过 ÷ 办结过（现在已办结的，加上重新办理过的）"),
)
_COUNTS = {"resolution_rate": ("resolved", "registered"), "on_time_rate": ("resolved_on_time", "resolved"),
           "satisfaction_rate": ("satisfied", "visited"), "response_rate": ("responded_in_time", "response_due"),
           "reopen_rate": ("reopened", "closed_once")}


def rate_text(rate: float | None) -> str:
    """85.7% / 100% / — (nothing to divide by)."""
    if rate is None:
        return "—"
    text = f"{rate * 100:.1f}"
    return (text[:-2] if text.endswith(".0") else text) + "%"


def figure_text(figures: Figures, key: str) -> str:
    value = getattr(figures, key)
    return rate_text(value) if key in _COUNTS else str(value)


class FiguresStrip(QWidget):
    """Emits period_changed when another period is chosen."""

    period_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.this_year = 0
        self.period_combo = QComboBox(self)
        self.period_combo.setToolTip("统计和台账的期间。选“本年度”时，台账还列出往年登记、至今未办结的事项")
        self.period_combo.setMaxVisibleItems(20)
        self.period_combo.currentIndexChanged.connect(lambda: self.period_changed.emit())
        self.labels: dict[str, QLabel] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 0, 2, 0)
        layout.setSpacing(10)
        layout.addWidget(QLabel("期间：", self))
        layout.addWidget(self.period_combo)
        for key, caption, how in FIGURES:
            figure = QLabel(self)
            figure.setObjectName(f"figure_{key}")
            figure.setToolTip(f"{caption}：{how}")
            figure.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            self.labels[key] = figure
            layout.addWidget(figure)
        layout.addStretch(1)

    def set_periods(self, today: date) -> None:
        """本年度 (the default), this year's quarters and months up to today, and last year."""
        keep = self.period_combo.currentData()
        self.this_year = today.year
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        self.period_combo.addItem(f"{today.year}年度", str(today.year))
        for quarter in quarters_of(today.year):
            if quarter.start <= today:
                self.period_combo.addItem(f"　{quarter.title}", quarter.code)
        for month in range(1, today.month + 1):
            period = month_period(today.year, month)
            self.period_combo.addItem(f"　{period.title}", period.code)
        self.period_combo.addItem(f"{today.year - 1}年度", str(today.year - 1))
        self.period_combo.setCurrentIndex(max(self.period_combo.findData(keep), 0))
        self.period_combo.blockSignals(False)

    def period_code(self) -> str:
        return self.period_combo.currentData() or str(self.this_year)

    def set_period_code(self, code: str) -> bool:
        index = self.period_combo.findData(code)
        if index >= 0:
            self.period_combo.setCurrentIndex(index)
        return index >= 0

    def period(self) -> Period:
        """The chosen period (for the figures, the chart, the diary)."""
        code = self.period_code()
        if len(code) == 4:
            return year_period(int(code))
        if "Q" in code:
            year, quarter = code.split("Q")
            return quarters_of(int(year))[int(quarter) - 1]
        return month_period(code)

    def ledger_period(self) -> Period | None:
        """None for this year: the ledger then shows this year's items plus every item still open."""
        return None if self.period_code() == str(self.this_year) else self.period()

    def show_figures(self, figures: Figures) -> None:
        for key, caption, how in FIGURES:
            value = figure_text(figures, key)
            warn = key == "overdue" and figures.overdue > 0
            colour = ERROR_COLOUR if warn else "#222"
            self.labels[key].setText(f"<span style='color:#666'>{caption}</span> "
                                     f"<b style='color:{colour}'>{value}</b>")
            tip = f"{caption}：{how}"
            if key in _COUNTS:
                top, bottom = _COUNTS[key]
                tip += f"\n本期：{getattr(figures, top)} ÷ {getattr(figures, bottom)}"
            self.labels[key].setToolTip(tip)

    def texts(self) -> dict[str, str]:
        """caption -> value as shown (tests read the strip as the user does)."""
        return {caption: self.labels[key].text().rpartition("'>")[2].removesuffix("</b>")
                for key, caption, _ in FIGURES}
