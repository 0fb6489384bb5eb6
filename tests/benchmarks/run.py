"""The benchmark runner (issue 16): every figure of the township scale, each measured several times beside
its baseline in the same run, a table of medians and maxima, and JSON so two runs can be compared.

    uv run python tests/benchmarks/run.py [--people 100000] [--repeat 5] [--json FILE] [--data FOLDER]
                                          [--only NAME,…] [--db postgresql://…]

--data keeps the built data files in FOLDER and reuses them (the township file takes a minute to make);
--db measures the model-level figures (ranking) on a PostgreSQL database instead, filled there by `demo`.
Run on demand; the normal test run only checks that it works on a tiny township
(tests/models/test_benchmark_runner.py). Times from start count the app's work: the sign-in's
password check (Argon2id) is in, a person typing is not.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 12, 2)  # the township demo's data are laid out back from this day
SMALL_PEOPLE, REPORT_PEOPLE = 500, 10_000


@dataclass
class Figure:
    """One row of the table: samples of ours and of the baseline (seconds, or MiB for memory)."""

    name: str
    label: str
    target: str
    ours: list[float] = field(default_factory=list)
    baseline: list[float] = field(default_factory=list)
    unit: str = "s"
    limit: float | None = None  # ours ≤ limit (absolute)
    ratio_limit: float | None = None  # ours ≤ ratio_limit × baseline (medians)
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.ours)

    @property
    def ratio(self) -> float | None:
        return self.median / statistics.median(self.baseline) if self.baseline else None

    @property
    def met(self) -> bool:
        ok = self.limit is None or self.median <= self.limit
        return ok and (self.ratio_limit is None or (self.ratio or 0) <= self.ratio_limit)


def env_for_window() -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "BRANCHKEEPER_EXIT_WHEN_READY": "1", "BRANCHKEEPER_USER": "admin", "BRANCHKEEPER_PASSWORD": "demo1234"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # with bytecode caches, as users run it
    return env


def run_seconds(command: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, encoding="utf-8")
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return seconds


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication(sys.argv)
window = QMainWindow()
table = QTableView()
table.setModel(QStandardItemModel(0, 8))
window.setCentralWidget(table)
window.show()
QTimer.singleShot(0, lambda: (print("BRANCHKEEPER_READY", flush=True), app.quit()))
app.exec()
"""


# --- data ------------------------------------------------------------------------------------------

def make_demo(path: Path, people: int, township: bool) -> Path:
    """A demo data file (kept when it already exists)."""
    if not path.exists():
        start = time.perf_counter()
        args = ["demo", "--db", str(path), "--people", str(people)] + (["--township"] if township else [])
        subprocess.run(python(str(ROOT / "main.py"), *args), check=True, capture_output=True)
        print(f"  made {path.name}: {people:,} people in {time.perf_counter() - start:.1f} s", flush=True)
    return path


# --- the figures -----------------------------------------------------------------------------------

