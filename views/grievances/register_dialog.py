"""登记民情事项 (grievance.register), 修改登记 of an open item (grievance.update) and 转为民情事项 from a
民情日记 line (diary.to_grievance) — one form with every field of the item. The deadline the time
limits give is shown as the fields are filled; a promised earlier deadline may be typed instead."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from models.core.codes import GrievanceCategory, GrievanceSource, Urgency, choices, label
from models.core.dates import DateFormatError, format_date
from models.development.workdays import beyond_calendar
from models.grievances.forms import GrievanceForm
from models.grievances.limits import due_date, get_grievance_settings, limit_for
from models.grievances.operations import diary_to_grievance, register_grievance, update_grievance
from models.people.roster import MemberFilter, list_members
from ui.forms import DateField, FieldErrors, GuardedDialog, combo, select_data
from ui.operations import OperationRunner
from ui.sizing import fit_to_screen
from views.development.dialog_parts import message_label, ok_cancel, show_errors

CONTENT_MAX = 1000


class RegisterDialog(GuardedDialog):
    """New item (grievance_id None), a correction of one (grievance_id), or a diary line's item
    (diary_id). `initial` fills the fields; after saving, `saved_id` is the item's id."""

    def __init__(self, runner: OperationRunner, parent: QWidget | None = None, *, initial: GrievanceForm | None = None,
                 grievance_id: int | None = None, serial: str = "", diary_id: int | None = None,
                 deadline_fixed: str = "") -> None:
        super().__init__(parent)
        self.runner = runner
        self.grievance_id = grievance_id
        self.diary_id = diary_id
        self.saved_id: int | None = None
        self.errors = FieldErrors()
        if grievance_id is not None:
            self.setWindowTitle(f"修改登记 — {serial}")
        elif diary_id is not None:
            self.setWindowTitle("民情日记转为民情事项")
        else:
            self.setWindowTitle("登记民情事项")
        with runner.read() as session:
            self.settings = get_grievance_settings(session)
            self.members = list_members(session, MemberFilter(), runner.workspace.today())
        self._build()
        self.fill(initial or GrievanceForm(received_on=runner.workspace.today()))
        for signal in (self.date_field.edited, self.date_field.line.textChanged, self.category_combo.currentIndexChanged,
                       self.urgency_combo.currentIndexChanged):
            signal.connect(self._show_limit)
        self._show_limit()
        if deadline_fixed:  # extended or reopened: the deadline changes only by 申请延期
            self.deadline_field.setEnabled(False)
            self.deadline_field.setToolTip(deadline_fixed)
        self.mark_clean()

    # ----- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.date_field = DateField()
        self.source_combo = combo(choices(GrievanceSource), blank="（请选择）")
        self.category_combo = combo(choices(GrievanceCategory), blank="（请选择）")
        self.category_combo.setMaxVisibleItems(12)
        self.urgency_combo = combo(choices(Urgency))
        self.responsible_combo = QComboBox()
        self.responsible_combo.addItem("（请选择）", None)
        for member in self.members:
            text = f"{member.name}（{member.group_name}）" if member.group_name else member.name
            self.responsible_combo.addItem(text, member.id)
        self.responsible_combo.setMaxVisibleItems(15)
        self.deadline_field = DateField()
        self.deadline_field.line.setPlaceholderText("不填：按办理时限")
        self.requester_edit = QLineEdit()
        self.requester_edit.setPlaceholderText("不填为匿名")
        self.phone_edit = QLineEdit()
        self.phone_edit.setPlaceholderText("选填，如 13812345678")
        self.address_edit = QLineEdit()
        self.address_edit.setPlaceholderText("选填，如 三组12号（公示时不显示）")
        self.place_edit = QLineEdit()
        self.place_edit.setPlaceholderText("如 第三村民小组 / 2号网格")
        self.content_edit = QPlainTextEdit()
        self.content_edit.setPlaceholderText("群众反映的问题和诉求，如 三组到村部的路有两处塌陷，雨天无法通行")
        self.content_edit.setFixedHeight(96)  # about four lines; a longer text scrolls
        self.content_edit.setTabChangesFocus(True)
        self.limit_label = QLabel()
        self.limit_label.setWordWrap(True)
        self.limit_label.setStyleSheet("color: #555;")

        # One grid, two pairs of columns: nested form layouts side by side gave the fields too little
        # height once the red messages under them showed (their wrapped text's height for width).
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        left = (("登记日期", "received_on", self.date_field), ("来源", "source", self.source_combo),
                ("类别", "category", self.category_combo), ("紧急程度", "urgency", self.urgency_combo),
                ("责任人", "responsible_id", self.responsible_combo), ("办理期限", "deadline", self.deadline_field))
        right = (("反映人", "requester", self.requester_edit), ("联系电话", "requester_phone", self.phone_edit),
                 ("住址", "requester_address", self.address_edit), ("村民小组/网格", "place", self.place_edit))
        for column, fields in ((0, left), (2, right)):
            for row, (caption, field, widget) in enumerate(fields):
                name = QLabel(f"{caption}：")
                name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
                name.setContentsMargins(0, 4, 0, 0)
                grid.addWidget(name, row, column, Qt.AlignmentFlag.AlignTop)
                grid.addWidget(self.errors.wrap(field, widget), row, column + 1, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setColumnMinimumWidth(2, 20)
        name = QLabel("反映内容：")
        name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        grid.addWidget(name, len(left), 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.errors.wrap("content", self.content_edit), len(left), 1, 1, 3)
        self.other_label = message_label()
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addStretch(1)
        layout.addWidget(self.limit_label)
        layout.addWidget(self.other_label)
        layout.addWidget(ok_cancel(self, "保存" if self.grievance_id is not None else "登记"))
        fit_to_screen(self, 760, 440)

    def fill(self, form: GrievanceForm) -> None:
        self._filled = (form.received_on, form.category, form.urgency, form.deadline)
        self.date_field.set_value(form.received_on)
        select_data(self.source_combo, form.source)
        select_data(self.category_combo, form.category)
        select_data(self.urgency_combo, form.urgency or Urgency.ORDINARY.value)
        index = self.responsible_combo.findData(form.responsible_id)
        self.responsible_combo.setCurrentIndex(max(index, 0))
        self.deadline_field.set_value(form.deadline)
        self.requester_edit.setText(form.requester)
        self.phone_edit.setText(form.requester_phone)
        self.address_edit.setText(form.requester_address)
        self.place_edit.setText(form.place)
        self.content_edit.setPlainText(form.content)

    # ----- the time limit ---------------------------------------------------------------------

    def limit_deadline(self) -> date | None:
        """The deadline the time limits give for the fields as they are (None until they allow it)."""
        try:
            received = self.date_field.value()
        except DateFormatError:
            return None
        category = self.category_combo.currentData()
        if received is None or not category:
            return None
        limit = limit_for(self.settings, category, self.urgency_combo.currentData())
        return due_date(received, limit.completion_days)

    def _show_limit(self, *_args) -> None:
        self._drop_stale_deadline()
        deadline = self.limit_deadline()
        if deadline is None:
            self.limit_label.setText("选好登记日期和类别后，这里显示按办理时限计算的期限。")
            return
        received = self.date_field.value()
        category, urgency = self.category_combo.currentData(), self.urgency_combo.currentData()
        limit = limit_for(self.settings, category, urgency)
        text = (f"按办理时限（{label(category)}·{label(urgency)}）：首次响应 {limit.response_days} 个工作日内，"
                f"即 {format_date(due_date(received, limit.response_days))} 前；"
                f"{limit.completion_days} 个工作日内办结，即 {format_date(deadline)} 前。")
        if beyond_calendar(deadline):
            text += "这一年的法定节假日安排还未收录，只扣除了周末。"
        self.limit_label.setText(text)

    def _drop_stale_deadline(self) -> None:
        """修改: once 登记日期, 类别 or 紧急程度 change, the old deadline in the box no longer holds — it is
        cleared so that the box and the line below show the date that will be saved."""
        received, category, urgency, deadline = getattr(self, "_filled", (None, None, None, None))
        if self.grievance_id is None or deadline is None or not self.deadline_field.isEnabled():
            return
        try:
            now = (self.date_field.value(), self.category_combo.currentData(), self.urgency_combo.currentData())
            if now != (received, category, urgency) and self.deadline_field.value() == deadline:
                self.deadline_field.set_value(None)
        except DateFormatError:
            return

    # ----- saving ---------------------------------------------------------------------------

    def form_value(self) -> GrievanceForm | None:
        dates, errors = {}, {}
        for field, widget in (("received_on", self.date_field), ("deadline", self.deadline_field)):
            try:
                dates[field] = widget.value()
            except DateFormatError as exc:
                errors[field] = str(exc)
        content = self.content_edit.toPlainText().strip()
        # What is missing, all at once (the operation names the first problem it meets).
        for field, box, what in (("source", self.source_combo, "来源"), ("category", self.category_combo, "类别"),
                                 ("responsible_id", self.responsible_combo, "责任人")):
            if not box.currentData():
                errors[field] = f"请选择{what}"
        if not content:
            errors["content"] = "请填写反映内容"
        elif len(content) > CONTENT_MAX:
            errors["content"] = f"反映内容最多{CONTENT_MAX}字，现在有{len(content)}字，请精简"
        if errors:
            self.errors.show(errors)
            return None
        return GrievanceForm(
            received_on=dates["received_on"], source=self.source_combo.currentData() or "",
            category=self.category_combo.currentData() or "", urgency=self.urgency_combo.currentData() or "",
            content=content, responsible_id=self.responsible_combo.currentData(),
            requester=self.requester_edit.text().strip(), requester_phone=self.phone_edit.text().strip(),
            requester_address=self.address_edit.text().strip(), place=self.place_edit.text().strip(),
            deadline=dates["deadline"],
        )

    def show_errors(self, messages: dict[str, str]) -> None:
        show_errors(self.errors, self.other_label, messages)

    def save(self) -> None:
        form = self.form_value()
        if form is None:
            return
        if self.grievance_id is not None:
            outcome = self.runner.run(self, update_grievance, self.grievance_id, form, on_invalid=self.show_errors)
        elif self.diary_id is not None:
            outcome = self.runner.run(self, diary_to_grievance, self.diary_id, form, on_invalid=self.show_errors)
        else:
            outcome = self.runner.run(self, register_grievance, form, on_invalid=self.show_errors)
        if outcome is not None:
            self.saved_id = self.grievance_id if self.grievance_id is not None else outcome.value
            self.accept()
