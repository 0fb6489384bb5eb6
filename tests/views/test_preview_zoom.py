"""放大/缩小 in the report preview (new-user trial, item 7): toolbar buttons and Ctrl++ / Ctrl+-,
starting from the scale a fitted page is shown at."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QApplication

from models.reports import registry
from tests.conftest import TODAY
from ui.pdf_preview import ZOOM_LIMITS, ZOOM_STEP, PdfPreview


@pytest.fixture
def preview(qtbot, runner, seeded_store):
    with seeded_store.read() as session:
        data = registry.get_report("roster").build(session, {}, TODAY)
    widget = PdfPreview()
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    widget.set_pdf(data, "党员花名册.pdf")
    return widget


def test_zoom_buttons_start_from_the_fitted_scale(qtbot, preview):
    assert preview.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    fitted = preview.effective_zoom()
    assert preview.zoom_in_action.isEnabled() and preview.zoom_out_action.isEnabled()
    preview.zoom_in_action.trigger()
    assert preview.view.zoomMode() == QPdfView.ZoomMode.Custom
    assert preview.view.zoomFactor() == pytest.approx(fitted * ZOOM_STEP, rel=0.02)
    assert preview.page_label.text() == f"共 1 页　{round(fitted * ZOOM_STEP * 100)}%"
    preview.zoom_out_action.trigger()
    preview.zoom_out_action.trigger()
    assert preview.view.zoomFactor() == pytest.approx(fitted / ZOOM_STEP, rel=0.02)
    next(a for a in preview.toolbar.actions() if a.text() == "适合宽度").trigger()
    assert preview.view.zoomMode() == QPdfView.ZoomMode.FitToWidth and preview.page_label.text() == "共 1 页"


def test_ctrl_plus_and_ctrl_minus_zoom_within_limits(qtbot, preview):
    view = preview.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    first = view.zoomFactor()
    assert view.zoomMode() == QPdfView.ZoomMode.Custom
    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)  # + without Shift
    assert view.zoomFactor() == pytest.approx(first * ZOOM_STEP)
    for _ in range(20):
        qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoomFactor() == pytest.approx(ZOOM_LIMITS[0])
    for _ in range(20):
        preview.zoom_in_action.trigger()
    assert view.zoomFactor() == pytest.approx(ZOOM_LIMITS[1])


def test_zoom_is_off_without_a_document(qtbot, preview):
    preview.clear()
    assert not preview.zoom_in_action.isEnabled() and not preview.zoom_out_action.isEnabled()
