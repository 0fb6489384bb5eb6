"""Issue test 5 (slow variant): 400 simulated days of automatic backups with an injected clock.

A few backups a day at random times (none on some days: the PC stayed off), each a real copy of a
small database made by make_backup, which rotates the folder. After each day the folder must hold
exactly the backups rotation_keeps picks from what was there plus the new one (checked after every
backup), the policy's counts must hold
(everything of the last 2 days; then at most 12 daily, 10 weekly and 9 monthly ones, each the only
one of its day, week or month), and files the user put there by hand must still be there.

The folder is not always what rotation_keeps would pick from every backup ever made: a backup the
rotation deleted because its month was already covered (by a weekly one of the same month) cannot
come back when that weekly one later becomes the month's. The trial counts those days
(`days_differing_from_full_history`); they keep as many backups, one per period, just other ones.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta

import pytest

from models.storage.backups import DAMAGED, ON_EXIT, PERIODIC, STARTUP, backup_folder, make_backup
from models.storage.rotation import DAILY, KEEP_ALL_DAYS, MONTHLY, WEEKLY, parse_name, rotation_keeps
from models.storage.store import Store

pytestmark = pytest.mark.slow

DAYS, SEED = 400, 5
START = datetime(2025, 3, 1)
LABELS = (STARTUP, PERIODIC, PERIODIC, ON_EXIT, "从Excel导入党员")


def automatic(folder) -> list[datetime]:
    """The times of the automatic backups in the folder (not the set-aside damaged files)."""
    names = [parse_name(p.name) for p in folder.glob("branchkeeper-*.db")]
    return [n.made_at for n in names if n is not None and n.label != DAMAGED]


def policy_problems(present: list[datetime], now: datetime) -> list[str]:
    """The counts the policy promises, checked on what is in the folder."""
    cutoff = now - timedelta(days=KEEP_ALL_DAYS)
    older = sorted((t for t in present if t <= cutoff), reverse=True)
    days = sorted({t.date() for t in older}, reverse=True)
    daily_days = set(days[:DAILY])
    rest = [t for t in older if t.date() not in daily_days]
    problems = [f"{day}: {n} backups kept" for day, n in Counter(t.date() for t in older).items() if n > 1]
    weeks = Counter(t.isocalendar()[:2] for t in rest)
    weekly = sorted(weeks, reverse=True)[:WEEKLY]
    problems += [f"week {w}: {n} backups kept" for w, n in weeks.items() if n > 1]
    months = Counter((t.year, t.month) for t in rest if t.isocalendar()[:2] not in weekly)
    problems += [f"month {m}: {n} backups kept" for m, n in months.items() if n > 1]
    if len(months) > MONTHLY:
        problems.append(f"{len(months)} monthly backups kept")
    return problems


def test_four_hundred_days_of_backups_keep_exactly_what_the_policy_says(tmp_path, figures):
    db = tmp_path / "branchkeeper.db"
    Store(db).close()
    folder = backup_folder(db)
    folder.mkdir()
    by_hand = [folder / "我的备份-2025年.db", folder / f"branchkeeper-{DAMAGED}-20250101-080000.db"]
    for path in by_hand:
        path.write_bytes(db.read_bytes())

    rng = random.Random(SEED)
    made: list[datetime] = []
    failures: list[str] = []
    figures_seen = Counter()
    most = 0
    for day in range(DAYS):
        if rng.random() < 0.15:
            continue  # the PC stayed off
        midnight = START + timedelta(days=day)
        seconds = sorted(rng.sample(range(7 * 3600, 23 * 3600), rng.randint(1, 5)))
        for second in seconds:
            now = midnight + timedelta(seconds=second)
            before = automatic(folder)
            make_backup(db, rng.choice(LABELS), now=now)
            made.append(now)
            present = automatic(folder)
            expected = rotation_keeps(before + [now], now)
            if set(present) != expected or len(present) != len(expected):
                failures.append(f"{now:%Y-%m-%d %H:%M:%S}: {len(present)} files, the policy keeps {len(expected)} "
                                f"(extra {sorted(set(present) - expected)[:3]}, "
                                f"missing {sorted(expected - set(present))[:3]})")
        figures_seen["backups_made"] += len(seconds)
        most = max(most, len(present))
        if set(present) != rotation_keeps(made, now):
            figures_seen["days_differing_from_full_history"] += 1
        failures += [f"{now:%Y-%m-%d}: {p}" for p in policy_problems(present, now)]
        recent = {t for t in made if t > now - timedelta(days=KEEP_ALL_DAYS)}
        if not recent <= set(present):
            failures.append(f"{now:%Y-%m-%d}: a backup of the last {KEEP_ALL_DAYS} days was deleted")
    missing_by_hand = [p.name for p in by_hand if not p.is_file()]
    oldest = min(automatic(folder))
    figures(days=DAYS, **figures_seen, files_at_most=most, oldest_kept_days=(made[-1] - oldest).days,
            failures=len(failures))
    assert not missing_by_hand, f"deleted files the user put there: {missing_by_hand}"
    assert not failures, "\n".join(failures[:20])
