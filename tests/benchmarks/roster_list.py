"""Benchmark (on demand): how long the 党员 list takes to load and search at township scale.

    uv run python tests/benchmarks/roster_list.py [--people 20000]
"""

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from models.demo import fill_demo  # noqa: E402
from models.people import roster as people  # noqa: E402
from models.storage.store import Store  # noqa: E402
from models.workspace import Workspace, local_actor  # noqa: E402


def timed(label: str, action) -> object:
    start = time.perf_counter()
    result = action()
    print(f"{label}: {time.perf_counter() - start:.3f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20000)
    args = parser.parse_args()
    today = date.today()
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.db")
        timed(f"demo fill {args.people}", lambda: Workspace(store, local_actor()).run(fill_demo, args.people))
        for label, flt in (("list all", people.MemberFilter()), ("search wjg", people.MemberFilter(text="wjg")),
                           ("search 建国", people.MemberFilter(text="建国")),
                           ("archived shown", people.MemberFilter(include_archived=True))):
            with store.read() as session:
                rows = timed(label, lambda f=flt: people.list_members(session, f, today))
            print(f"  rows: {len(rows)}")
        store.close()


if __name__ == "__main__":
    main()
