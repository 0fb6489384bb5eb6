"""Issue test 2, second half: `main.py restore BACKUP --db DB` killed at random moments, 20 times.

Afterwards the data file must be, whole, either the database it was (its rows; only sign-in rows may
have been added to its audit log and accounts) or the backup's (its rows, plus at most the audit row
从备份恢复), integrity ok — never a mix; the copies in backups/ must be sound; and whatever the kill
left behind must not stop the same restore, run again, from finishing.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from models.storage.backups import export_backup
from tests.database_damage import make_demo_file
from tests.models.test_upgrade_matrix import _fingerprint, _tables
from tests.trials.processes import backup_files, integrity, kill_after, main_command, run, spread, timed

pytestmark = pytest.mark.slow

RUNS, SEED = 20, 2
VOLATILE = {"audit_log", "app_user"}  # signing in adds rows / counters here; compared separately
KNOWN = {"branchkeeper.db", "branchkeeper.db-wal", "branchkeeper.db-shm", "branchkeeper.db.lock", "backups", "logs"}


def state(path: Path, audit_upto: int | None = None) -> tuple:
    """What makes a database this one: every table but the volatile ones, the user names, and the
    audit rows up to `audit_upto` (all when None)."""
    connection = sqlite3.connect(path)
    try:
        tables = {t: c for t, c in _tables(connection).items() if t not in VOLATILE}
        prints = tuple(sorted((t, _fingerprint(connection, t, c)) for t, c in tables.items()))
        users = tuple(r[0] for r in connection.execute("SELECT name FROM app_user ORDER BY name"))
        limit = audit_upto if audit_upto is not None else connection.execute(
            "SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]
        audit = connection.execute("SELECT count(*), coalesce(sum(length(changes)), 0) FROM audit_log "
                                   "WHERE id <= ?", (limit,)).fetchone()
        return prints, users, audit
    finally:
        connection.close()


def max_audit(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]
    finally:
        connection.close()


@pytest.fixture(scope="module")
def databases(tmp_path_factory):
    folder = tmp_path_factory.mktemp("restore")
    (folder / "current").mkdir()
    current = make_demo_file(folder / "current" / "branchkeeper.db", people=600)
    other = make_demo_file(folder / "other.db", people=900)
    backup = export_backup(other, folder / "红旗村-备份.db")
    return current, backup


def test_a_restore_killed_at_random_moments_leaves_the_old_or_the_new_database(tmp_path, databases, figures):
    current, backup = databases
    old_audit, new_audit = max_audit(current), max_audit(backup)
    old, new = state(current), state(backup)
    assert old != new

    reference = tmp_path / "reference" / "branchkeeper.db"
    reference.parent.mkdir()
    shutil.copy(current, reference)
    seconds, output = timed(main_command("restore", backup, "--db", reference))
    assert state(reference, new_audit) == new, output

    outcomes: Counter[str] = Counter()
    failures: list[str] = []
    stray_names: set[str] = set()
    for run_number, delay in enumerate(spread(random.Random(SEED), RUNS, seconds * 1.6)):
        db = tmp_path / f"run{run_number:02d}" / "branchkeeper.db"
        db.parent.mkdir()
        shutil.copy(current, db)
        killed = kill_after(main_command("restore", backup, "--db", db), delay)
        problems = []
        check = integrity(db)
        if check != ["ok"]:
            problems.append(f"integrity_check: {check[:3]}")
        elif state(db, old_audit) == old and max_audit(db) - old_audit <= 2:
            outcomes["old"] += 1
        elif state(db, new_audit) == new and max_audit(db) - new_audit <= 1:
            outcomes["new" if killed else "finished_before_kill"] += 1
        else:
            problems.append("the data file is neither the old database nor the backup")
        for copy in backup_files(db.parent / "backups"):
            outcomes["backups_found"] += 1
            if integrity(copy) != ["ok"]:
                problems.append(f"{copy.name} looks like a backup but fails integrity_check")
        stray = sorted(p.name for p in db.parent.iterdir() if p.name not in KNOWN)
        leftovers = sorted(p.name for p in (db.parent / "backups").glob("*")
                           if not p.name.endswith(".db")) if (db.parent / "backups").is_dir() else []
        outcomes["stray_files"] += len(stray) + len(leftovers)
        stray_names.update(stray + leftovers)
        again = run(main_command("restore", backup, "--db", db))
        if again.returncode != 0 or state(db, new_audit) != new:
            problems.append(f"the restore run again did not finish: {again.returncode} {again.stderr.strip()}")
        failures += [f"run {run_number} (kill at {delay:.2f} s): {p}" for p in problems]
        shutil.rmtree(db.parent)
    figures(runs=RUNS, restore_seconds=round(seconds, 2), **dict(sorted(outcomes.items())), failures=len(failures),
            stray_names="/".join(sorted(stray_names)) or "none")
    assert not failures, "\n".join(failures)
