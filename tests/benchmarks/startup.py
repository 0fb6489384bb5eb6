"""Benchmark (on demand, not in the suite): time from process start to a usable main window.

    uv run python tests/benchmarks/startup.py [--people 500] [--runs 5]

Builds a demo database, then starts `main.py --db` in a fresh process with
BRANCHKEEPER_EXIT_WHEN_READY=1, which makes the window quit as soon as the roster is shown.
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        subprocess.run([sys.executable, str(ROOT / "main.py"), "demo", "--db", str(db), "--people",
                        str(args.people)], check=True, capture_output=True)
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               "BRANCHKEEPER_EXIT_WHEN_READY": "1"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure with bytecode caches, as users run it
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db)], check=True, env=env,
                           capture_output=True)
            times.append(time.perf_counter() - start)
    print(f"start to usable window, {args.people} people: median {statistics.median(times):.2f} s, "
          f"min {min(times):.2f} s, max {max(times):.2f} s over {args.runs} runs")


if __name__ == "__main__":
    main()
