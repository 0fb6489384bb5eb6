"""Excel from the 党员 tab: import preview driven with qtbot, export of the visible list, template."""

from datetime import date

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from tests.excel_files import person_row, several_sheets, write_roster
from tests.views.test_members_tab import names_shown
from views.members.import_dialog import ImportDialog


def open_preview(qtbot, tab, path) -> ImportDialog:
    tab.excel.import_file(path)
    qtbot.waitUntil(lambda: isinstance(tab.excel.dialog, ImportDialog), timeout=15_000)
    return tab.excel.dialog


def test_import_preview_then_import_shows_new_rows(qtbot, window, tmp_path):
    tab = window.tab("党员")
    rows = [person_row(1, "赵堃", date(1999, 9, 9), 9, "20260315", None),
            person_row(2, "刘桂芳", date(1955, 2, 28), 10, "1978/5/4", "1979/5/4")]
    dialog = open_preview(qtbot, tab, write_roster(tmp_path / "r.xlsx", rows, after=[["填表人：李四"]]))
    assert "可导入 2 行" in dialog.summary.text() and "跳过 1 行" in dialog.summary.text()
    assert dialog.tabs.tabText(1) == "将新增（2）"
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.excel.dialog is None, timeout=15_000)
    assert {"赵堃", "刘桂芳"} <= set(names_shown(tab))
    assert "新增 2 人" in tab.message_label.text()


def test_problems_block_all_or_nothing_until_user_chooses_valid_only(qtbot, window, tmp_path):
    tab = window.tab("党员")
    rows = [person_row(1, "赵堃", date(1999, 9, 9), 9, "20260315", None),
            person_row(2, "钱错", date(1960, 1, 1), 11, "2030-01-01", None)]
    dialog = open_preview(qtbot, tab, write_roster(tmp_path / "r.xlsx", rows))
    assert dialog.tabs.currentIndex() == 0 and dialog.tabs.tabText(0) == "有问题的行（1）"
    problems = dialog.tabs.widget(0).model()
    assert problems.index(0, 0).data() == "4" and "不能晚于今天" in problems.index(0, 3).data()
    assert not dialog.import_button.isEnabled()
    assert dialog.save_problems(tmp_path / "problems.xlsx")
    assert load_workbook(tmp_path / "problems.xlsx").active["B2"].value == "钱错"
    dialog.valid_only.click()
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.excel.dialog is None, timeout=15_000)
    shown = names_shown(tab)
    assert "赵堃" in shown and "钱错" not in shown


def test_fixing_the_column_mapping_rechecks(qtbot, window, tmp_path):
    from models.people.citizen_id import make

    tab = window.tab("党员")
    path = write_roster(tmp_path / "r.xlsx", [["孙七", make("411421", date(1962, 3, 12), 3), "1985-07-01"]],
                        headers=["姓名", "身份证", "入党年份"], title=None)
    dialog = open_preview(qtbot, tab, path)
    assert dialog.tabs.tabText(0) == "有问题的行（1）"
    combo = dialog.mapping_combos[2]
    combo.setCurrentIndex(combo.findData("joined_on"))
    qtbot.mouseClick(dialog.recheck_button, Qt.MouseButton.LeftButton)
    assert dialog.tabs.tabText(0) == "有问题的行（0）" and dialog.import_button.isEnabled()
    dialog.reject()


