"""Accounts (models/access/accounts.py): the first 管理员, adding users, roles, passwords — each an
audited operation, refused in Chinese with the field named and nothing changed."""

from datetime import datetime

import pytest
from sqlalchemy import func, select

from models.access import passwords
from models.access.accounts import (
    add_user,
    change_own_password,
    change_role,
    create_first_admin,
    find_user,
    has_users,
    is_demo,
    list_users,
    reset_password,
    set_active,
)
from models.access.entities import AppUser
from models.core.codes import Role
from models.core.errors import PermissionDenied, UserError, ValidationError
from models.workspace import Entity, Workspace, role_actor
from models.workspace.entities import AuditEntry
from tests.conftest import TODAY

NOW = datetime(2026, 11, 22, 9, 30)


def as_user(store, name: str) -> Workspace:
    with store.read() as session:
        user = find_user(session, name)
    return Workspace(store, role_actor(user.name, user.role, user.id), today=lambda: TODAY, now=lambda: NOW)


def audit_count(store) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry))


@pytest.fixture
def admin(store, workspace) -> Workspace:
    """A database whose first 管理员 is 王书记 (password secret1), acting as them."""
    workspace.run(create_first_admin, "王书记", "secret1")
    return as_user(store, "王书记")


def test_recovery_codes_are_unambiguous_and_typed_loosely():
    code = passwords.new_recovery_code()
    groups = code.split("-")
    assert len(groups) == 4 and all(len(g) == 4 for g in groups)
    assert not set(code.replace("-", "")) & set("0O1IL")
    stored = passwords.hash_recovery_code(code)
    assert code not in stored and stored.startswith("$argon2id$")
    assert passwords.verify_recovery_code(stored, code.lower().replace("-", " "))
    assert not passwords.verify_recovery_code(stored, "AAAA-BBBB-CCCC-DDDD")


def test_password_hashes_are_argon2id_with_their_own_salt():
    first, second = passwords.hash_password("secret1"), passwords.hash_password("secret1")
    assert first.startswith("$argon2id$") and first != second  # a random salt inside each
    assert passwords.verify_password(first, "secret1") and not passwords.verify_password(first, "secret2")
    assert not passwords.verify_password("", "secret1") and not passwords.verify_password("garbage", "x")
    assert not passwords.needs_rehash(first)


def test_first_admin_gets_a_recovery_code_and_only_once(store, workspace):
    with store.read() as session:
        assert not has_users(session) and not is_demo(session)
    code = workspace.run(create_first_admin, " 王书记 ", "secret1").value
    with store.read() as session:
        assert [(u.name, u.role, u.active) for u in list_users(session)] == [("王书记", Role.ADMIN, True)]
        user = session.scalar(select(AppUser))
        assert passwords.verify_recovery_code(user.recovery_hash, code)
        assert passwords.verify_password(user.password_hash, "secret1")
        row = session.scalar(select(AuditEntry).where(AuditEntry.entity == Entity.USER))
    assert row.operation == "user.first_admin" and row.summary == "王书记"
    assert "secret1" not in row.changes and "argon2" not in row.changes and code not in row.changes
    before = audit_count(store)
    with pytest.raises(UserError, match="已经有用户账号"):
        workspace.run(create_first_admin, "李四", "secret2")
    assert audit_count(store) == before


def test_first_admin_password_and_name_are_checked(store, workspace):
    with pytest.raises(ValidationError) as caught:
        workspace.run(create_first_admin, "  ", "12345")
    assert set(caught.value.errors) == {"name", "password"}
    assert "至少6个字符" in caught.value.errors["password"] and "用户名" in str(caught.value)
    with store.read() as session:
        assert not has_users(session)


