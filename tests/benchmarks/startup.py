"""Benchmark (on demand, not in the suite): time from process start to a usable main window.

    uv run python tests/benchmarks/startup.py [--people 500] [--runs 5] [--frozen dist/BranchKeeper/BranchKeeper]

Builds a demo database, then starts `main.py --db` (and, with --frozen, the built executable) in
fresh processes with BRANCHKEEPER_EXIT_WHEN_READY=1, which signs in with BRANCHKEEPER_USER/PASSWORD
(the demo's admin: the password check is measured, a person typing is not) and quits as soon as the
roster is shown. The baseline, measured in the same run: a bare PySide6 window with one QTableView,
shown and quit the same way (issue 16: start to a usable window ≤ 4× it).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
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
QTimer.singleShot(0, app.quit)
app.exec()
"""


def measure(command: list[str], runs: int, env: dict) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, env=env, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def report(label: str, times: list[float]) -> float:
    median = statistics.median(times)
    print(f"{label}: median {median:.2f} s, min {min(times):.2f} s, max {max(times):.2f} s over {len(times)} runs")
    return median


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--frozen", type=Path, help="the built executable to compare with")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        subprocess.run([sys.executable, str(ROOT / "main.py"), "demo", "--db", str(db), "--people",
                        str(args.people)], check=True, capture_output=True)
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               "BRANCHKEEPER_EXIT_WHEN_READY": "1",  # …and signs in with the demo's 管理员 (Argon2id counted)
               "BRANCHKEEPER_USER": "admin", "BRANCHKEEPER_PASSWORD": "demo1234"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure with bytecode caches, as users run it
        measure([sys.executable, str(ROOT / "main.py"), "--db", str(db)], 1, env)  # warm the caches
        measure([sys.executable, "-c", BARE_WINDOW], 1, env)
        program, bare = [], []
        for _ in range(args.runs):  # interleaved, so a noisy moment hits both
            program += measure([sys.executable, str(ROOT / "main.py"), "--db", str(db)], 1, env)
            bare += measure([sys.executable, "-c", BARE_WINDOW], 1, env)
        source = report(f"python main.py, {args.people} people", program)
        baseline = report("bare PySide6 window with a QTableView", bare)
        print(f"main.py / bare window: {source / baseline:.1f}x (target <= 4x)")
        if args.frozen:
            command = [str(args.frozen.resolve()), "--db", str(db)]
            measure(command, 1, env)
            frozen = report("frozen build", measure(command, args.runs, env))
            print(f"frozen / source: {frozen / source:.2f}")


if __name__ == "__main__":
    main()
