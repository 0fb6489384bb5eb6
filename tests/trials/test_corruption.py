"""Issue test 6: 100 copies of a demo database with a few random bytes flipped (seeded; across the
file, the header and the schema page included).

For every copy: opening it in-process (probe, then Store) raises nothing but our StoreError
subclasses; `main.py check` exits 1 with a Chinese explanation and no traceback — or 0 when the flip
did not break the file, and then every table reads; the newest good backup beside it is found; and
where the window's start refuses the file, its dialog offers 恢复最近的备份, which (answered by a
timer, as a user would) puts the backup in its place.
"""

from __future__ import annotations

import random
import re
import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from models.storage.backups import STARTUP, make_backup, newest_good_backup
from models.storage.datafile import probe
from models.storage.errors import StoreError
from models.storage.store import Store
from tests.database_damage import make_demo_file
from tests.models.test_upgrade_matrix import _fingerprint, _tables
from tests.trials.processes import main_command, run

pytestmark = pytest.mark.slow

COPIES, SEED = 100, 6
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def contents(path: Path) -> dict[str, tuple[int, str]]:
    """Every table's rows (raises whatever SQLite raises while reading them)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {t: _fingerprint(connection, t, c) for t, c in _tables(connection).items()}
    finally:
        connection.close()


def flip(path: Path, rng: random.Random) -> list[int]:
    """XOR a few bytes with random non-zero values: anywhere in the file, in the 100-byte header
    for one copy in five, in the first page (the schema) for another one in five."""
    data = bytearray(path.read_bytes())
    where = [rng.randrange(len(data)) for _ in range(rng.randint(1, 4))]
    draw = rng.random()
    if draw < 0.2:
        where[0] = rng.randrange(100)
    elif draw < 0.4:
        where[0] = rng.randrange(100, 4096)
    for at in where:
        data[at] ^= rng.randint(1, 255)
    path.write_bytes(bytes(data))
    return sorted(where)


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    """A demo database (more than 127 people) with one good automatic backup beside it."""
    folder = tmp_path_factory.mktemp("corruption")
    db = make_demo_file(folder / "branchkeeper.db", people=150)
    backup = make_backup(db, STARTUP)
    for extra in (Path(f"{db}-wal"), Path(f"{db}-shm")):
        assert not extra.exists()
    return db, backup


def test_flipped_bytes_are_reported_never_a_crash_and_the_restore_is_offered(tmp_path, original, qapp, figures):
    db, backup = original
    good = contents(db)
    rng = random.Random(SEED)
    outcomes: Counter[str] = Counter()
    failures: list[str] = []
    for number in range(COPIES):
        folder = tmp_path / f"copy{number:03d}"
        shutil.copytree(db.parent, folder, ignore=shutil.ignore_patterns("logs", "*.lock"))
        copy = folder / db.name
        where = flip(copy, rng)
        problems = _examine(copy, backup, good, outcomes)
        failures += [f"copy {number} (bytes {where}): {p}" for p in problems]
        shutil.rmtree(folder)
    figures(copies=COPIES, **dict(sorted(outcomes.items())), failures=len(failures))
    assert not failures, "\n".join(failures)


def _examine(copy: Path, backup: Path, good: dict, outcomes: Counter) -> list[str]:
    problems = []
    refused: StoreError | None = None
    try:
        probe(copy)
        Store(copy, create=False).close()
    except StoreError as exc:
        refused = exc
        outcomes[f"open_refused_{type(exc).__name__}"] += 1
    except Exception as exc:  # noqa: BLE001 - the failure this trial looks for
        problems.append(f"opening raised {exc!r}")
    else:
        outcomes["open_ok"] += 1

    done = run(main_command("check", "--db", copy))
    output = done.stdout + done.stderr
    if "Traceback" in output:
        problems.append(f"check printed a traceback:\n{output[-800:]}")
    if done.returncode == 1:
        outcomes["check_exit_1"] += 1
        if not CHINESE.search(output):
            problems.append(f"check exited 1 without a Chinese explanation: {output[-300:]!r}")
    elif done.returncode == 0:
        try:
            now = contents(copy)
        except sqlite3.Error as exc:
            # e.g. a flip inside a text value that leaves invalid UTF-8: integrity_check does not look
            # at text encoding, so `check` passes a file whose rows then cannot be read.
            outcomes["check_exit_0_unreadable"] += 1
            problems.append(f"check said 完好 but reading fails: {str(exc)[:120]!r}")
        else:
            outcomes["check_exit_0_unused_space" if now == good else "check_exit_0_value_changed"] += 1
    else:
        problems.append(f"check exited {done.returncode}: {output[-300:]!r}")

    found = newest_good_backup(copy)
    if found is None or found.path.name != backup.name:
        problems.append(f"newest_good_backup found {found}")
    if refused is not None and not problems:
        problems += _restore_offered(copy, refused, good, outcomes)
    return problems


def _restore_offered(copy: Path, refused: StoreError, good: dict, outcomes: Counter) -> list[str]:
    """The window's start path on this file: the dialog explains and offers the backup; the user
    clicks 恢复最近的备份; the backup is in place afterwards."""
    from PySide6.QtCore import QTimer

    from ui.start_restore import offer_restore

    seen: list[tuple[str, list[str]]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append((box.text(), [b.text() for b in box.buttons()]))
            wanted = [b for b in box.buttons() if b.text() == "恢复最近的备份"]
            (wanted[0] if wanted else box.buttons()[0]).click()

    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(50)
    try:
        result = offer_restore(copy, refused)
    finally:
        timer.stop()
    if isinstance(result, int):
        return [f"the restore was not done (exit {result}); the dialogs said: {seen}"]
    lock, store = result
    store.close()
    lock.release()
    if not seen or "恢复最近的备份" not in seen[0][1] or "这个文件保持原样" not in seen[0][0]:
        return [f"the first dialog did not explain and offer the backup: {seen}"]
    restored = contents(copy)
    if {t: v for t, v in restored.items() if t != "audit_log"} != {t: v for t, v in good.items() if t != "audit_log"}:
        return ["after 恢复最近的备份 the data file does not hold the backup's rows"]
    outcomes["restored_from_backup"] += 1
    return []
