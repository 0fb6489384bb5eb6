"""The dialogs of the actions on one item — 添加进展, 申请延期, 催办, 督办, 转办, 转办答复, 办结, 核查, 回访,
重新办理, 作废 — one form built from a declaration per action (its operation, its fields and how
they become the operation's arguments). Each runs its operation through the runner; refusals
show under their fields, or under the form when they concern the item."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from models.core.codes import Satisfaction, choices, label
from models.core.dates import DateFormatError, format_date
from models.grievances import operations as ops
from models.grievances.forms import LedgerRow
from models.grievances.limits import MAX_EXTENSIONS
from ui.forms import DateField, FieldErrors, GuardedDialog, combo
from ui.operations import OperationRunner
from ui.sizing import fit_to_screen
from views.development.dialog_parts import form_layout, message_label, ok_cancel, show_errors

TEXT_FIELDS = {"note", "reason", "outcome", "answer", "comment"}
LINE_FIELDS = {"approver", "referred_to", "checker", "visitor"}
DATE_FIELDS = {"on", "new_deadline"}


@dataclass(frozen=True)
class ActionSpec:
    title: str  # the dialog's title and the toolbar's text
    button: str
    operation: object
    fields: tuple[tuple[str, str], ...]  # (field name of the operation, caption)
    arguments: Callable[[dict], tuple]  # values by field → the operation's arguments after the item id
    placeholders: tuple[tuple[str, str], ...] = ()
    intro: str = ""


def _spec_table() -> dict[str, ActionSpec]:
    return {
        "progress": ActionSpec("添加进展", "保存", ops.add_progress, (("on", "日期"), ("note", "进展情况")),
                               lambda v: (v["on"], v["note"]),
                               (("note", "如 已联系镇交管所，下周派人勘察"),)),
        "extend": ActionSpec("申请延期", "批准延期", ops.extend_deadline,
                             (("on", "批准日期"), ("new_deadline", "新的办理期限"), ("reason", "延期原因"),
                              ("approver", "批准人")),
                             lambda v: (v["on"], v["new_deadline"], v["reason"], v["approver"]),
                             (("reason", "如 需等镇里统一安排施工队"), ("approver", "批准延期的人，如 支部书记王建国")),
                             f"延期须经批准，每件事项最多延期 {MAX_EXTENSIONS} 次。"),
        "remind": ActionSpec("催办", "记录催办", ops.remind, (("on", "催办日期"), ("note", "催办说明")),
                             lambda v: (v["on"], v["note"]), (("note", "选填，如 电话提醒责任人抓紧办理"),),
                             "记录一次对责任人的催办。"),
        "supervise": ActionSpec("督办", "记录督办", ops.supervise, (("on", "督办日期"), ("note", "督办意见")),
                                lambda v: (v["on"], v["note"]), (("note", "如 支委会研究，要求本周内解决"),),
                                "事项已超过办理期限，由支部督促办理。"),
        "refer": ActionSpec("转办", "转办", ops.refer, (("on", "转办日期"), ("referred_to", "转办单位"),
                                                    ("note", "说明")),
                            lambda v: (v["on"], v["referred_to"], v["note"]),
                            (("referred_to", "如 镇交管所、县水利局"), ("note", "选填")),
                            "村里解决不了的，转请上级单位办理；答复回来后点“转办答复”记录。"),
        "answer": ActionSpec("转办答复", "保存", ops.record_referral_answer, (("on", "答复日期"), ("answer", "答复内容")),
                             lambda v: (v["on"], v["answer"]), (("answer", "上级单位的答复"),),
                             "记录后事项回到办理中。"),
        "close": ActionSpec("办结", "办结", ops.close_grievance, (("on", "办结日期"), ("outcome", "办理结果")),
                            lambda v: (v["on"], v["outcome"]), (("outcome", "如 已修补塌陷路面两处，恢复通行"),)),
        "check": ActionSpec("核查", "保存", ops.check_grievance, (("on", "核查日期"), ("checker", "核查人"),
                                                           ("passed", "核查结论"), ("note", "核查情况")),
                            lambda v: (v["on"], v["checker"], v["note"], v["passed"]),
                            (("checker", "不能是责任人本人"), ("note", "通过时选填，如 现场查看，路面已修复；未通过时写明还有什么没办好")),
                            "核查确实办好后，办结才算数；核查未通过的，事项退回办理中。"),
        "visit": ActionSpec("回访", "保存", ops.return_visit, (("on", "回访日期"), ("satisfaction", "满意度"),
                                                          ("comment", "群众意见"), ("visitor", "回访人")),
                            lambda v: (v["on"], v["satisfaction"], v["comment"], v["visitor"]),
                            (("comment", "群众的评价和意见"), ("visitor", "如 李芳")),
                            "回访群众，听取对办理结果的意见。选“不满意”的，可以重新办理。"),
        "reopen": ActionSpec("重新办理", "重新办理", ops.reopen_grievance, (("on", "日期"), ("reason", "原因")),
                             lambda v: (v["on"], v["reason"]), (("reason", "如 回访不满意：雨后又出现积水"),),
                             "事项回到办理中，按办结时限重新计算办理期限。"),
        "void": ActionSpec("作废", "作废", ops.void_grievance, (("reason", "作废原因"),),
                           lambda v: (v["reason"],), (("reason", "如 重复登记，与 MQ-2026-0012 为同一件事"),),
                           "作废后事项不再列在台账中（勾选“显示已作废”可以看到，显示为已作废），编号不再使用。"),
    }


SPECS = _spec_table()


def item_summary(row: LedgerRow) -> str:
    content = " ".join(row.content.split())
    if len(content) > 60:
        content = content[:58] + "…"
    return (f"<b>{escape(row.serial)}</b>　{escape(label(row.category))}　{escape(content)}<br>"
            f"<span style='color:#555'>责任人：{escape(row.responsible_name)}　"
            f"办理期限：{escape(format_date(row.deadline))}　状态：{escape(label(row.status))}</span>")


class ActionDialog(GuardedDialog):
    """One action on one item: `code` is a key of SPECS. `result_values` holds what was saved."""

    def __init__(self, runner: OperationRunner, code: str, row: LedgerRow, parent: QWidget | None = None,
                 initial: dict[str, str] | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.code = code
        self.spec = SPECS[code]
        self.row = row
        self.saved_values: dict | None = None
        self.errors = FieldErrors()
        self.inputs: dict[str, QWidget] = {}
        self.setWindowTitle(f"{self.spec.title} — {row.serial}")
        self._build(initial or {})
        self.mark_clean()

    def _build(self, initial: dict[str, str]) -> None:
        summary = QLabel(item_summary(self.row))
        summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        if self.spec.intro:
            intro = QLabel(self.spec.intro)
            intro.setWordWrap(True)
            intro.setStyleSheet("color: #555;")
            layout.addWidget(intro)
        placeholders = dict(self.spec.placeholders)
        form = form_layout()
        for field, caption in self.spec.fields:
            widget = self._input(field, placeholders.get(field, ""), initial.get(field))
            self.inputs[field] = widget
            form.addRow(f"{caption}：", self.errors.wrap(field, widget))
        layout.addLayout(form, 1)
        self.other_label = message_label()
        layout.addWidget(self.other_label)
        layout.addWidget(ok_cancel(self, self.spec.button))
        texts = sum(1 for f, _ in self.spec.fields if f in TEXT_FIELDS)
        fit_to_screen(self, 520, 170 + 34 * len(self.spec.fields) + 50 * texts)

    def _input(self, field: str, placeholder: str, value: str | None) -> QWidget:
        if field in DATE_FIELDS:
            widget = DateField()
            if field == "on":
                widget.set_value(self.runner.workspace.today())
            if value:
                widget.line.setText(value)
            return widget
        if field == "passed":
            return combo([(True, "通过，办结算数"), (False, "未通过，退回办理中")])
        if field == "satisfaction":
            box = combo(choices(Satisfaction), blank="（请选择）")
            if value:
                box.setCurrentIndex(max(box.findData(value), 0))
            return box
        if field in TEXT_FIELDS:
            edit = QPlainTextEdit()
            edit.setPlaceholderText(placeholder)
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(56)
            if value:
                edit.setPlainText(value)
            return edit
        line = QLineEdit()
        line.setPlaceholderText(placeholder)
        if value:
            line.setText(value)
        return line

    def values(self) -> dict | None:
        """The fields' values (dates parsed); None, with the messages shown, when a date is not one."""
        values, errors = {}, {}
        for field, widget in self.inputs.items():
            if isinstance(widget, DateField):
                try:
                    values[field] = widget.value()
                except DateFormatError as exc:
                    errors[field] = str(exc)
            elif isinstance(widget, QPlainTextEdit):
                values[field] = widget.toPlainText().strip()
            elif isinstance(widget, QLineEdit):
                values[field] = widget.text().strip()
            elif field == "passed":
                values[field] = bool(widget.currentData())
            else:
                values[field] = widget.currentData() or ""
        if errors:
            self.errors.show(errors)
            return None
        return values

    def show_errors(self, messages: dict[str, str]) -> None:
        show_errors(self.errors, self.other_label, messages)

    def save(self) -> None:
        values = self.values()
        if values is None:
            return
        outcome = self.runner.run(self, self.spec.operation, self.row.id, *self.spec.arguments(values),
                                  on_invalid=self.show_errors)
        if outcome is not None:
            self.saved_values = values
            self.accept()
