"""`self-test`: exercise the installed (frozen) program end to end in a temporary folder.

Database and migrations, demo data, Excel export and re-import, every PDF report with its fonts
embedded, a backup that is read back, resources, and the main window opened offscreen. Prints a
Chinese/English summary; exit code 0 only when every step passed.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path


def _steps(folder: Path, today: date, state: dict) -> list[tuple[str, Callable[[], str]]]:
    from models import demo, migrations, people
    from models.store import Store

    def database() -> str:
        store = Store(folder / "selftest.db")
        state["store"] = store
        with store.engine.connect() as connection:
            revision = migrations.current_revision(connection)
        if revision != migrations.HEAD:
            raise AssertionError(f"schema at {revision}, expected {migrations.HEAD}")
        return f"revision {revision}"

    def demo_data() -> str:
        with state["store"].session() as session:
            demo.fill(session, 60, today)
            count = people.count_members(session)
        if count != 60:
            raise AssertionError(f"{count} members")
        return f"{count} members"

    def excel() -> str:
        from models.excel.roster_export import export_people, write_template
        from models.excel.roster_import import apply_import, read_roster

        with state["store"].session() as session:
            ids = [r.id for r in people.list_members(session, people.MemberFilter(), today)]
            before = people.details_for(session, ids, today)
        export_people(before, folder / "export.xlsx", today)
        write_template(folder / "template.xlsx", ["第一党小组"])
        other = Store(folder / "reimport.db")
        try:
            with other.session() as session:
                preview = read_roster(folder / "export.xlsx", session, today)
                if preview.problems:
                    raise AssertionError(f"{len(preview.problems)} problems on re-import")
                apply_import(session, preview, today)
                ids = [r.id for r in people.list_members(session, people.MemberFilter(), today)]
                after = people.details_for(session, ids, today)
        finally:
            other.close()
        if sorted(d.form.citizen_id for d in after) != sorted(d.form.citizen_id for d in before):
            raise AssertionError("re-imported people differ")
        return f"{len(after)} people exported and re-imported"

    def reports() -> str:
        from models.reports.pdf_check import font_problems
        from models.reports.person_card import build_person_card
        from models.reports.roster import RosterOptions, build_roster

        with state["store"].session() as session:
            first = people.list_members(session, people.MemberFilter(), today)[0].id
            pdfs = {"roster": build_roster(session, RosterOptions(), today),
                    "roster-masked": build_roster(session, RosterOptions(masked=True), today),
                    "person": build_person_card(session, first, today)}
        state["roster_pdf"] = pdfs["roster"]
        for name, data in pdfs.items():
            (folder / f"{name}.pdf").write_bytes(data)
            problems = font_problems(data)
            if problems:
                raise AssertionError(f"{name}: fonts not embedded: {problems}")
        return ", ".join(f"{name} {len(data) // 1024} KiB" for name, data in pdfs.items())

    def backup() -> str:
        store = state["store"]
        target = folder / "backups" / "selftest-backup.db"
        store.backup_to(target)
        copy = sqlite3.connect(target)
        try:
            check = copy.execute("PRAGMA integrity_check").fetchone()[0]
            count = copy.execute("SELECT count(*) FROM person").fetchone()[0]
        finally:
            copy.close()
        with store.session() as session:
            expected = people.count_members(session, include_archived=True)
        if check != "ok" or count != expected:
            raise AssertionError(f"integrity {check}, {count} of {expected} people")
        return f"integrity ok, {count} people"

    def resources() -> str:
        from models.paths import resource_dir
        from models.reports.fonts import BUNDLED

        missing = [p for p in (BUNDLED.path, resource_dir() / "icons" / "app.png") if not p.is_file()]
        if missing:
            raise AssertionError(f"missing {missing}")
        return str(resource_dir())

    def main_window() -> str:
        from PySide6.QtCore import QCoreApplication

        from ui.app import make_application, translation_loaded
        from ui.main_window import MainWindow

        app = make_application()
        window = MainWindow(state["store"])
        window.resize(1366, 728)
        window.show()
        QCoreApplication.processEvents()
        shot = window.grab()
        rows = window.members_tab.model.rowCount()
        window.close()
        app.processEvents()
        if rows != 60 or shot.isNull():
            raise AssertionError(f"{rows} rows shown")
        if not translation_loaded(app):
            raise AssertionError("Chinese Qt translation not loaded")
        return f"{rows} rows shown, tabs: " + "/".join(window.tabs.tabText(i) for i in range(window.tabs.count()))

    def printing() -> str:
        from PySide6.QtPrintSupport import QPrinter

        from ui.app import make_application
        from ui.pdf_preview import PdfPreview, print_document

        make_application()
        preview = PdfPreview()
        preview.set_pdf(state["roster_pdf"], "roster.pdf")
        pages = preview.document.pageCount()
        printer = preview.make_printer()
        printer.setResolution(100)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a printer that writes a file
        printer.setOutputFileName(str(folder / "printed.pdf"))
        sent = print_document(preview.document, printer)
        preview.deleteLater()
        if pages < 1 or sent != pages or not (folder / "printed.pdf").stat().st_size:
            raise AssertionError(f"previewed {pages} pages, printed {sent}")
        return f"previewed and printed {sent} pages"

    return [("数据库与迁移 database and migrations", database), ("演示数据 demo data", demo_data),
            ("Excel导出与导入 Excel export and re-import", excel), ("PDF报表与字体 PDF reports and fonts", reports),
            ("预览与打印 preview and printing", printing),
            ("备份 backup", backup), ("资源文件 resources", resources), ("主窗口 main window", main_window)]


def run_self_test() -> int:
    """Run every step, print a line per step and a summary; 0 only if all passed."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    failures = 0
    with tempfile.TemporaryDirectory(prefix="branchkeeper-selftest-") as name:
        folder = Path(name)
        state: dict[str, object] = {}
        steps = _steps(folder, date.today(), state)
        for title, step in steps:
            start = time.perf_counter()
            try:
                detail = step()
                print(f"[通过 PASS] {title}：{detail}（{time.perf_counter() - start:.1f} s）", flush=True)
            except Exception as exc:  # noqa: BLE001 - every failure is reported, then the next step runs
                failures += 1
                print(f"[失败 FAIL] {title}：{exc}", flush=True)
                traceback.print_exc()
                if title.startswith("数据库"):
                    break
        if "store" in state:  # release the file before the temporary folder is removed
            state["store"].close()
    if failures:
        print(f"自检未通过：{failures} 项失败 / self-test FAILED: {failures} step(s)")
        return 1
    print(f"自检通过：{len(steps)} 项全部正常 / self-test passed: all {len(steps)} steps")
    return 0
