"""报表 tab driven as a user would: choose, preview, print, save; find a person by pinyin; the card
from the 党员 tab; a preview never outlives the choices that made it."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from models.core.errors import Cancelled
from models.people import branch
from models.people.roster import NO_GROUP, MemberFilter, list_members
from models.reports import registry
from tests.conftest import TODAY
from tests.pdf_check import A4_LANDSCAPE, image_sizes, read_pdf
from ui.pdf_preview import MAX_PRINT_DPI, print_document

ROOT = Path(__file__).resolve().parents[2]



@pytest.fixture
def demo_runner(qtbot, workspace, demo_branch):
    from ui.app import make_application
    from ui.operations import OperationRunner

    demo_branch(120)  # as workspace.run(fill_demo, 120), copied after the first time
    make_application()
    return OperationRunner(workspace)


@pytest.fixture
def demo_window(qtbot, demo_runner):
    from ui.main_window import MainWindow
    from views.tabs import create_tabs

    win = MainWindow(demo_runner, create_tabs)
    qtbot.addWidget(win)
    win.resize(1366, 728)
    win.show()
    return win


def make_tab(qtbot, runner):
    from views.reports_tab import ReportsTab

    tab = ReportsTab(runner)
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    return tab


@pytest.fixture
def tab(qtbot, runner):
    """The tab alone on the seeded database (王建国 in 第一党小组, 张三, 李芳)."""
    return make_tab(qtbot, runner)


def generate(qtbot, tab):
    qtbot.mouseClick(tab.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.job.is_running() and tab.generate_button.isEnabled(), timeout=30_000)


def choose_report(tab, code: str) -> None:
    tab.report_list.setCurrentRow([r.code for r in tab.reports].index(code))


def person_id(runner, name: str) -> int:
    with runner.read() as session:
        return next(r.id for r in list_members(session, MemberFilter(text=name), TODAY) if r.name == name)


# ----- previewing, printing, saving ---------------------------------------------------------


def test_roster_preview_appears_in_the_window(qtbot, demo_window):
    tab = demo_window.tab("报表")
    demo_window.tabs.setCurrentWidget(tab)
    assert tab.report_code() == "roster"
    assert not tab.preview.print_action.isEnabled()
    generate(qtbot, tab)
    pages = tab.preview.document.pageCount()
    assert pages >= 3
    assert f"共 {pages} 页" in tab.status.text()
    assert tab.preview.print_action.isEnabled() and tab.preview.is_landscape()
    pdf = read_pdf(tab.preview.data)
    assert "党员花名册" in pdf.text and pdf.pages == pages
    assert tab.preview.suggested_name == "党员花名册-20261122.pdf"


def test_masked_option_reaches_the_pdf_and_the_file_name(qtbot, demo_runner):
    tab = make_tab(qtbot, demo_runner)
    tab.fields["masked"].setChecked(True)
    generate(qtbot, tab)
    text = read_pdf(tab.preview.data).text
    assert "公示用" in text and "********" in text
    assert tab.preview.suggested_name == "党员花名册-公示用-20261122.pdf"


def pdf_printer(preview, path: Path, dpi: int | None = None) -> QPrinter:
    """The preview's own printer, writing a PDF file instead of going to paper."""
    printer = preview.make_printer()
    if dpi is not None:
        printer.setResolution(dpi)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_printing_renders_every_page_to_the_printer(qtbot, demo_runner, tmp_path):
    tab = make_tab(qtbot, demo_runner)
    generate(qtbot, tab)
    sent = print_document(tab.preview.document, pdf_printer(tab.preview, tmp_path / "printed.pdf", 150))
    printed = read_pdf((tmp_path / "printed.pdf").read_bytes())
    assert sent == printed.pages == tab.preview.document.pageCount()
    assert set(printed.sizes) == {A4_LANDSCAPE}


