"""记积分 (one person) and 批量记分 (one rule for many people at once, one operation), and 作废.

Before saving, the dialog says whose entry would go beyond the rule's cap for the quarter
(`cap_notes`): such an entry is kept but counts only up to the cap."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QComboBox, QFrame, QLabel, QLineEdit, QVBoxLayout, QWidget

from models.core.codes import label
from models.core.dates import DateFormatError, format_date
from models.development.pipeline import list_pipeline
from models.people.roster import MemberFilter, list_members
from models.scoring.audience import applies, audience_of
from models.scoring.catalogue import RuleRow, list_rules
from models.scoring.entries import EntryForm, add_entries, cap_notes
from models.scoring.postings import lock_for
from models.settings.values import get_settings
from ui.forms import WARNING_COLOUR, DateField, FieldErrors, GuardedDialog
from ui.operations import OperationRunner
from ui.sizing import fit_to_screen
from views.development.dialog_parts import form_layout, message_label, ok_cancel, show_errors
from views.development.labels import stage_label
from views.development.people_picker import Choice, PeoplePicker


def rule_text(rule: RuleRow) -> str:
    """JF01 加分 参加志愿服务 +3（每季度最多 9 分）."""
    points = "一票否决" if rule.veto else f"{rule.points:+d}分"
    cap = f"（每季度最多 {rule.cap_per_quarter} 分）" if rule.cap_per_quarter is not None else ""
    return f"{rule.code} {label(rule.category)}　{rule.name}　{points}{cap}"


class ScoreDialog(GuardedDialog):
    """`people`: (id, name, stage) of those who may be scored; one of them ticked for 记积分,
    everyone offered for 批量记分. `result` is the AddResult after saving."""

    def __init__(self, runner: OperationRunner, people: list[tuple[int, str, str]], batch: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.people = {pid: (name, stage) for pid, name, stage in people}
        self.batch = batch
        self.result = None
        self.setWindowTitle("批量记分" if batch else f"记积分 — {people[0][1]}")
        self.errors = FieldErrors()
        with runner.read() as session:
            self.rules = list_rules(session, active_only=True)
            self.approval_required = get_settings(session).scoring.approval_required
        self._build()
        self.rule_combo.currentIndexChanged.connect(self._rule_changed)
        self.date_field.edited.connect(self.refresh_notes)
        self._rule_changed()
        if not batch:
            pid, name, stage = people[0]
            self.picker.set_checked([pid])
            self.person_label.setText(f"{name}（{stage_label(stage)}）")
        self.picker.changed.connect(self.refresh_notes)
        self.refresh_notes()
        self.mark_clean()

    def _build(self) -> None:
        self.rule_combo = QComboBox()
        self.rule_combo.setMaxVisibleItems(20)
        self.date_field = DateField()
        self.date_field.set_value(self.runner.workspace.today())
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("如 参加11月主题党日活动" if self.batch else "如 参加村道义务清扫")
        self.picker = PeoplePicker([], self._search, self, with_all_buttons=self.batch)
        self.picker.list.setMinimumHeight(90)
        self.notes_label = QLabel()
        self.notes_label.setWordWrap(True)
        self.notes_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.notes_label.setStyleSheet(f"color: {WARNING_COLOUR}; padding: 4px;")
        self.notes_label.hide()
        form = form_layout()
        form.addRow("积分规则：", self.errors.wrap("rule_id", self.rule_combo))
        form.addRow("日期：", self.errors.wrap("on", self.date_field))
        form.addRow("事由：", self.errors.wrap("reason", self.reason_edit))
        people = QWidget()
        people_layout = QVBoxLayout(people)
        people_layout.setContentsMargins(0, 0, 0, 0)
        self.person_label = QLabel()  # 记积分: the one person selected in the list
        people_layout.addWidget(self.person_label)
        people_layout.addWidget(self.picker)
        form.addRow("人员：", self.errors.wrap("person_ids", people))
        self.other_label = message_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.notes_label)
        layout.addWidget(self.other_label)
        layout.addWidget(ok_cancel(self, "记分"))
        self.person_label.setVisible(not self.batch)
        self.picker.setVisible(self.batch)  # 记积分 is for the person selected in the list
        fit_to_screen(self, 620, 500 if self.batch else 260)

    # ----- choices --------------------------------------------------------------------------

    def _search(self, text: str) -> set[int]:
        """Pinyin search as elsewhere: members by list_members, the pipeline by list_pipeline."""
        today = self.runner.workspace.today()
        with self.runner.read() as session:
            found = {r.id for r in list_members(session, MemberFilter(text=text), today)}
            found |= {r.id for r in list_pipeline(session, today, text=text)}
        return found

    def _rule_changed(self) -> None:
        """Offer the rules that may score the people of this dialog, then those people."""
        keep = self.rule_combo.currentData()
        self.rule_combo.blockSignals(True)
        self.rule_combo.clear()
        stages = {stage for _name, stage in self.people.values()}
        for rule in self.rules:
            if any(applies(rule.applies_to, stage) for stage in stages):
                self.rule_combo.addItem(rule_text(rule), rule.id)
        self.rule_combo.setCurrentIndex(max(self.rule_combo.findData(keep), 0))
        self.rule_combo.blockSignals(False)
        rule = self.rule()
        self.picker.set_choices([
            Choice(pid, name, stage_label(stage)) for pid, (name, stage) in self.people.items()
            if rule is None or applies(rule.applies_to, stage)
        ])
        self.refresh_notes()

    def rule(self) -> RuleRow | None:
        rule_id = self.rule_combo.currentData()
        return next((r for r in self.rules if r.id == rule_id), None)

    # ----- notes ----------------------------------------------------------------------------

    def refresh_notes(self) -> None:
        """Caps, the 支委会 approval setting and a posted (locked) period, before anything is saved."""
        rule, ids = self.rule(), self.picker.checked_ids()
        try:
            on = self.date_field.value()
        except DateFormatError:
            on = None
        lines: list[str] = []
        if rule is not None and ids and on is not None:
            with self.runner.read() as session:
                notes = cap_notes(session, ids, rule.id, on)
                audiences = {audience_of(self.people[pid][1]) for pid in ids}
                locks = {lock_for(session, on, audience) for audience in audiences} - {None}
            lines += [notes[pid] for pid in ids if notes.get(pid)]
            lines += [f"{lock.title}已于{format_date(lock.posted_from)}公示，该期间不能再记分；"
                      "更正请记在当前期间。" for lock in locks]
        if self.approval_required:
            lines.append("按设置，新记的积分须经支委会审核后才计入总分。")
        self.notes_label.setText("<br>".join(escape(line) for line in lines))
        self.notes_label.setVisible(bool(lines))

    # ----- saving ---------------------------------------------------------------------------

    def save(self) -> None:
        try:
            on = self.date_field.value()
        except DateFormatError as exc:
            self.errors.show({"on": str(exc)})
            return
        rule = self.rule()
        form = EntryForm(person_ids=tuple(self.picker.checked_ids()), rule_id=rule.id if rule else None, on=on,
                         reason=self.reason_edit.text().strip())
        outcome = self.runner.run(self, add_entries, form,
                                  on_invalid=lambda e: show_errors(self.errors, self.other_label, e))
        if outcome is not None:
            self.result = outcome.value
            self.accept()


class ReasonDialog(GuardedDialog):
    """作废 (a score entry or a step) or 调整: `op(*args, reason)` once a reason is written."""

    def __init__(self, runner: OperationRunner, title: str, text: str, op, *args, ok_text: str = "作废",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.op, self.args = op, args
        self.setWindowTitle(title)
        self.errors = FieldErrors()
        intro = QLabel(text)
        intro.setWordWrap(True)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("必填，如 录入时选错了人")
        form = form_layout()
        form.addRow("原因：", self.errors.wrap("reason", self.reason_edit))
        self.other_label = message_label()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.other_label)
        layout.addStretch(1)
        layout.addWidget(ok_cancel(self, ok_text))
        fit_to_screen(self, 480, 200)
        self.mark_clean()

    def save(self) -> None:
        reason = self.reason_edit.text().strip()
        if not reason:
            self.errors.show({"reason": "请写明原因"})
            return
        if self.runner.run(self, self.op, *self.args, reason,
                           on_invalid=lambda e: show_errors(self.errors, self.other_label, e)) is not None:
            self.accept()
