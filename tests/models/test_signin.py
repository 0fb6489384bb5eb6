"""Signing in (models/access/signin.py): the growing delay after 5 wrong passwords on an injected
clock, kept in the database across restarts; the recovery code; the audit rows 登录, 登录失败, 锁定."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from models.access.accounts import add_user, create_first_admin
from models.access.entities import AppUser
from models.access.signin import (
    FREE_ATTEMPTS,
    SignInRefused,
    lock_screen,
    recover,
    sign_in,
    unlock,
    wait_after,
)
from models.core.codes import Role
from models.operations import operation_title
from models.workspace import Entity, Permission, Workspace, role_actor
from models.workspace.entities import AuditEntry
from tests.conftest import reopened


class Clock:
    def __init__(self) -> None:
        self.at = datetime(2026, 11, 22, 9, 0)

    def __call__(self) -> datetime:
        return self.at

    def tick(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def code(store, workspace) -> str:
    """王书记 (管理员, secret1) and 小李 (查看, secret2); the 管理员's recovery code."""
    code = workspace.run(create_first_admin, "王书记", "secret1").value
    workspace.run(add_user, "小李", Role.VIEWER, "secret2")
    return code


def user_rows(store) -> list[tuple[str, str, str, str]]:
    with store.read() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.entity == Entity.USER,
                                                         AuditEntry.action != "create").order_by(AuditEntry.id))
        return [(r.actor, operation_title(r.operation), r.summary, r.changes) for r in rows]


def account(store, name: str) -> AppUser:
    with store.read() as session:
        return session.scalar(select(AppUser).where(AppUser.name == name))


def test_wait_grows_after_five_and_is_capped():
    assert [wait_after(n) for n in range(0, 12)] == [0, 0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900]
    assert wait_after(50) == 900


def test_sign_in_gives_the_role_and_records_it(store, code, clock):
    actor = sign_in(store, "王书记", "secret1", now=clock)
    assert (actor.name, actor.role, actor.may(Permission.USERS_MANAGE)) == ("王书记", Role.ADMIN, True)
    assert actor == role_actor("王书记", Role.ADMIN, account(store, "王书记").id)
    viewer = sign_in(store, " 小李 ", "secret2", now=clock)
    assert viewer.role == Role.VIEWER and viewer.permissions == role_actor("x", Role.VIEWER).permissions
    assert account(store, "王书记").last_login_at == clock.at
    assert [(a, t) for a, t, *_ in user_rows(store)] == [("王书记", "登录"), ("小李", "登录")]


def test_wrong_password_and_unknown_name_read_the_same_and_are_recorded(store, code, clock):
    for name, password in (("王书记", "secret2"), ("没有这人", "secret1")):
        with pytest.raises(SignInRefused) as caught:
            sign_in(store, name, password, now=clock)
        assert str(caught.value) == "用户名或密码不正确" and caught.value.wait_seconds == 0
    rows = user_rows(store)
    assert [(a, t) for a, t, *_ in rows] == [("王书记", "登录失败"), ("没有这人", "登录失败")]
    assert all("secret" not in changes for *_, changes in rows)
    assert account(store, "王书记").failed_count == 1


