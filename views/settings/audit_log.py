"""操作记录: the audit log, read-only, with filters (period, operation, who acted) and Excel export.
Only for those who may read it (AUDIT_VIEW, 管理员): the reads are asked on behalf of the workspace's actor."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QStandardPaths, Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from models.operations import operation_title
from models.workspace.audit import (
    ACTION_LABELS,
    AuditFilter,
    AuditRow,
    audit_actors,
    audit_operations,
    count_audit,
    describe_changes,
    list_audit,
)
from models.workspace.changes import ENTITY_LABELS
from ui.icons import icon
from ui.operations import OperationRunner
from ui.progress import run_with_progress
from ui.table import make_table_view

SHOWN_AT_MOST = 5000
HEADERS = ("时间", "操作人", "操作", "对象", "摘要", "变更内容")
WIDTHS = (150, 90, 150, 100, 140, 600)
OBJECT_COLUMN = 3
PERIODS = (("最近7天", 7), ("最近30天", 30), ("最近一年", 366), ("全部", None))


class AuditTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[AuditRow] = []
        self._texts: list[tuple[str, ...]] = []

    def set_rows(self, rows: list[AuditRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self._texts = [(r.at.strftime("%Y-%m-%d %H:%M:%S"), r.actor, operation_title(r.operation),
                        f"{ENTITY_LABELS.get(r.entity, r.entity)}{ACTION_LABELS.get(r.action, '')}", r.summary,
                        describe_changes(r)) for r in rows]
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._texts[index.row()][index.column()]
        return None


class AuditLogView(QWidget):
    """Who changed what, newest first; reloads when shown after data changed."""

    def __init__(self, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._stale = True
        self.job = None
        self.period_combo = QComboBox(self)
        for text, days in PERIODS:
            self.period_combo.addItem(text, days)
        self.period_combo.setCurrentIndex(1)
        self.operation_combo = QComboBox(self)
        self.operation_combo.setMinimumWidth(160)
        self.actor_combo = QComboBox(self)
        self.actor_combo.setMinimumWidth(110)
        for combo in (self.period_combo, self.operation_combo, self.actor_combo):
            combo.currentIndexChanged.connect(self.reload)
        self.export_button = QPushButton(icon("export"), "导出Excel…", self)
        self.export_button.clicked.connect(self.export_with_dialog)
        self.count_label = QLabel(self)
        self.model = AuditTableModel(self)
        self.table = make_table_view(self)
        self.table.setSortingEnabled(False)
        self.table.setModel(self.model)
        for column, width in enumerate(WIDTHS):
            self.table.setColumnWidth(column, width)
        self.table.setColumnWidth(OBJECT_COLUMN, self._object_width())
        filters = QHBoxLayout()
        for text, widget in (("时间：", self.period_combo), ("操作：", self.operation_combo),
                             ("操作人：", self.actor_combo)):
            filters.addWidget(QLabel(text, self))
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        filters.addWidget(self.export_button)
        hint = QLabel("每一次新增、修改、归档、导入都记录在这里（身份证号和电话只记部分数字）。记录不能修改或删除。", self)
        hint.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        runner.changed.connect(self._mark_stale)

    def _object_width(self) -> int:
        """Wide enough for the longest 对象 (人员经历新增) in the table's own font, at any scaling."""
        metrics = self.table.fontMetrics()
        longest = max(metrics.horizontalAdvance(f"{entity}{action}")
                      for entity in ENTITY_LABELS.values() for action in ACTION_LABELS.values())
        return max(WIDTHS[OBJECT_COLUMN], longest + 20)

    def _mark_stale(self, _changes) -> None:
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._stale:
            self.reload()

    def current_filter(self) -> AuditFilter:
        days = self.period_combo.currentData()
        start = date.today() - timedelta(days=days - 1) if days else None
        return AuditFilter(start=start, operation=self.operation_combo.currentData() or None,
                           actor=self.actor_combo.currentData() or None)

    def _reload_choices(self, session) -> None:
        for combo, everyone, values, text in (
            (self.operation_combo, "全部操作", audit_operations(session, by=self.runner.workspace), operation_title),
            (self.actor_combo, "全部人员", audit_actors(session, by=self.runner.workspace), str),
        ):
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everyone, "")
            for value in values:
                combo.addItem(text(value), value)
            combo.setCurrentIndex(max(combo.findData(keep), 0))
            combo.blockSignals(False)

    def reload(self) -> None:
        self._stale = False
        with self.runner.read() as session:
            self._reload_choices(session)
            flt = self.current_filter()
            rows = list_audit(session, flt, SHOWN_AT_MOST, by=self.runner.workspace)
            total = count_audit(session, flt, by=self.runner.workspace) if len(rows) == SHOWN_AT_MOST else len(rows)
        self.model.set_rows(rows)
        shown = f"，显示最新 {len(rows)} 条" if total > len(rows) else ""
        self.count_label.setText(f"共 {total} 条{shown}")
        self.export_button.setEnabled(total > 0)

    def export_with_dialog(self) -> None:
        folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
        start = str(folder / f"操作记录-{date.today():%Y%m%d}.xlsx")
        path, _ = QFileDialog.getSaveFileName(self, "导出操作记录", start, "Excel 工作簿 (*.xlsx)")
        if path:
            self.export_to(Path(path if path.lower().endswith(".xlsx") else path + ".xlsx"))

    def export_to(self, path: Path) -> None:
        """Every row the filters select (not only those shown), written off the GUI thread."""
        from models.excel.audit_export import export_audit

        runner, flt = self.runner, self.current_filter()

        def job(progress, cancelled):
            with runner.read() as session:
                rows = list_audit(session, flt, limit=None, by=runner.workspace)
            export_audit(rows, path)
            return len(rows)

        self.job = run_with_progress(self, "正在导出操作记录…", job,
                                     lambda n: self.count_label.setText(f"已导出 {n} 条：{path.name}"),
                                     lambda message: self.count_label.setText(message))
