"""In-window PDF preview (QtPdf), printing at the printer's resolution, and saving as PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QStackedWidget, QToolBar, QVBoxLayout, QWidget

from ui.actions import toolbar_action


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Render each page (in the printer's page range) at the printer's resolution; returns pages sent."""
    first, last = 0, document.pageCount() - 1
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = printer.fromPage() - 1, min(printer.toPage(), document.pageCount()) - 1
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("无法开始打印，请检查打印机是否已连接并开机")
    sent = 0
    try:
        dpi = printer.resolution()
        for page in range(first, last + 1):
            if sent:
                printer.newPage()
            size = document.pagePointSize(page)
            pixels = QSize(round(size.width() / 72 * dpi), round(size.height() / 72 * dpi))
            image = document.render(page, pixels)
            target = painter.viewport()
            scaled = pixels.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), scaled), image)
            sent += 1
    finally:
        painter.end()
    return sent


class PdfPreview(QWidget):
    """Shows a PDF held in memory; 打印 and 另存为PDF act on it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = b""
        self.suggested_name = "报表.pdf"
        self._bytes = QByteArray()
        self._buffer = QBuffer(self)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.print_action = self._action("打印", "print", self.print_with_dialog, QKeySequence.StandardKey.Print)
        self.save_action = self._action("另存为PDF", "save", self.save_with_dialog, QKeySequence.StandardKey.Save)
        self.toolbar.addSeparator()
        self._action("适合宽度", "fit_width", lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        self._action("整页", "fit_page", lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitInView))
        self.page_label = QLabel(self)
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.page_label)
        self.placeholder = QLabel("在左边选择报表和选项，点“生成预览”，报表会显示在这里。", self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("color: #666; background: #e8e8e8; font-size: 11pt;")
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.placeholder)
        self.pages.addWidget(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.pages, 1)
        self._set_enabled(False)

    def _action(self, text: str, icon_name: str, slot, shortcut=None) -> QAction:
        return toolbar_action(self, self.toolbar, text, icon_name, slot, shortcut)

    def _set_enabled(self, enabled: bool) -> None:
        self.print_action.setEnabled(enabled)
        self.save_action.setEnabled(enabled)

    def set_pdf(self, data: bytes, suggested_name: str) -> None:
        """Show `data` (a whole PDF) in the view."""
        self.document.close()
        self._buffer.close()
        self.data, self.suggested_name = data, suggested_name
        self._bytes = QByteArray(data)
        self._buffer.setData(self._bytes)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.page_label.setText(f"共 {self.document.pageCount()} 页")
        self._set_enabled(self.document.pageCount() > 0)
        self.pages.setCurrentWidget(self.view)

    def clear(self) -> None:
        """Show the placeholder again; 打印 and 另存为PDF are off until the next set_pdf."""
        self.document.close()
        self._buffer.close()
        self.data = b""
        self.page_label.setText("")
        self._set_enabled(False)
        self.pages.setCurrentWidget(self.placeholder)

    def is_landscape(self) -> bool:
        size = self.document.pagePointSize(0)
        return size.width() > size.height()

    def make_printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.suggested_name.removesuffix(".pdf"))
        printer.setFullPage(True)
        orientation = QPageLayout.Orientation.Landscape if self.is_landscape() else QPageLayout.Orientation.Portrait
        printer.setPageOrientation(orientation)
        return printer

    def print_with_dialog(self) -> None:
        if not self.data:
            return
        printer = self.make_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印")
        dialog.setMinMax(1, self.document.pageCount())
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        try:
            print_document(self.document, printer)
        except OSError as exc:
            QMessageBox.warning(self, "打印", str(exc))

    def save_with_dialog(self) -> None:
        if not self.data:
            return
        start = str(Path.home() / "Documents" / self.suggested_name)
        path, _ = QFileDialog.getSaveFileName(self, "另存为PDF", start, "PDF 文件 (*.pdf)")
        if path:
            self.save_to(Path(path if path.lower().endswith(".pdf") else path + ".pdf"))

    def save_to(self, path: Path) -> bool:
        """Write the PDF; a Chinese message when it cannot be written. True on success."""
        from models.reports.declaration import ReportError
        from models.reports.output import write_pdf

        try:
            write_pdf(self.data, path)
        except ReportError as exc:
            QMessageBox.warning(self, "另存为PDF", str(exc))
            return False
        return True
