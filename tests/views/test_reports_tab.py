"""报表 tab driven as a user would: choose, preview, print, save; find a person by pinyin; the card
from the 党员 tab; a preview never outlives the choices that made it."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from models.demo import fill_demo
from models.people import branch
from models.people.roster import NO_GROUP, MemberFilter, list_members
from models.reports import registry
from tests.conftest import TODAY
from tests.pdf_check import A4_LANDSCAPE, read_pdf
from ui.pdf_preview import print_document

ROOT = Path(__file__).resolve().parents[2]



@pytest.fixture
def demo_runner(qtbot, workspace):
    from ui.app import make_application
    from ui.operations import OperationRunner

    workspace.run(fill_demo, 120)
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


def test_printing_renders_every_page_to_the_printer(qtbot, demo_runner, tmp_path):
    tab = make_tab(qtbot, demo_runner)
    generate(qtbot, tab)
    printer = tab.preview.make_printer()
    printer.setResolution(150)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a printer that writes a file
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    sent = print_document(tab.preview.document, printer)
    printed = read_pdf((tmp_path / "printed.pdf").read_bytes())
    assert sent == printed.pages == tab.preview.document.pageCount()
    assert set(printed.sizes) == {A4_LANDSCAPE}


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
    sources = [ROOT / "views" / "reports_tab.py", *(ROOT / "models" / "cli").glob("*.py")]
    for source in sources:
        text = source.read_text(encoding="utf-8")
        for code in registry.REPORTS:
            assert f'"{code}"' not in text and f"'{code}'" not in text, (source.name, code)
