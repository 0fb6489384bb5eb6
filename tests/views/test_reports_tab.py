"""报表 tab driven as a user would: choose, preview, print, save; the card from the 党员 tab."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from models import demo
from tests.conftest import TODAY
from tests.pdf_check import A4_LANDSCAPE, read_pdf
from ui.pdf_preview import print_document


@pytest.fixture
def demo_window(qtbot, store):
    from ui.app import make_application
    from ui.main_window import MainWindow

    with store.session() as session:
        demo.fill(session, 120, TODAY)
    make_application()
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.resize(1366, 728)
    win.show()
    return win


def generate(qtbot, tab):
    qtbot.mouseClick(tab.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.job.is_running() and tab.generate_button.isEnabled(), timeout=30_000)


def test_roster_preview_appears_in_the_window(qtbot, demo_window):
    tab = demo_window.reports_tab
    demo_window.tabs.setCurrentWidget(tab)
    assert tab.report_code() == "roster"
    generate(qtbot, tab)
    pages = tab.preview.document.pageCount()
    assert pages >= 3
    assert f"共 {pages} 页" in tab.status.text()
    assert tab.preview.print_action.isEnabled() and tab.preview.is_landscape()
    pdf = read_pdf(tab.preview.data)
    assert "党员花名册" in pdf.text and pdf.pages == pages


def test_masked_option_reaches_the_pdf(qtbot, demo_window):
    tab = demo_window.reports_tab
    tab.masked_check.setChecked(True)
    generate(qtbot, tab)
    text = read_pdf(tab.preview.data).text
    assert "公示用" in text and "********" in text


def test_printing_renders_every_page_to_the_printer(qtbot, demo_window, tmp_path):
    tab = demo_window.reports_tab
    generate(qtbot, tab)
    printer = tab.preview.make_printer()
    printer.setResolution(150)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a printer that writes a file
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    sent = print_document(tab.preview.document, printer)
    printed = read_pdf((tmp_path / "printed.pdf").read_bytes())
    assert sent == printed.pages == tab.preview.document.pageCount()
    assert set(printed.sizes) == {A4_LANDSCAPE}


def test_save_as_pdf_writes_the_file(qtbot, demo_window, tmp_path):
    tab = demo_window.reports_tab
    generate(qtbot, tab)
    target = tmp_path / "花名册.pdf"
    assert tab.preview.save_to(target)
    assert target.read_bytes() == tab.preview.data


def test_cancel_stops_generation_and_keeps_the_window_usable(qtbot, demo_window):
    tab = demo_window.reports_tab
    qtbot.mouseClick(tab.generate_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.generate_button.isEnabled(), timeout=30_000)
    assert tab.status.text() == "已取消"
    assert tab.preview.document.pageCount() == 0


def test_print_card_from_the_members_tab(qtbot, demo_window):
    members = demo_window.members_tab
    members.search_edit.setText("liyan")
    members.refresh()
    members.table.selectRow(0)
    qtbot.mouseClick(members.toolbar.widgetForAction(members.card_action), Qt.MouseButton.LeftButton)
    reports = demo_window.reports_tab
    assert demo_window.tabs.currentWidget() is reports
    qtbot.waitUntil(lambda: reports.preview.document.pageCount() == 1, timeout=30_000)
    text = read_pdf(reports.preview.data).text
    assert "党员基本信息卡" in text and "李䶮" in text
