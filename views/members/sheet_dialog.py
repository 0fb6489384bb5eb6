"""Which sheet to import, asked before the preview when a workbook has several sheets that look
like rosters, or a roster only on a hidden sheet (which is never imported without asking)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from models.excel.workbook import SheetChoice

HEADERS_SHOWN = 6


def describe_choice(choice: SheetChoice) -> str:
    """One line under a sheet's name: where its header is and the first column names."""
    names = [h for h in choice.headers if h]
    shown = "、".join(names[:HEADERS_SHOWN]) + ("…" if len(names) > HEADERS_SHOWN else "")
    line = f"表头在第 {choice.header_row} 行：{shown}"
    if choice.hidden:
        line += "\n这个工作表在Excel中是隐藏的，请确认它确实是要导入的名单"
    return line


class SheetDialog(QDialog):
    """One radio button per candidate sheet. A visible sheet is preselected; when the only roster
    sheets are hidden, nothing is, so a hidden sheet is imported only when the user picks it."""

    def __init__(self, file_name: str, finding: str, choices: list[SheetChoice], parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"选择工作表 — {file_name}")
        self.setMinimumWidth(460)
        self.choices = choices
        intro = QLabel(f"{finding}。\n请选择要导入的工作表：", self)
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(intro)
        self.group = QButtonGroup(self)
        self.buttons: list[QRadioButton] = []
        for index, choice in enumerate(choices):
            button = QRadioButton(f"“{choice.label}”", self)
            self.group.addButton(button, index)
            self.buttons.append(button)
            detail = QLabel(describe_choice(choice), self)
            detail.setWordWrap(True)
            detail.setStyleSheet("color: #555; margin-left: 22px;")
            pair = QVBoxLayout()  # the detail sits right under its button, apart from the next one
            pair.setSpacing(0)
            pair.addWidget(button)
            pair.addWidget(detail)
            layout.addLayout(pair)
        visible = [b for b, c in zip(self.buttons, choices, strict=True) if not c.hidden]
        if visible:
            visible[0].setChecked(True)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("读取这个工作表")
        box.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.group.buttonToggled.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.ok_button.setEnabled(self.group.checkedId() >= 0)

    def chosen(self) -> str | None:
        """The name of the sheet picked (None before a pick)."""
        index = self.group.checkedId()
        return self.choices[index].name if index >= 0 else None
