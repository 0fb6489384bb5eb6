"""Who is acting, and what they may do. Until logins exist the local user holds every permission."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from enum import StrEnum


class Permission(StrEnum):
    MEMBERS_EDIT = "members.edit"
    MEMBERS_IMPORT = "members.import"
    SETTINGS_EDIT = "settings.edit"
    AUDIT_VIEW = "audit.view"


PERMISSION_LABELS = {
    Permission.MEMBERS_EDIT: "修改党员信息",
    Permission.MEMBERS_IMPORT: "导入数据",
    Permission.SETTINGS_EDIT: "修改设置",
    Permission.AUDIT_VIEW: "查看操作记录",
}


@dataclass(frozen=True)
class Actor:
    """The person an operation is recorded against, with the permissions they hold."""

    name: str
    permissions: frozenset[Permission] = field(default_factory=lambda: frozenset(Permission))

    def may(self, permission: Permission) -> bool:
        return permission in self.permissions


def computer_user() -> str:
    """The operating system's user name (the actor until logins exist)."""
    try:
        name = getpass.getuser()
    except (OSError, KeyError, ImportError):
        name = os.environ.get("USERNAME") or os.environ.get("USER") or ""
    return (name or "本机用户")[:60]


def local_actor() -> Actor:
    """The person at this computer, holding every permission (no logins yet)."""
    return Actor(computer_user())