def test_unreadable_file_gets_a_message_and_no_dialog(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    tab = window.tab("党员")
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    tab.excel.import_file(path)
    qtbot.waitUntil(lambda: bool(shown), timeout=15_000)
    assert "另存为" in shown[0] and tab.excel.dialog is None


def test_export_writes_what_the_user_sees_in_that_order(qtbot, window, tmp_path):
    tab = window.tab("党员")
    tab.search_edit.setText("wang")
    tab.refresh()
    tab.excel.export_to(tmp_path / "out.xlsx", tab.visible_ids())
    qtbot.waitUntil(lambda: "已导出" in tab.message_label.text(), timeout=15_000)
    sheet = load_workbook(tmp_path / "out.xlsx").active
    assert [c.value for c in sheet["A"]][1:] == names_shown(tab) == ["王建国"]


def test_template_is_saved(qtbot, window, tmp_path):
    assert window.tab("党员").excel.save_template(tmp_path / "t.xlsx")
    assert load_workbook(tmp_path / "t.xlsx")["党员信息"]["A1"].value == "姓名"


def test_a_workbook_with_several_roster_sheets_asks_which_before_the_preview(qtbot, window, tmp_path):
    from views.members.sheet_dialog import SheetDialog

    tab = window.tab("党员")
    tab.excel.import_file(several_sheets(tmp_path))
    qtbot.waitUntil(lambda: isinstance(tab.excel.sheet_dialog, SheetDialog), timeout=15_000)
    chooser = tab.excel.sheet_dialog
    assert [b.text() for b in chooser.buttons] == ["“一组”", "“二组”"]
    assert chooser.buttons[0].isChecked() and chooser.ok_button.isEnabled()
    assert tab.excel.dialog is None  # no preview until a sheet is chosen
    chooser.buttons[1].click()
    qtbot.mouseClick(chooser.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(tab.excel.dialog, ImportDialog), timeout=15_000)
    dialog = tab.excel.dialog
    assert dialog.preview.sheet.sheet == "二组" and dialog.tabs.tabText(1) == "将新增（3）"
    dialog.reject()


def test_a_roster_only_on_hidden_sheets_is_imported_only_when_picked(qtbot, window, tmp_path):
    from views.members.sheet_dialog import SheetDialog

    tab = window.tab("党员")
    tab.excel.import_file(several_sheets(tmp_path, hidden=("一组", "二组")))
    qtbot.waitUntil(lambda: isinstance(tab.excel.sheet_dialog, SheetDialog), timeout=15_000)
    chooser = tab.excel.sheet_dialog
    assert [b.text() for b in chooser.buttons] == ["“一组（隐藏）”", "“二组（隐藏）”"]
    assert not any(b.isChecked() for b in chooser.buttons) and not chooser.ok_button.isEnabled()
    chooser.buttons[0].click()
    assert chooser.ok_button.isEnabled()
    qtbot.mouseClick(chooser.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(tab.excel.dialog, ImportDialog), timeout=15_000)
    assert [r.form.name for r in tab.excel.dialog.preview.rows] == ["王建国", "李秀兰"]
    assert "工作表“一组”是隐藏的，按指定读取了它" in tab.message_label.text()
    tab.excel.dialog.reject()


def test_cancelling_the_sheet_choice_reads_nothing(qtbot, window, tmp_path):
    from views.members.sheet_dialog import SheetDialog

    tab = window.tab("党员")
    tab.excel.import_file(several_sheets(tmp_path))
    qtbot.waitUntil(lambda: isinstance(tab.excel.sheet_dialog, SheetDialog), timeout=15_000)
    tab.excel.sheet_dialog.reject()
    qtbot.waitUntil(lambda: tab.excel.sheet_dialog is None, timeout=5_000)
    qtbot.wait(200)
    assert tab.excel.dialog is None


def test_damaged_files_get_a_chinese_message_in_the_window(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from tests.xlsx_parts import damaged_corpus, good_roster

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    tab = window.tab("党员")
    corpus = damaged_corpus(good_roster(tmp_path / "good.xlsx"), tmp_path)
    picked = ("sheet_xml_cut", "strings_broken", "flipped_sheet_data", "styles_broken", "content_types_garbage",
              "entity_bomb", "encrypted_zip_entry", "empty", "csv_renamed")
    for number, name in enumerate(picked, start=1):
        tab.excel.import_file(corpus[name])
        qtbot.waitUntil(lambda n=number: len(shown) == n, timeout=15_000)
        assert "意外" not in shown[-1] and ("损坏" in shown[-1] or "不是Excel" in shown[-1] or "空的" in shown[-1]
                                           or "密码" in shown[-1] or "恶意" in shown[-1]), (name, shown[-1])
    assert tab.excel.dialog is None
