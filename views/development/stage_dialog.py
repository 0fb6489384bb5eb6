"""Stage changes: 确定为积极分子, 列为发展对象, 接收为预备党员, 转为正式党员, 延长预备期, 取消资格.

Each checks the timing rules (models.development.timing): what is not met is listed in Chinese as
soon as the date is known; the change then needs a written reason (仍要继续), kept with the step."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from models.core.dates import DateFormatError
from models.development.forms import StageChange
from models.development.operations import change_stage
from models.development.timing import check_change
from models.people.roster import MemberFilter, list_members
from models.settings.values import get_settings
from ui.forms import DateField, FieldErrors, GuardedDialog
from ui.operations import OperationRunner
from ui.sizing import fit_to_screen
from views.development.dialog_parts import OverrideBox, form_layout, message_label, ok_cancel, show_errors
from views.development.people_picker import Choice, PeoplePicker


@dataclass(frozen=True)
class StageAction:
    code: str  # StageChange.action
    title: str  # toolbar text and window title
    date_label: str
    hint: str
    picker: str = ""  # whom to pick from full members (培养联系人 / 入党介绍人), "" for none
    until: str = ""  # label of the `until` date, "" for none
    note_required: bool = False


ACTIONS = {a.code: a for a in (
    StageAction("activist", "确定为积极分子", "支委会确定日期", "支部委员会研究确定为入党积极分子，并指定一至两名正式党员作培养联系人。",
                picker="培养联系人"),
    StageAction("candidate", "列为发展对象", "支委会确定日期", "经过一年以上培养教育和考察，列为发展对象，并确定两名正式党员作入党介绍人。",
                picker="入党介绍人"),
    StageAction("admit", "接收为预备党员", "支部大会日期", "支部大会讨论通过，接收为中共预备党员。入党日期即支部大会通过之日，此人随即列入“党员”名单。"),
    StageAction("confirm", "转为正式党员", "支部大会日期", "预备期满，支部大会讨论通过转为正式党员。转正日期即支部大会通过之日。"),
    StageAction("extend", "延长预备期", "支部大会日期", "预备期满而不完全具备党员条件的，可以延长预备期，最长不超过一年。",
                until="延长至"),
    StageAction("disqualify", "取消资格", "决定日期", "取消入党积极分子、发展对象或预备党员资格。此人不再列入发展名单，记录全部保留。",
                note_required=True),
)}
CHECKED_ACTIONS = {"activist", "candidate", "admit", "confirm", "extend"}  # those timing.check_change knows
FIELD_LABELS = {"on": "日期", "note": "说明", "until": "延长至", "related_person_ids": "人员",
                "override_reason": "理由"}


class StageDialog(GuardedDialog):
    """One stage change of one person. `overridden` holds the findings kept with their reason."""

    def __init__(self, runner: OperationRunner, person_id: int, name: str, action: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.person_id = person_id
        self.action = ACTIONS[action]
        self.overridden: list = []
        self.setWindowTitle(f"{self.action.title} — {name}")
        self.errors = FieldErrors()
        self._build()
        self.date_field.edited.connect(self.check_timing)
        self.until_field.edited.connect(self.check_timing)
        self.check_timing()
        self.mark_clean()

    def _build(self) -> None:
        action = self.action
        hint = QLabel(action.hint)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        form = form_layout()
        self.date_field = DateField()
        self.date_field.set_value(self.runner.workspace.today())
        form.addRow(f"{action.date_label}：", self.errors.wrap("on", self.date_field))
        self.until_field = DateField()
        if action.until:
            form.addRow(f"{action.until}：", self.errors.wrap("until", self.until_field))
        self.picker: PeoplePicker | None = None
        if action.picker:
            self.picker = PeoplePicker(self._full_members(), self._search_members, self)
            self.picker.list.setMinimumHeight(90)
            form.addRow(f"{action.picker}：", self.errors.wrap("related_person_ids", self.picker))
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("必填：取消资格的原因" if action.note_required else "如 支委会会议记录第12页")
        form.addRow("原因：" if action.note_required else "说明：", self.errors.wrap("note", self.note_edit))
        self.override = OverrideBox(self.errors, self)
        self.other_label = message_label()
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.override)
        layout.addWidget(self.other_label)
        layout.addStretch(1)
        layout.addWidget(ok_cancel(self, action.title))
        fit_to_screen(self, 560, 460 if self.picker else 330)

    # ----- people ---------------------------------------------------------------------------

    def _full_members(self) -> list[Choice]:
        """培养联系人 and 入党介绍人 are 正式党员 (细则 第十四、二十一条)."""
        with self.runner.read() as session:
            rows = list_members(session, MemberFilter(stage="full"), self.runner.workspace.today())
        return [Choice(r.id, r.name, r.group_name or "") for r in rows]

    def _search_members(self, text: str) -> set[int]:
        with self.runner.read() as session:
            rows = list_members(session, MemberFilter(text=text, stage="full"), self.runner.workspace.today())
        return {r.id for r in rows}

    # ----- timing ---------------------------------------------------------------------------

    def check_timing(self) -> None:
        """What the timing rules say about this change on the date entered, before saving."""
        if self.action.code not in CHECKED_ACTIONS:
            return
        try:
            on = self.date_field.value()
            until = self.until_field.value() if self.action.until else None
        except DateFormatError:
            return
        if on is None:
            return
        with self.runner.read() as session:
            findings = check_change(session, self.person_id, self.action.code, on, get_settings(session), until)
        self.override.show_findings([f.message for f in findings])

    # ----- saving ---------------------------------------------------------------------------

    def change(self) -> StageChange | None:
        dates, errors = {}, {}
        for field, widget in (("on", self.date_field), ("until", self.until_field)):
            try:
                dates[field] = widget.value()
            except DateFormatError as exc:
                errors[field] = str(exc)
        if errors:
            self.errors.show(errors)
            return None
        return StageChange(
            action=self.action.code, on=dates["on"], note=self.note_edit.text().strip(),
            override_reason=self.override.reason(),
            until=dates["until"] if self.action.until else None,
            related_person_ids=tuple(self.picker.checked_ids()) if self.picker else (),
        )

    def save(self) -> None:
        change = self.change()
        if change is None:
            return
        outcome = self.runner.run(self, change_stage, self.person_id, change, on_invalid=self.show_problems)
        if outcome is not None:
            self.overridden = list(outcome.value or [])
            self.accept()

    def show_problems(self, errors: dict[str, str]) -> None:
        show_errors(self.errors, self.other_label, errors, self.override)
