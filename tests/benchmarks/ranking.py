"""Benchmark (on demand): a quarter's ranking at township scale, beside one bare SQL GROUP BY.

    uv run python tests/benchmarks/ranking.py [--people 100000] [--entries 1000000] [--repeat 3] [--db FILE]

(--db keeps the built database in FILE and reuses it when it exists.)

Builds a database of activists (each with a 确定为积极分子 event) and a year of score entries
under the default catalogue, with bulk inserts (not the write path: the aim is the reads) and
the score tally rebuilt from them (models/scoring/tally.py), then
times, each the median of --repeat runs in a fresh read session:
  - the baseline: SELECT person_id, SUM(points) … WHERE on BETWEEN … GROUP BY person_id;
  - period_scores for the quarter (caps, veto, pending, who was in the quarter);
  - ranking for the quarter (the above for this and the previous quarter, bands, flags, order);
  - one person's history: entries_for a year plus that person's year score.
Targets: the ranking ≤ 1 s and ≤ 3× the baseline; the history ≤ 50 ms.
"""

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import text  # noqa: E402

from models.core.codes import Audience  # noqa: E402
from models.core.pinyin import keys_for  # noqa: E402
from models.scoring.entries import entries_for  # noqa: E402
from models.scoring.ranking import ranking  # noqa: E402
from models.scoring.scores import period_scores  # noqa: E402
from models.scoring.tally import rebuild  # noqa: E402
from models.storage.store import Store  # noqa: E402
from tests.benchmarks.read_timing import timed  # noqa: E402

TODAY = date(2026, 11, 22)
QUARTER = "2026Q3"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
GIVEN = "建国军伟强磊洋勇杰涛明超芳娜敏静丽艳娟霞秀英华平刚辉斌鹏飞"
# The default catalogue's ids in a new database (JC01 … FJ02), weighted as a branch gives them.
RULE_WEIGHTS = {1: 8, 2: 20, 3: 20, 4: 6, 5: 15, 6: 8, 7: 2, 8: 1, 9: 5, 10: 6, 11: 3, 12: 1, 13: 0.05, 14: 0.05}
RULE_POINTS = {1: 5, 2: 2, 3: 2, 4: 5, 5: 2, 6: 5, 7: 5, 8: 10, 9: 3, 10: -3, 11: -2, 12: -10, 13: 0, 14: 0}


def build(path: Path, people: int, entries: int) -> None:
    """Bulk-insert people, their 确定为积极分子 events and a year of entries into a migrated file."""
    Store(path).close()
    rng = random.Random(7)
    names = [s + g1 + g2 for s in SURNAMES for g1 in GIVEN for g2 in GIVEN]
    keys = {}
    connection = sqlite3.connect(path)
    with connection:
        rows = []
        for pid in range(1, people + 1):
            name = names[rng.randrange(len(names))]
            key = keys.get(name) or keys.setdefault(name, keys_for(name))
            rows.append((pid, name, key.full, key.initials, key.sort, "M", "汉族", "2000-01-01", "activist", "", "",
                         "", False, "", "", ""))
        connection.executemany(
            "INSERT INTO person (id, name, name_pinyin, name_initials, sort_key, gender, ethnicity, birth_date, stage,"
            " work_unit, phone, address, is_mobile, mobile_destination, mobile_contact, notes)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        connection.executemany(
            "INSERT INTO person_event (person_id, kind, \"on\", organisation, letter_no, note, recorded_by,"
            " override_reason, void_reason) VALUES (?, 'named_activist', ?, '', '', '', '基准', '', '')",
            [(pid, (date(2024, 1, 1) + timedelta(days=rng.randrange(700))).isoformat())
             for pid in range(1, people + 1)])
        rules, weights = list(RULE_WEIGHTS), list(RULE_WEIGHTS.values())
        days = (TODAY - date(2026, 1, 1)).days
        at = datetime(2026, 11, 22, 9, 0).isoformat(sep=" ")
        batch = []
        for n in range(entries):
            rule = rng.choices(rules, weights)[0]
            on = (date(2026, 1, 1) + timedelta(days=rng.randrange(days + 1))).isoformat()
            voided = at if n % 100 == 0 else None
            batch.append((rng.randint(1, people), rule, on, RULE_POINTS[rule], "基准", "bench", "approved", "",
                          voided, "", "", "基准", at))
            if len(batch) == 100_000:
                _insert_entries(connection, batch)
                batch = []
        _insert_entries(connection, batch)
    connection.close()
    store = Store(path)
    with store.transaction() as session:  # the tally the entry operations would have kept
        rebuild(session)
    store.close()
    connection = sqlite3.connect(path)
    connection.execute("ANALYZE")
    connection.close()


def _insert_entries(connection: sqlite3.Connection, rows: list[tuple]) -> None:
    connection.executemany(
        "INSERT INTO score_entry (person_id, rule_id, \"on\", points, reason, run_id, status, approved_by, voided_at,"
        " voided_by, void_reason, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.db or Path(folder) / "bench.db"
        if not path.exists():
            start = time.perf_counter()
            build(path, args.people, args.entries)
            print(f"built {args.people:,} people and {args.entries:,} entries in {time.perf_counter() - start:.1f} s")
        measure(Store(path), args.repeat)


def measure(store: Store, repeat: int) -> None:
    """Print the baseline, our quarter scores and ranking, and one person's history."""
    q3 = ("2026-07-01", "2026-09-30")
    baseline_sql = text('SELECT person_id, SUM(points) FROM score_entry WHERE "on" BETWEEN :a AND :b '
                        "GROUP BY person_id")
    base, rows = timed(store, lambda s: s.execute(baseline_sql, {"a": q3[0], "b": q3[1]}).all(), repeat)
    print(f"baseline GROUP BY person_id ({len(rows):,} rows): {base * 1000:.0f} ms")
    scores, found = timed(store, lambda s: period_scores(s, QUARTER, Audience.ACTIVISTS), repeat)
    print(f"period_scores {QUARTER} ({len(found):,} people): {scores * 1000:.0f} ms ({scores / base:.1f}×)")
    ours, ranked = timed(store, lambda s: ranking(s, QUARTER, Audience.ACTIVISTS, today=TODAY), repeat)
    print(f"ranking {QUARTER} with bands and flags ({len(ranked):,} rows): {ours * 1000:.0f} ms "
          f"({ours / base:.1f}× baseline; target ≤ 1000 ms and ≤ 3×)")
    person = ranked[len(ranked) // 2].person_id

    def history(session):
        return entries_for(session, person, "2026"), period_scores(session, "2026", None, [person], today=TODAY)

    one, (entries, _) = timed(store, history, max(repeat, 5))
    print(f"one person's history for 2026 ({len(entries)} entries + year score): {one * 1000:.1f} ms "
          f"(target ≤ 50 ms)")
    store.close()


if __name__ == "__main__":
    main()
