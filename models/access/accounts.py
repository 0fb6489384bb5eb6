"""User accounts: the first 管理员 with a recovery code, adding users, roles, passwords (audited ops).

Reads take a session and return `UserInfo`; every change is an operation with an audit row
(Entity.USER) that never holds a password or a hash. There is always at least one active 管理员:
an operation that would leave none is refused, and a 管理员 cannot demote or deactivate themself.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.access.entities import AppUser
from models.access.passwords import hash_password, hash_recovery_code, new_recovery_code, verify_password
from models.core.codes import Role, label
from models.core.errors import NotFound, UserError, ValidationError
from models.settings.entities import Setting
from models.workspace import Entity, Permission, Tx, operation
from models.workspace.audit import register_field_labels

MIN_PASSWORD = 6
MAX_PASSWORD = 128
MAX_NAME = 30
DEMO_USER, DEMO_PASSWORD = "admin", "demo1234"
DEMO_SETTING = "demo"  # setting key: true in a database made by `demo`

FIELD_LABELS = {"name": "用户名", "role": "角色", "active": "启用", "password": "密码",
                "old_password": "原密码", "new_password": "新密码", "failed_count": "连续输错次数",
                "wait_seconds": "需等待（秒）", "reason": "原因", "how": "方式"}
register_field_labels(Entity.USER, FIELD_LABELS)


@dataclass(frozen=True)
class UserInfo:
    id: int
    name: str
    role: Role
    active: bool
    last_login_at: datetime | None

    @property
    def role_label(self) -> str:
        return label(self.role)


def _info(user: AppUser) -> UserInfo:
    return UserInfo(user.id, user.name, Role(user.role), bool(user.active), user.last_login_at)


# ---- reads ----------------------------------------------------------------------------------

def has_users(session: Session) -> bool:
    """Whether accounts exist (none: the database is worked on by the local user with every permission)."""
    return session.scalar(select(AppUser.id).limit(1)) is not None


def list_users(session: Session) -> list[UserInfo]:
    """Every account, active ones first, then by name."""
    users = session.scalars(select(AppUser).order_by(AppUser.active.desc(), AppUser.name))
    return [_info(user) for user in users]


def get_user(session: Session, user_id: int) -> UserInfo:
    user = session.get(AppUser, user_id)
    if user is None:
        raise NotFound("这个用户已不存在，请刷新后再试")
    return _info(user)


def find_user(session: Session, name: str) -> UserInfo | None:
    """The account of this name (case-insensitive, spaces at the ends ignored), active or not."""
    user = find_account(session, name)
    return None if user is None else _info(user)


def find_account(session: Session, name: str) -> AppUser | None:
    """The account row itself (models.access only: signing in needs its hash and counters)."""
    wanted = name.strip().casefold()
    if not wanted:
        return None
    exact = session.scalar(select(AppUser).where(AppUser.name == name.strip()))
    if exact is not None:
        return exact
    return next((u for u in session.scalars(select(AppUser)) if u.name.casefold() == wanted), None)


def is_demo(session: Session) -> bool:
    """A database made by `demo` (its login screen shows the demo account)."""
    raw = session.scalar(select(Setting.value).where(Setting.key == DEMO_SETTING))
    try:
        return bool(raw) and json.loads(raw) is True
    except ValueError:
        return False


def active_admins(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AppUser)
                          .where(AppUser.role == Role.ADMIN, AppUser.active.is_(True))) or 0


# ---- checks ---------------------------------------------------------------------------------

def check_name(session: Session, name: str, errors: dict[str, str], *, field: str = "name") -> str:
    """The name as stored (spaces at the ends dropped), or an error under `field`."""
    clean = name.strip()
    if not clean:
        errors[field] = "请填写用户名"
    elif len(clean) > MAX_NAME:
        errors[field] = f"用户名最多{MAX_NAME}个字，现在是{len(clean)}个字"
    elif any(unicodedata.category(c).startswith("C") for c in clean):
        errors[field] = "用户名里不能有换行、制表符等控制字符"
    elif any(u.name.casefold() == clean.casefold() for u in session.scalars(select(AppUser))):
        errors[field] = f"已经有名为“{clean}”的用户（不区分大小写），请换一个用户名"
    return clean


def check_password(password: str, errors: dict[str, str], *, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD:
        errors[field] = f"密码至少{MIN_PASSWORD}个字符，现在是{len(password)}个"
    elif len(password) > MAX_PASSWORD:
        errors[field] = f"密码最多{MAX_PASSWORD}个字符"
    elif not password.strip():
        errors[field] = "密码不能全是空格"


def _role(role: object, errors: dict[str, str]) -> Role | None:
    try:
        return Role(role)
    except ValueError:
        errors["role"] = "请选择角色：管理员、录入员或查看"
        return None


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors, FIELD_LABELS)


def _user(tx: Tx, user_id: int) -> AppUser:
    user = tx.session.get(AppUser, user_id)
    if user is None:
        raise NotFound("这个用户已不存在，请刷新后再试")
    return user


def _new_user(tx: Tx, name: str, role: Role, password: str, recovery_hash: str = "",
              password_hash: str | None = None) -> AppUser:
    user = AppUser(name=name, role=role.value, password_hash=password_hash or hash_password(password),
                   recovery_hash=recovery_hash,
                   active=True, failed_count=0, created_at=tx.now)
    tx.session.add(user)
    tx.session.flush()
    tx.created(Entity.USER, user.id, {"name": name, "role": role.value, "active": True}, summary=name)
    return user


# ---- operations -----------------------------------------------------------------------------

@operation("user.first_admin", Permission.SIGN_IN, "创建管理员账号")
def create_first_admin(tx: Tx, name: str, password: str) -> str:
    """The first account, a 管理员, on a database without accounts; returns the one-time recovery
    code (only its hash is kept). Refused once any account exists."""
    if has_users(tx.session):
        raise UserError("这个数据文件已经有用户账号了，请用已有的账号登录；需要新账号请找管理员添加")
    errors: dict[str, str] = {}
    clean = check_name(tx.session, name, errors)
    check_password(password, errors)
    _raise(errors)
    code = new_recovery_code()
    _new_user(tx, clean, Role.ADMIN, password, hash_recovery_code(code))
    return code


def add_user_in(tx: Tx, name: str, role: Role | str, password: str, *, password_hash: str | None = None) -> int:
    """Add an account inside another operation (the demo's accounts; they pass the hash of their
    published password, made once, instead of spending a quarter second per account)."""
    errors: dict[str, str] = {}
    clean = check_name(tx.session, name, errors)
    checked = _role(role, errors)
    check_password(password, errors)
    _raise(errors)
    assert checked is not None
    return _new_user(tx, clean, checked, password, password_hash=password_hash).id


@operation("user.add", Permission.USERS_MANAGE, "新增用户")
def add_user(tx: Tx, name: str, role: Role | str, password: str) -> int:
    return add_user_in(tx, name, role, password)


_SELF = {"停用": "停用自己的账号", "取消管理员角色": "取消自己账号的管理员角色"}


def _keeps_an_admin(tx: Tx, user: AppUser, field: str, doing: str) -> None:
    """Refuse a change that takes `user`'s 管理员 rights away from themself or from the last one."""
    if user.role == Role.ADMIN and user.active and active_admins(tx.session) <= 1:
        raise ValidationError({field: f"“{user.name}”是唯一启用的管理员，{doing}后就没有人能管理用户了；"
                                      "请先添加另一个管理员（或让另一个账号成为管理员）"}, FIELD_LABELS)
    if user.id == tx.actor.user_id:
        raise ValidationError({field: f"不能{_SELF[doing]}；请让另一位管理员来做"}, FIELD_LABELS)


