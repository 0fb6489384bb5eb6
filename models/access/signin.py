"""Signing in, the delay after wrong passwords, the recovery code, and the audit rows of it all."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from models.core.errors import UserError
from models.storage.store import Store
from models.workspace import Actor

FREE_ATTEMPTS = 5  # wrong passwords before the delay starts


class SignInRefused(UserError):
    """Wrong name or password, an inactive account, or still waiting; `wait_seconds` until the next try."""

    def __init__(self, message: str, wait_seconds: int = 0) -> None:
        super().__init__(message)
        self.wait_seconds = wait_seconds


def wait_after(failures: int) -> int:
    """Seconds to wait after `failures` wrong passwords in a row: none for the first 5, then growing."""
    raise NotImplementedError


def sign_in(store: Store, name: str, password: str, *, now: Callable[[], datetime] = datetime.now) -> Actor:
    """The signed-in user's Actor (role_actor); records 登录 or 登录失败 in the audit log.
    Raises SignInRefused (Chinese, with the wait) otherwise."""
    raise NotImplementedError


def recover(store: Store, name: str, code: str, new_password: str,
            *, now: Callable[[], datetime] = datetime.now) -> tuple[Actor, str]:
    """A 管理员 who forgot the password: the recovery code sets a new password; returns the actor
    and a new recovery code (the old one no longer works)."""
    raise NotImplementedError


# Operations recorded from the window: lock_screen(tx) "锁定" (idle or by hand), unlock is a sign_in.
