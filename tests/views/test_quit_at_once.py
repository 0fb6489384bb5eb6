"""Closing the window at once, while its background check of the data file is still reading, ends
the program cleanly: a QThread destroyed while it runs used to abort it (exit code 134)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_program_quits_cleanly_while_the_background_check_runs(tmp_path):
    db = tmp_path / "demo.db"
    made = subprocess.run([sys.executable, str(ROOT / "main.py"), "demo", "--db", str(db)],
                          capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BRANCHKEEPER_EXIT_WHEN_READY": "1",
           "BRANCHKEEPER_USER": "admin", "BRANCHKEEPER_PASSWORD": "demo1234"}
    for _ in range(3):
        run = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db)], env=env,
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        assert "QThread: Destroyed" not in run.stderr
    # it signed in as the demo's admin: the audit log says so
    import sqlite3

    with sqlite3.connect(db) as connection:
        logins = connection.execute("SELECT count(*) FROM audit_log WHERE operation = 'user.sign_in' "
                                    "AND actor = 'admin'").fetchone()[0]
    assert logins == 3
