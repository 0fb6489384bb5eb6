"""从Excel导入 in the 发展党员 tab, driven as a user would: choose the file (only the file dialog is
patched), read the preview with the stage of each new person and the row with a problem, import
the rows without problems and see the people in the list at their stage; Esc, a damaged file and
a workbook with several lists write nothing."""

from datetime import date

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox

from models.excel.development_columns import PIPELINE_IMPORT_TITLE
from models.excel.pipeline_import import read_pipeline
from models.people.citizen_id import make
from models.people.entities import Person
from models.workspace.audit import AuditFilter, count_audit
from tests.conftest import TODAY
from views.development.pipeline_table_model import Column
from views.members.import_dialog import ImportDialog
from views.members.sheet_dialog import SheetDialog

HEADERS = ["序号", "姓名", "性别", "身份证号", "类别", "申请入党时间", "确定为入党积极分子时间", "联系电话"]
ROWS = [
    [1, "张小军", "男", make("411421", date(2000, 4, 5), 11), "入党申请人", "2026-10-20", None, "13812345678"],
    [2, "刘芳", "女", make("411421", date(1998, 6, 1), 12), "入党积极分子", "2025-03-01", "2025-09-01", "13812345679"],
    # 入党积极分子 without the date they became one: a problem of that column
    [3, "赵强", "男", make("411421", date(1995, 2, 3), 13), "入党积极分子", "2025-03-01", None, "13812345670"],
]


def write_list(path, rows=ROWS, sheets=("入党积极分子",)):
    book = Workbook()
    book.remove(book.active)
    for name in sheets:
        sheet = book.create_sheet(name)
        sheet.append(["红旗村入党申请人和积极分子名册"])
        sheet.append(HEADERS)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


@pytest.fixture
def tab(window):
    tab = window.tab("发展党员")
    window.show_tab(tab)
    return tab


@pytest.fixture
def choose_file(monkeypatch):
    """The file the user picks in the open-file dialog."""
    chosen = {}
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(chosen["path"]), ""))
    return chosen


def names_shown(tab) -> dict[str, str]:
    return {tab.model.index(r, Column.NAME).data(): tab.model.index(r, Column.STAGE).data()
            for r in range(tab.model.rowCount())}


def click_import(qtbot, tab, choose_file, path) -> None:
    choose_file["path"] = path
    qtbot.mouseClick(tab.import_button, Qt.MouseButton.LeftButton)


def open_preview(qtbot, tab, choose_file, path) -> ImportDialog:
    click_import(qtbot, tab, choose_file, path)
    qtbot.waitUntil(lambda: isinstance(tab.excel.dialog, ImportDialog), timeout=15_000)
    return tab.excel.dialog


def table_rows(view) -> list[list[str]]:
    model = view.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def stored(store) -> tuple[int, int]:
    with store.read() as session:
        return session.query(Person).count(), count_audit(session, AuditFilter())


def test_the_button_imports_the_rows_without_problems_at_their_stage(qtbot, tab, choose_file, seeded_store, tmp_path):
    assert tab.import_button.text() == "从Excel导入…" and tab.import_button.isVisible()
    dialog = open_preview(qtbot, tab, choose_file, write_list(tmp_path / "积极分子.xlsx"))
    assert dialog.windowTitle() == f"{PIPELINE_IMPORT_TITLE} — 积极分子.xlsx"
    assert "可导入 2 行（新增 2，更新 0），有问题 1 行，跳过 0 行。新增的人员中入党申请人 1 人，入党积极分子 1 人。" \
        in dialog.summary.text()
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "有问题的行（1）"
    assert table_rows(dialog.tabs.widget(0)) == [
        ["5", "赵强", "确定为入党积极分子时间", "入党积极分子请填写确定为入党积极分子时间"]]
    assert dialog.tabs.tabText(1) == "将新增（2）"
    new = table_rows(dialog.tabs.widget(1))
    assert dialog.tabs.widget(1).model().headerData(2, Qt.Orientation.Horizontal) == "阶段"
    assert [(r[1], r[2]) for r in new] == [("张小军", "入党申请人"), ("刘芳", "入党积极分子")]
    assert not dialog.import_button.isEnabled()  # all or nothing until the user chooses otherwise
    assert dialog.status.text() == "有问题的行需要先改正，或选择“只导入无误的行”"
    qtbot.mouseClick(dialog.valid_only, Qt.MouseButton.LeftButton)
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.excel.dialog is None, timeout=15_000)
    shown = names_shown(tab)
    assert shown["张小军"] == "入党申请人" and shown["刘芳"] == "入党积极分子" and "赵强" not in shown
    assert tab.message_label.text() == \
        "已导入入党申请人、积极分子和发展对象：新增 2 人，更新 0 人；记入发展党员经历 3 项"
    assert "共 2 人" in tab.count_label.text()
    tab.table.selectRow(list(shown).index("刘芳"))
    assert tab.selected_person().activist_on == date(2025, 9, 1)


def test_escape_on_the_preview_writes_nothing(qtbot, tab, choose_file, seeded_store, tmp_path):
    before = stored(seeded_store)
    dialog = open_preview(qtbot, tab, choose_file, write_list(tmp_path / "p.xlsx", ROWS[:2]))
    assert dialog.import_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: tab.excel.dialog is None, timeout=5_000)
    assert stored(seeded_store) == before and names_shown(tab) == {}


def test_a_damaged_or_old_file_gets_a_chinese_message_and_writes_nothing(qtbot, tab, choose_file, seeded_store,
                                                                         tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append((title, text)))
    before = stored(seeded_store)
    old = tmp_path / "名单.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    click_import(qtbot, tab, choose_file, old)
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=15_000)
    cut = tmp_path / "下载不全.xlsx"
    cut.write_bytes(write_list(tmp_path / "whole.xlsx").read_bytes()[:900])
    click_import(qtbot, tab, choose_file, cut)
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=15_000)
    assert [title for title, _ in shown] == [PIPELINE_IMPORT_TITLE] * 2
    assert "另存为" in shown[0][1] and "文件不完整" in shown[1][1] and tab.message_label.text() == shown[1][1]
    assert tab.excel.dialog is None and stored(seeded_store) == before


def test_several_lists_in_one_workbook_ask_which_sheet_first(qtbot, tab, choose_file, seeded_store, tmp_path):
    path = write_list(tmp_path / "两组.xlsx", sheets=("一组", "二组"))
    click_import(qtbot, tab, choose_file, path)
    qtbot.waitUntil(lambda: isinstance(tab.excel.sheet_dialog, SheetDialog), timeout=15_000)
    chooser = tab.excel.sheet_dialog
    assert [b.text() for b in chooser.buttons] == ["“一组”", "“二组”"]
    assert any("文件中有 2 个工作表都像是名单" in label.text() for label in chooser.findChildren(QLabel))
    chooser.buttons[1].click()
    qtbot.mouseClick(chooser.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(tab.excel.dialog, ImportDialog), timeout=15_000)
    assert tab.excel.dialog.preview.sheet.sheet == "二组"
    tab.excel.dialog.reject()


def test_the_template_reads_back_with_its_example_row_skipped(qtbot, tab, seeded_store, tmp_path):
    path = tmp_path / "模板.xlsx"
    assert tab.excel.save_template(path)
    assert tab.message_label.text().startswith("模板已保存：") and "“从Excel导入…”" in tab.message_label.text()
    with seeded_store.read() as session:
        preview = read_pipeline(path, session, TODAY)
    assert preview.rows == [] and preview.skipped == [(2, "模板中的示例行")]
    assert preview.unknown_columns() == []
