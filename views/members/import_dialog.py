"""Excel import preview: what will be added, updated, skipped and what is wrong — before writing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models.core.codes import Stage
from models.excel.columns import FIELD_LABEL
from models.excel.roster_import import ImportPreview, ParsedRow, import_roster, import_summary, read_roster, remap
from models.people.branch import group_display
from models.workspace import Operation
from ui.jobs import BackgroundJob
from ui.operations import OperationRunner
from ui.sizing import fit_to_screen
from ui.table import make_table_view

NOT_IMPORTED = "（不导入）"
UNCHANGED = "无变化，不需要导入"


@dataclass(frozen=True)
class ImportKind:
    """What is imported: the 党员花名册 (ROSTER_IMPORT) or another list read into people, e.g. the
    发展党员 tab's 入党申请人和积极分子 (views/development/pipeline_import_action.py)."""

    title: str  # the action, as the user clicked it: window title and message boxes
    file_caption: str  # the file dialog's title
    read: Callable  # (path, session, today, progress, cancelled, *, sheet) -> ImportPreview
    remap: Callable  # (preview, mapping, session, today) -> ImportPreview
    operation: Operation  # the import operation, run with (preview, skip_invalid=, update_existing=)
    summary: Callable  # ImportResult -> the line the user reads afterwards
    recorded: str = "已在册"  # people the program already has, in this list's words
    stage_label: Callable[[str], str] | None = None  # shows the stage of each new row when set
    field_labels: dict[str, str] = field(default_factory=dict)  # this list's names of fields (列对应)

    def label(self, field_name: str) -> str:
        return self.field_labels.get(field_name) or FIELD_LABEL[field_name]


ROSTER_IMPORT = ImportKind("导入Excel", "选择要导入的Excel花名册", read_roster, remap, import_roster, import_summary)


def changed_rows(preview: ImportPreview) -> list[ParsedRow]:
    """People already recorded whose row would change something (a field or a development step)."""
    return [r for r in preview.update_rows if r.changes]


def unchanged_rows(preview: ImportPreview) -> list[ParsedRow]:
    """People already recorded exactly as the file has them: nothing to import."""
    return [r for r in preview.update_rows if not r.changes]


class RowsTableModel(QAbstractTableModel):
    """A read-only table of plain rows with fixed headers."""

    def __init__(self, headers: list[str], rows: list[list[object]], parent=None) -> None:
        super().__init__(parent)
        self.headers, self.rows = headers, rows

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return str(self.rows[index.row()][index.column()])
        return None