def test_admin_adds_users_with_unique_names(store, admin):
    clerk = admin.run(add_user, "luru", Role.CLERK, "secret2").value
    with store.read() as session:
        assert find_user(session, "LURU").id == clerk  # names are found case-insensitively
    before = audit_count(store)
    for name, field_text in (("LuRu", "已经有名为"), ("x" * 31, "最多30个字"), ("", "请填写用户名"),
                             ("a\tb", "控制字符")):
        with pytest.raises(ValidationError) as caught:
            admin.run(add_user, name, Role.VIEWER, "secret3")
        assert field_text in caught.value.errors["name"]
    with pytest.raises(ValidationError) as caught:
        admin.run(add_user, "chakan", "boss", "123")
    assert set(caught.value.errors) == {"role", "password"}
    assert audit_count(store) == before
    with store.read() as session:
        assert [u.name for u in list_users(session)] == ["luru", "王书记"]


def test_there_is_always_an_active_admin(store, admin):
    with store.read() as session:
        me = find_user(session, "王书记").id
    with pytest.raises(ValidationError, match="“王书记”是唯一启用的管理员") as caught:
        admin.run(set_active, me, False)
    assert "active" in caught.value.errors
    with pytest.raises(ValidationError, match="唯一启用的管理员"):
        admin.run(change_role, me, Role.CLERK)
    second = admin.run(add_user, "张委员", Role.ADMIN, "secret2").value
    # two admins: still nobody takes their own rights away
    with pytest.raises(ValidationError, match="不能停用自己的账号"):
        admin.run(set_active, me, False)
    with pytest.raises(ValidationError, match="不能取消自己账号的管理员角色"):
        admin.run(change_role, me, Role.CLERK)
    other = as_user(store, "张委员")
    other.run(change_role, me, Role.CLERK)  # two admins: one may be demoted by the other
    with store.read() as session:
        assert find_user(session, "王书记").role == Role.CLERK
    # 张委员 is now the only active 管理员: nobody may take that away (not even through another 管理员 account
    # that was later deactivated, and not by deactivating)
    third = other.run(add_user, "赵", Role.ADMIN, "secret3").value
    other.run(set_active, third, False)
    zhao = Workspace(store, role_actor("赵", Role.ADMIN, third), today=lambda: TODAY, now=lambda: NOW)
    with pytest.raises(ValidationError, match="唯一启用的管理员"):
        zhao.run(set_active, second, False)
    with pytest.raises(ValidationError, match="唯一启用的管理员"):
        zhao.run(change_role, second, Role.VIEWER)
    with store.read() as session:
        assert find_user(session, "张委员").active and find_user(session, "张委员").role == Role.ADMIN


def test_role_and_active_changes_are_audited_without_secrets(store, admin):
    user = admin.run(add_user, "luru", Role.CLERK, "secret2").value
    admin.run(change_role, user, Role.VIEWER)
    admin.run(set_active, user, False)
    admin.run(reset_password, user, "newpass1")
    with store.read() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.entity == Entity.USER, AuditEntry.entity_id == user)
                               .order_by(AuditEntry.id)).all()
        stored = session.get(AppUser, user)
        assert passwords.verify_password(stored.password_hash, "newpass1") and not stored.active
    assert [r.operation for r in rows] == ["user.add", "user.role", "user.active", "user.reset_password"]
    assert all("secret2" not in r.changes and "newpass1" not in r.changes and "argon2" not in r.changes for r in rows)


def test_clerk_and_viewer_cannot_manage_users(store, admin):
    admin.run(add_user, "luru", Role.CLERK, "secret2")
    clerk = as_user(store, "luru")
    with pytest.raises(PermissionDenied, match="管理用户"):
        clerk.run(add_user, "x", Role.ADMIN, "secret3")
    with store.read() as session:
        assert len(list_users(session)) == 2


def test_own_password_needs_the_old_one(store, admin):
    admin.run(add_user, "chakan", Role.VIEWER, "secret2")
    viewer = as_user(store, "chakan")
    with pytest.raises(ValidationError) as caught:
        viewer.run(change_own_password, "wrong!", "12")
    assert caught.value.errors == {"old_password": "原密码不正确", "new_password": "密码至少6个字符，现在是2个"}
    viewer.run(change_own_password, "secret2", "better22")
    with store.read() as session:
        user = session.scalar(select(AppUser).where(AppUser.name == "chakan"))
        assert passwords.verify_password(user.password_hash, "better22")
