"""导入 / 导出 / 下载模板 for the 党员 tab: file dialogs here, the work in models.excel. The import path
(file → sheet choice → preview → import in the background) is `ExcelImport`, which the 发展党员 tab
uses too with its own ImportKind."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from models.excel.workbook import SheetChoiceNeeded
from ui.operations import OperationRunner
from ui.progress import run_with_progress
from views.members.import_dialog import ROSTER_IMPORT, ImportDialog, ImportKind
from views.members.sheet_dialog import SheetDialog

# Message box titles name the action the user took (not just “Excel”).
IMPORT_TITLE, EXPORT_TITLE, TEMPLATE_TITLE = ROSTER_IMPORT.title, "导出Excel", "下载模板"


def documents_folder() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))


class ExcelImport(QObject):
    """Importing a list from Excel (an import's changes reach every tab through the runner)."""

    message = Signal(str)  # a line for the user (shown in the tab's status line)

    def __init__(self, runner: OperationRunner, parent: QWidget, kind: ImportKind) -> None:
        super().__init__(parent)
        self.runner, self.parent_widget, self.kind = runner, parent, kind
        self.dialog: ImportDialog | None = None
        self.sheet_dialog: SheetDialog | None = None
        self.job = None

    def import_with_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.parent_widget, self.kind.file_caption, str(documents_folder()),
                                              "Excel 工作簿 (*.xlsx *.xls);;所有文件 (*)")
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path, sheet: str | None = None) -> None:
        """Read and check `path` (the sheet named `sheet`, or the one list sheet) off the GUI
        thread, then show the preview dialog; a file with several list sheets asks which first."""
        runner, read = self.runner, self.kind.read

        def job(progress, cancelled):
            try:
                with runner.read() as session:
                    return read(path, session, runner.workspace.today(), progress, cancelled, sheet=sheet)
            except SheetChoiceNeeded as needed:
                return needed  # a question for the user, asked on the GUI thread

        self.job = run_with_progress(self.parent_widget, "正在读取Excel…", job,
                                     lambda result: self._read(path, result), self._failed(self.kind.title))

    def _read(self, path: Path, result) -> None:
        if isinstance(result, SheetChoiceNeeded):
            self._choose_sheet(path, result)
        else:
            self._show_preview(result)

    def _choose_sheet(self, path: Path, needed: SheetChoiceNeeded) -> None:
        dialog = SheetDialog(path.name, needed.finding, needed.choices, self.parent_widget)
        self.sheet_dialog = dialog
        dialog.accepted.connect(lambda: self.import_file(path, dialog.chosen()))
        dialog.finished.connect(lambda _: setattr(self, "sheet_dialog", None))
        dialog.open()

    def _show_preview(self, preview) -> None:
        self.dialog = ImportDialog(self.runner, preview, self.parent_widget, self.kind)
        self.dialog.imported.connect(self._imported)
        self.dialog.finished.connect(lambda _: setattr(self, "dialog", None))
        self.dialog.open()
        if preview.sheet.notes:  # how the sheet was read: hidden sheets passed over, rows cut off
            self.message.emit("；".join(preview.sheet.notes))

    def _imported(self, _result) -> None:
        self.message.emit(self.dialog.result_summary if self.dialog else "导入完成")

    def _failed(self, title: str):
        """A failure callback: the message in the status line and in a box titled with the action."""

        def show(message: str) -> None:
            self.message.emit(message)
            QMessageBox.warning(self.parent_widget, title, message)

        return show


class MemberExcel(ExcelImport):
    """The 党员 tab's Excel actions: 导入 (the roster), 导出, 下载模板."""

    def __init__(self, runner: OperationRunner, parent: QWidget) -> None:
        super().__init__(runner, parent, ROSTER_IMPORT)

    def export_with_dialog(self, person_ids: list[int]) -> None:
        start = str(documents_folder() / f"党员名单-{date.today():%Y%m%d}.xlsx")
        path, _ = QFileDialog.getSaveFileName(self.parent_widget, "导出为Excel", start, "Excel 工作簿 (*.xlsx)")
        if path:
            self.export_to(Path(path if path.lower().endswith(".xlsx") else path + ".xlsx"), person_ids)

    def export_to(self, path: Path, person_ids: list[int]) -> None:
        """Write these people, in this order, to `path` off the GUI thread."""
        from models.excel.roster_export import export_people
        from models.people.roster import details_for

        runner = self.runner

        def job(progress, cancelled):
            with runner.read() as session:
                details = details_for(session, person_ids, date.today())
            export_people(details, path, date.today(), progress, cancelled)
            return len(details)

        self.job = run_with_progress(self.parent_widget, "正在导出…", job,
                                     lambda n: self.message.emit(f"已导出 {n} 人：{path}"), self._failed(EXPORT_TITLE))

    def template_with_dialog(self) -> None:
        start = str(documents_folder() / "党员信息导入模板.xlsx")
        path, _ = QFileDialog.getSaveFileName(self.parent_widget, "保存导入模板", start, "Excel 工作簿 (*.xlsx)")
        if path:
            self.save_template(Path(path if path.lower().endswith(".xlsx") else path + ".xlsx"))

    def save_template(self, path: Path) -> bool:
        from models.core.errors import UserError
        from models.excel.roster_export import write_template
        from models.people.branch import list_groups

        with self.runner.read() as session:
            groups = [g.name for g in list_groups(session)]
        try:
            write_template(path, groups)
        except UserError as exc:
            self._failed(TEMPLATE_TITLE)(str(exc))
            return False
        self.message.emit(f"模板已保存：{path}。填好后点“导入”。")
        return True