def test_pages_go_to_the_printer_at_no_more_than_300_dpi(qtbot, demo_runner, tmp_path):
    """At the printer's own 1200 dpi four pages took 35 s and 25 MB; at 300 dpi about 1 s and 1.4 MB."""
    tab = make_tab(qtbot, demo_runner)
    generate(qtbot, tab)
    pages = tab.preview.document.pageCount()
    for dpi, expected in ((1200, MAX_PRINT_DPI), (200, 200)):  # a printer below 300 dpi gets its own
        target = tmp_path / f"printed-{dpi}.pdf"
        seen: list[tuple[int, int]] = []
        assert print_document(tab.preview.document, pdf_printer(tab.preview, target, dpi),
                              lambda sent, total, seen=seen: seen.append((sent, total))) == pages
        assert seen == [(n, pages) for n in range(1, pages + 1)]
        width_inches = A4_LANDSCAPE[0] / 72
        for images in image_sizes(target.read_bytes()):
            assert len(images) == 1 and abs(images[0][0] - width_inches * expected) <= 2, images
        assert target.stat().st_size < pages * 2_000_000  # 1200 dpi sent over 6 MB a page
        assert ink(target.read_bytes()) < 0.15  # white paper with text, not a black page


def ink(pdf: bytes) -> float:
    """The share of dark pixels on the first page of `pdf`, rendered at 50 dpi."""
    from PySide6.QtCore import QSize

    from ui.pdf_preview import load_pdf

    document = load_pdf(pdf, None)
    size = document.pagePointSize(0)
    image = document.render(0, QSize(round(size.width() * 50 / 72), round(size.height() * 50 / 72)))
    dark = sum(1 for y in range(0, image.height(), 3) for x in range(0, image.width(), 3)
               if image.pixelColor(x, y).alpha() > 128 and image.pixelColor(x, y).lightness() < 100)
    return dark / ((image.height() + 2) // 3 * ((image.width() + 2) // 3))


def test_cancel_stops_printing_between_pages(qtbot, demo_runner, tmp_path):
    tab = make_tab(qtbot, demo_runner)
    generate(qtbot, tab)
    seen: list[int] = []
    with pytest.raises(Cancelled):
        print_document(tab.preview.document, pdf_printer(tab.preview, tmp_path / "printed.pdf", 150),
                       lambda sent, total: seen.append(sent), cancelled=lambda: bool(seen))
    assert seen == [1]


def click_when_shown(qtbot, find, button_text: str, seen: list[str]) -> QTimer:
    """Poll for a window (`find()`), note its title and press its button `button_text`."""

    def poll() -> None:
        window = find()
        if window is not None and window.isVisible():
            seen.append(window.windowTitle())
            button = next(b for b in window.findChildren(QPushButton) if b.text() == button_text)
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    timer = QTimer(interval=20)
    timer.timeout.connect(poll)
    timer.start()
    return timer


def test_print_shows_progress_and_its_cancel_works(qtbot, demo_runner, tmp_path):
    tab = make_tab(qtbot, demo_runner)
    generate(qtbot, tab)
    pages = tab.preview.document.pageCount()
    assert tab.preview.print_to(pdf_printer(tab.preview, tmp_path / "all.pdf")) == pages
    assert tab.status.text() == f"已送往打印机，共 {pages} 页"
    assert read_pdf((tmp_path / "all.pdf").read_bytes()).pages == pages
    seen: list[str] = []
    timer = click_when_shown(qtbot, lambda: visible_progress(tab.preview), "取消", seen)
    try:
        assert tab.preview.print_to(pdf_printer(tab.preview, tmp_path / "cancelled.pdf")) == 0
    finally:
        timer.stop()
    assert seen and seen[0] == "打印"
    assert "已取消打印" in tab.status.text()
    assert visible_progress(tab.preview) is None


def visible_progress(preview) -> QProgressDialog | None:
    return next((d for d in preview.findChildren(QProgressDialog) if d.isVisible()), None)


def test_save_as_pdf_writes_the_file(qtbot, tab, tmp_path):
    generate(qtbot, tab)
    target = tmp_path / "花名册.pdf"
    assert tab.preview.save_to(target)
    assert target.read_bytes() == tab.preview.data


def test_cancel_stops_generation_and_keeps_the_window_usable(qtbot, demo_runner):
    tab = make_tab(qtbot, demo_runner)
    qtbot.mouseClick(tab.generate_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.generate_button.isEnabled(), timeout=30_000)
    assert tab.status.text() == "已取消"
    assert tab.preview.document.pageCount() == 0


def test_print_card_from_the_members_tab(qtbot, demo_window):
    members = demo_window.tab("党员")
    members.search_edit.setText("liyan")
    members.refresh()
    members.table.selectRow(0)
    qtbot.mouseClick(members.toolbar.widgetForAction(members.card_action), Qt.MouseButton.LeftButton)
    reports = demo_window.tab("报表")
    assert demo_window.tabs.currentWidget() is reports
    assert reports.report_code() == "person" and reports.fields["person_id"].text().startswith("李䶮")
    qtbot.waitUntil(lambda: reports.preview.document.pageCount() == 1, timeout=30_000)
    text = read_pdf(reports.preview.data).text
    assert "党员基本信息卡" in text and "李䶮" in text
    assert reports.preview.suggested_name == "党员基本信息卡-李䶮-20261122.pdf"


# ----- the person search ------------------------------------------------------------------


def search(qtbot, field, text: str) -> None:
    field.setFocus()
    qtbot.keyClicks(field, text)
    qtbot.waitUntil(lambda: field.completer.popup().isVisible() and field.matches.rowCount() > 0, timeout=5_000)


def test_typing_initials_finds_and_picks_a_person_by_keyboard(qtbot, tab, runner):
    choose_report(tab, "person")
    field = tab.fields["person_id"]
    assert field.isVisible() and not tab.fields["masked"].isVisible()
    search(qtbot, field, "wjg")
    assert [field.matches.item(i).text() for i in range(field.matches.rowCount())] == ["王建国　第一党小组"]
    popup = field.completer.popup()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert field.value() == person_id(runner, "王建国") and field.text() == "王建国　第一党小组"
    generate(qtbot, tab)
    assert "王建国" in read_pdf(tab.preview.data).text
    assert tab.preview.suggested_name == "党员基本信息卡-王建国-20261122.pdf"


def test_typing_full_pinyin_and_clicking_a_match(qtbot, tab, runner):
    choose_report(tab, "person")
    field = tab.fields["person_id"]
    search(qtbot, field, "wang")
    popup = field.completer.popup()
    index = popup.model().index(0, 0)
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=popup.visualRect(index).center())
    assert field.value() == person_id(runner, "王建国")
    qtbot.keyClick(field, Qt.Key.Key_Backspace)  # editing the text drops the choice
    assert field.value() is None


