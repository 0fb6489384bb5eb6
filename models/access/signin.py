"""Signing in, the delay after wrong passwords, the recovery code, and the audit rows of it all.

After FREE_ATTEMPTS wrong passwords in a row for one account, each further try must wait
`wait_after(n)` seconds from the last wrong one (30 s, 60 s, 120 s … at most 15 minutes); the
count and its time are kept on the account, so restarting the program does not reset them. While
waiting, a try is refused without looking at the password. A good password resets the count.

Every outcome goes through the write path, so the audit log records it: 登录 (user.sign_in),
登录失败 (user.sign_in_failed, recorded against the name typed, never the password), 锁定
(user.lock, the screen locked by hand or after idle time). All time comes from the injected
`now`, so tests control the clock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from models.access.accounts import MAX_NAME, check_password, find_account, set_password_in
from models.access.entities import AppUser
from models.access.passwords import (
    hash_password,
    hash_recovery_code,
    needs_rehash,
    new_recovery_code,
    verify_password,
    verify_recovery_code,
)
from models.core.codes import Role
from models.core.errors import UserError, ValidationError
from models.storage.store import Store
from models.workspace import Actor, Entity, Permission, Tx, Workspace, operation, role_actor

FREE_ATTEMPTS = 5  # wrong passwords before the delay starts
FIRST_WAIT, MAX_WAIT = 30, 15 * 60  # seconds

WRONG = "用户名或密码不正确"
INACTIVE = "这个账号已停用，请找管理员"
LOCK_REASONS = {"idle": "闲置自动锁定", "manual": "手动锁定"}


class SignInRefused(UserError):
    """Wrong name or password, an inactive account, or still waiting; `wait_seconds` until the next try."""

    def __init__(self, message: str, wait_seconds: int = 0) -> None:
        super().__init__(message)
        self.wait_seconds = wait_seconds


def wait_after(failures: int) -> int:
    """Seconds to wait after `failures` wrong passwords in a row: none for the first 5, then growing."""
    if failures < FREE_ATTEMPTS:
        return 0
    return min(FIRST_WAIT * 2 ** min(failures - FREE_ATTEMPTS, 10), MAX_WAIT)


def seconds_left(failed_count: int, failed_at: datetime | None, now: datetime) -> int:
    """Seconds still to wait before this account may try again (0: it may)."""
    wait = wait_after(failed_count)
    if not wait or failed_at is None:
        return 0
    left = wait - (now - failed_at).total_seconds()
    return max(0, int(left + 0.999))  # round up: "in 0 seconds" while still refused would mislead


def waiting_message(seconds: int) -> str:
    return f"密码错误次数过多，请在 {seconds} 秒后再试"


class _Refused(Exception):
    """Inside an operation: the check failed; nothing of that operation is kept."""

    def __init__(self, reason: str, message: str = WRONG, wait: int = 0) -> None:
        super().__init__(reason)
        self.reason, self.message, self.wait = reason, message, wait


@dataclass(frozen=True)
class _Failure:
    failed_count: int
    wait_seconds: int


def _typed(name: str) -> str:
    return " ".join(name.split())[:60] or "（未填写用户名）"


def _check_waiting(user: AppUser, now: datetime) -> None:
    left = seconds_left(user.failed_count or 0, user.failed_at, now)
    if left:
        raise _Refused("waiting", waiting_message(left), left)


@operation("user.sign_in", Permission.SIGN_IN, "登录")
def _signed_in(tx: Tx, name: str, password: str) -> tuple[int, str, str]:
    """Check the password (the name already resolved) and record 登录; (id, name, role)."""
    user = find_account(tx.session, name)
    if user is None:
        raise _Refused("没有这个用户名")
    _check_waiting(user, tx.now)
    if not verify_password(user.password_hash, password):
        raise _Refused("密码不正确")
    if not user.active:
        raise _Refused("账号已停用", INACTIVE)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_count, user.failed_at, user.last_login_at = 0, None, tx.now
    tx.record(Entity.USER, user.id, "sign_in", user.name)
    return user.id, user.name, user.role


@operation("user.sign_in_failed", Permission.SIGN_IN, "登录失败")
def _sign_in_failed(tx: Tx, name: str, reason: str, counts: bool = True) -> _Failure:
    """Record a refused sign-in against the name typed; a wrong password counts towards the delay."""
    user = find_account(tx.session, name)
    details: dict[str, object] = {"reason": reason}
    failure = _Failure(0, 0)
    if user is not None and counts:
        user.failed_count = (user.failed_count or 0) + 1
        user.failed_at = tx.now
        failure = _Failure(user.failed_count, wait_after(user.failed_count))
        details["failed_count"] = failure.failed_count
        if failure.wait_seconds:
            details["wait_seconds"] = failure.wait_seconds
    tx.record(Entity.USER, None if user is None else user.id, "sign_in_failed", _typed(name)[:MAX_NAME], details)
    return failure


@operation("user.lock", Permission.SIGN_IN, "锁定屏幕")
def lock_screen(tx: Tx, how: str = "idle") -> None:
    """Record that the window was locked ("idle": after the idle time; "manual": by hand)."""
    tx.record(Entity.USER, tx.actor.user_id, "lock", tx.actor.name, {"how": LOCK_REASONS.get(how, how)})


@operation("user.recover", Permission.SIGN_IN, "用恢复码重设密码")
def _recovered(tx: Tx, name: str, code: str, new_password: str) -> tuple[int, str, str, str]:
    """A 管理员's recovery code sets a new password and is replaced by a new code."""
    errors: dict[str, str] = {}
    check_password(new_password, errors, field="new_password")
    if errors:
        raise ValidationError(errors, {"new_password": "新密码"})
    user = find_account(tx.session, name)
    if user is None or not user.recovery_hash:
        raise _Refused("没有这个管理员的恢复码", "用户名或恢复码不正确")
    _check_waiting(user, tx.now)
    if not verify_recovery_code(user.recovery_hash, code):
        raise _Refused("恢复码不正确", "用户名或恢复码不正确")
    if not user.active or user.role != Role.ADMIN:
        raise _Refused("账号已停用", INACTIVE)
    fresh = new_recovery_code()
    user.recovery_hash = hash_recovery_code(fresh)
    set_password_in(tx, user, new_password, "恢复码")
    user.last_login_at = tx.now
    tx.record(Entity.USER, user.id, "sign_in", user.name, {"how": "恢复码"})
    return user.id, user.name, user.role, fresh


