"""Benchmark (on demand): the 民情台账 of a busy township, beside bare SQL baselines.

    uv run python tests/benchmarks/grievances.py [--items 50000] [--members 80] [--repeat 5] [--db FILE]

(--db keeps the built database in FILE and reuses it when it exists.)

Builds a database of members and a year of items (received 2026-01-01 … TODAY, every status:
most closed and visited, some open, overdue, extended, referred, reopened or voided) with about
four history rows each and a few hundred open items of the year before, with bulk inserts (not
the write path: the aim is the reads), then times, each the median of --repeat runs in a fresh
read session, wall and CPU time (on a busy machine the CPU time is the steadier figure):
  - opening the tab as it reads now — the newest LEDGER_LIMIT (2,000) rows of the default view
    (this year + every open item), the count line's COUNTs (views/grievances/ledger_count.py:
    all the filter selects, the overdue ones, those of earlier years) and the year's figures —
    beside its baselines: the same rows and COUNT as bare SQL (no Python), and the tab as it read
    before the limit (every row of the default view + the figures) with a bare SELECT of every row;
  - the overdue filter the same way: the tab now (limited rows + counts) beside bare SQL, and
    every overdue row as before;
  - list_ledger with a pinyin search;
  - the baseline for figures: one COUNT … GROUP BY status of the year; figures for the year,
    figures_by category, month and responsible member (the chart), workload;
  - one item's page (get_item, with its history).
Targets: opening the tab (ledger + figures) and the overdue filter ≤ 300 ms; the year's figures ≤ 200 ms.
The first line says how fast this machine runs Python.
"""

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import text  # noqa: E402

from models.core.codes import GrievanceAction as A  # noqa: E402
from models.core.codes import GrievanceCategory, GrievanceSource, Urgency  # noqa: E402
from models.core.codes import GrievanceStatus as St  # noqa: E402
from models.core.codes import Satisfaction as Sat  # noqa: E402
from models.core.pinyin import keys_for  # noqa: E402
from models.demo.township_ledger import ITEM_COLUMNS  # noqa: E402
from models.grievances.figures import figures, figures_by  # noqa: E402
from models.grievances.ledger import LedgerFilter, get_item, list_ledger  # noqa: E402
from models.grievances.limits import due_date  # noqa: E402
from models.grievances.workload import workload  # noqa: E402
from models.scoring.periods import year_period  # noqa: E402
from models.storage.store import Store  # noqa: E402
from tests.benchmarks.read_timing import ms, timed  # noqa: E402
from views.grievances.grievances_tab import LEDGER_LIMIT  # noqa: E402
from views.grievances.ledger_count import read_count  # noqa: E402

TODAY = date(2026, 11, 22)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
GIVEN = "建国军伟强磊洋勇杰涛明超芳娜敏静丽艳娟霞秀英华平刚辉斌鹏飞"
CONTENT = ("村口路灯不亮", "垃圾池满了没人清运", "水渠堵塞影响浇地", "独居老人冬天取暖困难", "低保申请流程咨询",
           "邻里宅基地纠纷", "小孩上学接送路远", "想学电商卖农产品", "自来水压力小", "村道坑洼下雨积水")
COMPLETION = {Urgency.URGENT: 3, Urgency.PRESSING: 7, Urgency.ORDINARY: 15}
AT = datetime(2026, 11, 22, 9, 0).isoformat(sep=" ")
ACTION_COLUMNS = ("grievance_id", "kind", '"on"', "note", "actor", "new_deadline", "referred_to", "satisfaction",
                  "recorded_by", "recorded_at")


def _names(rng: random.Random, n: int) -> list[str]:
    return [rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN) for _ in range(n)]


def _members(connection: sqlite3.Connection, rng: random.Random, members: int) -> None:
    rows = []
    for pid, name in enumerate(_names(rng, members), start=1):
        key = keys_for(name)
        rows.append((pid, name, key.full, key.initials, key.sort, "M", "汉族", "1975-01-01", "full", "2000-07-01",
                     "2001-07-01", AT, AT))
    connection.executemany(
        "INSERT INTO person (id, name, name_pinyin, name_initials, sort_key, gender, ethnicity, birth_date, stage,"
        " joined_on, confirmed_on, created_at, updated_at, work_unit, phone, address, is_mobile, mobile_destination,"
        " mobile_contact, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', '', 0, '', '', '')", rows)


def _fate(rng: random.Random, received: date) -> str:
    """A status as such an item would stand on TODAY: the older, the likelier closed."""
    age = (TODAY - received).days
    if rng.random() < 0.01:
        return St.VOID
    if age < 20 and rng.random() < 0.7:
        return rng.choice((St.NEW, St.HANDLING, St.HANDLING, St.REFERRED, St.TO_CHECK))
    if rng.random() < 0.04:
        return rng.choice((St.HANDLING, St.REFERRED, St.TO_CHECK))  # dragging on: mostly overdue
    return St.VISITED if rng.random() < 0.8 else St.RESOLVED


