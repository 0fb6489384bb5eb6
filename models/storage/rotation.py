"""Which automatic backups to keep: a rotation like Anki's, as a pure policy and applied to a folder.

The automatic backups are the files in backups/ named `<stem>-<label>-<YYYYmmdd-HHMMSS>[-n].db`
(`n` when two were made in the same second). Nothing else in the folder is ever deleted — a copy
the user put there by hand, a file of another name, a damaged data file set aside before a restore
(label 损坏的文件) — and each data file's backups (its `stem`) are rotated on their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

KEEP_ALL_DAYS = 2
DAILY = 12
WEEKLY = 10
MONTHLY = 9
NEVER_ROTATED = frozenset({"损坏的文件"})  # raw copies of a damaged data file: kept until the user deletes them

NAME = re.compile(r"^(?P<stem>.+)-(?P<label>[^-]+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?\.db$")


@dataclass(frozen=True)
class Named:
    """What an automatic backup's file name says."""

    stem: str
    label: str
    made_at: datetime  # the n-th copy of one second is n microseconds later, so "newest" stays exact


def parse_name(name: str) -> Named | None:
    """The stem, label and time in an automatic backup's file name; None for any other name."""
    match = NAME.match(name)
    if match is None:
        return None
    try:
        made = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
    except ValueError:
        return None
    return Named(match["stem"], match["label"], made + timedelta(microseconds=int(match["n"] or 0)))


def rotation_keeps(made: Iterable[datetime], now: datetime) -> set[datetime]:
    """The backup times the policy keeps; every other one is deleted. The policy, in order:

    1. Everything made after `now` − 2 days (48 hours; a time after `now` — a clock set back — too).
    2. Of the older ones, for each calendar day that holds one and holds no backup kept so far, the
       newest of that day — for the 12 most recent such days.
    3. Of the ones still left, for each ISO week (Monday to Sunday) that holds one and holds no backup
       kept so far, the newest of that week — for the 10 most recent such weeks.
    4. Of the ones still left, for each calendar month that holds one and holds no backup kept so far,
       the newest of that month — for the 9 most recent such months.

    So at most 2 days in full, then one backup a day for 12 days, one a week for 10 weeks and one a
    month for 9 months: about 10 months of history in a few dozen files.
    """
    times = sorted(set(made), reverse=True)
    cutoff = now - timedelta(days=KEEP_ALL_DAYS)
    kept = {t for t in times if t > cutoff}
    older = [t for t in times if t <= cutoff]
    for period, count in ((_day, DAILY), (_week, WEEKLY), (_month, MONTHLY)):
        kept |= _newest_per_period([t for t in older if t not in kept], kept, period, count)
    return kept


def _day(t: datetime) -> Hashable:
    return t.date()


def _week(t: datetime) -> Hashable:
    return t.isocalendar()[:2]


def _month(t: datetime) -> Hashable:
    return t.year, t.month


def _newest_per_period(candidates: list[datetime], kept: set[datetime],
                       period: Callable[[datetime], Hashable], count: int) -> set[datetime]:
    """The newest candidate of each of the `count` most recent periods that hold no kept time
    (`candidates` newest first)."""
    covered = {period(t) for t in kept}
    chosen: dict[Hashable, datetime] = {}
    for t in candidates:
        key = period(t)
        if key in covered or key in chosen:
            continue
        if len(chosen) == count:
            break
        chosen[key] = t
    return set(chosen.values())


def automatic_backups(folder: Path) -> list[tuple[Path, Named]]:
    """The files in `folder` that are automatic backups (by name), with what their names say."""
    found = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return []
    for path in entries:
        named = parse_name(path.name)
        if named is not None and path.is_file():
            found.append((path, named))
    return found


def rotate(folder: Path, now: datetime) -> list[Path]:
    """Delete the automatic backups in `folder` the policy does not keep (each data file's on their
    own; labels in NEVER_ROTATED and other files never); returns what was deleted. A file that cannot
    be deleted is left for the next rotation."""
    by_stem: dict[str, list[tuple[Path, Named]]] = {}
    for path, named in automatic_backups(folder):
        if named.label not in NEVER_ROTATED:
            by_stem.setdefault(named.stem, []).append((path, named))
    deleted = []
    for files in by_stem.values():
        keeps = rotation_keeps([named.made_at for _, named in files], now)
        for path, named in files:
            if named.made_at in keeps:
                continue
            try:
                path.unlink()
            except OSError:
                continue
            deleted.append(path)
    return deleted + _stale_partials(folder)


STALE_PARTIAL_SECONDS = 3600  # no copy takes an hour: an older .partial was left by a kill or a power cut


def _stale_partials(folder: Path) -> list[Path]:
    """Half-written copies (`*.partial` and their journals) a killed backup left behind: they hold
    members' data and look like nothing the user can use. Recent ones may be a copy in progress."""
    import time

    deleted = []
    for path in folder.glob("*.partial*"):
        try:
            if time.time() - path.stat().st_mtime > STALE_PARTIAL_SECONDS:
                path.unlink()
                deleted.append(path)
        except OSError:
            continue
    return deleted
