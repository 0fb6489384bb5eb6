"""Bulk inserts for the township demo (models/demo/township.py): rows as tuples, written with the
driver's executemany in the running operation's transaction, on SQLite and on PostgreSQL alike.

The ORM's per-row bookkeeping costs more than the insert itself at a million rows; this writes
plain tuples instead. Ids are given here (the next after the table's largest), so related rows can
point at them before they are written; on PostgreSQL the id sequences are moved past them at the end.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Table, func, select, text

from models.workspace import Tx
from models.workspace.entities import AuditEntry

BATCH = 20_000
CACHE_KIB = 256 * 1024  # SQLite's page cache while writing: the indexes of a million rows stay in memory
_encode = json.JSONEncoder(ensure_ascii=False, default=str).encode  # one encoder, not one per row


class BulkWriter:
    """Buffered inserts into a few tables, and the audit rows that go with them."""

    def __init__(self, tx: Tx) -> None:
        self.tx = tx
        self.connection = tx.session.connection()
        self.sqlite = self.connection.dialect.name == "sqlite"
        self._mark = "?" if self.connection.dialect.paramstyle == "qmark" else "%s"
        self._buffers: dict[str, tuple[str, list[tuple]]] = {}
        self._next: dict[str, int] = {}
        self.at = self.stamp(tx.now)
        self.written: dict[str, int] = {}
        if self.sqlite:
            self._cache = self.connection.exec_driver_sql("PRAGMA cache_size").scalar()
            self.connection.exec_driver_sql(f"PRAGMA cache_size = -{CACHE_KIB}")

    # Values as each driver takes them: SQLite stores dates and times as SQLAlchemy's ISO text.
    def day(self, value: date | None) -> date | str | None:
        if value is None or not self.sqlite:
            return value
        return value.isoformat()

    def stamp(self, value: datetime | None) -> datetime | str | None:
        if value is None or not self.sqlite:
            return value
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")

    def next_id(self, table: Table) -> int:
        """An id for a new row of `table` (ids count on from the table's largest)."""
        name = table.name
        if name not in self._next:
            self._next[name] = self.connection.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
        self._next[name] += 1
        return self._next[name]

    def skip_ids(self, table: Table, last: int) -> None:
        """Ids up to `last` were given by the caller (next_id counts on from there)."""
        self._next[table.name] = max(self._next.get(table.name, 0), last)

    def add(self, table: Table, columns: Sequence[str], row: tuple) -> None:
        """Queue one row (values in the order of `columns`); written in batches."""
        buffer = self._buffers.get(table.name)
        if buffer is None:
            quoted = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join([self._mark] * len(columns))
            buffer = self._buffers[table.name] = (f'INSERT INTO "{table.name}" ({quoted}) VALUES ({marks})', [])
        buffer[1].append(row)
        if len(buffer[1]) >= BATCH:
            self.flush()  # every table, parents first: a child row may point at a row still queued

    def extend(self, table: Table, columns: Sequence[str], rows: list[tuple]) -> None:
        """Queue many rows at once (the generator's inner loops collect them in plain lists)."""
        for row in rows:
            self.add(table, columns, row)

    def audit_row(self, entity: str, entity_id: int | None, summary: str, changes: str) -> tuple:
        """An audit row saying this record was created (`changes`: its JSON, as the write path words it)."""
        return (self.at, self.tx.actor.name, self.tx.operation, self.tx.run_id, entity, entity_id, "create",
                summary[:200], changes)

    def audit(self, entity: str, entity_id: int | None, summary: str, values: dict[str, object]) -> None:
        """Queue an audit row for a created record."""
        self.add(AuditEntry.__table__, AUDIT_COLUMNS,
                 self.audit_row(entity, entity_id, summary, _encode(values) if values else ""))

    def flush(self) -> None:
        """Write everything queued (in the order the tables were first used: parents first)."""
        for name in list(self._buffers):
            self._write(name)

    def finish(self) -> None:
        """Write what is left and, on PostgreSQL, move each id sequence past the ids given here."""
        self.flush()
        if self.sqlite:
            self.connection.exec_driver_sql(f"PRAGMA cache_size = {self._cache}")
            return
        for name in self._next:
            self.connection.execute(text(
                f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), (SELECT MAX(id) FROM \"{name}\"))"))

    def _write(self, name: str) -> None:
        sql, rows = self._buffers[name]
        if rows:
            self.connection.exec_driver_sql(sql, rows)
            self.written[name] = self.written.get(name, 0) + len(rows)
            rows.clear()
            self.tx.check_cancel()


AUDIT_COLUMNS = ("at", "actor", "operation", "run_id", "entity", "entity_id", "action", "summary", "changes")
