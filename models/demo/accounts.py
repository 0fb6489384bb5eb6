"""The demo's accounts: 管理员 admin, 录入员 luru and 查看 chakan, all with the password demo1234
(printed by `demo` and shown on the login screen of a demo database only, so anyone trying it gets in)."""

from __future__ import annotations

from functools import cache

from models.access.accounts import DEMO_PASSWORD, DEMO_USER, add_user_in, has_users, set_demo_in
from models.access.passwords import hash_password
from models.core.codes import Role
from models.workspace import Tx

DEMO_ACCOUNTS: tuple[tuple[str, Role], ...] = ((DEMO_USER, Role.ADMIN), ("luru", Role.CLERK), ("chakan", Role.VIEWER))


@cache
def _demo_hash() -> str:
    """One Argon2id hash of the published demo password for all demo accounts of this process: the
    password is printed for everyone, so a salt per account protects nothing here."""
    return hash_password(DEMO_PASSWORD)


def add_demo_accounts(tx: Tx) -> bool:
    """The demo accounts and the "demo" setting, when the database has no accounts yet (a database
    whose 管理员 was already created keeps its own accounts and shows no demo hint). Whether added."""
    if has_users(tx.session):
        return False
    for name, role in DEMO_ACCOUNTS:
        add_user_in(tx, name, role, DEMO_PASSWORD, password_hash=_demo_hash())
    set_demo_in(tx)
    return True
