"""`self-test`: exercise the installed (frozen) program end to end in a temporary folder.

Database and migrations, demo data through the write path and its audit rows, the 民情台账 listed
with the year's figures, Excel export and re-import, every registered PDF report with its fonts
embedded, preview and printing, accounts and signing in (Argon2id), an automatic backup and an
encrypted one restored into a new place (AES-GCM, scrypt), resources, and the main window opened
offscreen for a signed-in user. Prints a Chinese/English summary; exit code 0 only when every
step passed.
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
from typing import TYPE_CHECKING

from ui import self_test_environment as environment

if TYPE_CHECKING:
    from models.reports.declaration import Report
    from ui.main_window import TabFactory

DEMO_PEOPLE = 60
BACKUP_PASSWORD = "zbgj-selftest"
# Every file of the self-test lives under a path like a branch's real one on Windows
# (C:\Users\张三\桌面\支部 数据\): Chinese folder names and a space.
DATA_SUBFOLDER = Path("张三", "桌面", "支部 数据")


def report_cases(session, today: date) -> list[tuple[str, Report, dict[str, object]]]:
    """(file name, report, option values): every registered report with its defaults, and once
    more with each of its switches on. A person option gets the first member."""
    from models.people import roster as people
    from models.reports.declaration import OptionKind
    from models.reports.registry import all_reports

    first = people.list_members(session, people.MemberFilter(), today)[0].id
    samples: dict[OptionKind, object] = {OptionKind.PERSON: first}  # a new required kind needs a sample here
    cases = []
    for report in all_reports():
        base = {o.key: samples[o.kind] for o in report.options if o.required}
        cases.append((report.code, report, base))
        cases += [(f"{report.code}-{o.key}", report, {**base, o.key: True}) for o in report.options if o.is_flag]
    return cases


class SelfTest:
    """The steps, run in order on one database in `folder`."""

    def __init__(self, folder: Path, today: date, create_tabs: TabFactory) -> None:
        self.folder, self.today, self.create_tabs = folder, today, create_tabs
        self.store = None
        self.workspace = None
        self.first_pdf = b""

    def steps(self) -> list[tuple[str, Callable[[], str]]]:
        return [("数据库与迁移 database and migrations", self.database),
                ("中文输出 Chinese output", environment.chinese_output),
                ("数据位置 data location", lambda: environment.data_location(self.folder)),
                ("演示数据 demo data", self.demo_data), ("乡镇演示数据 township demo", self.township),
                ("操作记录 audit log", self.audit_log), ("民情台账 grievance ledger", self.grievances),
                ("Excel导出与导入 Excel export and re-import", self.excel),
                ("ReportLab加速模块 ReportLab C accelerator", environment.rl_accel),
                ("PDF报表与字体 PDF reports and fonts", self.reports), ("预览与打印 preview and printing", self.printing),
                ("账号与登录 accounts and sign-in", self.accounts),
                ("备份与恢复 backup and restore", self.backup),
                ("服务器数据库驱动 PostgreSQL driver", environment.server_driver),
                ("资源文件 resources", environment.resources),
                ("主窗口 main window", self.main_window)]

    def close(self) -> None:
        """Release the database file (before the temporary folder is removed)."""
        if self.store is not None:
            self.store.close()

    def _workspace(self, store):
        from models.workspace import Workspace, local_actor

        return Workspace(store, local_actor(), today=lambda: self.today)

    def database(self) -> str:
        from models.storage import migrations
        from models.storage.store import Store

        self.store = Store(self.folder / "selftest.db")
        self.workspace = self._workspace(self.store)
        with self.store.engine.connect() as connection:
            revision = migrations.current_revision(connection)
        if revision != migrations.HEAD:
            raise AssertionError(f"schema at {revision}, expected {migrations.HEAD}")
        return f"revision {revision} in {self.folder}"

    def demo_data(self) -> str:
        from models.demo import fill_demo
        from models.people.roster import count_members

        self.workspace.run(fill_demo, DEMO_PEOPLE)
        with self.workspace.read() as session:
            count = count_members(session)
        if count != DEMO_PEOPLE:
            raise AssertionError(f"{count} members")
        return f"{count} members"

    def township(self) -> str:
        """The township demo's bulk writer on a small township of its own file: the counts its sizes
        promise, and the score tally and quarter totals agreeing with the entries, as `check` reads them."""
        from sqlalchemy import func, select

        from models.checkup import data_findings
        from models.demo.township import fill_township
        from models.grievances.entities import Grievance
        from models.scoring.entities import ScoreEntry
        from models.storage.store import Store
        from models.workspace import Workspace

        store = Store(self.folder / "乡镇.db")
        try:
            sizes = Workspace(store, self.workspace.actor, today=lambda: self.today).run(fill_township, 200).value
            with store.read() as session:
                entries = session.scalar(select(func.count()).select_from(ScoreEntry))
                items = session.scalar(select(func.count()).select_from(Grievance))
                found = data_findings(session, self.today)
        finally:
            store.close()
        if (entries, items) != (sizes.entries, sizes.grievances) or found.broken:
            raise AssertionError(f"{entries} entries, {items} items, findings {found}")
        return f"{sizes.people} members, {entries} entries, {items} items"

    def audit_log(self) -> str:
        from models.demo import fill_demo
        from models.people.roster import count_members
        from models.workspace.audit import AuditFilter, count_audit

        with self.workspace.read() as session:
            rows = count_audit(session, AuditFilter(operation=fill_demo.name))
            people = count_members(session, include_archived=True)
        if rows < people:
            raise AssertionError(f"{rows} audit rows for {people} people")
        return f"{rows} rows from {fill_demo.name}"

    def grievances(self) -> str:
        """The demo's 民情台账 as the tab opens it (this year's items and every open one), with the
        year's figures."""
        from models.core.codes import GrievanceStatus
        from models.grievances.figures import figures
        from models.grievances.ledger import LedgerFilter, list_ledger
        from models.scoring.periods import year_period

        with self.workspace.read() as session:
            rows = list_ledger(session, LedgerFilter(), self.today)
            year = figures(session, year_period(self.today.year), self.today)
        statuses = {r.status for r in rows}
        if not rows or year.registered < 1 or GrievanceStatus.NEW not in statuses:
            raise AssertionError(f"{len(rows)} items listed, {year.registered} this year, statuses {sorted(statuses)}")
        rate = "—" if year.resolution_rate is None else f"{year.resolution_rate:.0%}"
        return (f"{len(rows)} items listed ({sum(r.overdue for r in rows)} overdue); {self.today.year}: "
                f"{year.registered} registered, {year.resolved} resolved ({rate})")

    def _everyone(self, workspace) -> list:
        from models.people import roster as people

        with workspace.read() as session:
            ids = [r.id for r in people.list_members(session, people.MemberFilter(), self.today)]
            return people.details_for(session, ids, self.today)

    def excel(self) -> str:
        from models.excel.roster_export import export_people, write_template
        from models.excel.roster_import import import_roster, read_roster
        from models.storage.store import Store

        before = self._everyone(self.workspace)
        export_people(before, self.folder / "export.xlsx", self.today)
        write_template(self.folder / "template.xlsx", ["第一党小组"])
        other = Store(self.folder / "reimport.db")
        try:
            workspace = self._workspace(other)
            with workspace.read() as session:
                preview = read_roster(self.folder / "export.xlsx", session, self.today)
            if preview.problems:
                raise AssertionError(f"{len(preview.problems)} problems on re-import")
            workspace.run(import_roster, preview)
            after = self._everyone(workspace)
        finally:
            other.close()
        if sorted(d.form.citizen_id for d in after) != sorted(d.form.citizen_id for d in before):
            raise AssertionError("re-imported people differ")
        return f"{len(after)} people exported and re-imported"

    def reports(self) -> str:
        from models.reports.pdf_check import font_problems

        with self.workspace.read() as session:
            pdfs = {name: report.build(session, values, self.today)
                    for name, report, values in report_cases(session, self.today)}
        self.first_pdf = next(iter(pdfs.values()))
        for name, data in pdfs.items():
            (self.folder / f"{name}.pdf").write_bytes(data)
            problems = font_problems(data)
            if problems:
                raise AssertionError(f"{name}: fonts not embedded: {problems}")
        return ", ".join(f"{name} {len(data) // 1024} KiB" for name, data in pdfs.items())

    def printing(self) -> str:
        from PySide6.QtPrintSupport import QPrinter

        from ui.app import make_application
        from ui.pdf_preview import PdfPreview, print_document

        make_application()
        preview = PdfPreview()
        preview.set_pdf(self.first_pdf, "report.pdf")
        pages = preview.document.pageCount()
        printer = preview.make_printer()  # the printer's own resolution: pages go at most at 300 dpi
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a printer that writes a file
        printer.setOutputFileName(str(self.folder / "printed.pdf"))
        seen: list[int] = []
        start = time.perf_counter()
        sent = print_document(preview.document, printer, lambda done, _total: seen.append(done))
        seconds = time.perf_counter() - start
        preview.deleteLater()
        size = (self.folder / "printed.pdf").stat().st_size
        if pages < 1 or sent != pages or seen != list(range(1, pages + 1)) or not size:
            raise AssertionError(f"previewed {pages} pages, printed {sent}, progress {seen}")
        return f"previewed and printed {sent} pages, {size / 1e6:.1f} MB in {seconds:.1f} s"

    def accounts(self) -> str:
        """A new database's first 管理员 (with the recovery code), a wrong password refused, signing
        in, and a 查看 user refused a write in models/ with nothing changed."""
        from models.access.accounts import add_user, create_first_admin
        from models.access.signin import SignInRefused, sign_in
        from models.core.codes import Role
        from models.core.errors import PermissionDenied
        from models.people.branch import BranchInfo, get_branch, update_branch
        from models.storage.store import Store
        from models.workspace import Workspace
        from models.workspace.audit import AuditFilter, count_audit

        store = Store(self.folder / "accounts.db")
        try:
            code = self._workspace(store).run(create_first_admin, "支部书记", "zbgj-2026").value
            if len(code) < 8:
                raise AssertionError(f"recovery code {code!r}")
            try:
                sign_in(store, "支部书记", "wrong-password")
                raise AssertionError("a wrong password was accepted")
            except SignInRefused:
                pass
            admin = sign_in(store, "支部书记", "zbgj-2026")
            if admin.role != Role.ADMIN:
                raise AssertionError(f"signed in as {admin.role}")
            Workspace(store, admin, today=lambda: self.today).run(add_user, "查看员", Role.VIEWER, "chakan-2026")
            viewer = Workspace(store, sign_in(store, "查看员", "chakan-2026"), today=lambda: self.today)
            with store.read() as session:
                before = (get_branch(session), count_audit(session, AuditFilter()))
            try:
                viewer.run(update_branch, BranchInfo("改名支部", "改名支部", ""))
                raise AssertionError("a 查看 user changed the branch")
            except PermissionDenied:
                pass
            with store.read() as session:
                after = (get_branch(session), count_audit(session, AuditFilter()))
                failed = count_audit(session, AuditFilter(operation="user.sign_in_failed"))
            if after != before or failed != 1:
                raise AssertionError(f"changed after a refusal, or {failed} failed sign-ins recorded")
        finally:
            store.close()
        return "管理员 created, wrong password refused, signed in, 查看 refused a write"

    def backup(self) -> str:
        """An automatic backup (checked), an encrypted copy restored into a new place with the
        right password (the same people) and refused with a wrong one."""
        from models.people.roster import count_people
        from models.storage.backups import STARTUP, WrongPassword, export_backup, make_backup, restore_backup

        automatic = make_backup(self.store.path, STARTUP)
        copy = sqlite3.connect(automatic)
        try:
            check = copy.execute("PRAGMA integrity_check").fetchone()[0]
            count = copy.execute("SELECT count(*) FROM person").fetchone()[0]
        finally:
            copy.close()
        with self.workspace.read() as session:
            expected = count_people(session)  # pipeline people too
        if check != "ok" or count != expected:
            raise AssertionError(f"integrity {check}, {count} of {expected} people")
        (self.folder / "usb").mkdir()
        secret = export_backup(self.store.path, self.folder / "usb" / "支部备份.db", BACKUP_PASSWORD)
        if secret.read_bytes()[:16].startswith(b"SQLite format 3"):
            raise AssertionError("the backup with a password is not encrypted")
        (self.folder / "restored").mkdir()
        target = self.folder / "restored" / "branchkeeper.db"
        try:
            restore_backup(secret, target, "wrong-password")
            raise AssertionError("a wrong password was accepted")
        except WrongPassword:
            pass
        if target.exists():
            raise AssertionError("a refused restore left a file")
        restore_backup(secret, target, BACKUP_PASSWORD)
        restored = sqlite3.connect(target)
        try:
            again = restored.execute("SELECT count(*) FROM person").fetchone()[0]
        finally:
            restored.close()
        if again != expected:
            raise AssertionError(f"{again} people restored of {expected}")
        return (f"{automatic.name} integrity ok; {secret.name} ({secret.stat().st_size // 1024} KiB, encrypted) "
                f"restored with {again} people, a wrong password refused")

    def main_window(self) -> str:
        """The window as the demo's 管理员 sees it after signing in."""
        from PySide6.QtGui import QFontInfo

        from models.access.accounts import DEMO_PASSWORD, DEMO_USER
        from models.access.signin import sign_in
        from models.workspace import Workspace
        from ui.app import make_application, translation_loaded
        from ui.main_window import MainWindow
        from ui.operations import OperationRunner

        app = make_application()
        actor = sign_in(self.store, DEMO_USER, DEMO_PASSWORD)
        workspace = Workspace(self.store, actor, today=lambda: self.today)
        window = MainWindow(OperationRunner(workspace), self.create_tabs)
        window.resize(1366, 728)
        window.show()
        app.processEvents()
        shot = window.grab()
        rows = window.tab("党员").model.rowCount()
        for index in range(window.tabs.count()):  # each tab made and shown once: its modules are in the bundle
            window.tabs.setCurrentIndex(index)
            app.processEvents()
        tabs = "/".join(window.tabs.tabText(i) for i in range(window.tabs.count()))
        window.close()
        window.deleteLater()
        app.processEvents()
        if rows != DEMO_PEOPLE or shot.isNull():
            raise AssertionError(f"{rows} rows shown")
        if not translation_loaded(app):
            raise AssertionError("Chinese Qt translation not loaded")
        family = QFontInfo(app.font()).family()
        return f"{rows} rows shown to {actor.name}, tabs: {tabs}, font {family}"


