"""登记申请人: a person who handed in the 入党申请书 enters the pipeline (development.apply)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from models.core.codes import ETHNICITIES, OTHER_ETHNICITIES, Education, Gender, choices
from models.core.dates import DateFormatError
from models.development.forms import ApplicantForm
from models.development.operations import register_applicant
from models.development.timing import applicant_age
from models.people.branch import DIRECT_GROUP, list_groups
from models.settings.values import get_settings
from ui.forms import DateField, FieldErrors, GuardedDialog, combo, fill_from_citizen_id
from ui.operations import OperationRunner
from ui.sizing import fit_to_screen
from views.development.dialog_parts import (
    OverrideBox,
    form_layout,
    message_label,
    ok_cancel,
    show_errors,
)

LABELS = {
    "name": "姓名", "gender": "性别", "citizen_id": "公民身份号码", "birth_date": "出生日期", "ethnicity": "民族",
    "education": "学历", "phone": "联系电话", "address": "家庭住址", "group_id": "党小组",
    "work_unit": "工作单位及职务", "applied_on": "递交申请书日期", "note": "备注",
}


class ApplicantDialog(GuardedDialog):
    """Name, gender, ID or birth date, the 申请 date; `saved_id` is the new person's id."""

    def __init__(self, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.saved_id: int | None = None
        self.setWindowTitle("登记入党申请人")
        self.errors = FieldErrors()
        self._build_fields()
        self._build_layout()
        self.id_edit.textChanged.connect(self._id_edited)
        for field in (self.birth_field, self.applied_field):
            field.edited.connect(self.check_age)
        self.mark_clean()

    def _build_fields(self) -> None:
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(20)
        self.gender_combo = combo(choices(Gender), blank="请选择")
        self.id_edit = QLineEdit()
        self.id_edit.setMaxLength(18)
        self.id_edit.setPlaceholderText("18位，填写后自动带出出生日期和性别")
        self.birth_field = DateField()
        self.ethnicity_combo = QComboBox()
        self.ethnicity_combo.setEditable(True)
        self.ethnicity_combo.addItems(ETHNICITIES + OTHER_ETHNICITIES)
        self.education_combo = combo(choices(Education), blank="（未填）")
        self.phone_edit = QLineEdit()
        self.address_edit = QLineEdit()
        self.group_combo = QComboBox()
        self.group_combo.addItem(DIRECT_GROUP, None)
        with self.runner.read() as session:
            for group in list_groups(session):
                self.group_combo.addItem(group.name, group.id)
        self.work_edit = QLineEdit()
        self.applied_field = DateField()
        self.applied_field.line.setPlaceholderText("申请书上写的日期")
        self.note_edit = QLineEdit()

    def _build_layout(self) -> None:
        left, right = form_layout(), form_layout()
        for form, rows in ((left, (("name", self.name_edit), ("citizen_id", self.id_edit),
                                   ("gender", self.gender_combo), ("birth_date", self.birth_field),
                                   ("ethnicity", self.ethnicity_combo), ("education", self.education_combo))),
                           (right, (("applied_on", self.applied_field), ("group_id", self.group_combo),
                                    ("phone", self.phone_edit), ("address", self.address_edit),
                                    ("work_unit", self.work_edit), ("note", self.note_edit)))):
            for field, widget in rows:
                form.addRow(f"{LABELS[field]}：", self.errors.wrap(field, widget))
        grid = QGridLayout()
        grid.setHorizontalSpacing(20)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        hint = QLabel("登记后此人列为“入党申请人”。党组织应在收到申请书后一个月内派人谈话。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(hint)
        self.override = OverrideBox(self.errors, self)
        self.other_label = message_label()
        layout.addWidget(self.override)
        layout.addWidget(self.other_label)
        layout.addStretch(1)
        layout.addWidget(ok_cancel(self, "登记"))
        fit_to_screen(self, 820, 400)

    def _id_edited(self, text: str) -> None:
        if fill_from_citizen_id(text, self.runner.workspace.today(), self.errors, self.birth_field, self.gender_combo):
            self.check_age()

    def check_age(self) -> None:
        """递交申请时年满18岁 (a timing rule in 设置): said as soon as both dates are known."""
        try:
            birth, applied = self.birth_field.value(), self.applied_field.value()
        except DateFormatError:
            return
        if birth is None or applied is None:
            return
        with self.runner.read() as session:
            findings = applicant_age(birth, applied, get_settings(session))
        self.override.show_findings([f.message for f in findings])

    def form(self) -> tuple[ApplicantForm | None, dict[str, str]]:
        dates, errors = {}, {}
        for field, widget in (("birth_date", self.birth_field), ("applied_on", self.applied_field)):
            try:
                dates[field] = widget.value()
            except DateFormatError as exc:
                errors[field] = str(exc)
        if errors:
            return None, errors
        return ApplicantForm(
            name=self.name_edit.text(), gender=self.gender_combo.currentData() or "",
            citizen_id=self.id_edit.text(), birth_date=dates["birth_date"],
            ethnicity=self.ethnicity_combo.currentText(), education=self.education_combo.currentData() or "",
            phone=self.phone_edit.text(), address=self.address_edit.text(), group_id=self.group_combo.currentData(),
            work_unit=self.work_edit.text(), applied_on=dates["applied_on"], note=self.note_edit.text(),
        ), {}

    def save(self) -> None:
        form, errors = self.form()
        if form is None:
            self.show_problems(errors)
            return
        outcome = self.runner.run(self, register_applicant, form, self.override.reason(),
                                  on_invalid=self.show_problems)
        if outcome is not None:
            self.saved_id = outcome.value
            self.accept()

    def show_problems(self, errors: dict[str, str]) -> None:
        show_errors(self.errors, self.other_label, errors, self.override)
