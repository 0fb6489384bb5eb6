"""Whom scoring is for: activists (the pipeline before membership) or members, by current stage."""

from __future__ import annotations

from models.core.codes import Audience, Stage, label

# Kept simple on purpose (the lead's decision): a person's audience follows the current stage.
AUDIENCE_STAGES: dict[str, tuple[str, ...]] = {
    Audience.ACTIVISTS: (Stage.APPLICANT.value, Stage.ACTIVIST.value, Stage.CANDIDATE.value),
    Audience.MEMBERS: (Stage.PROBATIONARY.value, Stage.FULL.value),
}
RANKED_AUDIENCES = (Audience.ACTIVISTS, Audience.MEMBERS)


def audience_of(stage: str) -> str:
    """activists for 入党申请人/积极分子/发展对象, members for 预备党员/正式党员."""
    return Audience.MEMBERS.value if stage in AUDIENCE_STAGES[Audience.MEMBERS] else Audience.ACTIVISTS.value


def applies(applies_to: str, stage: str) -> bool:
    """Whether a rule for `applies_to` (activists / members / both) may score a person at `stage`."""
    return applies_to == Audience.BOTH or applies_to == audience_of(stage)


def check_audience(audience: str) -> str:
    """A ranked audience code, or ValueError (a programming mistake, not user input)."""
    if audience not in RANKED_AUDIENCES:
        raise ValueError(f"unknown ranking audience {audience!r}")
    return str(audience)


def not_applicable(name: str, stage: str, rule_name: str, applies_to: str) -> str:
    """Chinese: why this rule may not score this person."""
    return f"“{name}”是{label(stage)}，规则“{rule_name}”只适用于{label(applies_to)}"
