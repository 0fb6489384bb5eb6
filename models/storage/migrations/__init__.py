"""Alembic migrations, run programmatically at start-up (no alembic.ini needed).

New revision after changing an entities module (models/<package>/entities.py):
    uv run python -m models.storage.migrations "what changed"
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, inspect, text

SCRIPT_LOCATION = Path(__file__).resolve().parent
# The newest revision, known without loading Alembic so an up-to-date database opens fast.
# tests/models/test_store.py checks it against the scripts in versions/.
HEAD = "0008"


def _config(connection: Connection | None = None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision according to the scripts themselves (loads Alembic)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head() or ""


def is_known(revision: str) -> bool:
    """Whether `revision` is one of our scripts (loads Alembic; only asked when it is not HEAD).
    A database at an unknown revision was written by a newer release and must not be touched."""
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    try:
        return ScriptDirectory.from_config(_config()).get_revision(revision) is not None
    except CommandError:
        return False


def current_revision(connection: Connection) -> str | None:
    """The schema revision of the database on `connection`; None for an empty file."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Upgrade the database on `connection` (inside the caller's transaction) to `revision`."""
    from alembic import command

    command.upgrade(_config(connection), revision)
