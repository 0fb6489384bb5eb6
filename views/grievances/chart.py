"""A bar chart drawn with QPainter (QtCharts lives in PySide6-Addons, which the bundle does not
ship): groups of bars — one bar per series — under a title, with a legend, a scale and each bar's
value. The 统计图 page shows the items by category and by month with it."""

from __future__ import annotations

import math
from typing import NamedTuple

from PySide6.QtCore import QLineF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


class Series(NamedTuple):
    name: str
    colour: str
    values: tuple[int, ...]


def nice_step(top: int, ticks: int = 5) -> int:
    """A round step (1, 2, 5, 10, 20, 50 …) dividing 0..top into at most `ticks` intervals."""
    if top <= ticks:
        return 1
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return int(factor * power)
    return int(10 * power)


class BarChart(QWidget):
    """set_data(title, labels, series): len(series[i].values) == len(labels)."""

    MARGIN = 8

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.labels: tuple[str, ...] = ()
        self.series: tuple[Series, ...] = ()
        self.empty_text = "本期无记录"
        self.bar_rects: list[tuple[str, str, QRectF]] = []  # (label, series name, rect) as last painted
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(280, 180)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(480, 300)

    def set_data(self, title: str, labels: list[str] | tuple[str, ...], series: list[Series]) -> None:
        self.title = title
        self.labels = tuple(labels)
        self.series = tuple(series)
        self.update()

    def top_value(self) -> int:
        return max((v for s in self.series for v in s.values), default=0)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        self.bar_rects = []
        font = QFont(self.font())
        metrics = QFontMetrics(font)
        line = metrics.height()
        area = QRectF(self.rect()).adjusted(self.MARGIN, self.MARGIN, -self.MARGIN, -self.MARGIN)
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor("#222"))
        painter.drawText(QRectF(area.left(), area.top(), area.width(), line), Qt.AlignmentFlag.AlignLeft, self.title)
        painter.setFont(font)
        self._legend(painter, metrics, QRectF(area.left(), area.top(), area.width(), line))
        top = self.top_value()
        if not self.labels or top == 0:
            painter.setPen(QColor("#888"))
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        step = nice_step(top)
        scale_top = step * math.ceil(top / step)
        axis_width = metrics.horizontalAdvance(str(scale_top)) + 6
        label_height = 2 * line + 2  # labels may wrap onto a second line
        plot = QRectF(area.left() + axis_width, area.top() + line + 6 + line,  # room for values above the bars
                      area.width() - axis_width, area.height() - 2 * line - 6 - label_height)
        if plot.height() < 20 or plot.width() < 20:
            return
        self._scale(painter, plot, step, scale_top, axis_width)
        self._bars(painter, metrics, plot, scale_top, line)

    def _legend(self, painter: QPainter, metrics: QFontMetrics, row: QRectF) -> None:
        if len(self.series) < 2:
            return
        x = row.right()
        for series in reversed(self.series):
            text_width = metrics.horizontalAdvance(series.name)
            x -= text_width
            painter.setPen(QColor("#444"))
            painter.drawText(QRectF(x, row.top(), text_width, row.height()), Qt.AlignmentFlag.AlignVCenter, series.name)
            x -= 14
            painter.fillRect(QRectF(x, row.center().y() - 5, 10, 10), QColor(series.colour))
            x -= 12

    def _scale(self, painter: QPainter, plot: QRectF, step: int, scale_top: int, axis_width: float) -> None:
        for value in range(0, scale_top + 1, step):
            y = plot.bottom() - plot.height() * value / scale_top
            painter.setPen(QPen(QColor("#e3e3e3") if value else QColor("#888"), 1))
            painter.drawLine(QLineF(plot.left(), y, plot.right(), y))
            painter.setPen(QColor("#666"))
            painter.drawText(QRectF(plot.left() - axis_width, y - 8, axis_width - 4, 16),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(value))

    def _bars(self, painter: QPainter, metrics: QFontMetrics, plot: QRectF, scale_top: int, line: int) -> None:
        groups = len(self.labels)
        slot = plot.width() / groups
        bars = len(self.series)
        bar_width = max(2.0, min(28.0, slot * 0.75 / bars))
        for n, text in enumerate(self.labels):
            left = plot.left() + slot * n + (slot - bar_width * bars) / 2
            for k, series in enumerate(self.series):
                value = series.values[n]
                height = plot.height() * value / scale_top
                rect = QRectF(left + k * bar_width, plot.bottom() - height, bar_width - 1, height)
                painter.fillRect(rect, QColor(series.colour))
                self.bar_rects.append((text, series.name, rect))
                if value and metrics.horizontalAdvance(str(value)) <= bar_width + 8:
                    painter.setPen(QColor("#333"))
                    painter.drawText(QRectF(rect.center().x() - 20, rect.top() - line, 40, line),
                                     Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, str(value))
            painter.setPen(QColor("#333"))
            painter.drawText(QRectF(plot.left() + slot * n, plot.bottom() + 3, slot, 2 * line + 2),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                             text)
