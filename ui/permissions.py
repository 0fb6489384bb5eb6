"""Buttons follow the role: what the signed-in user may not do is shown disabled, with a tooltip
saying why, so a 查看 user is not invited to try. The write path refuses anyway (Workspace.run
checks every operation's permission); this only keeps the screens honest.

    allow(self.add_action, runner, Permission.MEMBERS_EDIT)

A control disabled here stays disabled: code that enables it later (after a selection, say) is
undone at once, so each button needs this one call where it is made.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from models.core.codes import Role, label
from models.workspace import Actor, Permission
from ui.operations import OperationRunner

NEEDS_ADMIN = "需要管理员权限"
FORBIDDEN_PROPERTY = "forbidden_by_role"


def may(runner: OperationRunner, permission: Permission) -> bool:
    """Whether the user acting in this window holds `permission`."""
    return runner.workspace.actor.may(permission)


def denied_text(actor: Actor) -> str:
    """Why a control is disabled, in the words of the user's role."""
    if actor.role == Role.VIEWER:
        return f"当前账号（{label(Role.VIEWER)}）只能查看和打印"
    return NEEDS_ADMIN


def allow(target: QWidget | QAction, runner: OperationRunner, permission: Permission) -> bool:
    """Leave `target` alone when the user holds `permission`; otherwise disable it for good, with
    a tooltip saying why. Returns whether it is allowed."""
    actor = runner.workspace.actor
    if actor.may(permission):
        return True
    target.setProperty(FORBIDDEN_PROPERTY, True)
    target.setToolTip(denied_text(actor))
    target.setEnabled(False)
    if isinstance(target, QAction):
        target.changed.connect(lambda action=target: action.isEnabled() and action.setEnabled(False))
    else:
        target.installEventFilter(_KeepDisabled(target))
    return False


def forbidden(target: QWidget | QAction) -> bool:
    """Whether `allow` disabled `target` for the user's role."""
    return bool(target.property(FORBIDDEN_PROPERTY))


class _KeepDisabled(QObject):
    """Undoes setEnabled(True) on a widget the role may not use."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.EnabledChange and isinstance(watched, QWidget) and watched.isEnabled():
            watched.setEnabled(False)
        return False
