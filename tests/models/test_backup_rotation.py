"""Rotation (issue test 5): 400 simulated days with the pure policy, and with real files and an injected
`now`, keep exactly what the policy says: all of the last 2 days, then 12 daily, 10 weekly, 9 monthly."""

import random
from datetime import datetime, timedelta
from pathlib import Path

from models.storage.backups import make_backup, rotate, rotation_keeps
from models.storage.rotation import parse_name
from models.storage.store import Store

START = datetime(2026, 1, 1, 0, 0)


def _expected(made: list[datetime], now: datetime) -> set[datetime]:
    """The policy written out a second way: walk the older backups newest first, day, week, month."""
    keep = {t for t in made if t > now - timedelta(days=2)}
    older = sorted((t for t in made if t <= now - timedelta(days=2)), reverse=True)
    for key, limit in ((lambda t: t.date(), 12), (lambda t: t.isocalendar()[:2], 10), (lambda t: (t.year, t.month), 9)):
        covered = {key(t) for t in keep}
        taken: dict = {}
        for t in older:
            if t in keep or key(t) in covered or key(t) in taken:
                continue
            if len(taken) < limit:
                taken[key(t)] = t
        keep |= set(taken.values())
    return keep


def _check_counts(kept: set[datetime], now: datetime) -> None:
    older = sorted((t for t in kept if t <= now - timedelta(days=2)), reverse=True)
    assert len(older) <= 12 + 10 + 9
    assert len({t.date() for t in older}) == len(older)  # one a day at most among the older ones


def test_the_policy_over_400_simulated_days():
    rng = random.Random(14)
    made: list[datetime] = []
    kept: set[datetime] = set()
    for day in range(400):
        for _ in range(rng.randint(0, 5)):  # some days none, some days several
            t = START + timedelta(days=day, seconds=rng.randint(0, 86399))
            made.append(t)
        now = START + timedelta(days=day, hours=23, minutes=59)
        kept = rotation_keeps(made, now)
        assert kept == _expected(made, now)
        _check_counts(kept, now)
        made = sorted(kept)  # what was not kept is deleted: later days see only the survivors
    weeks = {t.isocalendar()[:2] for t in kept}
    months = {(t.year, t.month) for t in kept}
    assert len(kept) > 30 and len(weeks) >= 12 and len(months) >= 9


def test_the_policy_by_hand():
    now = datetime(2026, 6, 30, 12, 0)
    recent = [now - timedelta(hours=h) for h in (1, 2, 30, 47)]
    daily = [datetime(2026, 6, d, h) for d in range(10, 28) for h in (8, 20)]  # 18 days, two a day
    kept = rotation_keeps(recent + daily, now)
    assert set(recent) <= kept  # the last 2 days in full
    kept_days = sorted(t for t in kept if t not in recent)
    # 12 most recent days keep their newest (20:00); then weeks not yet covered, then months
    assert [t.day for t in kept_days if t.day >= 16] == list(range(16, 28))
    assert all(t.hour == 20 for t in kept_days)
    # June 10–15: Jun 15 is in ISO week 25 (15–21), already covered by the daily ones, so it goes;
    # week 24 (8–14) keeps its newest, Jun 14; June itself is covered, so no monthly one.
    assert [t.day for t in kept_days if t.day < 16] == [14]
    assert rotation_keeps([], now) == set()


def test_a_clock_set_back_keeps_the_future_ones():
    now = datetime(2026, 6, 30)
    future = now + timedelta(days=3)
    assert future in rotation_keeps([future], now)


def _tiny_db(tmp_path: Path) -> Path:
    store = Store(tmp_path / "branch.db")
    store.close()
    return store.path


def test_real_files_over_400_days(tmp_path):
    db = _tiny_db(tmp_path)
    folder = tmp_path / "backups"
    folder.mkdir()
    hand = [folder / "我的副本.db", folder / "branch-自己起的名字.db", folder / "notes.txt"]
    for path in hand:
        path.write_text("kept")
    set_aside = folder / "branch-损坏的文件-20260101-000000.db"
    set_aside.write_text("a damaged data file set aside")
    other = folder / "other-定时-20260101-000000.db"  # another data file's backups rotate on their own
    other.write_text("other")
    rng = random.Random(400)
    made: list[datetime] = []
    for day in range(400):
        times = sorted(START + timedelta(days=day, seconds=rng.randint(0, 86399)) for _ in range(rng.randint(0, 2)))
        for t in times:
            make_backup(db, rng.choice(["定时", "启动时", "退出时"]), now=t)  # rotates too, at `t`
            made.append(t)
        now = START + timedelta(days=day, hours=23, minutes=59, seconds=59)
        rotate(folder, now)
        expected = rotation_keeps(made, now)
        on_disk = {parse_name(p.name).made_at for p in folder.glob("branch-*-*.db")
                   if parse_name(p.name) and parse_name(p.name).label != "损坏的文件"}
        assert on_disk == expected, day
        made = sorted(expected)
    assert all(p.exists() for p in [*hand, set_aside, other])
    assert not list(folder.glob("*.partial"))


def test_same_second_backups_keep_the_newest(tmp_path):
    db = _tiny_db(tmp_path)
    t = datetime(2026, 3, 1, 10, 0, 0)
    first, second = make_backup(db, "定时", now=t), make_backup(db, "定时", now=t)
    assert second.name.endswith("-2.db")
    rotate(tmp_path / "backups", t + timedelta(days=5))
    assert second.exists() and not first.exists()


def test_half_written_copies_left_by_a_kill_go_at_the_next_rotation_but_not_one_in_progress(tmp_path):
    import os
    import time

    from models.storage.rotation import STALE_PARTIAL_SECONDS, rotate

    old = tmp_path / "branch-恢复前-20261201-080000.db.partial"
    old_journal = tmp_path / "branch-恢复前-20261201-080000.db.partial-journal"
    fresh = tmp_path / "branch-定时-20261202-080000.db.partial"
    mine = tmp_path / "my notes.txt"
    for path in (old, old_journal, fresh, mine):
        path.write_bytes(b"x")
    long_ago = time.time() - STALE_PARTIAL_SECONDS - 60
    for path in (old, old_journal, mine):
        os.utime(path, (long_ago, long_ago))
    deleted = rotate(tmp_path, datetime(2026, 12, 2, 9, 0))
    assert set(deleted) == {old, old_journal}
    assert fresh.exists() and mine.exists()
