"""The two kinds of session every store hands the write path: read-only ones for looking, and one
write transaction per operation (models.workspace). A data file (models/storage/store.py) and a server
database (models/storage/server_store.py) make their session factories differently; using them is
the same."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session, sessionmaker


class SessionSource:
    """Needs `_reads` and `_writes`: sessionmakers whose transactions are read-only and writing."""

    _reads: sessionmaker
    _writes: sessionmaker

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; any attempt to write through it fails."""
        session = self._reads()
        try:
            yield session
        finally:
            session.close()  # ends the read transaction; loaded objects stay readable, detached

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One write transaction, after any other writer's: committed when the block ends, rolled
        back on any error. Only the write path (models.workspace) calls this; widgets and CLI
        commands run operations instead."""
        session = self._writes()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
