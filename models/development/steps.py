"""The catalogue of 《中国共产党发展党员工作细则》: its five stages with their steps, and the paper
materials (入党材料) each stage needs.

Step codes are `Step` (plus `EventKind.CONFIRMED` for 转正) in models.core.codes, whose labels are
the one place their Chinese names live.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.core.codes import EventKind, Stage, Step


@dataclass(frozen=True)
class Phase:
    title: str
    steps: tuple[str, ...]  # Step codes (and EventKind.CONFIRMED), in the order they happen


PHASES: tuple[Phase, ...] = (
    Phase("申请入党", (Step.APPLIED, Step.TALKED)),
    Phase("入党积极分子的确定和培养教育",
          (Step.RECOMMENDED, Step.ACTIVIST, Step.CONTACTS, Step.THOUGHT_REPORT, Step.HALF_YEAR_REVIEW)),
    Phase("发展对象的确定和考察", (Step.CANDIDATE, Step.INTRODUCERS, Step.POLITICAL_REVIEW, Step.TRAINING)),
    Phase("预备党员的接收", (Step.PRE_REVIEW, Step.PUBLICITY, Step.BRANCH_MEETING, Step.HIGHER_APPROVAL)),
    Phase("预备党员的教育考察和转正",
          (Step.OATH, Step.CONFIRMATION_APPLIED, Step.PROBATION_EXTENDED, EventKind.CONFIRMED)),
)

# Steps that change the person's stage: recorded only by the stage actions (change_stage), never
# entered or voided as plain steps, so stage and history cannot disagree.
STAGE_STEPS: frozenset[str] = frozenset({Step.ACTIVIST, Step.CANDIDATE, Step.BRANCH_MEETING,
                                         Step.PROBATION_EXTENDED, Step.DISQUALIFIED,
                                         EventKind.JOINED, EventKind.CONFIRMED})

STAGE_ORDER: tuple[str, ...] = (Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY, Stage.FULL)

# The earliest stage at which a plain step can be recorded (recommendation comes before 确定积极分子).
STEP_MIN_STAGE: dict[str, str] = {
    Step.APPLIED: Stage.APPLICANT, Step.TALKED: Stage.APPLICANT, Step.RECOMMENDED: Stage.APPLICANT,
    Step.CONTACTS: Stage.ACTIVIST, Step.THOUGHT_REPORT: Stage.ACTIVIST, Step.HALF_YEAR_REVIEW: Stage.ACTIVIST,
    Step.INTRODUCERS: Stage.CANDIDATE, Step.POLITICAL_REVIEW: Stage.CANDIDATE, Step.TRAINING: Stage.CANDIDATE,
    Step.PRE_REVIEW: Stage.CANDIDATE, Step.PUBLICITY: Stage.CANDIDATE,
    Step.HIGHER_APPROVAL: Stage.PROBATIONARY, Step.OATH: Stage.PROBATIONARY,
    Step.CONFIRMATION_APPLIED: Stage.PROBATIONARY,
}

# Steps that link another person (a full member): 培养联系人, 入党介绍人.
LINKED_STEPS: frozenset[str] = frozenset({Step.CONTACTS, Step.INTRODUCERS})
# Steps with an end date (公示 to, 集中培训 to) and with 学时.
SPAN_STEPS: frozenset[str] = frozenset({Step.PUBLICITY, Step.TRAINING})
HOUR_STEPS: frozenset[str] = frozenset({Step.TRAINING})


def stage_index(stage: str) -> int:
    return STAGE_ORDER.index(stage) if stage in STAGE_ORDER else -1


# Spelled out here because Step.ACTIVIST/CANDIDATE share their codes with Stage's, so label("activist")
# gives the step's text (确定为入党积极分子), not the stage's.
STAGE_NAMES: dict[str, str] = {Stage.APPLICANT: "入党申请人", Stage.ACTIVIST: "入党积极分子", Stage.CANDIDATE: "发展对象",
                               Stage.PROBATIONARY: "预备党员", Stage.FULL: "正式党员"}


def stage_name(stage: str) -> str:
    return STAGE_NAMES.get(stage, "")


@dataclass(frozen=True)
class Material:
    code: str
    title: str
    stage: str  # the Stage during which the paper is gathered


MATERIALS: tuple[Material, ...] = (
    Material("application", "入党申请书", Stage.APPLICANT),
    Material("talk_record", "谈话记录", Stage.APPLICANT),
    Material("recommendation", "党员推荐、群团组织推优材料", Stage.ACTIVIST),
    Material("activist_minutes", "支委会确定入党积极分子的会议记录", Stage.ACTIVIST),
    Material("activist_register", "入党积极分子培养教育考察登记表", Stage.ACTIVIST),
    Material("thought_reports", "思想汇报", Stage.ACTIVIST),
    Material("half_year_reviews", "培养联系人半年考察意见", Stage.ACTIVIST),
    Material("candidate_minutes", "支委会确定发展对象的会议记录", Stage.CANDIDATE),
    Material("introducer_opinions", "入党介绍人意见", Stage.CANDIDATE),
    Material("political_review", "政治审查材料和结论", Stage.CANDIDATE),
    Material("training_certificate", "集中培训结业证明", Stage.CANDIDATE),
    Material("pre_review", "上级党委预审意见", Stage.CANDIDATE),
    Material("publicity_report", "发展对象公示情况报告", Stage.CANDIDATE),
    Material("volunteer_form", "入党志愿书", Stage.CANDIDATE),
    Material("branch_meeting_minutes", "支部大会接收预备党员的会议记录", Stage.PROBATIONARY),
    Material("approval", "上级党委审批意见", Stage.PROBATIONARY),
    Material("confirmation_application", "转正申请书", Stage.PROBATIONARY),
    Material("probation_reviews", "预备期考察材料", Stage.PROBATIONARY),
    Material("confirmation_minutes", "支部大会讨论转正的会议记录", Stage.PROBATIONARY),
)

MATERIAL_BY_CODE: dict[str, Material] = {m.code: m for m in MATERIALS}
