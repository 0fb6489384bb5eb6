"""The rule catalogue: reads and the operations that add, edit and (de)activate rules.

A rule that has entries is never deleted — there is no delete at all — only deactivated, so
every entry keeps the rule it was given under. Entries copy the rule's points when made, so
editing the points changes later entries only; category and 一票否决 of a used rule are fixed,
since changing them would rewrite the meaning of posted scores.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.core.codes import Audience, ScoreCategory, label
from models.core.errors import NotFound, ValidationError
from models.scoring import quarter_totals
from models.scoring.entities import ScoreEntry, ScoreRule
from models.workspace import Entity, Permission, Tx, operation
from models.workspace.audit import register_field_labels

RULE_LABELS = {"code": "规则编号", "category": "类别", "name": "规则名称", "points": "分值",
               "cap_per_quarter": "每季度上限", "applies_to": "适用对象", "veto": "一票否决", "active": "启用"}
register_field_labels(Entity.SCORE_RULE, RULE_LABELS)

MAX_POINTS = 100


@dataclass(frozen=True)
class RuleForm:
    code: str = ""
    category: str = ScoreCategory.BASIC
    name: str = ""
    points: int = 0
    cap_per_quarter: int | None = None  # None: no cap
    applies_to: str = Audience.BOTH
    veto: bool = False  # 一票否决: an entry disqualifies the person for the period


@dataclass(frozen=True)
class RuleRow:
    id: int
    code: str
    category: str
    name: str
    points: int
    cap_per_quarter: int | None
    applies_to: str
    veto: bool
    active: bool
    used: int  # entries given under it (voided included)

    @property
    def title(self) -> str:
        return f"{self.code} {self.name}"


def _used_counts(session: Session) -> dict[int, int]:
    query = select(ScoreEntry.rule_id, func.count()).group_by(ScoreEntry.rule_id)
    return dict(session.execute(query).all())


def list_rules(session: Session, active_only: bool = False, audience: str | None = None) -> list[RuleRow]:
    """The catalogue in its order; `audience` keeps the rules that may score activists/members."""
    query = select(ScoreRule).order_by(ScoreRule.sort_order, ScoreRule.id)
    if active_only:
        query = query.where(ScoreRule.active.is_(True))
    if audience is not None:
        query = query.where(ScoreRule.applies_to.in_((audience, Audience.BOTH.value)))
    used = _used_counts(session)
    return [RuleRow(r.id, r.code, r.category, r.name, r.points, r.cap_per_quarter, r.applies_to, r.veto,
                    r.active, used.get(r.id, 0)) for r in session.scalars(query)]


def get_rule(session: Session, rule_id: int) -> ScoreRule:
    rule = session.get(ScoreRule, rule_id)
    if rule is None:
        raise NotFound(f"找不到编号为 {rule_id} 的积分规则，可能已被其他窗口修改")
    return rule


def rule_by_code(session: Session, code: str) -> RuleRow:
    """A rule by its code (JF01, case-insensitive), for the command line; NotFound in Chinese."""
    wanted = (code or "").strip().upper()
    found = [r for r in list_rules(session) if r.code.upper() == wanted]
    if not found:
        raise NotFound(f"没有编号为“{code}”的积分规则")
    return found[0]


def normalize_rule(form: RuleForm) -> RuleForm:
    return replace(form, code=(form.code or "").strip().upper(), name=re.sub(r"\s+", " ", form.name or "").strip())


def _check_points(form: RuleForm, errors: dict[str, str]) -> None:
    if not isinstance(form.points, int) or isinstance(form.points, bool) or abs(form.points) > MAX_POINTS:
        errors["points"] = f"分值应为 -{MAX_POINTS} 到 {MAX_POINTS} 之间的整数"
        return
    if form.category == ScoreCategory.DEDUCTION and form.points > 0:
        errors["points"] = "扣分项的分值应为负数（如 -3）"
    elif form.category in (ScoreCategory.BASIC, ScoreCategory.BONUS) and form.points < 0:
        errors["points"] = f"{label(form.category)}项的分值应为正数；扣分请选“扣分”类别"
    elif form.points == 0 and not form.veto:
        errors["points"] = "分值不能为0（只有一票否决项可以为0分）"
    cap = form.cap_per_quarter
    if cap is not None and (not isinstance(cap, int) or cap <= 0 or cap > 1000):
        errors["cap_per_quarter"] = "每季度上限应为正整数，不设上限请留空"
    elif cap is not None and cap < abs(form.points):
        errors["cap_per_quarter"] = f"每季度上限（{cap}分）不能小于一次的分值（{abs(form.points)}分）"


def validate_rule(session: Session, form: RuleForm, rule_id: int | None = None) -> dict[str, str]:
    """Field -> Chinese message for everything wrong with the form (empty when it may be saved)."""
    errors: dict[str, str] = {}
    if not form.code:
        errors["code"] = "请填写规则编号（如 JF06）"
    elif len(form.code) > 20 or not re.fullmatch(r"[A-Z0-9_-]+", form.code):
        errors["code"] = "规则编号只能用字母、数字（不超过20个），如 JF06"
    else:
        other = session.scalars(select(ScoreRule).where(func.upper(ScoreRule.code) == form.code)).first()
        if other is not None and other.id != rule_id:
            errors["code"] = f"规则编号“{form.code}”已被“{other.name}”使用"
    if not form.name:
        errors["name"] = "请填写规则名称"
    elif len(form.name) > 100:
        errors["name"] = "规则名称不能超过100个字"
    if form.category not in tuple(ScoreCategory):
        errors["category"] = "请选择类别（基础分、加分或扣分）"
    if form.applies_to not in tuple(Audience):
        errors["applies_to"] = "请选择适用对象"
    _check_points(form, errors)
    return errors


def _values(rule: ScoreRule) -> dict[str, object]:
    return {name: getattr(rule, name) for name in RULE_LABELS}


@operation("scoring.rule_add", Permission.SETTINGS_EDIT, "新增积分规则")
def add_rule(tx: Tx, form: RuleForm) -> int:
    form = normalize_rule(form)
    errors = validate_rule(tx.session, form)
    if errors:
        raise ValidationError(errors, RULE_LABELS)
    last = tx.session.scalar(select(func.max(ScoreRule.sort_order))) or 0
    rule = ScoreRule(code=form.code, category=str(form.category), name=form.name, points=form.points,
                     cap_per_quarter=form.cap_per_quarter, applies_to=str(form.applies_to), veto=bool(form.veto),
                     active=True, sort_order=last + 1)
    tx.session.add(rule)
    tx.session.flush()
    tx.created(Entity.SCORE_RULE, rule.id, _values(rule), summary=f"{rule.code} {rule.name}")
    return rule.id


@operation("scoring.rule_edit", Permission.SETTINGS_EDIT, "修改积分规则")
def edit_rule(tx: Tx, rule_id: int, form: RuleForm) -> None:
    rule = get_rule(tx.session, rule_id)
    form = normalize_rule(form)
    errors = validate_rule(tx.session, form, rule_id)
    used = _used_counts(tx.session).get(rule_id, 0)
    if used and form.category != rule.category:
        errors["category"] = f"这条规则已有{used}条积分记录，不能改类别；请停用它，另建一条新规则"
    if used and bool(form.veto) != rule.veto:
        errors["veto"] = f"这条规则已有{used}条积分记录，不能更改一票否决；请停用它，另建一条新规则"
    if errors:
        raise ValidationError(errors, RULE_LABELS)
    before, cap_before = _values(rule), rule.cap_per_quarter
    rule.code, rule.category, rule.name, rule.points = form.code, str(form.category), form.name, form.points
    rule.cap_per_quarter, rule.applies_to, rule.veto = form.cap_per_quarter, str(form.applies_to), bool(form.veto)
    if used and rule.cap_per_quarter != cap_before:  # what the entries count changes: the totals follow
        quarter_totals.refresh_rule(tx.session, rule_id)
    tx.updated(Entity.SCORE_RULE, rule_id, before, _values(rule), summary=f"{rule.code} {rule.name}")


@operation("scoring.rule_active", Permission.SETTINGS_EDIT, "启用或停用积分规则")
def set_rule_active(tx: Tx, rule_id: int, active: bool) -> None:
    """Deactivated rules stay in the catalogue and on their entries but take no new entries."""
    rule = get_rule(tx.session, rule_id)
    before = rule.active
    rule.active = bool(active)
    tx.updated(Entity.SCORE_RULE, rule_id, {"active": before}, {"active": rule.active},
               summary=f"{rule.code} {rule.name}")
