"""审核积分: when 设置 asks for 支委会 approval, new entries wait (and do not count) until ticked
off here after the meeting."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from models.core.dates import format_date
from models.scoring.entries import approve_entries
from models.scoring.entry_reads import EntryRow, pending_entries
from ui.forms import GuardedDialog
from ui.operations import OperationRunner
from ui.sizing import fit_to_screen
from views.development.dialog_parts import message_label, ok_cancel
from views.development.people_picker import Choice, PeoplePicker


def entry_choice(entry: EntryRow) -> Choice:
    return Choice(entry.id, entry.name, f"{format_date(entry.on)}　{entry.rule_name} {entry.points:+d}分　{entry.reason}")


class ApprovalDialog(GuardedDialog):
    def __init__(self, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.approved = 0
        self.setWindowTitle("审核积分记录")
        with runner.read() as session:
            self.entries = pending_entries(session)
        texts = {e.id: f"{e.name} {e.rule_name} {e.reason}" for e in self.entries}
        self.picker = PeoplePicker([entry_choice(e) for e in self.entries],
                                   lambda text: {i for i, t in texts.items() if text in t}, self,
                                   with_all_buttons=True, unit="条")
        self.picker.search_edit.setPlaceholderText("输入姓名、规则或事由查找")
        intro = QLabel(f"以下 {len(self.entries)} 条积分记录等待支委会审核，审核通过后才计入积分。"
                       "勾选支委会会议同意的记录，点“审核通过”。")
        intro.setWordWrap(True)
        self.other_label = message_label()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.picker, 1)
        layout.addWidget(self.other_label)
        layout.addWidget(ok_cancel(self, "审核通过"))
        fit_to_screen(self, 620, 460)
        self.mark_clean()

    def save(self) -> None:
        ids = self.picker.checked_ids()
        if not ids:
            self.other_label.setText("请勾选要审核通过的记录。")
            self.other_label.show()
            return
        outcome = self.runner.run(self, approve_entries, ids,
                                  on_invalid=lambda e: (self.other_label.setText("；".join(e.values())),
                                                        self.other_label.show()))
        if outcome is not None:
            self.approved = outcome.value
            self.accept()
