"""记录步骤: one dated step of the 细则 (谈话, 思想汇报, 政审, 集中培训, 公示, 入党宣誓 …) for one person."""

from __future__ import annotations

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from models.core.codes import Step, label
from models.core.dates import DateFormatError
from models.development.forms import StepForm
from models.development.operations import record_step
from models.development.steps import HOUR_STEPS, LINKED_STEPS, PHASES, SPAN_STEPS, STAGE_STEPS
from models.development.workdays import beyond_calendar, workday_span_end
from models.people.roster import MemberFilter, list_members
from models.settings.values import get_settings
from ui.forms import WARNING_COLOUR, DateField, FieldErrors, GuardedDialog
from ui.operations import OperationRunner
from ui.sizing import fit_to_screen
from views.development.dialog_parts import form_layout, message_label, ok_cancel, show_errors
from views.development.people_picker import Choice, PeoplePicker

WITH_UNTIL = {Step.TRAINING: "培训结束日期", Step.PUBLICITY: "公示结束日期"}
WITH_PERSON = {Step.CONTACTS: "培养联系人", Step.INTRODUCERS: "入党介绍人"}
FIELD_LABELS = {"step": "步骤", "on": "日期", "until": "结束日期", "hours": "学时", "related_person_id": "人员",
                "note": "说明"}


class StepDialog(GuardedDialog):
    """Pick the step (grouped by the five stages), its date, and what that step needs."""

    def __init__(self, runner: OperationRunner, person_id: int, name: str, step: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.person_id = person_id
        self.saved_id: int | None = None
        self.setWindowTitle(f"记录发展步骤 — {name}")
        self.errors = FieldErrors()
        self._build()
        if step is not None:
            self.step_combo.setCurrentIndex(max(self.step_combo.findData(step), 0))
        self.step_combo.currentIndexChanged.connect(self._step_changed)
        self.date_field.edited.connect(self._suggest_until)
        self._step_changed()
        self.mark_clean()

    def _build(self) -> None:
        self.step_combo = QComboBox()
        model: QStandardItemModel = self.step_combo.model()
        for phase in PHASES:
            self.step_combo.addItem(f"—— {phase.title} ——", None)
            model.item(model.rowCount() - 1).setEnabled(False)  # a heading, not a choice
            for step in phase.steps:
                if step not in STAGE_STEPS:  # recorded by the stage actions, which check the timing rules
                    self.step_combo.addItem(f"　{label(step)}", str(step))
        self.step_combo.setCurrentIndex(1)
        self.step_combo.setMaxVisibleItems(20)
        self.date_field = DateField()
        self.date_field.set_value(self.runner.workspace.today())
        self.until_field = DateField()
        self.hours_spin = QSpinBox()
        self.hours_spin.setRange(0, 999)
        self.hours_spin.setSpecialValueText("（未填）")
        self.hours_spin.setSuffix(" 学时")
        self.picker = PeoplePicker(self._full_members(), self._search_members, self, single=True)
        self.picker.list.setMinimumHeight(80)
        self.note_edit = QLineEdit()
        self.calendar_note = QLabel()
        self.calendar_note.setWordWrap(True)
        self.calendar_note.setStyleSheet(f"color: {WARNING_COLOUR};")
        self.form = form_layout()
        self.form.addRow("步骤：", self.errors.wrap("step", self.step_combo))
        self.form.addRow("日期：", self.errors.wrap("on", self.date_field))
        self.form.addRow("结束日期：", self.errors.wrap("until", self.until_field))
        self.form.addRow("学时：", self.errors.wrap("hours", self.hours_spin))
        self.form.addRow("人员：", self.errors.wrap("related_person_id", self.picker))
        self.form.addRow("说明：", self.errors.wrap("note", self.note_edit))
        self.form.addRow("", self.calendar_note)
        self.other_label = message_label()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.other_label)
        layout.addStretch(1)
        layout.addWidget(ok_cancel(self, "记录"))
        fit_to_screen(self, 520, 320)

    def _full_members(self) -> list[Choice]:
        with self.runner.read() as session:
            rows = list_members(session, MemberFilter(stage="full"), self.runner.workspace.today())
        return [Choice(r.id, r.name, r.group_name or "") for r in rows]

    def _search_members(self, text: str) -> set[int]:
        with self.runner.read() as session:
            rows = list_members(session, MemberFilter(text=text, stage="full"), self.runner.workspace.today())
        return {r.id for r in rows}

    def step(self) -> str | None:
        return self.step_combo.currentData()

    def _step_changed(self) -> None:
        step = self.step()
        until = WITH_UNTIL.get(step, "结束日期") if step in SPAN_STEPS else ""
        self.form.setRowVisible(2, bool(until))
        if until:
            self.form.itemAt(2, self.form.ItemRole.LabelRole).widget().setText(f"{until}：")
        self.form.setRowVisible(3, step in HOUR_STEPS)
        person = WITH_PERSON.get(step, "人员") if step in LINKED_STEPS else ""
        self.form.setRowVisible(4, bool(person))
        if person:
            self.form.itemAt(4, self.form.ItemRole.LabelRole).widget().setText(f"{person}：")
        self._suggest_until()

    def _suggest_until(self) -> None:
        """公示: the end of the working days the settings ask for (weekends and holidays skipped)."""
        self.calendar_note.setText("")
        if self.step() != Step.PUBLICITY:
            return
        try:
            start = self.date_field.value()
        except DateFormatError:
            return
        if start is None:
            return
        with self.runner.read() as session:
            days = get_settings(session).rule("publicity_days").value
        end = workday_span_end(start, days)
        if not self.until_field.line.isModified():  # the user's own end date stays
            self.until_field.set_value(end)
        if beyond_calendar(end):
            self.calendar_note.setText("注意：这一年的法定节假日安排还未收录，结束日期只扣除了周末，请按当年放假通知核对。")

    def form_value(self) -> StepForm | None:
        dates, errors = {}, {}
        for field, widget in (("on", self.date_field), ("until", self.until_field)):
            try:
                dates[field] = widget.value()
            except DateFormatError as exc:
                errors[field] = str(exc)
        step = self.step()
        if step is None:
            errors["step"] = "请选择步骤"
        if errors:
            self.errors.show(errors)
            return None
        picked = self.picker.checked_ids()
        return StepForm(
            step=step, on=dates["on"], until=dates["until"] if step in SPAN_STEPS else None,
            hours=(self.hours_spin.value() or None) if step in HOUR_STEPS else None,
            related_person_id=picked[0] if picked and step in LINKED_STEPS else None,
            note=self.note_edit.text().strip(),
        )

    def save(self) -> None:
        form = self.form_value()
        if form is None:
            return
        outcome = self.runner.run(self, record_step, self.person_id, form,
                                  on_invalid=lambda e: show_errors(self.errors, self.other_label, e))
        if outcome is not None:
            self.saved_id = outcome.value
            self.accept()

