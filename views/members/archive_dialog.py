"""归档 (转出 / 去世 / 出党 / 停止党籍 / 其他) and 恢复: each a dated event in the person's history."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from models.core.codes import ArchiveReason, choices
from models.core.dates import DateFormatError
from models.people.operations import archive_member, restore_member
from models.people.rules import FIELD_LABELS, ArchiveForm, RestoreForm
from ui.forms import DateField, FieldErrors, GuardedDialog
from ui.operations import OperationRunner


class ArchiveDialog(GuardedDialog):
    def __init__(self, runner: OperationRunner, person_id: int, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
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
        reason_row.addStretch(1)
        self.date_field = DateField()
        self.date_field.set_value(runner.workspace.today())
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
        self.mark_clean()

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
        self.form.setRowVisible(4, reason != ArchiveReason.TRANSFERRED_OUT and reason != ArchiveReason.DECEASED)
        date_label = {ArchiveReason.TRANSFERRED_OUT: "转出日期：", ArchiveReason.DECEASED: "去世日期：",
                      ArchiveReason.LEFT_PARTY: "出党日期：", ArchiveReason.SUSPENDED: "停止党籍日期："}
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
            note=self.note_edit.text() if reason not in (ArchiveReason.TRANSFERRED_OUT, ArchiveReason.DECEASED) else "",
        )
        if self.runner.run(self, archive_member, self.person_id, form, on_invalid=self.errors.show) is not None:
            self.accept()


class RestoreDialog(GuardedDialog):
    """恢复: the person comes back to the active roster; the archive stays in their history."""

    def __init__(self, runner: OperationRunner, person_id: int, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.person_id = person_id
        self.setWindowTitle(f"恢复 — {name}")
        self.setMinimumWidth(440)
        self.errors = FieldErrors()
        self.date_field = DateField()
        self.date_field.set_value(runner.workspace.today())
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("如 组织关系转回本支部")
        form = QFormLayout()
        form.addRow("恢复日期：", self.errors.wrap("restored_on", self.date_field))
        form.addRow("说明：", self.errors.wrap("restore_note", self.note_edit))
        hint = QLabel(f"把“{name}”恢复到在册名单中。原来的归档记录保留在此人的经历里。")
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("恢复")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.mark_clean()

    def save(self) -> None:
        try:
            restored_on = self.date_field.value()
        except DateFormatError as exc:
            self.errors.show({"restored_on": str(exc)})
            return
        form = RestoreForm(restored_on, self.note_edit.text())
        if self.runner.run(self, restore_member, self.person_id, form, on_invalid=self.errors.show) is not None:
            self.accept()
