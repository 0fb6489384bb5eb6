"""User accounts: a name, a role, an Argon2id password hash; the first 管理员 also a recovery code."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.storage.base import Base


class AppUser(Base):
    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30), unique=True)  # what is typed at login; the audit log's actor
    role: Mapped[str] = mapped_column(String(10))  # codes.Role
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2-cffi's encoded Argon2id hash (salt inside)
    recovery_hash: Mapped[str] = mapped_column(String(200), default="")  # 管理员 only: hash of the recovery code
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_count: Mapped[int] = mapped_column(Integer, default=0)  # wrong passwords since the last good one
    failed_at: Mapped[datetime | None] = mapped_column(DateTime)  # the last wrong one (the delay counts from it)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
