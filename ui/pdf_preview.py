"""In-window PDF preview (QtPdf), printing page images of at most 300 dpi with progress and 取消,
and saving as PDF."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QImage, QKeySequence, QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from models.core.errors import Cancelled
from ui.actions import toolbar_action

# Text and rules stay sharp at 300 dpi. At the printer's own resolution (1200 dpi on a PDF
# printer) four roster pages took 35 s, 1.4 GB of memory and 25 MB sent; now about 1.5 s and 5 MB.
MAX_PRINT_DPI = 300
ZOOM_STEP = 1.25  # 放大 / 缩小 by a quarter each time, between a quarter and four times the size
ZOOM_LIMITS = (0.25, 4.0)

PrintProgress = Callable[[int, int], None]  # (pages sent, pages to send)


def print_dpi(printer: QPrinter) -> int:
    """The resolution pages are rendered at: the printer's own, at most MAX_PRINT_DPI."""
    return max(min(printer.resolution(), MAX_PRINT_DPI), 72)


def page_range(document: QPdfDocument, printer: QPrinter) -> range:
    """The pages (0-based) the print dialog asked for; all of them by default."""
    first, last = 0, document.pageCount() - 1
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = printer.fromPage() - 1, min(printer.toPage(), document.pageCount()) - 1
    return range(first, last + 1)


def page_image(document: QPdfDocument, page: int, dpi: int) -> QImage:
    """One page rendered at `dpi` on white paper, 8-bit grey where the page has no colour (a
    quarter of the memory of 32-bit colour)."""
    size = document.pagePointSize(page)
    rendered = document.render(page, QSize(round(size.width() / 72 * dpi), round(size.height() / 72 * dpi)))
    # PDFium leaves the page transparent where nothing is drawn; dropping the alpha channel as it
    # is would make that black, so the page is laid on white first.
    paper = QImage(rendered.size(), QImage.Format.Format_RGB32)
    paper.fill(Qt.GlobalColor.white)
    painter = QPainter(paper)
    painter.drawImage(0, 0, rendered)
    painter.end()
    if paper.allGray():
        return paper.convertToFormat(QImage.Format.Format_Grayscale8)
    return paper


def print_document(document: QPdfDocument, printer: QPrinter, progress: PrintProgress | None = None,
                   cancelled: Callable[[], bool] | None = None) -> int:
    """Send the pages in the printer's page range as images of at most MAX_PRINT_DPI; returns
    the pages sent. `progress(sent, total)` follows each page; `cancelled()` returning True aborts
    the print job and raises Cancelled.

    Runs on the GUI thread: PDFium and the printer's paint engine are not for worker threads; a
    page takes a fraction of a second at 300 dpi, and the progress dialog keeps the window alive.
    """
    pages = page_range(document, printer)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("无法开始打印，请检查打印机是否已连接并开机")
    dpi, sent = print_dpi(printer), 0
    try:
        for page in pages:
            if cancelled is not None and cancelled():
                printer.abort()
                raise Cancelled()
            if sent:
                printer.newPage()
            image = page_image(document, page, dpi)
            target = painter.viewport()
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), scaled), image)
            sent += 1
            if progress is not None:
                progress(sent, len(pages))
    finally:
        painter.end()
    return sent


def load_pdf(data: bytes, parent: QObject) -> QPdfDocument:
    """A document on its own copy of `data` (the buffer lives as long as the document)."""
    document = QPdfDocument(parent)
    buffer = QBuffer(document)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return document