class ImportDialog(QDialog):
    """Shows a checked preview; 开始导入 writes it in one transaction on a worker thread."""

    imported = Signal(object)  # ImportResult

    def __init__(self, runner: OperationRunner, preview: ImportPreview, parent: QWidget | None = None,
                 kind: ImportKind = ROSTER_IMPORT) -> None:
        super().__init__(parent)
        self.runner, self.preview, self.kind = runner, preview, kind
        self.job: BackgroundJob | None = None
        self.setWindowTitle(f"{kind.title} — {preview.path.name}")
        fit_to_screen(self, 1040, 660)  # 1366×768 at 125%: 1040×520, buttons on the screen (ui/sizing.py)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.mapping_combos: dict[int, QComboBox] = {}
        self.tabs.addTab(self._mapping_page(), "列对应")
        self.existing_update = QRadioButton("更新为表格中的信息")
        self.existing_skip = QRadioButton("跳过，保留程序中的信息")
        self.existing_update.setChecked(True)
        self.all_or_nothing = QRadioButton("全部无误才导入（推荐）")
        self.valid_only = QRadioButton("只导入无误的行，有问题的行不导入")
        self.all_or_nothing.setChecked(True)
        self._groups = [QButtonGroup(self), QButtonGroup(self)]
        for group, buttons in zip(self._groups, ((self.existing_update, self.existing_skip),
                                                 (self.all_or_nothing, self.valid_only)), strict=True):
            for button in buttons:
                group.addButton(button)
        options = QGroupBox("导入方式", self)
        form = QFormLayout(options)
        form.setContentsMargins(9, 4, 9, 4)
        form.setVerticalSpacing(2)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(f"{kind.recorded}的人员（按身份证号）：", self._row(self.existing_update, self.existing_skip))
        form.addRow("表格中有问题时：", self._row(self.all_or_nothing, self.valid_only))
        self.problems_button = QPushButton("导出问题清单…", self)
        self.problems_button.clicked.connect(self.save_problems_with_dialog)
        self.import_button = QPushButton("开始导入", self)
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start_import)
        cancel = QPushButton("取消", self)
        cancel.clicked.connect(self.reject)
        self.status = QLabel(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.problems_button)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(options)
        layout.addLayout(buttons)
        for button in (self.valid_only, self.all_or_nothing, self.existing_update, self.existing_skip):
            button.toggled.connect(self._update_buttons)
        self.show_preview(preview)

    @staticmethod
    def _row(*widgets: QWidget) -> QWidget:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            layout.addWidget(widget)
        layout.addStretch(1)
        return box

    def _mapping_page(self) -> QWidget:
        page = QWidget()
        grid = QFormLayout(page)
        hint = QLabel("左边是表格中的列名，右边是导入到程序中的项目。认错了可以改，改后点“重新检查”。")
        hint.setWordWrap(True)
        grid.addRow(hint)
        choices = [(NOT_IMPORTED, None)] + [(self.kind.label(name), name) for name in FIELD_LABEL]
        for index, header in enumerate(self.preview.sheet.headers):
            if not header:
                continue
            combo = QComboBox()
            for text, data in choices:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(combo.findData(self.preview.mapping.get(index)), 0))
            self.mapping_combos[index] = combo
            grid.addRow(f"第{index + 1}列“{header}”：", combo)
        self.recheck_button = QPushButton("重新检查")
        self.recheck_button.clicked.connect(self.recheck)
        grid.addRow(self.recheck_button)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        return scroll

    def _table(self, headers: list[str], rows: list[list[object]], widths: list[int]) -> QTableView:
        view = make_table_view(self)
        view.setSortingEnabled(False)
        view.setModel(RowsTableModel(headers, rows, view))
        for column, width in enumerate(widths):
            view.setColumnWidth(column, width)
        return view

    def show_preview(self, preview: ImportPreview) -> None:
        """Fill the summary and the tabs from a (re)checked preview."""
        self.preview = preview
        while self.tabs.count() > 1:
            self.tabs.removeTab(0)
        changed, unchanged = changed_rows(preview), unchanged_rows(preview)
        pages = [
            (f"有问题的行（{len(preview.problem_rows)}）",
             self._table(["原行号", "姓名", "字段", "问题"],
                         [[p.row, p.name, p.field, p.message] for p in preview.problems], [60, 90, 160, 560])),
            (f"将新增（{len(preview.new_rows)}）", self._new_rows_table(preview)),
            (f"将更新（{len(changed)}）",
             self._table(["原行号", "姓名", "将更新的项目"],
                         [[r.row, r.form.name, "、".join(r.changes)] for r in changed], [60, 100, 600])),
            (f"无变化（{len(unchanged)}）",
             self._table(["原行号", "姓名", "说明"], [[r.row, r.form.name, UNCHANGED] for r in unchanged],
                         [60, 100, 400])),
            (f"跳过的行（{len(preview.skipped)}）",
             self._table(["原行号", "原因"], [[row, reason] for row, reason in preview.skipped], [60, 400])),
        ]
        for position, (title, widget) in enumerate(pages):
            self.tabs.insertTab(position, widget, title)
        # Open on the first page with something to read, not on an empty 将新增（0）.
        counts = [len(preview.problem_rows), len(preview.new_rows), len(changed), len(unchanged)]
        self.tabs.setCurrentIndex(next((i for i, n in enumerate(counts) if n), 1))
        self.summary.setText(self._summary_text(preview, changed, unchanged))
        self.problems_button.setEnabled(bool(preview.problems))
        self._update_buttons()

    def _new_rows_table(self, preview: ImportPreview) -> QTableView:
        """原行号, 姓名, 公民身份号码, 党小组 — and the stage each person gets, for a list that has one."""
        stage_of = self.kind.stage_label
        rows = [[r.row, r.form.name, *([stage_of(r.form.stage)] if stage_of else []), r.form.citizen_id,
                 group_display(r.group_name)] for r in preview.new_rows]
        if stage_of:
            return self._table(["原行号", "姓名", "阶段", "公民身份号码", "党小组"], rows, [60, 100, 110, 180, 160])
        return self._table(["原行号", "姓名", "公民身份号码", "党小组"], rows, [60, 100, 180, 160])

    def _summary_text(self, preview: ImportPreview, changed: list[ParsedRow], unchanged: list[ParsedRow]) -> str:
        unmapped = "、".join(preview.unmapped_columns())
        groups = f"；将新建党小组：{'、'.join(preview.new_groups)}" if preview.new_groups else ""
        same = f"；{len(unchanged)} 人{self.kind.recorded}且{UNCHANGED}" if unchanged else ""
        return (
            f"工作表“{preview.sheet.sheet}”，表头在第 {preview.sheet.header_row} 行。"
            f"数据 {len(preview.rows)} 行：可导入 {len(preview.new_rows) + len(changed)} 行"
            f"（新增 {len(preview.new_rows)}，更新 {len(changed)}{same}），"
            f"有问题 {len(preview.problem_rows)} 行，跳过 {len(preview.skipped)} 行。{self._stage_counts(preview)}"
            + (f"不导入的列：{unmapped}" if unmapped else "") + groups
            + "".join(f"　{note}。" for note in preview.sheet.notes)
        )

    def _stage_counts(self, preview: ImportPreview) -> str:
        """“新增的人员中入党申请人 8 人，入党积极分子 9 人。” — by the stage they get, for a list that has one."""
        if self.kind.stage_label is None or not preview.new_rows:
            return ""
        stages = [r.form.stage for r in preview.new_rows]
        order = sorted(set(stages), key=lambda s: list(Stage).index(s) if s in Stage else len(Stage))
        return "新增的人员中" + "，".join(f"{self.kind.stage_label(s)} {stages.count(s)} 人" for s in order) + "。"

    def writable_count(self) -> int:
        """Rows 开始导入 would write: new people, and recorded ones whose row changes something."""
        updates = len(changed_rows(self.preview)) if self.existing_update.isChecked() else 0
        return len(self.preview.new_rows) + updates

    def _update_buttons(self) -> None:
        blocked = bool(self.preview.problem_rows) and self.all_or_nothing.isChecked()
        writable = self.writable_count()
        self.import_button.setEnabled(not blocked and writable > 0)
        if blocked:
            self.status.setText("有问题的行需要先改正，或选择“只导入无误的行”")
        elif writable:
            self.status.setText("")
        elif unchanged_rows(self.preview) and not changed_rows(self.preview) and not self.preview.new_rows:
            self.status.setText(f"表格中的人员都{self.kind.recorded}，信息与程序中的相同，没有需要导入的内容")
        elif changed_rows(self.preview) and not self.preview.new_rows:
            self.status.setText(f"没有新增的人员；{self.kind.recorded}的人员选择了“跳过”，没有需要导入的内容")
        else:
            self.status.setText("没有可以导入的行")

    def mapping(self) -> dict[int, str]:
        return {i: c.currentData() for i, c in self.mapping_combos.items() if c.currentData()}

    def recheck(self) -> None:
        mapping = self.mapping()
        fields = list(mapping.values())
        duplicated = {f for f in fields if fields.count(f) > 1}
        if duplicated:
            names = "、".join(self.kind.label(f) for f in duplicated)
            QMessageBox.warning(self, "列对应", f"“{names}”对应了不止一列，请只保留一列")
            return
        if "name" not in fields:
            QMessageBox.warning(self, "列对应", "必须有一列对应“姓名”")
            return
        with self.runner.read() as session:
            self.show_preview(self.kind.remap(self.preview, mapping, session, self.runner.workspace.today()))

    def save_problems_with_dialog(self) -> None:
        start = str(self.preview.path.with_name(f"{self.preview.path.stem}-导入问题.xlsx"))
        path, _ = QFileDialog.getSaveFileName(self, "导出问题清单", start, "Excel 工作簿 (*.xlsx)")
        if path:
            self.save_problems(Path(path))

    def save_problems(self, path: Path) -> bool:
        from models.core.errors import UserError
        from models.excel.roster_export import write_problems

        try:
            write_problems(self.preview.problems, path)
        except UserError as exc:
            QMessageBox.warning(self, "导出问题清单", str(exc))
            return False
        self.status.setText(f"问题清单已保存：{path.name}")
        return True

    def start_import(self) -> None:
        preview, skip_invalid = self.preview, self.valid_only.isChecked()
        update_existing = self.existing_update.isChecked()
        self.job = self.runner.run_in_background(
            self, "正在导入…", self.kind.operation, preview, skip_invalid=skip_invalid,
            update_existing=update_existing, on_done=self._done,
            on_failure=lambda message: QMessageBox.warning(self, self.kind.title, message))
        self.job.cancelled.connect(lambda: self.status.setText("已取消，没有写入任何数据"))
        self.job.finished.connect(lambda: self.import_button.setEnabled(True))
        self.import_button.setEnabled(False)
        self.status.setText("正在导入…")

    def _done(self, outcome) -> None:
        self.result_summary = self.kind.summary(self._counted(outcome.value))
        self.imported.emit(outcome.value)
        self.accept()

    def _counted(self, result):
        """The result as the user should read it: only people whose record changed count as
        更新 (models.excel still counts every matched row; a row without changes writes nothing)."""
        changed = len(changed_rows(self.preview))
        if self.existing_update.isChecked():
            return replace(result, updated=min(result.updated, changed))
        return replace(result, skipped_existing=min(result.skipped_existing, changed))
