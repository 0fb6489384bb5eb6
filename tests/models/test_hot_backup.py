"""Issue test 4: a backup taken while another thread writes continuously passes integrity_check and
is one self-contained file (it opens alone, with no -wal beside it)."""

import shutil
import sqlite3
import threading

from models.storage.backups import make_backup
from models.storage.check import find_damage
from models.storage.store import Store


def test_backups_during_continuous_writes_are_sound_and_self_contained(tmp_path):
    store = Store(tmp_path / "branch.db")
    store.close()
    writer_db = sqlite3.connect(store.path, isolation_level=None, check_same_thread=False, timeout=10)
    writer_db.execute("PRAGMA journal_mode=WAL")
    writer_db.execute("CREATE TABLE load (id INTEGER PRIMARY KEY, payload TEXT, n INTEGER)")
    writer_db.execute("CREATE INDEX ix_load_n ON load (n)")
    stop = threading.Event()
    written = [0]

    def write() -> None:
        while not stop.is_set():
            writer_db.execute("BEGIN IMMEDIATE")
            writer_db.executemany("INSERT INTO load (payload, n) VALUES (?, ?)",
                                  [("数据" * 50, written[0] + i) for i in range(50)])
            writer_db.execute("COMMIT")
            written[0] += 50

    thread = threading.Thread(target=write)
    thread.start()
    copies = []
    try:
        while len(copies) < 8:
            if written[0] > 500 * (len(copies) + 1):
                copies.append(make_backup(store.path, "定时"))
    finally:
        stop.set()
        thread.join()
        writer_db.close()
    counts = []
    for copy in copies:
        alone = tmp_path / "alone" / copy.name  # moved by itself: nothing beside it
        alone.parent.mkdir(exist_ok=True)
        shutil.copyfile(copy, alone)
        assert not list(copy.parent.glob("*-wal")) and not list(copy.parent.glob("*-shm"))
        assert find_damage(alone) is None
        connection = sqlite3.connect(f"{alone.as_uri()}?mode=ro", uri=True)
        rows, top = connection.execute("SELECT count(*), coalesce(max(n), -1) FROM load").fetchone()
        connection.close()
        assert rows % 50 == 0 and top == rows - 1  # whole transactions only
        counts.append(rows)
    assert counts == sorted(counts) and counts[-1] > counts[0]
    assert written[0] > counts[-1] or written[0] == counts[-1]
