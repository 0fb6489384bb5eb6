"""Running main.py (or a bit of Python) in a child process and killing it with SIGKILL at a chosen
moment; reading a database file the way a later start would see it."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAIN = ROOT / "main.py"


def child_env(**extra: str) -> dict[str, str]:
    """The test suite's environment (BRANCHKEEPER_USER/PASSWORD among it), offscreen Qt."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    env.update(extra)
    return env


def main_command(*args: object) -> list[str]:
    return [sys.executable, str(MAIN), *map(str, args)]


def python_command(code: str, *args: object) -> list[str]:
    return [sys.executable, "-c", code, *map(str, args)]


def run(command: list[str], env: dict[str, str] | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, env=env or child_env(), capture_output=True, text=True,
                          timeout=timeout)


def timed(command: list[str], env: dict[str, str] | None = None, ready: str | None = None) -> tuple[float, str]:
    """Run to the end; seconds from the start (or from the line `ready` on stdout) to the exit, and the output."""
    process = _start(command, env)
    start = time.perf_counter()
    if ready is not None:
        _wait_for(process, ready)
        start = time.perf_counter()
    out, _ = process.communicate(timeout=600)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise AssertionError(f"{command} exited {process.returncode}:\n{out}")
    return seconds, out


def kill_after(command: list[str], delay: float, env: dict[str, str] | None = None,
               ready: str | None = None) -> bool:
    """Start `command`, SIGKILL it `delay` seconds after its start (or after it printed `ready`).
    True when it was killed, False when it had already finished (its exit code must then be 0)."""
    process = _start(command, env)
    if ready is not None:
        _wait_for(process, ready)
    deadline = time.perf_counter() + delay
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            break
        time.sleep(min(0.005, max(0.0, deadline - time.perf_counter())))
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        process.stdout.close()
        return True
    rest = process.stdout.read()
    process.stdout.close()
    if process.returncode != 0:
        raise AssertionError(f"{command} exited {process.returncode} before the kill:\n{rest}")
    return False


def _start(command: list[str], env: dict[str, str] | None) -> subprocess.Popen:
    # Its own process group, so a kill reaches anything it started too. Output through a pipe that is
    # read only at the end: the commands here print little.
    return subprocess.Popen(command, cwd=ROOT, env=env or child_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)


def _wait_for(process: subprocess.Popen, ready: str) -> None:
    while True:
        line = process.stdout.readline()
        if not line:
            raise AssertionError(f"the child ended before printing {ready!r} (exit {process.wait()})")
        if line.strip() == ready:
            return


def spread(rng: random.Random, runs: int, span: float) -> list[float]:
    """`runs` moments in [0, span), one in each of `runs` equal slices (seeded), shuffled."""
    moments = [span * (i + rng.random()) / runs for i in range(runs)]
    rng.shuffle(moments)
    return moments


def integrity(path: Path) -> list[str]:
    """integrity_check of the file as the next start sees it (a normal connection: the WAL's committed
    frames are applied, uncommitted ones dropped)."""
    connection = sqlite3.connect(path)
    try:
        return [r[0] for r in connection.execute("PRAGMA integrity_check")]
    finally:
        connection.close()


def scalar(path: Path, sql: str, *params: object) -> object:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql, params).fetchone()[0]
    finally:
        connection.close()


def backup_files(folder: Path) -> list[Path]:
    """Files in backups/ named like a finished database copy (…db), not temporary ones."""
    return sorted(p for p in folder.glob("*.db") if p.is_file()) if folder.is_dir() else []