def _item(rng: random.Random, gid: int, seq: int, received: date, members: int, requesters: list[tuple],
          status: str | None = None) -> tuple:
    """One item row and its history rows (the status as it stands on TODAY, or as given)."""
    category, urgency = rng.choice(list(GrievanceCategory)), rng.choice(list(Urgency))
    status = status or _fate(rng, received)
    response_due, original = due_date(received, 1), due_date(received, COMPLETION[urgency])
    deadline, extensions = original, 0
    history = [(gid, A.REGISTERED.value, received.isoformat(), "", "", None, "", "", "基准", AT)]
    first = received + timedelta(days=rng.choice((0, 1, 1, 2, 3))) if status != St.NEW else None
    if first and first <= TODAY:
        history.append((gid, A.PROGRESS.value, first.isoformat(), "已联系群众了解情况", "", None, "", "", "基准", AT))
    else:
        first = None
    if rng.random() < 0.05:
        extensions, deadline = 1, deadline + timedelta(days=10)
        history.append((gid, A.EXTENSION.value, (original - timedelta(days=1)).isoformat(), "需协调上级资金",
                        "村主任", deadline.isoformat(), "", "", "基准", AT))
    resolved = visited = None
    satisfaction, reopened = "", 0
    if status in (St.RESOLVED, St.VISITED, St.TO_CHECK):
        resolved = min(TODAY, received + timedelta(days=rng.randint(1, (deadline - received).days + 6)))
        history.append((gid, A.CLOSING.value, resolved.isoformat(), "已办结", "", None, "", "", "基准", AT))
    if status == St.VISITED:
        visited = min(TODAY, resolved + timedelta(days=rng.randint(1, 10)))
        satisfaction = rng.choices((Sat.SATISFIED, Sat.FAIRLY_SATISFIED, Sat.UNSATISFIED), (75, 20, 5))[0]
        history.append((gid, A.RETURN_VISIT.value, visited.isoformat(), "回访群众", "支委", None, "",
                        satisfaction.value, "基准", AT))
        reopened = int(satisfaction == Sat.UNSATISFIED and rng.random() < 0.5)
    requester, place, pinyin = rng.choice(requesters)
    voided = AT if status == St.VOID else None
    row = (gid, f"MQ-{received.year}-{seq:04d}", received.year, seq, received.isoformat(),
           rng.choice(list(GrievanceSource)).value, requester, pinyin, "", "", place, category.value, urgency.value,
           rng.choice(CONTENT), rng.randint(1, members), response_due.isoformat(), original.isoformat(),
           deadline.isoformat(), first.isoformat() if first else None, status.value, extensions, reopened, "",
           resolved.isoformat() if resolved else None, "已办结" if resolved else "", "", None,
           visited.isoformat() if visited else None, satisfaction and satisfaction.value, None, voided,
           "登记错误" if voided else "", "基准", AT)
    return row, history


