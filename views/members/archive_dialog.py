"""归档: 转出 / 去世 / 其他 — the person leaves the active roster but every record is kept."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from models.codes import ArchiveReason, choices
from models.dates import DateFormatError
from models.people import archive_person
from models.person_rules import FIELD_LABELS, ArchiveForm, ValidationError
from models.store import Store
from ui.forms import DateField, FieldErrors


class ArchiveDialog(QDialog):
    def __init__(self, store: Store, person_id: int, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.person_id = person_id
        self.setWindowTitle(f"归档 — {name}")
        self.setMinimumWidth(480)
        self.errors = FieldErrors()
        self.reasons = QButtonGroup(self)
        reason_row = QHBoxLayout()
        self.reason_buttons: dict[str, QRadioButton] = {}
        for code, text in choices(ArchiveReason):
            button = QRadioButton(text)
            self.reasons.addButton(button)
            self.reason_buttons[code] = button
            reason_row.addWidget(button)
            button.toggled.connect(self._reason_changed)
        self.date_field = DateField()
        self.date_field.set_value(date.today())
        self.transfer_to_edit = QLineEdit()
        self.transfer_to_edit.setPlaceholderText("如 中共XX社区支部委员会")
        self.letter_edit = QLineEdit()
        self.letter_edit.setPlaceholderText("组织关系介绍信编号")
        self.note_edit = QLineEdit()
        self.form = QFormLayout()
        self.form.addRow("归档原因：", self.errors.wrap("archive_reason", self._row_widget(reason_row)))
        self.form.addRow("日期：", self.errors.wrap("archived_on", self.date_field))
        for field, widget in (("transfer_to", self.transfer_to_edit), ("transfer_letter_no", self.letter_edit),
                              ("archive_note", self.note_edit)):
            self.form.addRow(f"{FIELD_LABELS[field]}：", self.errors.wrap(field, widget))
        hint = QLabel("归档后此人不再出现在在册名单中，资料全部保留，可随时恢复。")
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("归档")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.reason_buttons[ArchiveReason.TRANSFERRED_OUT].setChecked(True)

    @staticmethod
    def _row_widget(layout: QHBoxLayout) -> QWidget:
        widget = QWidget()
        layout.setContentsMargins(0, 0, 0, 0)
        widget.setLayout(layout)
        return widget

    def reason(self) -> str:
        return next(code for code, button in self.reason_buttons.items() if button.isChecked())

    def _reason_changed(self) -> None:
        reason = self.reason()
        transfer = reason == ArchiveReason.TRANSFERRED_OUT
        self.form.setRowVisible(2, transfer)
        self.form.setRowVisible(3, transfer)
        self.form.setRowVisible(4, reason == ArchiveReason.OTHER)
        date_label = {ArchiveReason.TRANSFERRED_OUT: "转出日期：", ArchiveReason.DECEASED: "去世日期："}
        label = self.form.itemAt(1, QFormLayout.ItemRole.LabelRole).widget()
        label.setText(date_label.get(reason, "日期："))

    def save(self) -> None:
        try:
            archived_on = self.date_field.value()
        except DateFormatError as exc:
            self.errors.show({"archived_on": str(exc)})
            return
        reason = self.reason()
        form = ArchiveForm(
            reason=reason,
            archived_on=archived_on,
            transfer_to=self.transfer_to_edit.text() if reason == ArchiveReason.TRANSFERRED_OUT else "",
            transfer_letter_no=self.letter_edit.text() if reason == ArchiveReason.TRANSFERRED_OUT else "",
            note=self.note_edit.text() if reason == ArchiveReason.OTHER else "",
        )
        try:
            with self.store.session() as session:
                archive_person(session, self.person_id, form, date.today())
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        self.accept()