def until_ready(command: list[str], env: dict) -> float:
    """Seconds from starting `command` until it prints that its window is usable (ui/app.py READY);
    what it does after (ending the background check of the file) is not waited for by a user."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               encoding="utf-8")
    seconds = None
    for line in process.stdout:
        if line.strip() == "BRANCHKEEPER_READY":
            seconds = time.perf_counter() - start
            break
    out, err = process.communicate(timeout=300)
    if seconds is None or process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} did not get ready:\n{out}\n{err}")
    return seconds


def startup(figure: Figure, db: Path, repeat: int) -> None:
    """Start to the main window usable (the 党员 tab populated), beside a bare window; interleaved."""
    env = env_for_window()
    ours, bare = python(str(ROOT / "main.py"), "--db", str(db)), python("-c", BARE_WINDOW)
    until_ready(ours, env), until_ready(bare, env)  # warm the file caches
    for _ in range(repeat):
        figure.ours.append(until_ready(ours, env))
        figure.baseline.append(until_ready(bare, env))


def window_session(db: Path, repeat: int) -> dict:
    done = subprocess.run(python(str(ROOT / "tests/benchmarks/gui_session.py"), "--db", str(db), "--repeat",
                                 str(repeat), "--today", TODAY.isoformat()),
                          capture_output=True, text=True, encoding="utf-8", env=env_for_window())
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def bare_memory() -> float:
    done = subprocess.run(python(str(ROOT / "tests/benchmarks/gui_session.py"), "--bare"), capture_output=True,
                          text=True, env=env_for_window(), check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])["memory_mib"]


def ranking_figure(figure: Figure, store, repeat: int) -> None:
    from sqlalchemy import text

    from models.core.codes import Audience
    from models.scoring.ranking import ranking

    quarter, (start, end) = "2026Q3", ("2026-07-01", "2026-09-30")
    baseline = text('SELECT person_id, SUM(points) FROM score_entry WHERE "on" BETWEEN :a AND :b GROUP BY person_id')
    for _ in range(repeat):
        with store.read() as session:
            session.connection()
            t = time.perf_counter()
            session.execute(baseline, {"a": start, "b": end}).all()
            figure.baseline.append(time.perf_counter() - t)
        with store.read() as session:
            session.connection()
            t = time.perf_counter()
            rows = ranking(session, quarter, Audience.MEMBERS, today=TODAY)
            figure.ours.append(time.perf_counter() - t)
    figure.note = f"{len(rows):,} people ranked"


def pdf_roster(figure: Figure, store, repeat: int) -> None:
    from models.reports import roster
    from tests.benchmarks.roster_pdf import naive

    for _ in range(repeat):
        with store.read() as session:
            t = time.perf_counter()
            ours = roster.build_roster(session, roster.RosterOptions(), TODAY)
            figure.ours.append(time.perf_counter() - t)
        with store.read() as session:
            t = time.perf_counter()
            naive(session, TODAY)
            figure.baseline.append(time.perf_counter() - t)
    figure.note = f"{len(ours) / 2**20:.1f} MiB PDF"


BARE_READ = """
import sys
from openpyxl import load_workbook
book = load_workbook(sys.argv[1], read_only=True, data_only=True)
rows = sum(1 for _ in book.active.iter_rows(values_only=True))
book.close()
"""


def excel_import(figure: Figure, folder: Path, rows: int, repeat: int) -> None:
    """`import-excel` as a whole process (start, sign-in, checks, write, audit, the backup before it)
    beside a process that reads the same file with openpyxl's read-only mode and nothing else."""
    from tests.benchmarks.excel import write_file

    source = folder / f"roster-{rows}.xlsx"
    if not source.exists():
        write_file(source, rows, TODAY)
    empty = folder / "empty.db"
    if not empty.exists():
        subprocess.run(python(str(ROOT / "main.py"), "init", "--db", str(empty)), check=True, capture_output=True)
    env = {**os.environ, "BRANCHKEEPER_USER": "", "BRANCHKEEPER_PASSWORD": ""}
    for n in range(repeat):
        target = folder / f"import-{n}.db"
        for leftover in folder.glob(f"import-{n}.db*"):
            leftover.unlink()
        shutil.copyfile(empty, target)
        figure.baseline.append(run_seconds(python("-c", BARE_READ, str(source))))
        figure.ours.append(run_seconds(python(str(ROOT / "main.py"), "import-excel", "--db", str(target),
                                              str(source)), env))
    figure.note = f"{rows:,} rows"


def excel_export(figure: Figure, store, folder: Path, repeat: int) -> None:
    """Our export of REPORT_PEOPLE people beside openpyxl's write-only mode writing the same cells."""
    from openpyxl import Workbook, load_workbook

    from models.excel.roster_export import export_people
    from models.people.roster import MemberFilter, details_for, list_members

    out, bare_out = folder / "export.xlsx", folder / "export-bare.xlsx"
    for _ in range(repeat):
        with store.read() as session:
            t = time.perf_counter()
            ids = [r.id for r in list_members(session, MemberFilter(), TODAY)]
            export_people(details_for(session, ids, TODAY), out, TODAY)
            figure.ours.append(time.perf_counter() - t)
        cells = [list(row) for row in load_workbook(out, read_only=True).active.iter_rows(values_only=True)]
        t = time.perf_counter()
        book = Workbook(write_only=True)
        sheet = book.create_sheet("党员")
        for row in cells:
            sheet.append(row)
        book.save(bare_out)
        figure.baseline.append(time.perf_counter() - t)
    figure.note = f"{len(cells) - 1:,} rows"


