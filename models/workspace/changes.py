"""What an operation changed: entity kinds and ids, the value every screen refreshes from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Entity(StrEnum):
    """Kinds of records an operation can change (also the `entity` column of the audit log)."""

    BRANCH = "branch"
    GROUP = "party_group"
    PERSON = "person"
    PERSON_EVENT = "person_event"
    SETTING = "setting"
    MATERIAL = "development_material"
    SCORE_RULE = "score_rule"
    SCORE_ENTRY = "score_entry"
    SCORE_POSTING = "score_posting"
    GRIEVANCE = "grievance"
    GRIEVANCE_ACTION = "grievance_action"
    DIARY = "visit_diary"
    USER = "app_user"
    BACKUP = "backup"


ENTITY_LABELS = {
    Entity.BRANCH: "支部信息",
    Entity.GROUP: "党小组",
    Entity.PERSON: "人员",
    Entity.PERSON_EVENT: "人员经历",
    Entity.SETTING: "设置",
    Entity.MATERIAL: "入党材料",
    Entity.SCORE_RULE: "积分规则",
    Entity.SCORE_ENTRY: "积分记录",
    Entity.SCORE_POSTING: "积分公示",
    Entity.GRIEVANCE: "民情事项",
    Entity.GRIEVANCE_ACTION: "民情办理记录",
    Entity.DIARY: "民情日记",
    Entity.USER: "用户",
    Entity.BACKUP: "备份",
}


@dataclass(frozen=True)
class Changes:
    """Entity kind -> ids of the records changed (an empty id set: changed, ids not listed)."""

    entities: Mapping[str, frozenset[int]] = field(default_factory=dict)

    def touches(self, *kinds: str) -> bool:
        return any(kind in self.entities for kind in kinds)

    def ids(self, kind: str) -> frozenset[int]:
        return self.entities.get(kind, frozenset())

    def __bool__(self) -> bool:
        return bool(self.entities)


@dataclass(frozen=True)
class Outcome[T]:
    """What an operation returns: its own value and what it changed."""

    operation: str
    value: T
    changes: Changes
