"""The branch itself and its 党小组."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.entities import Branch, PartyGroup, Person
from models.person_rules import ValidationError


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


def save_branch(session: Session, info: BranchInfo) -> None:
    """Create or update the branch after checking the names."""
    errors = {}
    name, full_name, secretary = info.name.strip(), info.full_name.strip(), info.secretary.strip()
    if not name:
        errors["name"] = "请填写支部名称，如 红旗村党支部"
    if not full_name:
        errors["full_name"] = "请填写用于文件落款的全称，如 中共红旗村支部委员会"
    if len(name) > 60 or len(full_name) > 80:
        errors["name"] = "名称太长"
    if errors:
        raise ValidationError(errors)
    branch = session.scalar(select(Branch).order_by(Branch.id).limit(1)) or Branch()
    branch.name, branch.full_name, branch.secretary = name, full_name, "".join(secretary.split())
    session.add(branch)


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


def _check_group_name(session: Session, name: str, group_id: int | None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请填写党小组名称"})
    if len(name) > 40:
        raise ValidationError({"name": "党小组名称不能超过40个字"})
    other = session.scalar(select(PartyGroup.id).where(PartyGroup.name == name))
    if other is not None and other != group_id:
        raise ValidationError({"name": f"已经有名为“{name}”的党小组"})
    return name


def add_group(session: Session, name: str) -> int:
    name = _check_group_name(session, name, None)
    last = session.scalar(select(func.max(PartyGroup.sort_order))) or 0
    group = PartyGroup(name=name, sort_order=last + 1)
    session.add(group)
    session.flush()
    return group.id


def rename_group(session: Session, group_id: int, name: str) -> None:
    group = session.get(PartyGroup, group_id)
    if group is None:
        raise LookupError("找不到这个党小组")
    group.name = _check_group_name(session, name, group_id)


def move_group(session: Session, group_id: int, step: int) -> None:
    """Move a group up (step −1) or down (+1) in the display order."""
    groups = list(session.scalars(select(PartyGroup).order_by(PartyGroup.sort_order, PartyGroup.id)))
    index = next((i for i, g in enumerate(groups) if g.id == group_id), None)
    if index is None:
        raise LookupError("找不到这个党小组")
    target = index + step
    if not 0 <= target < len(groups):
        return
    groups[index], groups[target] = groups[target], groups[index]
    for order, group in enumerate(groups, start=1):
        group.sort_order = order


def delete_group(session: Session, group_id: int) -> None:
    """Delete an empty group; a group anyone (even archived) belongs to is kept."""
    group = session.get(PartyGroup, group_id)
    if group is None:
        raise LookupError("找不到这个党小组")
    used = session.scalar(select(func.count(Person.id)).where(Person.group_id == group_id))
    if used:
        raise ValidationError({"name": f"“{group.name}”还有{used}人（含已归档人员），请先把他们调到其他党小组"})
    session.delete(group)
