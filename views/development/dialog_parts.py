"""Pieces the 发展党员 dialogs share: combo boxes of codes, the button row, a form layout, and a
line for messages that belong to no single field."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from models.settings.values import DEFAULT_TIMING_RULES
from ui.forms import ERROR_COLOUR, WARNING_COLOUR, FieldErrors


def ok_cancel(dialog, ok_text: str) -> QDialogButtonBox:
    """The dialog's buttons: `ok_text` runs dialog.save, 取消 asks before discarding (GuardedDialog)."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    buttons.accepted.connect(dialog.save)
    buttons.rejected.connect(dialog.reject)
    dialog.save_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
    return buttons


def form_layout() -> QFormLayout:
    form = QFormLayout()
    form.setVerticalSpacing(6)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


def message_label() -> QLabel:
    """Red text under the fields for what the model says about no field of the form."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_COLOUR};")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


class OverrideBox(QWidget):
    """The timing rules a change does not meet, and the reason to go ahead anyway (仍要继续). Hidden
    while every rule is met; the reason is kept with the step and shown on the person's page."""

    def __init__(self, errors: FieldErrors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.findings_label = QLabel(self)
        self.findings_label.setWordWrap(True)
        self.findings_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.findings_label.setStyleSheet(f"color: {WARNING_COLOUR}; padding: 4px;")
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setPlaceholderText("写明为什么不按上述时限办理，如 经乡镇党委同意，于…会议研究")
        self.reason_edit.setFixedHeight(50)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.findings_label)
        layout.addWidget(QLabel("仍要继续（须填写理由）：", self))
        layout.addWidget(errors.wrap("override_reason", self.reason_edit))
        self.hide()

    def show_findings(self, messages: list[str]) -> None:
        if messages:
            items = "".join(f"<li>{escape(m)}</li>" for m in messages)
            self.findings_label.setText(f"<b>以下时限要求未满足：</b><ul style='margin:2px 0; -qt-list-indent:1'>"
                                        f"{items}</ul>如确有特殊情况，可填写理由后继续，理由会记入此人的发展记录。")
        self.setVisible(bool(messages) or bool(self.reason()))

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()

    def findings_text(self) -> str:
        return self.findings_label.text() if self.isVisibleTo(self.parentWidget()) else ""


TIMING_CODES = frozenset(rule.code for rule in DEFAULT_TIMING_RULES)  # the keys of TimingNotMet's errors


def show_errors(errors: FieldErrors, other: QLabel, messages: dict[str, str],
                override: OverrideBox | None = None) -> None:
    """Messages under their fields; timing rules not met (TimingNotMet) in `override`, which then
    asks for a reason; the rest (the person, the action) in `other`."""
    errors.show({k: v for k, v in messages.items() if k in errors.labels})
    findings = [v for k, v in messages.items() if k in TIMING_CODES and k not in errors.labels]
    rest = [v for k, v in messages.items() if k not in errors.labels and k not in TIMING_CODES]
    if override is not None and findings:
        override.show_findings(findings)
        override.reason_edit.setFocus()
    elif findings:
        rest = findings + rest
    other.setText("；".join(rest))
    other.setVisible(bool(rest))