@operation("user.role", Permission.USERS_MANAGE, "修改用户角色")
def change_role(tx: Tx, user_id: int, role: Role | str) -> None:
    errors: dict[str, str] = {}
    checked = _role(role, errors)
    _raise(errors)
    user = _user(tx, user_id)
    if user.role == checked:
        return
    if user.role == Role.ADMIN:
        _keeps_an_admin(tx, user, "role", "取消管理员角色")
    before = {"role": user.role}
    user.role = checked.value
    tx.updated(Entity.USER, user.id, before, {"role": user.role}, summary=user.name)


@operation("user.active", Permission.USERS_MANAGE, "启用或停用用户")
def set_active(tx: Tx, user_id: int, active: bool) -> None:
    user = _user(tx, user_id)
    if bool(user.active) == bool(active):
        return
    if not active:
        _keeps_an_admin(tx, user, "active", "停用")
    user.active = bool(active)
    if active:
        user.failed_count, user.failed_at = 0, None
    tx.updated(Entity.USER, user.id, {"active": not active}, {"active": bool(active)}, summary=user.name)


@operation("user.reset_password", Permission.USERS_MANAGE, "重设用户密码")
def reset_password(tx: Tx, user_id: int, password: str) -> None:
    """A 管理员 sets a new password for an account (the waiting after wrong passwords ends too)."""
    errors: dict[str, str] = {}
    check_password(password, errors)
    _raise(errors)
    user = _user(tx, user_id)
    set_password_in(tx, user, password, "管理员重设")


def set_password_in(tx: Tx, user: AppUser, password: str, how: str) -> None:
    user.password_hash = hash_password(password)
    user.failed_count, user.failed_at = 0, None
    tx.record(Entity.USER, user.id, "update", user.name, {"password": "（已修改）", "how": how})


@operation("user.own_password", Permission.SIGN_IN, "修改自己的密码")
def change_own_password(tx: Tx, old: str, new: str) -> None:
    """The signed-in user changes their password; the old one is checked first."""
    user = tx.session.get(AppUser, tx.actor.user_id) if tx.actor.user_id is not None else None
    if user is None:
        raise UserError("没有登录的用户账号，无法修改密码")
    errors: dict[str, str] = {}
    if not verify_password(user.password_hash, old):
        errors["old_password"] = "原密码不正确"
    check_password(new, errors, field="new_password")
    if not errors and new == old:
        errors["new_password"] = "新密码和原密码相同"
    _raise(errors)
    set_password_in(tx, user, new, "本人修改")


def set_demo_in(tx: Tx) -> None:
    """Mark the database as a demo (inside the demo's operation)."""
    row = tx.session.get(Setting, DEMO_SETTING)
    if row is None:
        tx.session.add(Setting(key=DEMO_SETTING, value="true"))
        tx.created(Entity.SETTING, None, {"demo": True}, summary="演示数据")  # type: ignore[arg-type]
    else:
        row.value = "true"