def build(path: Path, items: int, members: int) -> None:
    """Bulk-insert members, a year of items with their history, and open items of the year before."""
    Store(path).close()
    rng = random.Random(13)
    requesters = []
    for name in _names(rng, 3000):
        key = keys_for(name)
        requesters.append((name, f"{rng.randint(1, 9)}组", f"{key.full} {key.initials}"))
    requesters.append(("", "", ""))  # anonymous
    connection = sqlite3.connect(path)
    with connection:
        _members(connection, rng, members)
        days = (TODAY - date(2026, 1, 1)).days
        received = sorted(date(2026, 1, 1) + timedelta(days=rng.randrange(days + 1)) for _ in range(items))
        old = sorted(date(2025, 1, 1) + timedelta(days=rng.randrange(365)) for _ in range(items // 100))
        item_rows, action_rows, gid = [], [], 0
        for year_days in (old, received):
            for seq, day in enumerate(year_days, start=1):
                gid += 1
                # the year before: only what is still open matters here
                still_open = St.HANDLING if day.year < TODAY.year else None
                row, history = _item(rng, gid, seq, day, members, requesters, still_open)
                item_rows.append(row)
                action_rows.extend(history)
        marks = ", ".join("?" * len(ITEM_COLUMNS))
        connection.executemany(f"INSERT INTO grievance ({', '.join(ITEM_COLUMNS)}) VALUES ({marks})", item_rows)
        marks = ", ".join("?" * len(ACTION_COLUMNS))
        connection.executemany(f"INSERT INTO grievance_action ({', '.join(ACTION_COLUMNS)}) VALUES ({marks})",
                               action_rows)
    connection.execute("ANALYZE")
    connection.close()
    print(f"built {len(item_rows):,} items ({len(old):,} of 2025, still open) and {len(action_rows):,} history rows")


def calibrate() -> None:
    """How fast this machine runs Python, to compare figures taken on different machines."""
    start, total = time.process_time(), 0
    for n in range(10_000_000):
        total += n
    print(f"this machine: 10 million Python additions take {time.process_time() - start:.2f} s of CPU")


COLUMNS = ("id, serial, received_on, source, requester, place, category, urgency, content, responsible_id, "
           "deadline, status, extensions, reopened, first_action_on, resolved_on, satisfaction, voided_at")
OPEN_SQL = "('new', 'handling', 'referred', 'to_check')"
DEFAULT_WHERE = f"status != 'void' AND (received_on BETWEEN :a AND :b OR status IN {OPEN_SQL})"
OVERDUE_WHERE = f"status IN {OPEN_SQL} AND deadline < :today"
NEWEST = "ORDER BY received_on DESC, id DESC"
YEAR_ARGS = {"a": "2026-01-01", "b": "2026-12-31", "today": TODAY.isoformat(), "limit": LEDGER_LIMIT}


def bare(where: str, limited: bool):
    """The rows (all, or the newest LEDGER_LIMIT and a COUNT) as bare SQL: no join, no Python."""
    rows = text(f"SELECT {COLUMNS} FROM grievance WHERE {where} {NEWEST}" + (" LIMIT :limit" if limited else ""))
    count = text(f"SELECT COUNT(*) FROM grievance WHERE {where}")
    if not limited:
        return lambda s: s.execute(rows, YEAR_ARGS).all()
    return lambda s: (s.execute(rows, YEAR_ARGS).all(), s.execute(count, YEAR_ARGS).scalar())


def tab_ledger(flt: LedgerFilter, with_figures: bool):
    """What the tab reads: refresh_ledger's rows and count line, and refresh_figures' year (on opening)."""
    year = year_period(TODAY.year)

    def read(session):
        rows = list_ledger(session, flt, TODAY)
        return rows, read_count(session, flt, rows, TODAY), figures(session, year, TODAY) if with_figures else None
    return read


def compare(store: Store, repeat: int, title: str, where: str, flt: LedgerFilter, with_figures: bool) -> None:
    """The tab's reads now (limited) and before (every row), each beside bare SQL of the same rows."""
    plus = " + the year's figures" if with_figures else ""
    print(f"— {title} —")
    base, found = timed(store, bare(where, True), repeat)
    print(f"  baseline: bare SQL, newest {LEDGER_LIMIT:,} rows + COUNT ({found[1]:,}): {ms(base)}")
    now, (rows, count, _) = timed(store, tab_ledger(replace(flt, limit=LEDGER_LIMIT), with_figures), repeat)
    print(f"  now: list_ledger newest {len(rows):,} + count line ({count.total:,} in all, {count.overdue:,} "
          f"overdue, {count.earlier:,} of earlier years){plus}: {ms(now)} (target ≤ 300 ms)")
    base_all, found = timed(store, bare(where, False), repeat)
    print(f"  baseline: bare SQL, every row ({len(found):,}): {ms(base_all)}")
    year = year_period(TODAY.year)
    before, (rows, _) = timed(store, lambda s: (list_ledger(s, flt, TODAY),
                                                figures(s, year, TODAY) if with_figures else None), repeat)
    print(f"  before the limit: list_ledger every row ({len(rows):,}){plus}: {ms(before)}")


def measure(store: Store, repeat: int) -> None:
    calibrate()
    compare(store, repeat, "opening the tab", DEFAULT_WHERE, LedgerFilter(), with_figures=True)
    compare(store, repeat, "only overdue (the filter reloads the ledger alone)", OVERDUE_WHERE,
            LedgerFilter(overdue_only=True), with_figures=False)
    year = year_period(TODAY.year)
    print("— the rest —")
    searched, rows = timed(store, lambda s: list_ledger(s, LedgerFilter(text="wjg", limit=LEDGER_LIMIT), TODAY),
                           repeat)
    print(f"list_ledger search “wjg” ({len(rows):,} rows): {ms(searched)}")
    count_sql = text("SELECT status, COUNT(*) FROM grievance WHERE received_on BETWEEN :a AND :b GROUP BY status")
    base_f, _ = timed(store, lambda s: s.execute(count_sql, {"a": "2026-01-01", "b": "2026-12-31"}).all(), repeat)
    print(f"baseline: COUNT GROUP BY status of the year: {ms(base_f)}")
    year_f, f = timed(store, lambda s: figures(s, year, TODAY), repeat)
    print(f"figures {year.code} ({f.registered:,} registered, {f.overdue:,} overdue): {ms(year_f)}, "
          f"{year_f / base_f:.1f}× baseline (target ≤ 200 ms)")
    for key in ("category", "month", "responsible"):
        split, _ = timed(store, lambda s, k=key: figures_by(s, year, k, TODAY), repeat)
        print(f"figures_by {key}: {ms(split)}")
    load, rows = timed(store, lambda s: workload(s, TODAY, TODAY.year), repeat)
    print(f"workload ({len(rows)} members): {ms(load)}")
    page, detail = timed(store, lambda s: get_item(s, 25_000, TODAY), max(repeat, 5))
    print(f"one item's page ({len(detail.history)} history rows): {ms(page)}")
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--members", type=int, default=80)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.db or Path(folder) / "bench.db"
        if not path.exists():
            start = time.perf_counter()
            build(path, args.items, args.members)
            print(f"built in {time.perf_counter() - start:.1f} s")
        measure(Store(path), args.repeat)


if __name__ == "__main__":
    main()
