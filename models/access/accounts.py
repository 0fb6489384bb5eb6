"""User accounts: the first 管理员 with a recovery code, adding users, roles, passwords (audited ops)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from models.core.codes import Role

MIN_PASSWORD = 6
DEMO_USER, DEMO_PASSWORD = "admin", "demo1234"


@dataclass(frozen=True)
class UserInfo:
    id: int
    name: str
    role: Role
    active: bool
    last_login_at: datetime | None


def has_users(session: Session) -> bool:
    """Whether accounts exist (none: the database is worked on by the local user with every permission)."""
    raise NotImplementedError


def list_users(session: Session) -> list[UserInfo]:
    raise NotImplementedError


def is_demo(session: Session) -> bool:
    """A database made by `demo` (its login screen shows the demo account)."""
    raise NotImplementedError

# Operations (models.workspace.operation), each audited with Entity.USER:
#   create_first_admin(tx, name, password) -> str           SIGN_IN; refused once any user exists; returns the
#                                                           one-time recovery code (shown once, only its hash kept)
#   add_user(tx, name, role, password) -> int               USERS_MANAGE
#   change_role(tx, user_id, role) / set_active(tx, user_id, active) / reset_password(tx, user_id, password)
#                                                           USERS_MANAGE; never leaves no active 管理员
#   change_own_password(tx, old, new)                       SIGN_IN (tx.actor.user_id)
