"""The import preview counts what would change (new-user trial, items 8 and 9): re-importing the
roster as exported changes nothing and says so, rows without a 党小组 show 直属支部, and message
boxes are titled with the action (导入Excel / 导出Excel / 下载模板), not “Excel”."""

from datetime import date

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from models.excel.roster_export import export_people
from models.excel.roster_import import ImportResult
from models.people.roster import MemberFilter, details_for, list_members
from tests.conftest import TODAY
from tests.excel_files import person_row, write_roster
from tests.views.test_excel_gui import open_preview
from views.members.import_dialog import ImportDialog


def export_roster(store, path):
    with store.read() as session:
        ids = [r.id for r in list_members(session, MemberFilter(), TODAY)]
        export_people(details_for(session, ids, TODAY), path, TODAY)
    return path


def test_importing_the_roster_as_exported_changes_nothing_and_says_so(qtbot, window, seeded_store, tmp_path):
    tab = window.tab("党员")
    dialog = open_preview(qtbot, tab, export_roster(seeded_store, tmp_path / "名单.xlsx"))
    assert "可导入 0 行（新增 0，更新 0；3 人已在册且无变化，不需要导入）" in dialog.summary.text()
    assert dialog.tabs.tabText(1) == "将新增（0）" and dialog.tabs.tabText(2) == "将更新（0）"
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "无变化（3）"  # not the empty 将新增（0）
    unchanged = dialog.tabs.currentWidget().model()
    assert unchanged.index(0, 2).data() == "无变化，不需要导入"
    assert not dialog.import_button.isEnabled()
    assert dialog.status.text() == "表格中的人员都已在册，信息与程序中的相同，没有需要导入的内容"
    dialog.reject()


def test_only_rows_that_change_something_count_as_updates(qtbot, window, seeded_store, tmp_path):
    tab = window.tab("党员")
    path = export_roster(seeded_store, tmp_path / "名单.xlsx")
    book = load_workbook(path)
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    phone = headers.index("联系电话") + 1
    names = [c.value for c in sheet["A"]]
    sheet.cell(names.index("张三") + 1, phone, "13900002222")
    book.save(path)
    dialog = open_preview(qtbot, tab, path)
    assert "可导入 1 行（新增 0，更新 1；2 人已在册且无变化，不需要导入）" in dialog.summary.text()
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "将更新（1）"
    assert dialog.tabs.currentWidget().model().index(0, 2).data() == "联系电话"
    assert dialog.import_button.isEnabled()
    dialog.existing_skip.click()  # 跳过已在册: nothing left to write
    assert not dialog.import_button.isEnabled() and "选择了“跳过”" in dialog.status.text()
    dialog.existing_update.click()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.excel.dialog is None, timeout=15_000)
    assert "已导入：新增 0 人，更新 1 人" in tab.message_label.text()  # not “更新 3 人”


def test_the_summary_counts_changed_rows_even_when_the_models_count_all(qtbot, window, seeded_store, tmp_path):
    # models.excel.roster_import still counts every matched row as 更新 (see the note in the dialog).
    dialog = open_preview(qtbot, window.tab("党员"), export_roster(seeded_store, tmp_path / "名单.xlsx"))
    counted = dialog._counted(ImportResult(created=0, updated=3, skipped_existing=0, groups_created=[]))
    assert counted == ImportResult(created=0, updated=0, skipped_existing=0, groups_created=[])
    dialog.existing_skip.click()
    counted = dialog._counted(ImportResult(created=0, updated=0, skipped_existing=3, groups_created=[]))
    assert counted.skipped_existing == 0
    dialog.reject()


def test_new_rows_without_a_group_show_the_branch(qtbot, window, tmp_path):
    rows = [person_row(1, "赵堃", date(1999, 9, 9), 9, "20260315", None)]
    dialog = open_preview(qtbot, window.tab("党员"), write_roster(tmp_path / "r.xlsx", rows))
    assert isinstance(dialog, ImportDialog)
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "将新增（1）"
    assert dialog.tabs.currentWidget().model().index(0, 3).data() == "直属支部"
    dialog.reject()


def test_message_boxes_are_titled_with_the_action(qtbot, window, tmp_path, monkeypatch):
    titles = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: titles.append(title))
    tab = window.tab("党员")
    bad = tmp_path / "old.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    tab.excel.import_file(bad)
    qtbot.waitUntil(lambda: len(titles) == 1, timeout=15_000)
    folder = tmp_path / "已有的文件夹.xlsx"
    folder.mkdir()
    tab.excel.export_to(folder, tab.visible_ids())
    qtbot.waitUntil(lambda: len(titles) == 2, timeout=15_000)
    assert not tab.excel.save_template(folder)
    assert titles == ["导入Excel", "导出Excel", "下载模板"]
