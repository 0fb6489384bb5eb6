"""Benchmark (on demand): the 党员花名册 for a large roster, against a naive platypus build.

    uv run python tests/benchmarks/roster_pdf.py [--people 10000]

Both builds lay out the same rows, in the same fonts, with the same page frame; the naive one
puts every row in one platypus `Table` with a repeated header (what ReportLab's docs suggest).
"""

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import Table  # noqa: E402

from models.demo import fill_demo  # noqa: E402
from models.people.branch import get_branch  # noqa: E402
from models.people.roster import roster_entries  # noqa: E402
from models.reports import roster, roster_layout  # noqa: E402
from models.reports.document import PageSetup, build_pdf, new_styles, table_style  # noqa: E402
from models.reports.grid import GridStyle  # noqa: E402
from models.storage.store import Store  # noqa: E402
from models.workspace import Workspace, local_actor  # noqa: E402


def naive(session, today: date) -> bytes:
    branch = get_branch(session)
    people = roster_entries(session, None, False, today)
    styles = new_styles()
    widths = [w * mm for w in roster_layout.WIDTHS_MM]
    grid = GridStyle(font=styles.fonts.body, header_font=styles.fonts.title)
    options = roster.RosterOptions()
    rows = [roster_layout.HEADER] + [
        ["\n".join(c) if isinstance(c, tuple) else c  # platypus takes wrapped lines as one string
         for c in roster_layout._cells(roster_layout._row(n, p, options), widths, styles, grid)]
        for n, p in enumerate(people, 1)
    ]
    story = [styles.para(roster.TITLE, styles.title),
             Table(rows, colWidths=widths, repeatRows=1, style=table_style(styles.fonts.body))]
    return build_pdf(PageSetup(branch.full_name, roster.TITLE, today, landscape=True), story, styles.fonts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10000)
    args = parser.parse_args()
    today = date.today()
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.db")
        Workspace(store, local_actor()).run(fill_demo, args.people)
        with store.read() as session:
            start = time.perf_counter()
            ours = roster.build_roster(session, roster.RosterOptions(), today)
            ours_time = time.perf_counter() - start
        with store.read() as session:
            start = time.perf_counter()
            theirs = naive(session, today)
            naive_time = time.perf_counter() - start
        store.close()
    print(f"{args.people} people: our roster {ours_time:.2f} s ({len(ours) / 2**20:.1f} MiB); "
          f"naive single Table {naive_time:.2f} s ({len(theirs) / 2**20:.1f} MiB); "
          f"ratio {ours_time / naive_time:.2f}")


if __name__ == "__main__":
    main()
