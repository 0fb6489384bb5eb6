"""Settings with their defaults: timing rules of member development, scoring, 公示 details.

Stored as JSON per key in the `setting` table; a key not stored has its default, so a new setting
needs no migration. Read with `get_settings(session)`; changed with the `settings.rules` operation.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.core.errors import ValidationError
from models.settings.entities import Setting
from models.workspace import Entity, Permission, Tx, operation
from models.workspace.audit import register_field_labels


@dataclass(frozen=True)
class TimingRule:
    """One timing rule of 《中国共产党发展党员工作细则》: on or off, and its number (days, months…)."""

    code: str
    title: str  # Chinese, shown in 设置 and in the finding when not met
    value: int
    unit: str  # 岁 / 个月 / 年 / 天 / 学时 / 个工作日
    enabled: bool = True


DEFAULT_TIMING_RULES: tuple[TimingRule, ...] = (
    TimingRule("min_age", "递交申请时年满", 18, "岁"),
    TimingRule("talk_within", "收到申请后谈话期限", 1, "个月"),
    TimingRule("activist_years", "作为积极分子培养满", 1, "年"),
    TimingRule("review_valid", "政审结论有效期", 1, "年"),
    TimingRule("training_days", "集中培训不少于", 3, "天"),
    TimingRule("training_hours", "或集中培训不少于", 24, "学时"),
    TimingRule("publicity_days", "发展对象公示不少于", 5, "个工作日"),
    TimingRule("approval_within", "支部大会后上级审批期限", 3, "个月"),
    TimingRule("probation_years", "预备期", 1, "年"),
    TimingRule("extension_max_years", "延长预备期最长", 1, "年"),
)


@dataclass(frozen=True)
class Band:
    """A score band: from `low` (inclusive) up, with its name and what follows from it."""

    low: float
    name: str
    consequence: str = ""


@dataclass(frozen=True)
class ScoringSettings:
    start_score: int = 60  # 起始分
    approval_required: bool = False  # entries count only after 支委会 approval
    activist_bands: tuple[Band, ...] = (Band(90, "优先发展", "优先列为发展对象"), Band(80, "重点培养", "重点培养"),
                                        Band(0, "一般培养", "一般培养"))
    warning_below: float = 70  # a second period below this flags 延长培养 / 取消资格 for the 支委会
    star_bands: tuple[Band, ...] = (Band(95, "五星"), Band(85, "四星"), Band(75, "三星"), Band(60, "二星"),
                                    Band(0, "一星"))


@dataclass(frozen=True)
class NoticeSettings:
    supervision_phone: str = ""  # 监督电话 on every 公示
    publicity_days: int = 5  # default 公示期 in working days


@dataclass(frozen=True)
class Settings:
    timing: tuple[TimingRule, ...] = DEFAULT_TIMING_RULES
    scoring: ScoringSettings = field(default_factory=ScoringSettings)
    notice: NoticeSettings = field(default_factory=NoticeSettings)

    def rule(self, code: str) -> TimingRule:
        return next(r for r in self.timing if r.code == code)


def _load(session: Session) -> dict[str, object]:
    return {row.key: json.loads(row.value) for row in session.scalars(select(Setting))}


def get_settings(session: Session) -> Settings:
    """The settings in force: stored values over the defaults (unknown keys ignored)."""
    stored = _load(session)
    timing = tuple(replace(rule, **{k: v for k, v in stored.get(f"timing.{rule.code}", {}).items()
                                    if k in ("value", "enabled")})
                   for rule in DEFAULT_TIMING_RULES)
    scoring = ScoringSettings()
    raw = stored.get("scoring", {})
    if raw:
        values = {f.name: raw[f.name] for f in fields(ScoringSettings) if f.name in raw}
        for name in ("activist_bands", "star_bands"):
            if name in values:
                values[name] = tuple(Band(**band) for band in values[name])
        scoring = replace(scoring, **values)
    notice = replace(NoticeSettings(), **{k: v for k, v in stored.get("notice", {}).items()
                                          if k in {f.name for f in fields(NoticeSettings)}})
    return Settings(timing, scoring, notice)


def _check(settings: Settings) -> None:
    errors = {}
    for rule in settings.timing:
        if rule.value < 1 or rule.value > 1000:
            errors[f"timing.{rule.code}"] = f"“{rule.title}”的数值应在1到1000之间（不需要这条规则时，请取消勾选）"
    for name, bands in (("activist_bands", settings.scoring.activist_bands), ("star_bands", settings.scoring.star_bands)):
        lows = [band.low for band in bands]
        if lows != sorted(lows, reverse=True) or len(set(lows)) != len(lows) or not bands or lows[-1] != 0:
            errors[f"scoring.{name}"] = "分档应从高到低排列，分数线不能重复，最后一档从0分起"
    if not 0 <= settings.scoring.start_score <= 1000:
        errors["scoring.start_score"] = "起始分应在0到1000之间"
    if errors:
        raise ValidationError(errors, SETTING_LABELS)


SETTING_LABELS = {"scoring.start_score": "起始分", "scoring.activist_bands": "积极分子分档",
                  "scoring.star_bands": "党员星级分档", "notice.supervision_phone": "监督电话"}
register_field_labels(Entity.SETTING, {**SETTING_LABELS, **{f"timing.{r.code}": r.title for r in DEFAULT_TIMING_RULES}})


def _stored_values(settings: Settings) -> dict[str, object]:
    values: dict[str, object] = {f"timing.{r.code}": {"value": r.value, "enabled": r.enabled} for r in settings.timing}
    values["scoring"] = asdict(settings.scoring)
    values["notice"] = asdict(settings.notice)
    return values


@operation("settings.rules", Permission.SETTINGS_EDIT, "修改时限规则和积分设置")
def update_settings(tx: Tx, settings: Settings) -> None:
    """Store the settings that differ from what is stored now, each change in the audit log."""
    _check(settings)
    before = _stored_values(get_settings(tx.session))
    after = _stored_values(settings)
    for key, value in after.items():
        if before.get(key) != value:
            row = tx.session.get(Setting, key)
            if row is None:
                tx.session.add(Setting(key=key, value=json.dumps(value, ensure_ascii=False)))
            else:
                row.value = json.dumps(value, ensure_ascii=False)
            tx.record(Entity.SETTING, None, "update", key, {key: [before.get(key), value]})
