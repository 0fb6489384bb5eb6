"""统计图: the period's items by category and by month — 登记 and 办结 side by side — drawn with
QPainter (views/grievances/chart.py), from the same figures as the 民情统计 report (figures_by)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from models.grievances.forms import Figures
from views.grievances.chart import BarChart, Series

REGISTERED_COLOUR = "#4e79a7"
RESOLVED_COLOUR = "#59a14f"


def _series(groups: list[tuple[str, Figures]]) -> list[Series]:
    return [Series("登记", REGISTERED_COLOUR, tuple(f.registered for _, f in groups)),
            Series("办结", RESOLVED_COLOUR, tuple(f.resolved for _, f in groups))]


class ChartPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.by_category = BarChart(self)
        self.by_month = BarChart(self)
        self.note = QLabel(self)
        self.note.setStyleSheet("color: #555;")
        self.note.setWordWrap(True)
        charts = QHBoxLayout()
        charts.setSpacing(8)
        charts.addWidget(self.by_category, 1)
        charts.addWidget(self.by_month, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 4, 2, 2)
        layout.addLayout(charts, 1)
        layout.addWidget(self.note)

    def show_figures(self, period_text: str, categories: list[tuple[str, Figures]],
                     months: list[tuple[str, Figures]]) -> None:
        shown = [(name, f) for name, f in categories if f.registered or f.resolved]
        self.by_category.set_data(f"按类别（{period_text}）", [name for name, _ in shown], _series(shown))
        self.by_month.set_data(f"按月份（{period_text}）", [name for name, _ in months], _series(months))
        self.note.setText("按登记日期归入期间；“办结”是本期登记的事项中已办结的件数（须核查的，核查后才算）。"
                          "不含已作废的事项。")
