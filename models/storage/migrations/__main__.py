"""Autogenerate a migration: upgrade a scratch database to head, diff it with the entities."""

import sys
import tempfile
from pathlib import Path

from alembic import command

from models.storage.migrations import _config, upgrade
from models.storage.store import make_engine


def main() -> None:
    message = " ".join(sys.argv[1:]) or "schema change"
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(Path(folder) / "scratch.db")
        with engine.begin() as connection:
            upgrade(connection)
            command.revision(_config(connection), message=message, autogenerate=True)
        engine.dispose()


if __name__ == "__main__":
    main()