def test_enter_picks_the_only_match_and_an_unknown_name_is_said(qtbot, tab, runner):
    choose_report(tab, "person")
    field = tab.fields["person_id"]
    field.setFocus()
    qtbot.keyClicks(field, "lif")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.value() == person_id(runner, "李芳")
    field.clear()
    search(qtbot, field, "zzz")
    assert field.matches.rowCount() == 1 and not field.matches.item(0).isEnabled()
    assert "没有找到" in field.matches.item(0).text()
    qtbot.mouseClick(tab.generate_button, Qt.MouseButton.LeftButton)
    assert tab.status.text() == "请先选择党员" and tab.job is None


def test_select_person_picks_the_card_and_the_person(qtbot, tab, runner):
    tab.select_person(person_id(runner, "张三"))
    assert tab.report_code() == "person"
    assert tab.fields["person_id"].text() == f"张三　{branch.DIRECT_GROUP}"


# ----- choices, data changes and the preview -----------------------------------------------


def test_changing_any_choice_clears_the_preview(qtbot, tab):
    for change in (lambda: tab.fields["masked"].setChecked(True),
                   lambda: tab.fields["group_id"].setCurrentIndex(1),
                   lambda: tab.fields["include_archived"].setChecked(True),
                   lambda: choose_report(tab, "person")):
        choose_report(tab, "roster")
        generate(qtbot, tab)
        assert tab.preview.data and tab.preview.save_action.isEnabled()
        change()
        assert not tab.preview.data and tab.preview.document.pageCount() == 0
        assert not tab.preview.print_action.isEnabled() and not tab.preview.save_action.isEnabled()
        assert "请重新点“生成预览”" in tab.status.text()


