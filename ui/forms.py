"""Form helpers: a date field that accepts how people write dates, per-field messages (errors in
red, warnings in amber), and dialogs that ask before throwing typed input away."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCalendarWidget,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from models.core.dates import DateFormatError, format_date, parse_date
from ui.icons import icon

ERROR_COLOUR = "#c0392b"
WARNING_COLOUR = "#a04d00"  # amber dark enough to read on white (contrast above 4.5:1)
ERROR_STYLE = f"color: {ERROR_COLOUR};"
WARNING_STYLE = f"color: {WARNING_COLOUR};"


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
    """A message under each field, keyed by the model layer's field names: red for an error (the
    save is refused), amber for a warning (saved, but worth checking). A message goes away as soon
    as the user changes its field: it described the old value."""

    def __init__(self) -> None:
        self.labels: dict[str, QLabel] = {}
        self.widgets: dict[str, QWidget] = {}
        self.kinds: dict[str, str] = {}  # field -> "error" / "warning" while a message shows

    def wrap(self, field: str, widget: QWidget) -> QWidget:
        """A container holding `widget` and, beneath it, its (hidden until needed) message label."""
        label = QLabel()
        label.setWordWrap(True)
        label.setVisible(False)
        label.setObjectName(f"error_{field}")
        self.labels[field] = label
        self.widgets[field] = widget
        for signal in _edit_signals(widget):
            signal.connect(lambda *_args, name=field: self.set(name, ""))
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(widget)
        layout.addWidget(label)
        return box

    def show(self, errors: dict[str, str], warnings: dict[str, str] | None = None) -> None:
        """Show these messages (and clear the others); focus the first field in error."""
        warnings = warnings or {}
        for field in self.labels:
            if field in errors:
                self.set(field, errors[field])
            else:
                self.set(field, warnings.get(field, ""), warning=True)
        first = next((f for f in self.labels if f in errors), None)
        if first is not None:
            self.widgets[first].setFocus(Qt.FocusReason.OtherFocusReason)

    def show_warnings(self, warnings: dict[str, str]) -> None:
        """Update the warnings; errors on show stay until their field is changed."""
        for field in self.labels:
            if self.kinds.get(field) != "error":
                self.set(field, warnings.get(field, ""), warning=True)

    def set(self, field: str, message: str, warning: bool = False) -> None:
        label = self.labels[field]
        label.setText(message)
        label.setStyleSheet(WARNING_STYLE if warning else ERROR_STYLE)
        label.setVisible(bool(message))
        if message:
            self.kinds[field] = "warning" if warning else "error"
        else:
            self.kinds.pop(field, None)

    def message(self, field: str) -> str:
        label = self.labels.get(field)
        return label.text() if label is not None and label.isVisibleTo(label.parentWidget()) else ""

    def first_shown(self) -> QLabel | None:
        """The first message showing (a dialog in a scroll area scrolls to it)."""
        return next((self.labels[f] for f in self.labels if f in self.kinds), None)


def _inside_calendar(widget: QWidget) -> bool:
    """True for the parts of a date field's pop-up calendar (their state is not user input)."""
    parent = widget
    while parent is not None:
        if isinstance(parent, QCalendarWidget):
            return True
        parent = parent.parentWidget()
    return False


def _edit_signals(widget: QWidget) -> list:
    """The signals by which the user changes `widget` (or the inputs inside it)."""
    if isinstance(widget, DateField):
        return [widget.line.textChanged]
    if isinstance(widget, QLineEdit):
        return [widget.textChanged]
    if isinstance(widget, QComboBox):
        return [widget.currentIndexChanged, widget.editTextChanged]
    if isinstance(widget, QPlainTextEdit):
        return [widget.textChanged]
    if isinstance(widget, QAbstractButton):
        return [widget.toggled]
    inputs = (QLineEdit, QComboBox, QPlainTextEdit, QAbstractButton)
    children = [w for w in widget.findChildren(QWidget) if isinstance(w, inputs) and not _inside_calendar(w)]
    return [signal for child in children if not isinstance(child.parentWidget(), QComboBox)
            for signal in _edit_signals(child)]


def input_state(root: QWidget) -> tuple:
    """What the user has entered in the inputs inside `root`, comparable with an earlier state."""
    state: list[object] = []
    for widget in root.findChildren(QWidget):
        if _inside_calendar(widget) or isinstance(widget.parentWidget(), QComboBox | QAbstractSpinBox):
            continue  # a combo box's or spin box's own line edit: the box itself is read
        if isinstance(widget, QLineEdit):
            state.append(widget.text())
        elif isinstance(widget, QPlainTextEdit):
            state.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            state.append((widget.currentIndex(), widget.currentText()))
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            state.append(widget.isChecked())
        elif isinstance(widget, QAbstractSpinBox):  # numbers (time limits, points, caps), dates
            state.append(widget.text())
    return tuple(state)


DISCARD_QUESTION = "放弃已填写的内容？"


class GuardedDialog(QDialog):
    """A dialog whose 取消, Esc and close button ask before throwing typed input away — and do
    not ask when nothing was changed. Subclasses call mark_clean() once their fields are filled."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clean: tuple | None = None
        self.discard_box: QMessageBox | None = None

    def mark_clean(self) -> None:
        self._clean = input_state(self)

    def has_changes(self) -> bool:
        return self._clean is not None and input_state(self) != self._clean

    def reject(self) -> None:
        if self.discard_box is not None:
            return  # the question is already asked
        if not self.has_changes():
            super().reject()
            return
        def answered(yes: bool) -> None:
            self.discard_box = None
            if yes:
                super(GuardedDialog, self).reject()

        self.discard_box = ask_destructive(self, DISCARD_QUESTION, "选“放弃”，刚才填写的内容不会保存。", "放弃", "继续填写",
                                           answered)


def combo(items, blank: str | None = None) -> QComboBox:
    """A combo box of (code, label) pairs, optionally led by a blank choice whose data is ""."""
    box = QComboBox()
    if blank is not None:
        box.addItem(blank, "")
    for code, text in items:
        box.addItem(text, code)
    return box


def select_data(box: QComboBox, value: object) -> None:
    """Select the item whose data is `value` (the first item when none is)."""
    box.setCurrentIndex(max(box.findData(value), 0))


def fill_from_citizen_id(text: str, today, errors: FieldErrors, birth_field: DateField, gender_combo: QComboBox) -> bool:
    """Typed an 18-character ID: fill 出生日期 and 性别 from it, or say under the field what is wrong.
    True when the fields were filled."""
    from models.people import citizen_id

    number = citizen_id.normalize(text)
    if len(number) < 18:
        return False
    try:
        info = citizen_id.parse(number, today)
    except citizen_id.CitizenIdError as exc:
        errors.set("citizen_id", str(exc))
        return False
    birth_field.set_value(info.birth_date)
    select_data(gender_combo, info.gender.value)
    return True


def ask_destructive(parent: QWidget, text: str, detail: str, yes: str, no: str, answered) -> QMessageBox:
    """A window-modal question whose safe answer (`no`) is the default and Esc; `answered(True)`
    when the user chose `yes`, `answered(False)` otherwise. Returns the box, already open."""
    box = QMessageBox(QMessageBox.Icon.Question, parent.windowTitle(), text, QMessageBox.StandardButton.NoButton,
                      parent)
    box.setInformativeText(detail)
    destructive = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole)
    safe = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(safe)
    box.setEscapeButton(safe)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.finished.connect(lambda _result: answered(box.clickedButton() is destructive))
    box.open()
    return box