def _run_step(title: str, step: Callable[[], str]) -> bool:
    start = time.perf_counter()
    try:
        detail = step()
    except Exception as exc:  # noqa: BLE001 - every failure is reported, then the next step runs
        print(f"[失败 FAIL] {title}：{exc}", flush=True)
        traceback.print_exc()
        return False
    print(f"[通过 PASS] {title}：{detail}（{time.perf_counter() - start:.1f} s）", flush=True)
    return True


def run_self_test(create_tabs: TabFactory) -> int:
    """Run every step, print a line per step and a summary; 0 only if all passed.
    `create_tabs` builds the window's tabs (main.py passes views.tabs.create_tabs)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    failures = 0
    with tempfile.TemporaryDirectory(prefix="branchkeeper-selftest-") as name:
        folder = Path(name) / DATA_SUBFOLDER
        folder.mkdir(parents=True)
        test = SelfTest(folder, date.today(), create_tabs)
        steps = test.steps()
        try:
            for index, (title, step) in enumerate(steps):
                if not _run_step(title, step):
                    failures += 1
                    if index == 0:  # without a database nothing else can run
                        break
        finally:
            test.close()  # release the file before the temporary folder is removed
    if failures:
        print(f"自检未通过：{failures} 项失败 / self-test FAILED: {failures} step(s)")
        return 1
    print(f"自检通过：{len(steps)} 项全部正常 / self-test passed: all {len(steps)} steps")
    return 0