class PdfPreview(QWidget):
    """Shows a PDF held in memory; 打印 and 另存为PDF act on it, and only on it."""

    message = Signal(str)  # what became of a print job, for the owner's status line

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
        self._action("适合宽度", "fit_width", lambda: self._fit(QPdfView.ZoomMode.FitToWidth))
        self._action("整页", "fit_page", lambda: self._fit(QPdfView.ZoomMode.FitInView))
        self.zoom_in_action = self._zoom_action("放大", "zoom_in", ZOOM_STEP, QKeySequence.StandardKey.ZoomIn,
                                                "Ctrl+=")
        self.zoom_out_action = self._zoom_action("缩小", "zoom_out", 1 / ZOOM_STEP,
                                                 QKeySequence.StandardKey.ZoomOut)
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

    def _zoom_action(self, text: str, icon_name: str, factor: float, shortcut: QKeySequence.StandardKey,
                     *more: str) -> QAction:
        """放大/缩小 with Ctrl++ / Ctrl+- (and Ctrl+=, the + key without Shift on most keyboards)."""
        action = self._action(text, icon_name, lambda: self.zoom_by(factor), shortcut)
        extra = [QKeySequence(k) for k in more if QKeySequence(k) not in action.shortcuts()]
        action.setShortcuts([*action.shortcuts(), *extra])
        return action

    def effective_zoom(self) -> float:
        """The scale the pages are shown at now, also in a fit mode (where QPdfView keeps its
        zoomFactor as it was): the fitted page's width over its width at 100 %."""
        if self.view.zoomMode() == QPdfView.ZoomMode.Custom or self.document.pageCount() == 0:
            return self.view.zoomFactor()
        page = self.document.pagePointSize(max(self.view.pageNavigator().currentPage(), 0))
        at_one = page * (self.view.logicalDpiX() / 72)
        margins = self.view.documentMargins()
        room = self.view.viewport().size()
        width = (room.width() - margins.left() - margins.right()) / max(at_one.width(), 1)
        if self.view.zoomMode() == QPdfView.ZoomMode.FitToWidth:
            return width
        return min(width, (room.height() - margins.top() - margins.bottom()) / max(at_one.height(), 1))

    def zoom_by(self, factor: float) -> None:
        """放大 / 缩小 from the scale shown now (a fitted page included)."""
        low, high = ZOOM_LIMITS
        zoom = min(max(self.effective_zoom() * factor, low), high)
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(zoom)
        self._show_pages()

    def _fit(self, mode: QPdfView.ZoomMode) -> None:
        self.view.setZoomMode(mode)
        self._show_pages()

    def _show_pages(self) -> None:
        """共 N 页, and the scale once the user has chosen one (放大/缩小)."""
        pages = self.document.pageCount()
        if not pages:
            self.page_label.setText("")
            return
        custom = self.view.zoomMode() == QPdfView.ZoomMode.Custom
        self.page_label.setText(f"共 {pages} 页" + (f"　{round(self.view.zoomFactor() * 100)}%" if custom else ""))

    def _set_enabled(self, enabled: bool) -> None:
        self.print_action.setEnabled(enabled)
        self.save_action.setEnabled(enabled)
        self.zoom_in_action.setEnabled(enabled)
        self.zoom_out_action.setEnabled(enabled)

    def set_pdf(self, data: bytes, suggested_name: str) -> None:
        """Show `data` (a whole PDF) in the view."""
        self.document.close()
        self._buffer.close()
        self.data, self.suggested_name = data, suggested_name
        self._bytes = QByteArray(data)
        self._buffer.setData(self._bytes)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self._show_pages()
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
        """打印: the print dialog, then the pages with a progress dialog (取消 stops)."""
        if not self.data:
            return  # nothing current to print: the choices changed since the preview was made
        printer = self.make_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印")
        dialog.setMinMax(1, self.document.pageCount())
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Print what the preview shows, with progress and 取消; returns the pages sent (0 when
        cancelled or refused, with a message saying so)."""
        if not self.data:  # cleared while the print dialog was open: the choices or data changed
            self.message.emit("选项或数据已改变，没有打印。请重新点“生成预览”后再打印。")
            return 0
        # Print from a copy: the preview may be cleared (data changed) while the pages go out.
        document = load_pdf(self.data, self)
        pages = len(page_range(document, printer))
        progress = QProgressDialog(f"正在打印第 1 页，共 {pages} 页…", "取消", 0, pages, self)
        progress.setWindowTitle("打印")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setAutoClose(False)
        progress.setAutoReset(False)  # the last page shows 100 %, not an empty bar
        progress.show()  # rendering blocks the window: the dialog is there before the first page
        QApplication.processEvents()

        def advance(sent: int, total: int) -> None:
            if sent < total:
                progress.setLabelText(f"正在打印第 {sent + 1} 页，共 {total} 页…")
            progress.setValue(sent)
            QApplication.processEvents()  # paint, and let 取消 through between pages

        try:
            print_document(document, printer, advance, progress.wasCanceled)
        except Cancelled:
            self.message.emit("已取消打印（已送出的页可能仍会打出来）")
            return 0
        except OSError as exc:
            QMessageBox.warning(self, "打印", str(exc))
            return 0
        else:
            self.message.emit(f"已送往打印机，共 {pages} 页")
            return pages
        finally:
            progress.close()
            progress.deleteLater()
            document.deleteLater()

    def save_with_dialog(self) -> None:
        if not self.data:
            return
        start = str(Path.home() / "Documents" / self.suggested_name)
        path, _ = QFileDialog.getSaveFileName(self, "另存为PDF", start, "PDF 文件 (*.pdf)")
        if path:
            self.save_to(Path(path if path.lower().endswith(".pdf") else path + ".pdf"))

    def save_to(self, path: Path) -> bool:
        """Write the PDF; a Chinese message when it cannot be written. True on success; False
        (nothing written) when the preview is empty because the choices changed."""
        from models.reports.declaration import ReportError
        from models.reports.output import write_pdf

        if not self.data:
            return False
        try:
            write_pdf(self.data, path)
        except ReportError as exc:
            QMessageBox.warning(self, "另存为PDF", str(exc))
            return False
        return True