def test_the_delay_after_five_wrong_passwords_grows_and_survives_a_restart(store, code, clock):
    for attempt in range(1, FREE_ATTEMPTS):
        with pytest.raises(SignInRefused) as caught:
            sign_in(store, "小李", f"wrong{attempt}", now=clock)
        assert caught.value.wait_seconds == 0
        clock.tick(1)
    with pytest.raises(SignInRefused) as caught:
        sign_in(store, "小李", "wrong5", now=clock)
    assert caught.value.wait_seconds == 30 and "请在 30 秒后再试" in str(caught.value)
    # While waiting even the right password is refused, without being looked at, and nothing is recorded.
    clock.tick(10)
    rows = len(user_rows(store))
    with pytest.raises(SignInRefused, match="密码错误次数过多，请在 20 秒后再试") as caught:
        sign_in(store, "小李", "secret2", now=clock)
    assert caught.value.wait_seconds == 20 and len(user_rows(store)) == rows
    # Restarting the program does not reset it: the count and its time are in the database.
    store = reopened(store)
    try:
        with pytest.raises(SignInRefused, match="20 秒"):
            sign_in(store, "小李", "secret2", now=clock)
        clock.tick(20)
        with pytest.raises(SignInRefused) as caught:  # the 6th wrong one: 60 s
            sign_in(store, "小李", "wrong6", now=clock)
        assert caught.value.wait_seconds == 60
        clock.tick(59)
        with pytest.raises(SignInRefused, match="1 秒"):
            sign_in(store, "小李", "secret2", now=clock)
        clock.tick(1)
        assert sign_in(store, "小李", "secret2", now=clock).name == "小李"  # the right one after the wait
        assert account(store, "小李").failed_count == 0
        with pytest.raises(SignInRefused) as caught:  # and the count starts again from nothing
            sign_in(store, "小李", "wrong7", now=clock)
        assert caught.value.wait_seconds == 0
        assert sign_in(store, "王书记", "secret1", now=clock).name == "王书记"  # other accounts never waited
        failed = [changes for _a, title, _s, changes in user_rows(store) if title == "登录失败"]
        assert len(failed) == 7 and '"wait_seconds": 30' in failed[4] and '"wait_seconds": 60' in failed[5]
    finally:
        store.close()


def test_an_inactive_account_is_told_so_only_with_its_password(store, code, clock, workspace):
    from models.access.accounts import set_active

    workspace.run(set_active, account(store, "小李").id, False)
    with pytest.raises(SignInRefused, match="用户名或密码不正确"):
        sign_in(store, "小李", "wrong!", now=clock)
    with pytest.raises(SignInRefused, match="这个账号已停用，请找管理员"):
        sign_in(store, "小李", "secret2", now=clock)


def test_recovery_code_sets_a_new_password_and_is_replaced(store, code, clock):
    with pytest.raises(SignInRefused, match="恢复码不正确"):
        recover(store, "王书记", "AAAA-BBBB-CCCC-DDDD", "newpass1", now=clock)
    with pytest.raises(SignInRefused):
        recover(store, "小李", code, "newpass1", now=clock)  # only the 管理员 who has the code
    actor, fresh = recover(store, "王书记", code.lower().replace("-", ""), "newpass1", now=clock)
    assert actor.role == Role.ADMIN and fresh != code
    assert sign_in(store, "王书记", "newpass1", now=clock).name == "王书记"
    with pytest.raises(SignInRefused):
        recover(store, "王书记", code, "another1", now=clock)  # the old code no longer works
    assert all("newpass1" not in changes and code not in changes for *_, changes in user_rows(store))


def test_lock_and_unlock_are_recorded(store, code, clock):
    actor = sign_in(store, "小李", "secret2", now=clock)
    Workspace(store, actor, now=clock).run(lock_screen, "idle")
    with pytest.raises(SignInRefused):
        unlock(store, actor, "小李", "wrong!", now=clock)
    assert unlock(store, actor, "小李", "secret2", now=clock) == actor
    assert unlock(store, actor, "王书记", "secret1", now=clock).role == Role.ADMIN  # another 管理员 may unlock
    rows = user_rows(store)
    assert [(a, t) for a, t, *_ in rows] == [("小李", "登录"), ("小李", "锁定屏幕"), ("小李", "登录失败"),
                                            ("小李", "登录"), ("王书记", "登录")]
    assert "闲置自动锁定" in rows[1][3]


def test_the_last_two_free_tries_warn_that_a_wait_is_coming(store, code, clock):
    said = []
    for _ in range(FREE_ATTEMPTS):
        with pytest.raises(SignInRefused) as caught:
            sign_in(store, "王书记", "not-it", now=clock)
        said.append(str(caught.value))
    assert said[:2] == ["用户名或密码不正确"] * 2
    assert said[2].endswith("再输错 2 次，就要等一段时间才能再试")
    assert said[3].endswith("再输错 1 次，就要等一段时间才能再试")
    assert "秒后再试" in said[4]
