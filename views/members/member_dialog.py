"""新增 / 编辑党员: every roster field, validated by models before anything is saved."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from models.core.codes import ETHNICITIES, MEMBER_STAGES, OTHER_ETHNICITIES, Education, Gender, Stage, choices, label
from models.core.dates import DateFormatError
from models.core.errors import ValidationError
from models.people.branch import DIRECT_GROUP, list_groups
from models.people.operations import create_member, update_member
from models.people.roster import check_person, fill_from_id, get_person
from models.people.rules import FIELD_LABELS, PersonForm, normalized, person_warnings
from ui.forms import (
    DateField,
    FieldErrors,
    GuardedDialog,
    ask_destructive,
    combo,
    fill_from_citizen_id,
    select_data,
)
from ui.operations import OperationRunner
from ui.sizing import fit_to_screen

_DATE_FIELDS = ("birth_date", "joined_on", "confirmed_on", "mobile_since")


class MemberDialog(GuardedDialog):
    """Add (person_id None) or edit a member. `saved_id` holds the id after a successful save.

    Errors (red) stop the save; warnings (amber: 预备期已满一年, no 转正日期 for an old member)
    only ask the user to check. The fields scroll, so the buttons stay on a small screen."""

    def __init__(self, runner: OperationRunner, person_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.person_id = person_id
        self.saved_id: int | None = None
        self.seen: datetime | None = None  # the record's changed_at when loaded (update_member checks it)
        # The 转正日期 put aside while 预备党员 is chosen: restored when 正式党员 is chosen again,
        # and named (amber, and asked at 保存) rather than dropped without a word.
        self.held_confirmed = ""
        self.clear_box: QMessageBox | None = None
        self.setWindowTitle("编辑党员信息" if person_id else "新增党员")
        self.errors = FieldErrors()
        self._build_fields()
        self._build_layout()
        if person_id is not None:
            self._load(person_id)
        self._stage_changed()
        self._mobile_toggled()
        # Connected after loading: a stored record is shown as stored, not re-derived from its ID.
        self.id_edit.textChanged.connect(self._id_edited)
        self.stage_combo.currentIndexChanged.connect(self.refresh_warnings)
        for field in (self.joined_field, self.confirmed_field, self.birth_field):
            field.edited.connect(self.refresh_warnings)
        self.refresh_warnings()
        self.mark_clean()

    # ----- building -------------------------------------------------------------------------

    def _build_fields(self) -> None:
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(20)
        self.gender_combo = combo(choices(Gender), blank="请选择")
        self.ethnicity_combo = QComboBox()
        self.ethnicity_combo.setEditable(True)
        self.ethnicity_combo.addItems(ETHNICITIES + OTHER_ETHNICITIES)
        self.ethnicity_combo.setToolTip("可直接输入，简称也可以（如 汉、回、蒙古）")
        self.id_edit = QLineEdit()
        self.id_edit.setMaxLength(18)
        self.id_edit.setPlaceholderText("18位，填写后自动带出出生日期和性别")
        self.birth_field = DateField()
        self.education_combo = combo(choices(Education), blank="（未填）")
        self.stage_combo = combo([(s, label(s)) for s in MEMBER_STAGES])
        self.stage_combo.currentIndexChanged.connect(self._stage_changed)
        self.group_combo = QComboBox()
        self.group_combo.addItem(DIRECT_GROUP, None)
        with self.runner.read() as session:
            for group in list_groups(session):
                self.group_combo.addItem(group.name, group.id)
        self.joined_field = DateField()
        self.joined_field.line.setPlaceholderText("支部大会通过的日期")
        self.confirmed_field = DateField()
        self.work_edit = QLineEdit()
        self.phone_edit = QLineEdit()
        self.phone_edit.setPlaceholderText("手机或座机，如 138 0000 1111、0371-66668888")
        self.address_edit = QLineEdit()
        self.mobile_check = QCheckBox("是流动党员（外出务工、经商等）")
        self.mobile_check.toggled.connect(self._mobile_toggled)
        self.destination_edit = QLineEdit()
        self.destination_edit.setPlaceholderText("如 广东省深圳市宝安区")
        self.mobile_since_field = DateField()
        self.mobile_contact_edit = QLineEdit()
        self.mobile_contact_edit.setPlaceholderText("外出期间的电话或微信")
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setFixedHeight(48)

    def _form(self, rows: list[tuple[str, QWidget]]) -> QFormLayout:
        form = QFormLayout()
        form.setVerticalSpacing(6)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field, widget in rows:
            form.addRow(f"{FIELD_LABELS[field]}：", self.errors.wrap(field, widget))
        return form

    def _build_layout(self) -> None:
        left = self._form([
            ("name", self.name_edit), ("citizen_id", self.id_edit), ("gender", self.gender_combo),
            ("birth_date", self.birth_field), ("ethnicity", self.ethnicity_combo),
            ("education", self.education_combo), ("phone", self.phone_edit), ("address", self.address_edit),
        ])
        right = self._form([
            ("stage", self.stage_combo), ("group_id", self.group_combo), ("joined_on", self.joined_field),
            ("confirmed_on", self.confirmed_field), ("work_unit", self.work_edit),
        ])
        self.mobile_box = QGroupBox("流动党员")
        mobile_layout = QVBoxLayout(self.mobile_box)
        mobile_layout.addWidget(self.mobile_check)
        mobile_layout.addLayout(self._form([
            ("mobile_destination", self.destination_edit), ("mobile_since", self.mobile_since_field),
            ("mobile_contact", self.mobile_contact_edit),
        ]))
        right.addRow(self.mobile_box)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        notes = self._form([("notes", self.notes_edit)])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 4, 0)
        body_layout.addLayout(grid)
        body_layout.addLayout(notes)
        body_layout.addStretch(1)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(body)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 880, self._wanted_height())

    def _wanted_height(self) -> int:
        """Tall enough to show every field and message, but never taller than 500: beyond that
        the fields scroll and the buttons stay on a 1366×768 screen at 125% (ui/sizing.py)."""
        layout = self.layout()
        margins = layout.contentsMargins()
        body = self.scroll.widget()
        width = self.scroll.viewport().width() if self.isVisible() else body.sizeHint().width()
        height = body.heightForWidth(width) if body.hasHeightForWidth() else -1
        wanted = (max(height, body.sizeHint().height()) + self.buttons.sizeHint().height() + layout.spacing()
                  + margins.top() + margins.bottom() + 8)
        return min(wanted, 500)

    def _grow_for_messages(self) -> None:
        wanted = self._wanted_height()
        if wanted > self.height():
            fit_to_screen(self, self.width(), wanted)

    # ----- behaviour ------------------------------------------------------------------------

    def _id_edited(self, text: str) -> None:
        if fill_from_citizen_id(text, self.runner.workspace.today(), self.errors, self.birth_field, self.gender_combo):
            self.refresh_warnings()

    def refresh_warnings(self) -> None:
        """Amber notes for what the dates and 人员类别 say (预备期已满一年 …); they never block saving."""
        form, _date_errors = self.form()
        self.errors.show_warnings(self._warnings(form))
        if self.isVisible():
            self._grow_for_messages()

    def _warnings(self, form: PersonForm) -> dict[str, str]:
        warnings = person_warnings(fill_from_id(normalized(form)), self.runner.workspace.today())
        if self._clears_confirmed():
            warnings["confirmed_on"] = (f"预备党员没有转正日期：保存后将清除原来的转正日期（{self.held_confirmed}）。"
                                        "选回“正式党员”可以恢复")
        return warnings

    def _clears_confirmed(self) -> bool:
        """True when saving now would drop a 转正日期 the user entered or the record held."""
        return bool(self.held_confirmed) and self.stage_combo.currentData() == Stage.PROBATIONARY

    def show_problems(self, errors: dict[str, str]) -> None:
        """Errors in red with the warnings beside them; the first is scrolled into view."""
        self.errors.show(errors, self._warnings(self.form()[0]))
        self._grow_for_messages()
        first = self.errors.first_shown()
        if first is not None:
            self.scroll.ensureWidgetVisible(first.parentWidget())

    def _stage_changed(self) -> None:
        probationary = self.stage_combo.currentData() == Stage.PROBATIONARY
        if probationary:
            if self.confirmed_field.text().strip():
                self.held_confirmed = self.confirmed_field.text().strip()
            self.confirmed_field.set_value(None)
        elif self.held_confirmed and not self.confirmed_field.text().strip():
            self.confirmed_field.line.setText(self.held_confirmed)
            self.held_confirmed = ""
        self.confirmed_field.setEnabled(not probationary)
        self.confirmed_field.line.setPlaceholderText("预备党员无需填写" if probationary else "如 2026-07-01")

    def _mobile_toggled(self) -> None:
        on = self.mobile_check.isChecked()
        for widget in (self.destination_edit, self.mobile_since_field, self.mobile_contact_edit):
            widget.setEnabled(on)

    def _load(self, person_id: int) -> None:
        with self.runner.read() as session:
            detail = get_person(session, person_id, self.runner.workspace.today())
        form, self.seen = detail.form, detail.changed_at
        self.name_edit.setText(form.name)
        select_data(self.gender_combo, form.gender)
        self.ethnicity_combo.setCurrentText(form.ethnicity)
        self.id_edit.setText(form.citizen_id)
        self.birth_field.set_value(form.birth_date)
        select_data(self.education_combo, form.education)
        select_data(self.stage_combo, form.stage)
        select_data(self.group_combo, form.group_id)
        self.joined_field.set_value(form.joined_on)
        self.confirmed_field.set_value(form.confirmed_on)
        self.work_edit.setText(form.work_unit)
        self.phone_edit.setText(form.phone)
        self.address_edit.setText(form.address)
        self.mobile_check.setChecked(form.is_mobile)
        self.destination_edit.setText(form.mobile_destination)
        self.mobile_since_field.set_value(form.mobile_since)
        self.mobile_contact_edit.setText(form.mobile_contact)
        self.notes_edit.setPlainText(form.notes)

    def _read_dates(self) -> tuple[dict[str, date | None], dict[str, str]]:
        fields = {"birth_date": self.birth_field, "joined_on": self.joined_field,
                  "confirmed_on": self.confirmed_field, "mobile_since": self.mobile_since_field}
        values: dict[str, date | None] = {}
        errors: dict[str, str] = {}
        for name, widget in fields.items():
            try:
                values[name] = widget.value()
            except DateFormatError as exc:
                values[name], errors[name] = None, str(exc)
        return values, errors

    def form(self) -> tuple[PersonForm, dict[str, str]]:
        """What the dialog holds, plus errors in text that could not even be read as dates."""
        dates, date_errors = self._read_dates()
        form = PersonForm(
            name=self.name_edit.text(),
            gender=self.gender_combo.currentData() or "",
            ethnicity=self.ethnicity_combo.currentText(),
            citizen_id=self.id_edit.text(),
            education=self.education_combo.currentData() or "",
            stage=self.stage_combo.currentData(),
            group_id=self.group_combo.currentData(),
            work_unit=self.work_edit.text(),
            phone=self.phone_edit.text(),
            address=self.address_edit.text(),
            is_mobile=self.mobile_check.isChecked(),
            mobile_destination=self.destination_edit.text(),
            mobile_contact=self.mobile_contact_edit.text(),
            notes=self.notes_edit.toPlainText(),
            **dates,
        )
        return form, date_errors

    def save(self) -> None:
        if self._clears_confirmed():
            self._ask_to_clear_confirmed()
            return
        self._save()

    def _ask_to_clear_confirmed(self) -> None:
        """Saving as 预备党员 erases the 转正日期: only after the user says so."""
        if self.clear_box is not None:
            return

        def answered(yes: bool) -> None:
            self.clear_box = None
            if yes:
                self._save()

        self.clear_box = ask_destructive(
            self, f"人员类别改为“预备党员”，保存后将清除转正日期（{self.held_confirmed}）。",
            "确实还没有转正的，选“清除并保存”；选错了类别的，选“返回修改”后改回“正式党员”。", "清除并保存", "返回修改",
            answered)

    def _save(self) -> None:
        form, date_errors = self.form()
        if date_errors:  # text that is not a date: report it with every other problem at once
            errors = dict(date_errors)
            with self.runner.read() as session:
                try:
                    check_person(session, form, self.runner.workspace.today(), self.person_id)
                except ValidationError as exc:
                    errors = {**exc.errors, **date_errors}
            self.show_problems(errors)
            return
        if self.person_id is None:
            outcome = self.runner.run(self, create_member, form, on_invalid=self.show_problems)
        else:
            outcome = self.runner.run(self, update_member, self.person_id, form, seen=self.seen,
                                      on_invalid=self.show_problems)
        if outcome is None:
            return
        self.saved_id = outcome.value if self.person_id is None else self.person_id
        self.accept()
