"""Is this file one of ours, and can this release read it? Checked before SQLAlchemy touches it.

Opening a file through the engine switches it to WAL, and the upgrade would copy and migrate it;
so a file that is empty, another program's, damaged or written by a newer release is recognised
first, on a plain connection that never creates and never writes, and refused in Chinese with the
file left exactly as it was.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from models.storage import migrations
from models.storage.backup import connect_existing
from models.storage.check import DatabaseDamaged, damage_on
from models.storage.errors import MissingFile, NewerVersion, NotADataFile

SQLITE_HEADER = b"SQLite format 3\x00"
# Tables every release's schema has had (0001 onwards): a file without them is not ours.
OUR_TABLES = frozenset({"alembic_version", "branch", "party_group", "person"})


def _header(path: Path) -> bytes:
    with path.open("rb") as file:
        return file.read(len(SQLITE_HEADER))


def probe(path: Path, *, quick_check: bool = True) -> str:
    """The schema revision of the data file at `path`, after checking that it exists, is a
    支部管家 database of a release this one knows and (with `quick_check`) that its pages are
    sound. Raises MissingFile, NotADataFile, NewerVersion or DatabaseDamaged; writes nothing."""
    path = Path(path)
    if not path.exists():
        raise MissingFile(path)
    if not path.is_file():
        raise NotADataFile(path, "这是一个文件夹")
    if path.stat().st_size == 0:
        raise NotADataFile(path, "文件是空的，大小为 0 字节")
    if _header(path) != SQLITE_HEADER:
        raise NotADataFile(path, "文件内容不是数据库")
    try:
        connection = connect_existing(path)
    except sqlite3.DatabaseError as exc:
        raise NotADataFile(path, "文件无法作为数据库打开") from exc
    try:
        revision = _revision(connection, path)
        if quick_check and (damage := damage_on(connection, path, quick=True)) is not None:
            raise DatabaseDamaged(damage)
        return revision
    except sqlite3.DatabaseError as exc:
        raise NotADataFile(path, "文件内容不是数据库，或已严重损坏") from exc
    finally:
        connection.close()


def _revision(connection: sqlite3.Connection, path: Path) -> str:
    tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone() if OUR_TABLES <= tables else None
    if row is None:
        raise NotADataFile(path, "里面没有支部管家的数据")
    revision = str(row[0])
    if revision == migrations.HEAD or migrations.is_known(revision):
        return revision
    if re.fullmatch(r"\d{4}", revision) and revision > migrations.HEAD:
        raise NewerVersion(path, revision)
    raise NotADataFile(path, f"数据格式“{revision}”无法识别")
