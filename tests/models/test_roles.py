"""Roles (issue 14, test 8): for every operation there is, each role without its permission is
refused in models/ — PermissionDenied, a Chinese message — and the database is left exactly as it
was, audit log included. The write path's check, not a hidden button, is what enforces the role."""

import hashlib
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

import models.access.signin  # noqa: F401 - its operations (登录, 锁定屏幕 …) join the registry
import models.operations  # noqa: F401 - every module that declares operations
from models.access.accounts import find_user
from models.core.codes import Role
from models.core.errors import PermissionDenied
from models.demo import fill_demo
from models.storage.store import Store
from models.workspace import Permission, Workspace, role_actor
from models.workspace.actor import ROLE_PERMISSIONS
from models.workspace.operations import REGISTRY
from tests.conftest import TEST_ACTOR, TODAY

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    """One demo database for the module (its accounts: admin, luru 录入员, chakan 查看)."""
    store = Store(tmp_path_factory.mktemp("roles") / "demo.db")
    Workspace(store, TEST_ACTOR, today=lambda: TODAY).run(fill_demo, 20)
    yield store
    store.close()


def fingerprint(store: Store) -> tuple[str, dict[str, int]]:
    """The bytes of the data file and its WAL, and each table's row count (audit_log included)."""
    digest = hashlib.sha256()
    for path in (Path(store.path), Path(f"{store.path}-wal")):
        digest.update(path.read_bytes() if path.exists() else b"")
    with store.read() as session:
        tables = session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'table'")).all()
        counts = {name: session.scalar(select(func.count()).select_from(text(f'"{name}"'))) for name in tables}
    return digest.hexdigest(), counts


def forbidden() -> list[tuple[Role, str]]:
    return [(role, name) for role in Role for name, op in sorted(REGISTRY.items())
            if op.permission not in ROLE_PERMISSIONS[role]]


def test_the_roles_are_as_the_issue_says():
    assert ROLE_PERMISSIONS[Role.ADMIN] == frozenset(Permission)
    assert ROLE_PERMISSIONS[Role.CLERK] == {Permission.MEMBERS_EDIT, Permission.MEMBERS_IMPORT,
                                            Permission.BACKUP_EXPORT, Permission.SIGN_IN}
    assert ROLE_PERMISSIONS[Role.VIEWER] == {Permission.SIGN_IN}
    names = set(REGISTRY)
    assert {"user.add", "user.role", "user.active", "user.reset_password", "user.sign_in", "user.lock",
            "members.import", "demo.fill", "settings.update"} <= names
    # 查看 may change nothing but sign in, lock and its own password
    allowed = {name for name, op in REGISTRY.items() if op.permission in ROLE_PERMISSIONS[Role.VIEWER]}
    assert all(name.startswith("user.") for name in allowed)
    assert sum(role == Role.VIEWER for role, _ in forbidden()) > 40  # every record, setting and import


@pytest.mark.parametrize(("role", "name"), forbidden(), ids=lambda v: str(v))
def test_each_role_is_refused_what_it_may_not_do(demo_store, role, name):
    with demo_store.read() as session:
        account = find_user(session, {Role.ADMIN: "admin", Role.CLERK: "luru", Role.VIEWER: "chakan"}[role])
    assert account.role == role
    workspace = Workspace(demo_store, role_actor(account.name, role, account.id), today=lambda: TODAY)
    before = fingerprint(demo_store)
    with pytest.raises(PermissionDenied) as caught:
        workspace.run(REGISTRY[name], *([[object()] * 200] if REGISTRY[name].backup_before else []))
    message = str(caught.value)
    assert CHINESE.search(message) and account.name in message and "没有做任何改动" in message
    assert fingerprint(demo_store) == before


def test_a_permitted_operation_still_runs_for_the_role(demo_store):
    """The check lets through what the role holds: 录入员 records, 查看 locks the screen."""
    from models.access.signin import lock_screen
    from models.people.branch import create_group

    with demo_store.read() as session:
        luru, chakan = find_user(session, "luru"), find_user(session, "chakan")
    clerk = Workspace(demo_store, role_actor(luru.name, luru.role, luru.id), today=lambda: TODAY)
    with pytest.raises(PermissionDenied, match="修改设置"):
        clerk.run(create_group, "第五党小组")
    viewer = Workspace(demo_store, role_actor(chakan.name, chakan.role, chakan.id), today=lambda: TODAY)
    assert viewer.run(lock_screen, "manual").changes


def test_only_an_admin_reads_the_audit_log(demo_store):
    """操作记录 is 管理员-only: the readers refuse anyone else (views pass by=workspace)."""
    from models.workspace.audit import (
        AuditFilter,
        audit_actors,
        audit_operations,
        count_audit,
        list_audit,
        require,
        rows_for_entity,
    )

    with demo_store.read() as session:
        accounts = {role: find_user(session, name) for role, name in
                    ((Role.ADMIN, "admin"), (Role.CLERK, "luru"), (Role.VIEWER, "chakan"))}
    for role, account in accounts.items():
        workspace = Workspace(demo_store, role_actor(account.name, role, account.id))
        readers = (lambda s, by: list_audit(s, AuditFilter(), 10, by=by), lambda s, by: count_audit(s, AuditFilter(), by=by),
                   lambda s, by: audit_actors(s, by=by), lambda s, by: audit_operations(s, by=by),
                   lambda s, by: rows_for_entity(s, "person", [1], by=by))
        with demo_store.read() as session:
            for read in readers:
                for by in (workspace, workspace.actor):
                    if role == Role.ADMIN:
                        read(session, by)
                    else:
                        with pytest.raises(PermissionDenied, match=f"“{account.name}”没有“查看操作记录”的权限"):
                            read(session, by)
        if role == Role.ADMIN:
            require(workspace, Permission.AUDIT_VIEW)