@pytest.mark.parametrize("change", ["tick masked", "choose the card"])
def test_nothing_stale_can_be_printed_or_saved(qtbot, tab, runner, tmp_path, change):
    """The reported bug: tick 隐去身份证号 (or choose 党员基本信息卡) after generating the roster, press
    打印 or 另存 without regenerating, and the old roster went out. Now nothing goes out until the
    preview is made again for the current choices."""
    generate(qtbot, tab)
    if change == "tick masked":
        qtbot.mouseClick(tab.fields["masked"], Qt.MouseButton.LeftButton, pos=tab.fields["masked"].rect().center())
        assert tab.fields["masked"].isChecked()
    else:
        tab.select_person(person_id(runner, "张三"))
    opened: list[str] = []
    watch = QTimer(interval=20)  # a print or save dialog opening would mean the old document was offered
    watch.timeout.connect(lambda: (w := QApplication.activeModalWidget()) and (opened.append(w.windowTitle()), w.close()))
    watch.start()
    preview = tab.preview
    qtbot.mouseClick(preview.toolbar.widgetForAction(preview.print_action), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(preview.toolbar.widgetForAction(preview.save_action), Qt.MouseButton.LeftButton)
    preview.view.setFocus()
    qtbot.keyClick(preview.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(preview.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    preview.print_action.trigger()
    preview.save_action.trigger()
    qtbot.wait(100)
    watch.stop()
    assert opened == []
    assert not preview.save_to(tmp_path / "stale.pdf") and not (tmp_path / "stale.pdf").exists()
    assert preview.print_to(pdf_printer(preview, tmp_path / "stale-print.pdf")) == 0
    assert not (tmp_path / "stale-print.pdf").exists() and "没有打印" in tab.status.text()
    generate(qtbot, tab)  # made again: what goes out is what the choices produce
    assert preview.save_to(tmp_path / "current.pdf")
    text = read_pdf((tmp_path / "current.pdf").read_bytes()).text
    if change == "tick masked":
        assert "公示用" in text and "********" in text
    else:
        assert "党员基本信息卡" in text and "张三" in text and "花名册" not in text
    assert preview.print_to(pdf_printer(preview, tmp_path / "current-print.pdf")) == preview.document.pageCount()


def test_the_audience_follows_the_options(qtbot, tab):
    assert "内部资料" in tab.description.text()
    tab.fields["masked"].setChecked(True)
    assert "用于张贴公示" in tab.description.text()


def test_a_result_for_old_choices_is_not_shown(qtbot, demo_runner):
    tab = make_tab(qtbot, demo_runner)
    qtbot.mouseClick(tab.generate_button, Qt.MouseButton.LeftButton)
    tab.fields["masked"].setChecked(True)  # while the roster is being made
    qtbot.waitUntil(lambda: tab.generate_button.isEnabled(), timeout=30_000)
    assert not tab.preview.data and "请重新点“生成预览”" in tab.status.text()


def test_a_data_change_clears_the_preview_and_reloads_groups(qtbot, tab, runner):
    groups = tab.fields["group_id"]
    assert [groups.itemText(i) for i in range(groups.count())] == ["全部党小组", "第一党小组", branch.DIRECT_GROUP]
    assert groups.itemData(groups.count() - 1) == NO_GROUP
    generate(qtbot, tab)
    outcome = runner.run(tab, branch.create_group, "第二党小组")
    assert outcome is not None
    assert groups.findText("第二党小组") == 2
    assert not tab.preview.data


# ----- reports come from the registry only --------------------------------------------------


def test_a_registered_report_gets_its_own_option_widgets(qtbot, runner, fake_report):
    tab = make_tab(qtbot, runner)
    assert [tab.report_list.item(i).text() for i in range(tab.report_list.count())][-1] == "测试报表"
    choose_report(tab, "fake")
    assert "用于张贴公示" in tab.description.text()
    assert tab.fields["with_notes"].isVisible() and tab.fields["with_notes"].text() == "附上填表说明"
    assert tab.fields["group_id"].isVisible() and not tab.fields["person_id"].isVisible()
    assert not tab.fields["include_archived"].isVisible()
    tab.fields["with_notes"].setChecked(True)
    tab.fields["group_id"].setCurrentIndex(tab.fields["group_id"].findText(branch.DIRECT_GROUP))
    generate(qtbot, tab)
    text = read_pdf(tab.preview.data).text
    assert f"group_id={NO_GROUP}" in text and "masked=False" in text and "with_notes=True" in text
    assert tab.preview.suggested_name == f"测试报表-{branch.DIRECT_GROUP}-20261122.pdf"


def test_no_report_code_is_spelled_in_the_tab_or_the_command_line():
    from models.cli.excel_commands import EXPORTS

    sources = [ROOT / "views" / "reports_tab.py", *(ROOT / "models" / "cli").glob("*.py")]
    for source in sources:
        text = source.read_text(encoding="utf-8")
        # `scores` is also the name of an Excel export (export-excel scores), spelled in excel_commands.py.
        for code in set(registry.REPORTS) - set(EXPORTS):
            assert f'"{code}"' not in text and f"'{code}'" not in text, (source.name, code)
