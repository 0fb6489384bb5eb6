"""民情台账's actions on items and diary lines: 登记, the item's steps (进展, 延期, 办结 …), 修改, 作废,
a diary line made an item, and the time limits — each a dialog whose accepted operation refreshes the
tab (views/grievances/grievances_tab.py holds the layout and the reads)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
)

from models.core.codes import GrievanceSource, Satisfaction
from models.grievances.forms import GrievanceForm, household_parts
from models.grievances.ledger import get_item
from models.grievances.operations import void_diary
from views.development.score_dialog import ReasonDialog
from views.grievances.action_dialogs import ActionDialog
from views.grievances.item_actions import ACTIONS, allowed
from views.grievances.limits_dialog import LimitsDialog
from views.grievances.register_dialog import RegisterDialog

# What the line under the ledger says after an action (default: 已记录 + the action's title).
DONE = {"progress": "已添加进展", "extend": "已批准延期", "remind": "已记录催办", "supervise": "已记录督办",
        "refer": "已转办", "answer": "已记录转办答复", "close": "已办结", "check": "已记录核查", "visit": "已记录回访",
        "reopen": "已重新办理", "void": "已作废（勾选“显示已作废”可以看到）"}


class ItemActions:
    """Mixed into GrievancesTab: the slots its toolbar, double-click and pages call."""

    def _double_clicked(self, *_args) -> None:
        if allowed(self.selected_row(), "progress") and self.item_actions["progress"].isEnabled():
            self.act("progress")

    def register(self) -> None:
        dialog = RegisterDialog(self.runner, self)
        self._open(dialog, lambda: self._registered(dialog))

    def _registered(self, dialog: RegisterDialog) -> None:
        if dialog.saved_id is not None:
            self.show_item(dialog.saved_id)
            row = self.selected_row()
            if row is not None:
                self.say(f"已登记 {row.serial}，办理期限 {row.deadline:%Y-%m-%d}。")

    def _need_item(self, doing: str):
        row = self.selected_row()
        if row is None:
            self.say(f"请先在台账中选中一件事项，再点“{doing}”。")
        return row

    def act(self, code: str, initial: dict[str, str] | None = None) -> None:
        row = self._need_item(dict(ACTIONS).get(code, code))
        if row is None or not allowed(row, code):
            return
        dialog = ActionDialog(self.runner, code, row, self, initial)
        self._open(dialog, lambda: self._acted(dialog))

    def _acted(self, dialog: ActionDialog) -> None:
        values, row = dialog.saved_values or {}, dialog.row
        self.say(f"{row.serial}：{DONE.get(dialog.code, '已记录' + dialog.spec.title)}。")
        if dialog.code == "visit" and values.get("satisfaction") == Satisfaction.UNSATISFIED:
            # 不满意: 重新办理 is offered at once (取消 leaves it for later: the action stays enabled).
            comment = values.get("comment", "")
            self.say(f"{row.serial}：回访不满意，可以重新办理。")
            self.act("reopen", {"reason": f"回访不满意：{comment}" if comment else "回访不满意"})

    def edit_item(self) -> None:
        row = self._need_item("修改")
        if row is None or not allowed(row, "edit"):
            return
        with self.runner.read() as session:
            detail = get_item(session, row.id, self.today())
        form = GrievanceForm(received_on=row.received_on, source=row.source, category=row.category,
                             urgency=row.urgency, content=row.content, responsible_id=row.responsible_id,
                             requester=row.requester, requester_phone=detail.requester_phone,
                             requester_address=detail.requester_address, place=row.place, deadline=row.deadline)
        fixed = "已延期或重新办理过，办理期限只能通过“申请延期”改动" if row.extensions or row.reopened else ""
        dialog = RegisterDialog(self.runner, self, initial=form, grievance_id=row.id, serial=row.serial,
                                deadline_fixed=fixed)
        self._open(dialog, lambda: None)

    def void_item(self) -> None:
        row = self._need_item("作废")
        if row is not None and allowed(row, "void"):
            self.act("void")

    def diary_to_item(self, line) -> None:
        """A 民情日记 line → the 登记 dialog filled from it; saved, the new item is shown in the ledger."""
        place, requester = household_parts(line.household)
        form = GrievanceForm(received_on=line.on, source=GrievanceSource.HOME_VISIT.value, content=line.heard,
                             responsible_id=line.member_id, requester_address=line.household, place=place,
                             requester=requester)
        dialog = RegisterDialog(self.runner, self, initial=form, diary_id=line.id)
        self._open(dialog, lambda: self._registered(dialog))

    def void_diary_line(self, line) -> None:
        text = f"作废“{line.member_name} {line.on:%Y-%m-%d} {line.household}”这条民情日记。作废后仍保留，显示为已作废。"
        self._open(ReasonDialog(self.runner, "作废民情日记", text, void_diary, line.id, parent=self), lambda: None)

    def open_limits(self) -> None:
        self._open(LimitsDialog(self.runner, self), lambda: None)

    def _open(self, dialog: QDialog, after_accept: Callable[[], object]) -> None:
        """Show a window-modal dialog without blocking; after acceptance run `after_accept`."""
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def finished(result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            if result == QDialog.DialogCode.Accepted:
                after_accept()

        dialog.finished.connect(finished)
        dialog.open()