def backup_figure(figure: Figure, db: Path, folder: Path, repeat: int) -> None:
    """Our backup's copy (online backup API, self-contained journal mode, fsync) beside sqlite3's
    Connection.backup alone; the full check of the copy, which our backup runs next, is reported beside."""
    from models.storage.backup import checked_copy, connect_existing, integrity_problems, remove_partial

    checks = []
    for n in range(repeat):
        target, bare_target = folder / f"backup-{n}.db", folder / f"bare-{n}.db"
        remove_partial(target), remove_partial(bare_target)
        t = time.perf_counter()
        origin, copy = sqlite3.connect(db), sqlite3.connect(bare_target)
        origin.backup(copy)
        copy.close(), origin.close()
        figure.baseline.append(time.perf_counter() - t)
        t = time.perf_counter()
        origin = connect_existing(db)
        checked_copy(origin, target, verify=False)
        origin.close()
        figure.ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        connection = sqlite3.connect(target)
        assert integrity_problems(connection) == []
        connection.close()
        checks.append(time.perf_counter() - t)
        remove_partial(target), remove_partial(bare_target)
    figure.note = f"{db.stat().st_size / 2**20:,.0f} MiB file; its full check {statistics.median(checks):.1f} s more"


# --- the run ---------------------------------------------------------------------------------------

def machine() -> dict:
    cpu = ""
    try:
        cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo", encoding="utf-8")
                    if line.startswith("model name")), "")
    except OSError:
        pass
    return {"cpu": cpu or platform.processor(), "cores": os.cpu_count(), "system": platform.platform(),
            "python": platform.python_version(), "when": datetime.now().isoformat(timespec="seconds")}


def run(people: int, repeat: int, data: Path, only: set[str] | None, server_url: str | None) -> list[Figure]:
    from models.storage.store import Store

    small_people = min(SMALL_PEOPLE, people)
    report_people = min(REPORT_PEOPLE, people)
    print(f"data in {data}", flush=True)
    small = make_demo(data / f"village-{small_people}.db", small_people, township=False)
    township = make_demo(data / f"township-{people}.db", people, township=True)
    reports = make_demo(data / f"township-{report_people}.db", report_people, township=True)
    figures: list[Figure] = []

    def wanted(name: str) -> bool:
        return only is None or name in only

    def add(figure: Figure, measure: Callable[[Figure], None]) -> None:
        if wanted(figure.name):
            print(f"- {figure.label} …", flush=True)
            measure(figure)
            figures.append(figure)

    add(Figure("start_small", f"启动到主窗口可用（{small_people} 人）", "≤ 4× 基线", ratio_limit=4,
               note="baseline: a bare PySide6 window with one QTableView"),
        lambda f: startup(f, small, repeat))
    add(Figure("start_township", f"启动到党员列表显示（{people:,} 人）", "≤ 12.5× 基线", ratio_limit=12.5,
               note="baseline: a bare PySide6 window with one QTableView"),
        lambda f: startup(f, township, repeat))
    if any(wanted(n) for n in ("search", "tabs", "ledger", "memory")):
        print("- the window on the township file: search, tabs, 民情台账, memory …", flush=True)
        seen = window_session(township, repeat)
        if wanted("search"):
            figures.append(Figure("search", f"党员搜索一次按键（拼音，{people:,} 人）", "≤ 100 ms", ours=seen["search_s"],
                                  limit=0.1, note="the 200 ms typing pause of the box not counted"))
        if wanted("tabs"):
            for title, times in seen["tab_s"].items():
                if times["first"]:
                    figures.append(Figure(f"tab_first:{title}", f"切换到“{title}”（第一次）", "≤ 300 ms",
                                          ours=times["first"], limit=0.3))
                if times["again"]:
                    figures.append(Figure(f"tab_again:{title}", f"切换到“{title}”（再次）", "≤ 300 ms",
                                          ours=times["again"], limit=0.3))
        if wanted("ledger"):
            opened = [a + b for a, b in zip(seen["ledger_open_s"], seen["overdue_s"], strict=True)]
            figures.append(Figure("ledger", "民情台账打开 + 只看逾期", "≤ 300 ms", ours=opened, limit=0.3,
                                  note=f"{seen['overdue_rows']:,} overdue rows"))
        if wanted("memory"):
            figures.append(Figure("memory", f"内存峰值（{people:,} 人，每个标签页都打开过）", "≤ 400 MB",
                                  ours=[seen["memory_mib"]], baseline=[bare_memory()], unit="MiB", limit=400 * 1e6 / 2**20,
                                  note="baseline: the bare window's peak"))
    if wanted("ranking"):
        store = None
        if server_url:
            from models.storage.server_store import ServerStore

            subprocess.run(python(str(ROOT / "main.py"), "demo", "--db", server_url, "--people", str(people)),
                           check=True, capture_output=True)
            store = ServerStore(server_url)
        store = store or Store(township)
        add(Figure("ranking", "季度积分排名（100 万条积分）" if people == 100_000 else "季度积分排名",
                   "≤ 1 s 且 ≤ 3× 基线", limit=1.0, ratio_limit=3,
                   note="baseline: one SQL GROUP BY over the same table" + (" (PostgreSQL)" if server_url else "")),
            lambda f: ranking_figure(f, store, repeat))
        store.close()
    with closing(Store(reports)) as store:
        add(Figure("pdf_roster", f"党员花名册 PDF（{report_people:,} 人）", "≤ 0.5× 基线", ratio_limit=0.5,
                   note="baseline: one naive platypus Table of the same rows"),
            lambda f: pdf_roster(f, store, min(repeat, 3)))
        with tempfile.TemporaryDirectory() as scratch:
            add(Figure("excel_export", f"导出 Excel（{report_people:,} 行）", "≤ 1.5× 基线", ratio_limit=1.5,
                       note="baseline: openpyxl write-only, the same cells"),
                lambda f: excel_export(f, store, Path(scratch), repeat))
    add(Figure("excel_import", f"导入 Excel 整个命令（{report_people:,} 行）", "≤ 2.5× 基线", ratio_limit=2.5,
               note="baseline: a process reading the file with openpyxl read-only"),
        lambda f: excel_import(f, data, report_people, min(repeat, 3)))
    with tempfile.TemporaryDirectory(dir=data) as scratch:
        add(Figure("backup", f"备份乡镇数据文件（{people:,} 人）", "≤ 2× 基线", ratio_limit=2,
                   note="baseline: sqlite3 Connection.backup alone"),
            lambda f: backup_figure(f, township, Path(scratch), min(repeat, 3)))
    return figures


