"""Open every window and dialog of the program as on a 1366×768 laptop at 125% and print their sizes.

Run by tests/views/test_dialog_sizes.py in a subprocess, because QT_SCALE_FACTOR must be set before
the QApplication exists and the rest of the suite runs at scale 1:

    python tests/views/window_sizes.py [--png DIR] [--scale 1]

(--png saves what each window looks like; --scale 1 shows the same screen without scaling.)

The offscreen screen is configured as 1366×768 physical pixels; at QT_SCALE_FACTOR=1.25 that is
1093×614 logical pixels, as Windows reports it. The app font is set to 10 pt as make_application
does on Windows (Microsoft YaHei UI; here Noto Sans CJK, whose lines are a little taller, so the
measure errs on the safe side). Prints one JSON object: {"screen": [width, height] available,
"windows": {name: {"width", "height", "min_width", "min_height", "maximized"}}} in logical pixels,
client area (the offscreen platform draws no title bar; the test adds one).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREEN = {"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768,
                       "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}


def _configure_qt(folder: Path, scale: str) -> None:
    config = folder / "screen.json"
    config.write_text(json.dumps(SCREEN), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    os.environ["QT_SCALE_FACTOR"] = scale
    sys.path.insert(0, str(ROOT))


class Measure:
    """Shows widgets, records their sizes and (optionally) saves what they look like."""

    def __init__(self, app, png_dir: Path | None) -> None:
        self.app, self.png_dir, self.sizes = app, png_dir, {}

    def settle(self) -> None:
        for _ in range(5):
            self.app.processEvents()

    def record(self, name: str, widget) -> None:
        if not widget.isVisible():
            widget.show()
        self.settle()
        minimum = widget.minimumSizeHint().expandedTo(widget.minimumSize())
        self.sizes[name] = {"width": widget.width(), "height": widget.height(),
                            "min_width": minimum.width(), "min_height": minimum.height(),
                            "maximized": widget.isMaximized()}
        if self.png_dir is not None:
            widget.grab().save(str(self.png_dir / f"{name}.png"))


def _seeded_runner(folder: Path):
    from models.storage.store import Store
    from models.workspace import Actor, Workspace
    from tests.views.conftest import seed
    from ui.operations import OperationRunner

    store = Store(folder / "sizes.db")
    workspace = Workspace(store, Actor("测试员"), today=lambda: date(2026, 11, 22))
    seed(workspace)
    return OperationRunner(workspace)


NAMES = ("王建国", "李秀英", "张伟", "刘桂芳", "欧阳建华", "阿依古丽·买买提", "陈静", "赵堃", "孙丽", "周志强")


def _realistic_preview(folder: Path, runner):
    """A roster as branches keep it: many columns, long addresses, a long file name, rows with
    problems (a date in the future, a wrong ID) beside good ones."""
    from models.excel.roster_import import read_roster
    from tests.excel_files import HEADERS, person_row, write_roster

    headers = HEADERS + ["党小组", "流动党员", "外出地点", "外出日期", "外出联系方式", "备注", "籍贯", "职称"]
    rows = []
    for n in range(1, 61):
        birth = date(1950 + n % 40, 1 + n % 12, 1 + n % 27)
        joined = "2030-01-01" if n % 7 == 0 else f"{birth.year + 25}-07-01"
        row = person_row(n, NAMES[n % len(NAMES)] + "某甲乙丙丁"[n % 5], birth, n, joined,
                         f"{birth.year + 26}-07-01",
                         家庭住址="河南省南阳市淅川县上集镇红旗村第三村民小组二十六号院东侧")
        if n % 9 == 0:
            row[HEADERS.index("身份证号")] = row[HEADERS.index("身份证号")][:17] + "0"
        rows.append(row + [f"第{'一二三四'[n % 4]}党小组", "否", "", "", "", "长期在外务工，联系不便" * 2, "河南淅川", ""])
    path = write_roster(folder / "红旗村党员花名册（2026年度，含流动党员和预备党员，村两委换届后核对版）.xlsx", rows,
                        headers=headers)
    with runner.read() as session:
        return read_roster(path, session, date(2026, 11, 22))


def _fill_probationer(dialog) -> None:
    from models.people.citizen_id import make

    dialog.name_edit.setText("欧阳建华")
    dialog.id_edit.setText(make("411323", date(1995, 4, 2), 21))
    dialog.stage_combo.setCurrentIndex(dialog.stage_combo.findText("预备党员"))
    dialog.joined_field.line.setText("2025-06-01")
    dialog.phone_edit.setText("1380000111")
    dialog.address_edit.setText("红旗村三组45号")


def _fill_badly(dialog) -> None:
    """Every field of the member dialog wrong at once: the most red text it can show."""
    dialog.name_edit.setText("王建国2")
    dialog.id_edit.setText("41132319800101001")
    dialog.ethnicity_combo.setCurrentText("汗族")
    dialog.birth_field.line.setText("1980年13月1日")
    dialog.joined_field.line.setText("2030-01-01")
    dialog.confirmed_field.line.setText("明年")
    dialog.phone_edit.setText("1381234567")
    dialog.mobile_check.setChecked(True)
    dialog.mobile_since_field.line.setText("2030-01-01")


def _measure_dialogs(measure: Measure, runner, window, folder: Path) -> None:
    from views.members.archive_dialog import ArchiveDialog, RestoreDialog
    from views.members.import_dialog import ImportDialog
    from views.members.member_dialog import MemberDialog

    dialog = MemberDialog(runner, None, window)
    measure.record("member_dialog_new", dialog)
    dialog.save()  # every required field missing: the red messages take room
    measure.record("member_dialog_missing", dialog)
    _fill_badly(dialog)
    dialog.save()
    measure.record("member_dialog_errors", dialog)
    dialog.reject()  # filled in: asks before throwing it away
    measure.record("discard_question", dialog.discard_box)
    dialog.discard_box.done(0)
    dialog.done(0)
    dialog = MemberDialog(runner, None, window)
    dialog.show()
    measure.settle()
    _fill_probationer(dialog)
    dialog.save()  # a warning (预备期已满一年) in amber beside an error (the phone) in red
    measure.record("member_dialog_warning", dialog)
    dialog.done(0)
    members = window.tab("党员")
    person_id = members.model.row_at(0).id
    dialog = MemberDialog(runner, person_id, window)
    measure.record("member_dialog_edit", dialog)
    dialog.done(0)
    for name, cls in (("archive_dialog", ArchiveDialog), ("restore_dialog", RestoreDialog)):
        dialog = cls(runner, person_id, "欧阳建国", window)
        measure.record(name, dialog)
        dialog.done(0)
    dialog = ImportDialog(runner, _realistic_preview(folder, runner), window)
    measure.record("import_dialog", dialog)
    dialog.tabs.setCurrentIndex(dialog.tabs.count() - 1)  # 列对应: one row per column of the sheet
    measure.record("import_dialog_mapping", dialog)
    dialog.done(0)


def _measure_setup(measure: Measure, folder: Path) -> None:
    from models.storage.store import Store
    from models.workspace import Actor, Workspace
    from ui.operations import OperationRunner
    from ui.setup_dialog import BranchSetupDialog

    store = Store(folder / "empty.db")
    dialog = BranchSetupDialog(OperationRunner(Workspace(store, Actor("测试员"))))
    measure.record("setup_dialog", dialog)
    dialog.save()  # empty names: the red messages
    measure.record("setup_dialog_errors", dialog)
    dialog.load_demo()
    measure.record("setup_demo_question", dialog.confirm_box)
    dialog.confirm_box.done(0)
    dialog.done(0)
    store.close()


def _measure_main_window(measure: Measure, window) -> None:
    for title in ("党员", "报表", "设置"):
        window.show_tab(window.tab(title))
        measure.record(f"main_window_{title}", window)
    settings = window.tab("设置")
    settings.group_table.selectRow(0)
    settings.delete_group()  # in use: refused in the tab, no box
    settings.new_group_edit.setText("第九党小组")
    settings.add_group_button.click()
    settings.delete_group()  # the new, empty group is selected: asks
    measure.record("delete_group_question", settings.delete_box)
    settings.delete_box.done(0)
    settings.pages.setCurrentWidget(settings.audit_view)
    measure.record("main_window_audit", window)
    window.show_tab(window.tab("党员"))


def _measure_grievances(measure: Measure, runner, window) -> None:
    """民情台账 and its 登记 dialog, empty and with every required field missing (its sub-pages and other
    dialogs, on a year of items: tests/views/grievance_window_sizes.py)."""
    from views.grievances.register_dialog import RegisterDialog

    window.show_tab(window.tab("民情台账"))
    measure.record("main_window_民情台账", window)
    dialog = RegisterDialog(runner, window)
    measure.record("grievance_register_dialog", dialog)
    dialog.save()
    measure.record("grievance_register_errors", dialog)
    dialog.done(0)
    window.show_tab(window.tab("党员"))


def _measure_progress(measure: Measure, window) -> None:
    from ui.progress import run_with_progress

    release = threading.Event()
    job = run_with_progress(window, "正在读取Excel…", lambda progress, cancelled: release.wait(10),
                            lambda _result: None, lambda _message: None)
    job.progress_dialog.setLabelText("正在检查第 12000 行（共 20000 行）…")
    measure.record("progress_dialog", job.progress_dialog)
    finished: list[bool] = []
    job.finished.connect(lambda: finished.append(True))
    release.set()
    while not finished:  # the thread quits through the GUI thread's event loop
        measure.settle()


def _measure_others(measure: Measure, runner, window, folder: Path) -> None:
    """Dialogs other parts of the program add (sheet choice, print progress, damaged data file):
    measured when present, so a new dialog is held to the same screen."""
    for name, step in (("sheet_dialog", _sheet_dialog), ("print_progress", _print_progress),
                       ("database_damage_box", _damage_box)):
        try:
            widget = step(measure, runner, window, folder)
        except (ImportError, AttributeError, TypeError) as exc:  # not (yet) in this version
            print(f"{name}: not measured ({exc!r})", file=sys.stderr)
            continue
        if widget is not None:
            measure.record(name, widget)
            widget.close()


def _sheet_dialog(measure, runner, window, folder):
    from models.excel.workbook import SheetChoice
    from views.members.sheet_dialog import SheetDialog

    headers = ("序号", "姓名", "性别", "民族", "公民身份号码", "出生日期", "学历", "人员类别", "入党日期")
    choices = [SheetChoice("2026年党员花名册（村两委换届后核对）", False, 3, headers),
               SheetChoice("流动党员", False, 2, headers), SheetChoice("旧名单（2019年）", True, 2, headers)]
    return SheetDialog("红旗村党员花名册（2026年度，含流动党员和预备党员）.xlsx", "这个文件有3个工作表像党员名单",
                       choices, window)


def _print_progress(measure, runner, window, folder):
    """The progress dialog while the roster goes to a (PDF) printer: caught between two pages."""
    from PySide6.QtCore import QTimer
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QProgressDialog

    reports = window.tab("报表")
    window.show_tab(reports)
    reports.generate()
    while not reports.preview.data:
        measure.settle()
    printer = reports.preview.make_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(folder / "printed.pdf"))
    printer.setResolution(72)

    def catch() -> None:
        dialogs = [d for d in reports.preview.findChildren(QProgressDialog) if d.isVisible()]
        if dialogs:
            measure.record("print_progress", dialogs[0])

    QTimer.singleShot(0, catch)
    reports.preview.print_to(printer)
    window.show_tab(window.tab("党员"))
    return None


def _damage_box(measure, runner, window, folder):
    from models.storage.check import Damage
    from ui.database_check import DatabaseCheck

    path = folder / "红旗村党支部" / "支部管家数据.db"
    check = DatabaseCheck(window, runner, path)
    check._show(Damage(path, ("row 3 missing from index ix_person_sort_key",), frozenset({"ix_person_sort_key"})))
    return check.box


def record_dialog(measure: Measure, name: str, dialog, before=None) -> None:
    """Record a dialog; with `before`, fill it badly and record it again with its errors; close it."""
    measure.record(name, dialog)
    if before is not None:
        before(dialog)
        measure.record(f"{name}_errors", dialog)
    dialog.done(0)


def run_measures(measure_all: Callable, fill: Callable | None = None) -> int:
    """The main window on a seeded branch (`fill` adds data through the write path) at the scale
    asked for (--scale, default 1.25), `measure_all(measure, runner, window, folder)`, then the sizes
    as JSON on standard output; --png DIR saves each window's picture too."""
    png_dir = Path(sys.argv[sys.argv.index("--png") + 1]) if "--png" in sys.argv else None
    scale = sys.argv[sys.argv.index("--scale") + 1] if "--scale" in sys.argv else "1.25"
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        _configure_qt(folder, scale)
        from PySide6.QtGui import QFont

        from ui.app import make_application
        from ui.main_window import MainWindow
        from views.tabs import create_tabs

        app = make_application()
        app.setFont(QFont("Noto Sans CJK SC", 10))  # as on Windows: Microsoft YaHei UI, 10 pt
        measure = Measure(app, png_dir)
        runner = _seeded_runner(folder)
        if fill is not None:
            fill(runner.workspace)
        window = MainWindow(runner, create_tabs)
        window.show_for_screen()
        measure.settle()
        measure_all(measure, runner, window, folder)
        screen = app.primaryScreen().availableGeometry()
        print(json.dumps({"screen": [screen.width(), screen.height()], "windows": measure.sizes}, ensure_ascii=False))
        window.close()
        runner.workspace.store.close()
    return 0


def _measure_all(measure: Measure, runner, window, folder: Path) -> None:
    _measure_main_window(measure, window)
    window.showNormal()
    measure.record("main_window_normal", window)
    _measure_dialogs(measure, runner, window, folder)
    _measure_grievances(measure, runner, window)
    _measure_setup(measure, folder)
    _measure_progress(measure, window)
    _measure_others(measure, runner, window, folder)


def main() -> int:
    return run_measures(_measure_all)

if __name__ == "__main__":
    sys.exit(main())
