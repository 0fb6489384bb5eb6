"""Form helpers: a date field that accepts how people write dates, and per-field error labels."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from models.core.dates import DateFormatError, format_date, parse_date
from ui.icons import icon

ERROR_STYLE = "color: #c0392b;"


class DateField(QWidget):
    """A text box for a date (2026-07-01, 2026.7.1, 2026年7月1日, 20260701) with a calendar button."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = QLineEdit(self)
        self.line.setPlaceholderText("如 2026-07-01")
        self.line.editingFinished.connect(self._tidy)
        self.button = QToolButton(self)
        self.button.setIcon(icon("calendar"))
        self.button.setToolTip("从日历中选择")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.button)
        self.calendar = QCalendarWidget(menu)
        self.calendar.setGridVisible(True)
        self.calendar.clicked.connect(self._picked)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._sync_calendar)
        self.button.setMenu(menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.line)
        layout.addWidget(self.button)
        self.setFocusProxy(self.line)

    def value(self) -> date | None:
        """The date, None when empty; raises DateFormatError for text that is not a date."""
        return parse_date(self.line.text())

    def set_value(self, value: date | None) -> None:
        self.line.setText(format_date(value))

    def text(self) -> str:
        return self.line.text()

    def _tidy(self) -> None:
        try:
            value = self.value()
        except DateFormatError:
            return
        if value is not None:
            self.line.setText(format_date(value))
        self.edited.emit()

    def _sync_calendar(self) -> None:
        try:
            value = self.value()
        except DateFormatError:
            value = None
        if value:
            self.calendar.setSelectedDate(QDate(value.year, value.month, value.day))

    def _picked(self, picked: QDate) -> None:
        self.set_value(date(picked.year(), picked.month(), picked.day()))
        self.button.menu().hide()
        self.edited.emit()


class FieldErrors:
    """A red message under each field, keyed by the model layer's field names."""

    def __init__(self) -> None:
        self.labels: dict[str, QLabel] = {}
        self.widgets: dict[str, QWidget] = {}

    def wrap(self, field: str, widget: QWidget) -> QWidget:
        """A container holding `widget` and, beneath it, its (hidden until needed) error label."""
        label = QLabel()
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.setVisible(False)
        label.setObjectName(f"error_{field}")
        self.labels[field] = label
        self.widgets[field] = widget
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(widget)
        layout.addWidget(label)
        return box

    def show(self, errors: dict[str, str]) -> None:
        """Show these messages (and clear the others); focus the first field in error."""
        for field, label in self.labels.items():
            label.setText(errors.get(field, ""))
            label.setVisible(field in errors)
        first = next((f for f in self.labels if f in errors), None)
        if first is not None:
            self.widgets[first].setFocus(Qt.FocusReason.OtherFocusReason)

    def set(self, field: str, message: str) -> None:
        label = self.labels[field]
        label.setText(message)
        label.setVisible(bool(message))

    def message(self, field: str) -> str:
        label = self.labels.get(field)
        return label.text() if label is not None and label.isVisibleTo(label.parentWidget()) else ""
