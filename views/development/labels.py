"""Stage names as this tab shows them.

models/core/codes.py gives Stage.ACTIVIST/Step.ACTIVIST and Stage.CANDIDATE/Step.CANDIDATE the same
stored codes ("activist", "candidate"), so its one label table keeps the step's label for both and
label("activist") reads 确定为入党积极分子. Until the codes are told apart there, the stage names
are fixed here (reported to the lead); every other code goes through label()."""

from __future__ import annotations

from models.core.codes import Stage, label

_STAGE_NAMES = {Stage.ACTIVIST.value: "入党积极分子", Stage.CANDIDATE.value: "发展对象"}


def stage_label(stage: str | None) -> str:
    return _STAGE_NAMES.get(str(stage), "") or label(stage)
