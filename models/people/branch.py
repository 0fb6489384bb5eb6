"""The branch itself and its 党小组: reading them, and the operations that change them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.core.errors import NotFound, ValidationError
from models.people.entities import Branch, PartyGroup, Person
from models.workspace import Entity, Permission, Tx, operation
from models.workspace.audit import register_field_labels

register_field_labels(Entity.BRANCH, {"name": "支部名称", "full_name": "文件落款全称", "secretary": "支部书记"})
GROUP_LABELS = {"name": "党小组名称", "sort_order": "排列顺序"}
register_field_labels(Entity.GROUP, GROUP_LABELS)

DIRECT_GROUP = "直属支部"  # how members outside any 党小组 are shown, everywhere


def group_display(name: str | None) -> str:
    """A 党小组's name, or 直属支部 for members belonging to the branch directly."""
    return name or DIRECT_GROUP


@dataclass(frozen=True)
class BranchInfo:
    name: str
    full_name: str
    secretary: str


@dataclass(frozen=True)
class GroupInfo:
    id: int
    name: str
    sort_order: int
    member_count: int


def suggest_full_name(name: str) -> str:
    """红旗村党支部 → 中共红旗村支部委员会, the name documents carry."""
    name = name.strip()
    if not name:
        return ""
    core = name.removeprefix("中共").removesuffix("党支部").removesuffix("支部")
    return f"中共{core}支部委员会"


def get_branch(session: Session) -> BranchInfo | None:
    """The branch, or None before first-start set-up."""
    branch = session.scalar(select(Branch).order_by(Branch.id).limit(1))
    if branch is None:
        return None
    return BranchInfo(name=branch.name, full_name=branch.full_name, secretary=branch.secretary)


def list_groups(session: Session) -> list[GroupInfo]:
    """Groups in their display order, with how many active people each holds."""
    counts = (
        select(Person.group_id, func.count(Person.id).label("n"))
        .where(Person.archive_reason.is_(None))
        .group_by(Person.group_id)
        .subquery()
    )
    query = (
        select(PartyGroup, counts.c.n)
        .outerjoin(counts, counts.c.group_id == PartyGroup.id)
        .order_by(PartyGroup.sort_order, PartyGroup.id)
    )
    return [GroupInfo(g.id, g.name, g.sort_order, n or 0) for g, n in session.execute(query)]


def group_usage(session: Session, group_id: int) -> int:
    """How many people (archived included) belong to the group: a group in use cannot be deleted."""
    return session.scalar(select(func.count(Person.id)).where(Person.group_id == group_id)) or 0


def group_in_use_message(name: str, used: int) -> str:
    return f"“{name}”还有{used}人（含已归档人员），不能删除。请先把他们调到其他党小组"


def _check_branch(info: BranchInfo) -> BranchInfo:
    errors = {}
    name, full_name, secretary = info.name.strip(), info.full_name.strip(), "".join(info.secretary.split())
    if not name:
        errors["name"] = "请填写支部名称，如 红旗村党支部"
    if not full_name:
        errors["full_name"] = "请填写用于文件落款的全称，如 中共红旗村支部委员会"
    if len(name) > 60 or len(full_name) > 80:
        errors["name"] = "名称太长"
    if len(secretary) > 30:
        errors["secretary"] = "姓名太长"
    if errors:
        raise ValidationError(errors, {"name": "支部名称", "full_name": "文件落款全称", "secretary": "支部书记"})
    return BranchInfo(name, full_name, secretary)


@operation("settings.update", Permission.SETTINGS_EDIT, "修改支部信息")
def update_branch(tx: Tx, info: BranchInfo) -> None:
    """Create or update the branch after checking the names."""
    info = _check_branch(info)
    branch = tx.session.scalar(select(Branch).order_by(Branch.id).limit(1))
    before = {} if branch is None else {"name": branch.name, "full_name": branch.full_name,
                                        "secretary": branch.secretary}
    if branch is None:
        branch = Branch()
        tx.session.add(branch)
    branch.name, branch.full_name, branch.secretary = info.name, info.full_name, info.secretary
    tx.session.flush()
    after = {"name": info.name, "full_name": info.full_name, "secretary": info.secretary}
    if before:
        tx.updated(Entity.BRANCH, branch.id, before, after, summary=info.name)
    else:
        tx.created(Entity.BRANCH, branch.id, after, summary=info.name)


def _check_group_name(session: Session, name: str, group_id: int | None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请填写党小组名称"}, GROUP_LABELS)
    if len(name) > 40:
        raise ValidationError({"name": "党小组名称不能超过40个字"}, GROUP_LABELS)
    other = session.scalar(select(PartyGroup.id).where(PartyGroup.name == name))
    if other is not None and other != group_id:
        raise ValidationError({"name": f"已经有名为“{name}”的党小组"}, GROUP_LABELS)
    return name


def _group(session: Session, group_id: int) -> PartyGroup:
    group = session.get(PartyGroup, group_id)
    if group is None:
        raise NotFound("找不到这个党小组，可能已被删除")
    return group


def create_group_in(tx: Tx, name: str) -> int:
    """Add a group inside a running operation (an import creates the groups its file names)."""
    name = _check_group_name(tx.session, name, None)
    last = tx.session.scalar(select(func.max(PartyGroup.sort_order))) or 0
    group = PartyGroup(name=name, sort_order=last + 1)
    tx.session.add(group)
    tx.session.flush()
    tx.created(Entity.GROUP, group.id, {"name": name, "sort_order": group.sort_order}, summary=name)
    return group.id


@operation("group.create", Permission.SETTINGS_EDIT, "新建党小组")
def create_group(tx: Tx, name: str) -> int:
    return create_group_in(tx, name)


@operation("group.rename", Permission.SETTINGS_EDIT, "党小组改名")
def rename_group(tx: Tx, group_id: int, name: str) -> None:
    group = _group(tx.session, group_id)
    old = group.name
    group.name = _check_group_name(tx.session, name, group_id)
    tx.updated(Entity.GROUP, group_id, {"name": old}, {"name": group.name}, summary=group.name)


@operation("group.move", Permission.SETTINGS_EDIT, "调整党小组顺序")
def move_group(tx: Tx, group_id: int, step: int) -> None:
    """Move a group up (step −1) or down (+1) in the display order."""
    groups = list(tx.session.scalars(select(PartyGroup).order_by(PartyGroup.sort_order, PartyGroup.id)))
    index = next((i for i, g in enumerate(groups) if g.id == group_id), None)
    if index is None:
        raise NotFound("找不到这个党小组，可能已被删除")
    target = index + step
    if not 0 <= target < len(groups):
        return
    groups[index], groups[target] = groups[target], groups[index]
    for order, group in enumerate(groups, start=1):
        if group.sort_order != order:
            tx.updated(Entity.GROUP, group.id, {"sort_order": group.sort_order}, {"sort_order": order},
                       summary=group.name)
            group.sort_order = order


@operation("group.delete", Permission.SETTINGS_EDIT, "删除党小组")
def delete_group(tx: Tx, group_id: int) -> None:
    """Delete an empty group; a group anyone (even archived) belongs to is kept."""
    group = _group(tx.session, group_id)
    used = group_usage(tx.session, group_id)
    if used:
        raise ValidationError({"name": group_in_use_message(group.name, used)}, GROUP_LABELS)
    tx.record(Entity.GROUP, group_id, "delete", group.name, {"name": group.name})
    tx.session.delete(group)
