"""从Excel导入 for the 发展党员 tab: 入党申请人, 入党积极分子 and 发展对象 from their own sheet, along the
roster import's path (file → sheet choice → preview with column mapping and problems → the
`pipeline.import` operation in the background → a summary), plus the blank list to fill."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMenu, QToolButton, QWidget

from models.excel.development_columns import PIPELINE_IMPORT_BUTTON, PIPELINE_IMPORT_TITLE
from models.excel.pipeline_import import import_pipeline, pipeline_summary, read_pipeline, remap_pipeline
from ui.operations import OperationRunner
from views.development.labels import stage_label
from views.members.excel_actions import ExcelImport, documents_folder
from views.members.import_dialog import ImportKind

IMPORT_TEXT, TEMPLATE_TEXT = PIPELINE_IMPORT_BUTTON, "下载导入模板…"
PIPELINE_IMPORT = ImportKind(PIPELINE_IMPORT_TITLE, "选择入党申请人、积极分子名单（Excel）", read_pipeline, remap_pipeline,
                             import_pipeline, pipeline_summary, recorded="已录入", stage_label=stage_label,
                             field_labels={"stage": "阶段"})


class PipelineExcel(ExcelImport):
    """The tab's import and its template; the imported people reach the list through the runner."""

    def __init__(self, runner: OperationRunner, parent: QWidget) -> None:
        super().__init__(runner, parent, PIPELINE_IMPORT)

    def template_with_dialog(self) -> None:
        start = str(documents_folder() / "入党申请人和积极分子导入模板.xlsx")
        path, _ = QFileDialog.getSaveFileName(self.parent_widget, "保存导入模板", start, "Excel 工作簿 (*.xlsx)")
        if path:
            self.save_template(Path(path if path.lower().endswith(".xlsx") else path + ".xlsx"))

    def save_template(self, path: Path) -> bool:
        from models.core.errors import UserError
        from models.excel.pipeline_template import write_pipeline_template

        try:
            write_pipeline_template(path)
        except UserError as exc:
            self._failed("下载导入模板")(str(exc))
            return False
        self.message.emit(f"模板已保存：{path}。填好后点“{IMPORT_TEXT}”。")
        return True


def import_button(excel: PipelineExcel, parent: QWidget) -> QToolButton:
    """从Excel导入… — a click imports; its arrow also offers the template."""
    button = QToolButton(parent)
    button.setText(IMPORT_TEXT)
    button.setToolTip(f"{PIPELINE_IMPORT_TITLE}：从Excel名单导入，每人按表中的阶段和日期记入发展党员经历。"
                      f"点右侧小箭头可“{TEMPLATE_TEXT.rstrip('…')}”")
    button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
    button.clicked.connect(excel.import_with_dialog)
    menu = QMenu(button)
    menu.addAction(PIPELINE_IMPORT_TITLE + "…", excel.import_with_dialog)
    menu.addAction(TEMPLATE_TEXT, excel.template_with_dialog)
    button.setMenu(menu)
    return button
