"""办理时限设置: the time limits of the 民情台账 per category and urgency — first response and 办结, in
working days — and when to flag 催办, how soon to visit back, and whether 办结 needs a 核查. The
limits are data (grievance.settings); items already registered keep their deadlines."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QGridLayout, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from models.core.codes import GrievanceCategory, Urgency, label
from models.development.workdays import calendar_last_year
from models.grievances.limits import (
    MAX_DAYS,
    MIN_DAYS,
    SETTINGS_LABELS,
    GrievanceSettings,
    Limit,
    get_grievance_settings,
    limit_for,
    update_grievance_settings,
)
from ui.forms import ERROR_COLOUR, GuardedDialog
from ui.operations import OperationRunner
from ui.sizing import fit_to_screen
from views.development.dialog_parts import form_layout, message_label, ok_cancel

_ERROR_STYLE = f"QSpinBox {{ border: 1px solid {ERROR_COLOUR}; }}"


def _spin(value: int, suffix: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(MIN_DAYS, MAX_DAYS)
    spin.setValue(value)
    spin.setSuffix(suffix)
    spin.setAlignment(Qt.AlignmentFlag.AlignRight)
    return spin


class LimitsDialog(GuardedDialog):
    def __init__(self, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.setWindowTitle("民情办理时限设置")
        with runner.read() as session:
            self.settings = get_grievance_settings(session)
        self.spins: dict[str, QSpinBox] = {}  # field name of the operation's errors -> its spin box
        layout = QVBoxLayout(self)
        intro = QLabel("按类别和紧急程度设定时限，单位是工作日（周末和法定节假日不算）：登记后多少个工作日内"
                       "首次响应（有进展、转办或办结），多少个工作日内办结。修改只影响以后登记的事项。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(self._limits_grid())
        layout.addLayout(self._other_settings())
        note = QLabel(f"法定节假日和调休已收录到 {calendar_last_year()} 年，之后的年份只扣除周末。")
        note.setStyleSheet("color: #555;")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.other_label = message_label()
        layout.addWidget(self.other_label)
        layout.addStretch(1)
        layout.addWidget(ok_cancel(self, "保存"))
        fit_to_screen(self, 640, 520)
        self.mark_clean()

    def _limits_grid(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        grid.addWidget(QLabel("<b>类别</b>"), 0, 0, 2, 1)
        for n, urgency in enumerate(Urgency):
            head = QLabel(f"<b>{label(urgency)}</b>")
            head.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(head, 0, 1 + 2 * n, 1, 2)
            for k, caption in enumerate(("响应", "办结")):
                sub = QLabel(caption)
                sub.setAlignment(Qt.AlignmentFlag.AlignCenter)
                sub.setStyleSheet("color: #555;")
                grid.addWidget(sub, 1, 1 + 2 * n + k)
        for row, category in enumerate(GrievanceCategory, start=2):
            grid.addWidget(QLabel(label(category)), row, 0)
            for n, urgency in enumerate(Urgency):
                limit = limit_for(self.settings, category, urgency)
                key = f"grievance.{category.value}.{urgency.value}"
                for k, name in enumerate(("response_days", "completion_days")):
                    spin = _spin(getattr(limit, name))
                    spin.setToolTip(SETTINGS_LABELS.get(f"{key}.{name}", ""))
                    spin.valueChanged.connect(lambda _v, s=spin: s.setStyleSheet(""))
                    self.spins[f"{key}.{name}"] = spin
                    grid.addWidget(spin, row, 1 + 2 * n + k)
        return grid

    def _other_settings(self):
        form = form_layout()
        self.remind_spin = _spin(self.settings.remind_within_days, " 个工作日")
        self.visit_spin = _spin(self.settings.visit_within_days, " 个工作日")
        self.check_box = QCheckBox("办结须经责任人以外的人核查后才算办结")
        self.check_box.setChecked(self.settings.check_required)
        self.spins["grievance.remind_within_days"] = self.remind_spin
        self.spins["grievance.visit_within_days"] = self.visit_spin
        form.addRow("距期限不超过：", self._with_note(self.remind_spin, "时提示催办（台账中显示为橙色）"))
        form.addRow("办结后：", self._with_note(self.visit_spin, "内回访"))
        form.addRow("", self.check_box)
        return form

    @staticmethod
    def _with_note(spin: QSpinBox, note: str) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(spin)
        row.addWidget(QLabel(note))
        row.addStretch(1)
        return box

    def value(self) -> GrievanceSettings:
        limits = []
        for category, urgency, _limit in self.settings.limits:
            key = f"grievance.{category}.{urgency}"
            limits.append((category, urgency, Limit(self.spins[f"{key}.response_days"].value(),
                                                    self.spins[f"{key}.completion_days"].value())))
        return replace(self.settings, limits=tuple(limits), remind_within_days=self.remind_spin.value(),
                       visit_within_days=self.visit_spin.value(), check_required=self.check_box.isChecked())

    def show_errors(self, messages: dict[str, str]) -> None:
        lines = []
        for key, message in messages.items():
            spin = self.spins.get(key)
            if spin is not None:
                spin.setStyleSheet(_ERROR_STYLE)
            lines.append(f"{SETTINGS_LABELS.get(key, '')}：{message}" if key in SETTINGS_LABELS else message)
        first = next((self.spins[k] for k in messages if k in self.spins), None)
        if first is not None:
            first.setFocus()
        self.other_label.setText("；".join(lines))
        self.other_label.setVisible(bool(lines))

    def save(self) -> None:
        if self.runner.run(self, update_grievance_settings, self.value(), on_invalid=self.show_errors) is not None:
            self.accept()