@cache
def _dummy_hash() -> str:
    return hash_password("not a password of anyone")


def _canonical(store: Store, name: str) -> tuple[str, bool]:
    """The account's own spelling of the name typed, and whether it exists."""
    with store.read() as session:
        user = find_account(session, name)
        return (user.name, True) if user is not None else (_typed(name), False)


def _workspace(store: Store, name: str, now: Callable[[], datetime]) -> Workspace:
    actor = Actor(name, frozenset({Permission.SIGN_IN}), Role.VIEWER)
    return Workspace(store, actor, today=lambda: now().date(), now=now)


def _refuse(store: Store, name: str, refused: _Refused, now: Callable[[], datetime]) -> SignInRefused:
    """Record the refusal (except a try while waiting, which changes nothing) and say why."""
    if refused.reason == "waiting":
        return SignInRefused(refused.message, refused.wait)
    counts = refused.reason != "账号已停用"
    failure = _workspace(store, name, now).run(_sign_in_failed, name, refused.reason, counts).value
    message = refused.message
    if failure.wait_seconds:
        message = f"{message}。{waiting_message(failure.wait_seconds)}"
    elif FREE_ATTEMPTS - 2 <= failure.failed_count < FREE_ATTEMPTS:  # warned before the wait comes
        message = f"{message}。再输错 {FREE_ATTEMPTS - failure.failed_count} 次，就要等一段时间才能再试"
    return SignInRefused(message, failure.wait_seconds)


def sign_in(store: Store, name: str, password: str, *, now: Callable[[], datetime] = datetime.now,
            record: bool = True) -> Actor:
    """The signed-in user's Actor (role_actor); records 登录 or 登录失败 in the audit log.
    Raises SignInRefused (Chinese, with the wait) otherwise.

    `record=False` is for commands that only read (reports, exports, check): a right password with no
    wrong ones pending writes nothing, so reading never changes the file; anything else — a wrong
    password, a pending delay to clear — is recorded as always."""
    canonical, known = _canonical(store, name)
    if not known:
        verify_password(_dummy_hash(), password)  # the same time as a wrong password: no hint that the name is free
        raise _refuse(store, canonical, _Refused("没有这个用户名"), now)
    if not record and (quiet := _checked_quietly(store, canonical, password)) is not None:
        return quiet
    try:
        user_id, user_name, role = _workspace(store, canonical, now).run(_signed_in, canonical, password).value
    except _Refused as refused:
        raise _refuse(store, canonical, refused, now) from None
    return role_actor(user_name, Role(role), user_id)


def _checked_quietly(store: Store, name: str, password: str) -> Actor | None:
    """The account's actor when `password` is right, it is active and no wrong passwords are pending;
    None otherwise (the caller then signs in the recorded way)."""
    with store.read() as session:
        user = find_account(session, name)
        if user is None or not user.active or user.failed_count:
            return None
        if not verify_password(user.password_hash, password):
            return None
        return role_actor(user.name, Role(user.role), user.id)


def recover(store: Store, name: str, code: str, new_password: str,
            *, now: Callable[[], datetime] = datetime.now) -> tuple[Actor, str]:
    """A 管理员 who forgot the password: the recovery code sets a new password; returns the actor
    and a new recovery code (the old one no longer works)."""
    canonical, _known = _canonical(store, name)
    try:
        user_id, user_name, role, fresh = _workspace(store, canonical, now).run(
            _recovered, canonical, code, new_password).value
    except _Refused as refused:
        raise _refuse(store, canonical, refused, now) from None
    return role_actor(user_name, Role(role), user_id), fresh


def unlock(store: Store, actor: Actor, name: str, password: str,
           *, now: Callable[[], datetime] = datetime.now) -> Actor:
    """Unlock a locked window: the signed-in user again, or another active 管理员 (who then acts)."""
    signed = sign_in(store, name, password, now=now)
    if signed.user_id != actor.user_id and signed.role != Role.ADMIN:
        raise SignInRefused(f"只有“{actor.name}”本人或管理员可以解锁")
    return signed
