"""The audit log: one row per entity an operation touched, written in the operation's transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.storage.base import Base


class AuditEntry(Base):
    """Who did what to which record, and for an update each field's old and new value.

    `changes` is JSON: {"field": [old, new]} for updates, {"field": value} for creations.
    ID numbers and phones are stored masked. Read-only in the app.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(60), index=True)
    operation: Mapped[str] = mapped_column(String(40), index=True)
    run_id: Mapped[str] = mapped_column(String(32), index=True)  # rows of one operation share it
    entity: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))  # create / update / delete
    summary: Mapped[str] = mapped_column(String(200), default="")
    changes: Mapped[str] = mapped_column(Text, default="")