def table(figures: list[Figure]) -> str:
    lines = ["| figure | ours: median (max) | baseline: median | ratio | target | met |", "|---|---|---|---|---|---|"]
    for f in figures:
        def shown(value: float, unit: str = f.unit) -> str:
            return f"{value:,.0f} MiB" if unit == "MiB" else (f"{value * 1000:,.0f} ms" if value < 10 else
                                                               f"{value:,.1f} s")
        base = shown(statistics.median(f.baseline)) if f.baseline else "—"
        ratio = f"{f.ratio:.2f}×" if f.ratio is not None else "—"
        note = f" ({f.note})" if f.note else ""
        lines.append(f"| {f.label}{note} | {shown(f.median)} ({shown(max(f.ours))}) | {base} | {ratio} | {f.target} | "
                     f"{'yes' if f.met else '**no**'} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, help="write the samples here (default: benchmark-<date>.json)")
    parser.add_argument("--data", type=Path, help="keep the data files here and reuse them")
    parser.add_argument("--only", help="comma-separated figure names (start_small, start_township, search, tabs, "
                                       "ledger, memory, ranking, pdf_roster, excel_export, excel_import, backup)")
    parser.add_argument("--db", help="measure the model-level figures on this PostgreSQL database URL")
    args = parser.parse_args(argv)
    only = set(args.only.split(",")) if args.only else None
    with tempfile.TemporaryDirectory() as temporary:
        data = args.data or Path(temporary)
        data.mkdir(parents=True, exist_ok=True)
        figures = run(args.people, args.repeat, data, only, args.db)
    about = machine()
    print(f"\n{about['cpu']}, {about['cores']} cores, Python {about['python']}, {about['when']}\n")
    print(table(figures))
    out = args.json or Path(f"benchmark-{date.today().isoformat()}.json")
    out.write_text(json.dumps({"machine": about, "people": args.people, "repeat": args.repeat,
                               "figures": [asdict(f) | {"median": f.median, "ratio": f.ratio, "met": f.met}
                                           for f in figures]}, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nsamples written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
