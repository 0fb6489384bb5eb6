"""First start: ask for the branch's names and secretary (or fill demo data to try things out)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from models import APP_NAME
from models.people.branch import BranchInfo, get_branch, suggest_full_name, update_branch
from ui.forms import FieldErrors, GuardedDialog
from ui.operations import OperationRunner


class BranchSetupDialog(GuardedDialog):
    """Asks for 支部名称, 文件落款全称 and 支部书记 the first time the program opens."""

    def __init__(self, runner: OperationRunner, parent=None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.setWindowTitle("首次使用设置")
        self.setMinimumWidth(520)
        intro = QLabel("欢迎使用支部管家。请先填写本支部的基本信息，以后可在“设置”中修改。")
        intro.setWordWrap(True)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("如 红旗村党支部")
        self.full_name_edit = QLineEdit()
        self.full_name_edit.setPlaceholderText("如 中共红旗村支部委员会（用于文件落款）")
        self.secretary_edit = QLineEdit()
        self.secretary_edit.setPlaceholderText("支部书记姓名")
        self.name_edit.textEdited.connect(self._suggest)
        self._full_name_touched = False
        self.full_name_edit.textEdited.connect(lambda: setattr(self, "_full_name_touched", True))
        self.errors = FieldErrors()
        form = QFormLayout()
        form.addRow("支部名称：", self.errors.wrap("name", self.name_edit))
        form.addRow("文件落款全称：", self.errors.wrap("full_name", self.full_name_edit))
        form.addRow("支部书记：", self.secretary_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("开始使用")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("退出")
        self.demo_button = QPushButton("先用演示数据试一试")
        self.demo_button.setToolTip("填入一个虚构的“红旗村党支部”和60名党员，便于熟悉软件")
        buttons.addButton(self.demo_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.demo_button.clicked.connect(self.load_demo)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.mark_clean()

    def _suggest(self, text: str) -> None:
        if not self._full_name_touched:
            self.full_name_edit.setText(suggest_full_name(text))

    def save(self) -> None:
        info = BranchInfo(self.name_edit.text(), self.full_name_edit.text(), self.secretary_edit.text())
        if self.runner.run(self, update_branch, info, on_invalid=self.errors.show) is not None:
            self.accept()

    def load_demo(self) -> None:
        """Ask, then fill the demo branch; the question is window-modal and does not block."""
        self.confirm_box = QMessageBox(
            QMessageBox.Icon.Question, APP_NAME,
            "将填入虚构的演示数据（红旗村党支部，60名党员），便于熟悉软件。\n正式使用时请另建数据文件。是否继续？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self,
        )
        self.confirm_box.button(QMessageBox.StandardButton.Yes).setText("填入演示数据")
        self.confirm_box.button(QMessageBox.StandardButton.No).setText("取消")
        self.confirm_box.finished.connect(self._demo_confirmed)
        self.confirm_box.open()

    def _demo_confirmed(self, result: int) -> None:
        from models.demo import fill_demo  # only when asked for: not at every start

        if result != QMessageBox.StandardButton.Yes:
            return
        self.demo_job = self.runner.run_in_background(self, "正在生成演示数据…", fill_demo, 60,
                                                      on_done=lambda _outcome: self.accept())


def ensure_branch(runner: OperationRunner, parent=None) -> bool:
    """True when the branch is set up (asking for it on first start); False if the user quits."""
    with runner.read() as session:
        if get_branch(session) is not None:
            return True
    return BranchSetupDialog(runner, parent).exec() == QDialog.DialogCode.Accepted
