"""Who is acting, and what they may do.

A database with user accounts (models.access) is worked on by the user who signed in, holding
the permissions of their role; a database without any (a new file before its first start, the
CLI on such a file, tests) by the local user of this computer, holding every permission.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from enum import StrEnum

from models.core.codes import Role


class Permission(StrEnum):
    MEMBERS_EDIT = "members.edit"  # every record: people, development, scores, grievances
    MEMBERS_IMPORT = "members.import"
    SETTINGS_EDIT = "settings.edit"
    AUDIT_VIEW = "audit.view"
    USERS_MANAGE = "users.manage"
    BACKUP_EXPORT = "backup.export"  # 备份到… (a copy that leaves the PC)
    BACKUP_RESTORE = "backup.restore"
    SIGN_IN = "sign.in"  # signing in, locking, changing one's own password: everyone


PERMISSION_LABELS = {
    Permission.MEMBERS_EDIT: "录入和修改记录",
    Permission.MEMBERS_IMPORT: "导入数据",
    Permission.SETTINGS_EDIT: "修改设置",
    Permission.AUDIT_VIEW: "查看操作记录",
    Permission.USERS_MANAGE: "管理用户",
    Permission.BACKUP_EXPORT: "备份数据",
    Permission.BACKUP_RESTORE: "从备份恢复",
    Permission.SIGN_IN: "登录",
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.CLERK: frozenset({Permission.MEMBERS_EDIT, Permission.MEMBERS_IMPORT, Permission.BACKUP_EXPORT,
                           Permission.SIGN_IN}),
    Role.VIEWER: frozenset({Permission.SIGN_IN}),
}


@dataclass(frozen=True)
class Actor:
    """The person an operation is recorded against, with the permissions they hold.
    `user_id` is their account (None for the local user of a database without accounts)."""

    name: str
    permissions: frozenset[Permission] = field(default_factory=lambda: frozenset(Permission))
    role: Role = Role.ADMIN
    user_id: int | None = None

    def may(self, permission: Permission) -> bool:
        return permission in self.permissions


def role_actor(name: str, role: Role, user_id: int | None = None) -> Actor:
    """A signed-in user: their name, role and the role's permissions."""
    return Actor(name, ROLE_PERMISSIONS[Role(role)], Role(role), user_id)


def computer_user() -> str:
    """The operating system's user name (the actor where there are no accounts)."""
    try:
        name = getpass.getuser()
    except (OSError, KeyError, ImportError):
        name = os.environ.get("USERNAME") or os.environ.get("USER") or ""
    return (name or "本机用户")[:60]


def local_actor() -> Actor:
    """The person at this computer, holding every permission (a database without accounts)."""
    return Actor(computer_user())
