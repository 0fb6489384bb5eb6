"""Self-test steps about the program's surroundings rather than its data: the console's encoding,
where the data file goes, ReportLab's compiled accelerator, PostgreSQL's driver and the bundled resources — what a
frozen build can lose or a Windows console can break (ui/self_test.py runs them with the others)."""

from __future__ import annotations

import os
from pathlib import Path


def chinese_output() -> str:
    """Chinese reaches the console or pipe as UTF-8 whatever the system code page; the Windows
    build runs in Python's UTF-8 mode, so files opened without an encoding are UTF-8 too."""
    import sys

    encodings = {name: (getattr(stream, "encoding", "") or "").lower().replace("-", "")
                 for name, stream in (("stdout", sys.stdout), ("stderr", sys.stderr))}
    wrong = [f"{name} {encoding}" for name, encoding in encodings.items() if encoding != "utf8"]
    if getattr(sys, "frozen", False) and sys.platform == "win32" and not sys.flags.utf8_mode:
        wrong.append("UTF-8 mode off")
    if wrong:
        raise AssertionError(", ".join(wrong))
    print("　支部管家 自检：党员名册、民情台账、积分 — 䶮", flush=True)
    return f"stdout/stderr UTF-8, UTF-8 mode {'on' if sys.flags.utf8_mode else 'off'}"


def data_location(folder: Path) -> str:
    """The data file's default place: data\\ beside the program when that folder exists (portable
    mode, for a USB stick), else the user's data folder — %APPDATA%\\BranchKeeper on Windows."""
    import sys

    from ui.app import make_application
    from ui.app_paths import DB_FILE_NAME, default_db_path, user_data_dir

    make_application()  # the application's name names the data folder
    program = folder / "程序 文件夹"
    program.mkdir()
    user = default_db_path(program)
    if user != user_data_dir() / DB_FILE_NAME:
        raise AssertionError(f"without data\\: {user}")
    if sys.platform == "win32":
        appdata = Path(os.environ["APPDATA"]).resolve()
        if not user.resolve().is_relative_to(appdata) or user.parent.name != "BranchKeeper":
            raise AssertionError(f"{user} is not in %APPDATA%\\BranchKeeper ({appdata})")
    (program / "data").mkdir()
    portable = default_db_path(program)
    if portable != program / "data" / DB_FILE_NAME:
        raise AssertionError(f"portable: {portable}")
    return f"{user}; portable: {Path('data', DB_FILE_NAME)} beside the program"


def rl_accel() -> str:
    """ReportLab's C accelerator (module `_rl_accel`, from the rl_accel package) is in the bundle:
    without it ReportLab falls back to Python and a large roster takes several times longer."""
    import _rl_accel  # noqa: F401 - ImportError fails the step
    from reportlab.lib import rl_accel

    slow = sorted(rl_accel._py_funcs)
    if slow:
        raise AssertionError(f"ReportLab uses Python for {slow}")
    return f"{len(rl_accel._c_funcs)} functions from {Path(_rl_accel.__file__).name}"


def server_driver() -> str:
    """PostgreSQL's driver for a township's shared database (--db postgresql://…): psycopg with its
    compiled part and libpq, and SQLAlchemy's dialect for it. Nothing connects."""
    from sqlalchemy import create_engine

    from models.storage.server_store import engine_url, import_driver

    psycopg = import_driver()
    if psycopg.pq.__impl__ != "binary":
        raise AssertionError(f"psycopg uses its {psycopg.pq.__impl__} implementation, not the bundled binary one")
    engine = create_engine(engine_url("postgresql://selftest@127.0.0.1/branchkeeper"))
    engine.dispose()
    libpq = psycopg.pq.version()
    return f"psycopg {psycopg.__version__} ({psycopg.pq.__impl__}), libpq {libpq // 10000}.{libpq % 10000}, {engine.dialect.driver}"


def resources() -> str:
    from models.core.paths import resource_dir
    from models.reports.fonts import BUNDLED
    from ui.icons import font_files, fonts_folder

    icon_font = [fonts_folder() / name for name in font_files()]  # the toolbar's icons
    missing = [p for p in (BUNDLED.path, resource_dir() / "icons" / "app.png", *icon_font) if not p.is_file()]
    if missing:
        raise AssertionError(f"missing {missing}")
    return str(resource_dir())
