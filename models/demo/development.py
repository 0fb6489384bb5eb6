"""Demo pipeline: 入党申请人, 入党积极分子, 发展对象 and 预备党员 whose steps of 《中国共产党发展党员工作细则》
were taken in order, dated relative to the workspace's today and entered through the development
operations (the same checks and audit rows as a secretary entering them).

At the default 60 people: 4 applicants (one waiting over a month for the talk), 8 activists (three
past their year, one made activist with the talk limit overridden in writing, one new this
quarter), 3 development targets (one in 公示 with 政审 and 集中培训 done) and 3 probationary members
(转正 due within 30 days, one overdue). The numbers grow with the branch (`pipeline_sizes`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from models.core.codes import Education, Gender, Stage, Step
from models.core.dates import add_years
from models.demo.names import make_name, make_phone
from models.development.forms import ApplicantForm, StageChange, StepForm
from models.development.operations import change_stage, record_step, register_applicant, set_material
from models.development.steps import MATERIALS
from models.development.workdays import is_workday, workday_span_end
from models.people import citizen_id
from models.people.entities import Person
from models.scoring.periods import quarter_of
from models.settings.values import get_settings
from models.workspace import Tx

REGION = "411323"  # 淅川县, the demo branch's county
JOBS = ("返乡创业青年", "红旗村 网格员", "红旗村卫生室 村医", "猕猴桃种植大户", "红旗村村民委员会 文书", "红旗村小学 教师",
        "电商创业", "红旗农机专业合作社 技术员", "退役军人", "务工")
EDUCATIONS = (Education.HIGH_SCHOOL, Education.TECHNICAL, Education.COLLEGE, Education.COLLEGE, Education.BACHELOR)
# Steps whose date is when each paper of the checklist came in.
MATERIAL_STEP = {
    "application": Step.APPLIED, "talk_record": Step.TALKED, "recommendation": Step.RECOMMENDED,
    "activist_minutes": Step.ACTIVIST, "activist_register": Step.ACTIVIST, "thought_reports": Step.THOUGHT_REPORT,
    "half_year_reviews": Step.HALF_YEAR_REVIEW, "candidate_minutes": Step.CANDIDATE,
    "introducer_opinions": Step.INTRODUCERS, "political_review": Step.POLITICAL_REVIEW,
    "training_certificate": Step.TRAINING, "pre_review": Step.PRE_REVIEW, "publicity_report": Step.PUBLICITY,
    "volunteer_form": Step.PRE_REVIEW, "branch_meeting_minutes": Step.BRANCH_MEETING,
    "approval": Step.HIGHER_APPROVAL, "confirmation_application": Step.CONFIRMATION_APPLIED,
    "probation_reviews": Step.OATH,
}


@dataclass(frozen=True)
class PipelineSizes:
    applicants: int = 0
    activists: int = 0
    candidates: int = 0
    probationers: int = 0


def pipeline_sizes(count: int) -> PipelineSizes:
    """How many of each stage a branch of `count` members has (none for a tiny demo)."""
    if count < 12:
        return PipelineSizes()
    return PipelineSizes(*(max(1, round(n * count / 60)) for n in (4, 8, 3, 3)))


@dataclass(frozen=True)
class Scored:
    """A person to score: from when (确定为积极分子 / 入党), their thought reports, and their place."""

    person_id: int
    since: date
    index: int  # 0, 1, 2 … in the order made: candidates first, then activists
    reports: tuple[date, ...] = ()


@dataclass
class PipelineDemo:
    activists: list[Scored] = field(default_factory=list)  # 发展对象 first, then 入党积极分子
    probationers: list[Scored] = field(default_factory=list)
    applicants: list[int] = field(default_factory=list)


class _Maker:
    """Makes pipeline people through the operations and keeps the dates of their steps."""

    def __init__(self, tx: Tx, rng: random.Random, group_ids: list[int]) -> None:
        self.tx, self.rng, self.today, self.group_ids = tx, rng, tx.today, group_ids
        rows = tx.session.execute(select(Person.id, Person.name, Person.citizen_id, Person.stage, Person.is_mobile,
                                         Person.archive_reason, Person.joined_on)).all()
        self.names = {r.name for r in rows}
        self.numbers = {r.citizen_id for r in rows if r.citizen_id}
        # 培养联系人 and 入党介绍人: full members at home who have been members for years.
        self.mentors = [r.id for r in rows if r.stage == Stage.FULL and not r.is_mobile and not r.archive_reason
                        and r.joined_on and r.joined_on < self.today - timedelta(days=3 * 365)]
        self.steps: dict[int, dict[str, date]] = {}

    def day(self, back: int, jitter: int = 0) -> date:
        return self.today - timedelta(days=back + (self.rng.randint(0, jitter) if jitter else 0))

    def applicant(self, applied: date, age: int) -> int:
        gender = Gender.MALE if self.rng.random() < 0.6 else Gender.FEMALE
        birth = self.today - timedelta(days=age * 365 + self.rng.randint(0, 300))
        while True:
            number = citizen_id.make(REGION, birth, self.rng.randrange(0, 500) * 2 + (gender == Gender.MALE))
            if number not in self.numbers:
                break
        self.numbers.add(number)
        form = ApplicantForm(name=make_name(self.rng, gender, self.names), gender=gender, citizen_id=number,
                             education=self.rng.choice(EDUCATIONS), phone=make_phone(self.rng),
                             address=f"红旗村{self.rng.choice('一二三四五六')}组{self.rng.randint(1, 120)}号",
                             group_id=self.rng.choice(self.group_ids[:-1]) if self.group_ids else None,
                             work_unit=self.rng.choice(JOBS), applied_on=applied)
        person_id = register_applicant.run(self.tx, form)
        self.steps[person_id] = {Step.APPLIED: applied}
        return person_id

    def step(self, person_id: int, step: Step, on: date, **extra: object) -> None:
        record_step.run(self.tx, person_id, StepForm(step, on, **extra))
        if step == Step.PUBLICITY and "until" not in extra:  # the operation ends it after the working days in 设置
            extra["until"] = workday_span_end(on, get_settings(self.tx.session).rule("publicity_days").value)
        self.steps[person_id][step] = extra.get("until") or on

    def stage(self, person_id: int, action: str, on: date, step: Step, linked: int = 0, **extra: object) -> None:
        mentors = tuple(self.rng.sample(self.mentors, min(linked, len(self.mentors))))
        change_stage.run(self.tx, person_id, StageChange(action, on, related_person_ids=mentors, **extra))
        self.steps[person_id][step] = on
        if linked:
            self.steps[person_id][Step.CONTACTS if action == "activist" else Step.INTRODUCERS] = on

    def papers(self, person_id: int) -> None:
        """The checklist: a paper is in once its step is done (now and then one is still missing)."""
        done = self.steps[person_id]
        for material in MATERIALS:
            on = done.get(MATERIAL_STEP.get(material.code, ""))
            if on is not None and on <= self.today and self.rng.random() < 0.93:
                set_material.run(self.tx, person_id, material.code, on)


def fill_pipeline(tx: Tx, rng: random.Random, sizes: PipelineSizes, group_ids: list[int]) -> PipelineDemo:
    """Make the pipeline; returns whom to score and from when."""
    maker, demo = _Maker(tx, rng, group_ids), PipelineDemo()
    _approve_roster_probationers(maker)
    if len(maker.mentors) < 2:
        return demo
    for index in range(sizes.candidates):
        demo.activists.append(_candidate(maker, index, len(demo.activists)))
    for index in range(sizes.activists):
        demo.activists.append(_activist(maker, index, sizes.activists, len(demo.activists)))
    for index in range(sizes.probationers):
        demo.probationers.append(_probationer(maker, index, len(demo.probationers)))
    for index in range(sizes.applicants):
        demo.applicants.append(_applicant(maker, index))
    for person_id, done in maker.steps.items():
        if Step.APPLIED in done:  # people of the roster have their papers at the township
            maker.papers(person_id)
    return demo


def _approve_roster_probationers(m: _Maker) -> None:
    """Probationers entered from the roster: their 上级党委审批 and 入党宣誓 once those were due."""
    rows = m.tx.session.execute(select(Person.id, Person.joined_on).where(
        Person.stage == Stage.PROBATIONARY, Person.archive_reason.is_(None)).order_by(Person.id)).all()
    for person_id, joined in rows:
        m.steps[person_id] = {}
        approval = joined + timedelta(days=m.rng.randint(20, 40))
        if approval < m.today:
            m.step(person_id, Step.HIGHER_APPROVAL, approval, note="乡镇党委审批同意")
            m.step(person_id, Step.OATH, min(m.today, approval + timedelta(days=m.rng.randint(5, 15))),
                   note="面向党旗进行入党宣誓")


def _applicant(m: _Maker, index: int) -> int:
    """Waiting over a month for the talk / just applied / talked and recommended (two of them)."""
    pattern = index % 4
    applied = m.day((40, 6, 95, 170)[pattern], 10)
    person_id = m.applicant(applied, m.rng.randint(19, 32))
    if pattern >= 2:
        m.step(person_id, Step.TALKED, applied + timedelta(days=m.rng.randint(10, 26)), note="党支部书记与本人谈话")
        m.step(person_id, Step.RECOMMENDED, applied + timedelta(days=m.rng.randint(50, 80)), note="党员推荐")
    return person_id


def _until_activist(m: _Maker, activist_on: date, late_talk: bool = False) -> int:
    """Applied, talked with (once: late, overridden in writing), recommended, made an activist."""
    applied = activist_on - timedelta(days=m.rng.randint(110, 230))
    person_id = m.applicant(applied, m.rng.randint(23, 38))
    talked = applied + timedelta(days=m.rng.randint(38, 45) if late_talk else m.rng.randint(8, 27))
    m.step(person_id, Step.TALKED, talked, note="党支部书记与本人谈话，了解入党动机")
    m.step(person_id, Step.RECOMMENDED, activist_on - timedelta(days=m.rng.randint(20, 40)), note="党员推荐")
    reason = "申请人在外地务工，返乡后即谈话" if late_talk else ""
    m.stage(person_id, "activist", activist_on, Step.ACTIVIST, linked=2, note="支委会研究确定",
            override_reason=reason)
    return person_id


def _reports(m: _Maker, person_id: int, since: date, until: date, skip_current: bool) -> tuple[date, ...]:
    """A 思想汇报 each quarter (in its second month) and a 半年考察 every half year."""
    dates, quarter = [], quarter_of(since)
    current = quarter_of(m.today)
    while quarter.start <= until:
        on = quarter.start + timedelta(days=31 + m.rng.choice((4, 14, 24)))
        if since < on <= until and on <= m.today and not (skip_current and quarter == current):
            m.step(person_id, Step.THOUGHT_REPORT, on, note=f"{quarter.title}思想汇报")
            dates.append(on)
        quarter = quarter_of(quarter.end + timedelta(days=1))
    review = since + timedelta(days=182)
    while review <= min(until, m.today):
        m.step(person_id, Step.HALF_YEAR_REVIEW, review, note="培养联系人考察，表现良好")
        review += timedelta(days=182)
    return tuple(dates)


def _activist(m: _Maker, index: int, count: int, position: int) -> Scored:
    """Three past their year, most trained for months, the last one new this quarter."""
    if index < max(1, count * 3 // 8):
        back = m.rng.randint(380, 560)
    elif index == count - 1 and count > 2:
        back = m.rng.randint(25, 50)
    else:
        back = m.rng.randint(200, 340)
    activist_on = m.day(back)
    person_id = _until_activist(m, activist_on, late_talk=index == count // 2 + 1)
    reports = _reports(m, person_id, activist_on, m.today, skip_current=index % 4 == 3)
    return Scored(person_id, activist_on, position, reports)


def _candidate(m: _Maker, index: int, position: int) -> Scored:
    """Listed as 发展对象: in 公示 after 政审 and training / awaiting 政审 / trained, 公示 next."""
    pattern = index % 3
    candidate_on = m.day((150, 60, 100)[pattern], 10)
    activist_on = candidate_on - timedelta(days=365 + m.rng.randint(20, 70))
    person_id = _until_activist(m, activist_on)
    reports = _reports(m, person_id, activist_on, m.today, skip_current=False)
    m.stage(person_id, "candidate", candidate_on, Step.CANDIDATE, linked=2, note="支委会研究确定，报上级党委备案")
    if pattern == 0:
        _reviewed_and_trained(m, person_id, candidate_on)
        m.step(person_id, Step.PRE_REVIEW, m.day(12), note="乡镇党委预审通过")
        m.step(person_id, Step.PUBLICITY, _workdays_back(m.today, 2), note="在村务公开栏公示")
    elif pattern == 2:
        _reviewed_and_trained(m, person_id, candidate_on)
    return Scored(person_id, activist_on, position, reports)


def _reviewed_and_trained(m: _Maker, person_id: int, candidate_on: date) -> None:
    m.step(person_id, Step.POLITICAL_REVIEW, candidate_on + timedelta(days=m.rng.randint(25, 40)),
           note="政治审查合格（函调、本人档案）")
    start = candidate_on + timedelta(days=m.rng.randint(45, 60))
    m.step(person_id, Step.TRAINING, start, until=start + timedelta(days=2), hours=24, note="乡镇党校发展对象培训班")


def _workdays_back(day: date, n: int) -> date:
    """The working day `n` working days before `day`."""
    while n:
        day -= timedelta(days=1)
        n -= is_workday(day)
    return day


def _probationer(m: _Maker, index: int, position: int) -> Scored:
    """Admitted about a year ago, each step in order; 转正 overdue (the first) or due within 30 days."""
    back = 365 + 20 if index == 0 else 365 - (26, 12)[(index - 1) % 2] - 30 * ((index - 1) // 2)
    back = max(back, 60 + index % 40)  # a large branch has many: none admitted so lately its approval is ahead
    joined = m.day(back)
    candidate_on = joined - timedelta(days=m.rng.randint(95, 140))
    activist_on = candidate_on - timedelta(days=365 + m.rng.randint(15, 60))
    person_id = _until_activist(m, activist_on)
    _reports(m, person_id, activist_on, joined, skip_current=False)
    m.stage(person_id, "candidate", candidate_on, Step.CANDIDATE, linked=2, note="支委会研究确定")
    _reviewed_and_trained(m, person_id, candidate_on)
    start = joined - timedelta(days=16)
    while workday_span_end(start, 5) >= joined:
        start -= timedelta(days=2)
    m.step(person_id, Step.PRE_REVIEW, start - timedelta(days=7), note="乡镇党委预审通过")
    m.step(person_id, Step.PUBLICITY, start, note="在村务公开栏公示，无异议")
    m.stage(person_id, "admit", joined, Step.BRANCH_MEETING, note="支部大会讨论，同意接收为预备党员")
    approval = joined + timedelta(days=m.rng.randint(20, 40))
    m.step(person_id, Step.HIGHER_APPROVAL, approval, note="乡镇党委审批同意")
    m.step(person_id, Step.OATH, approval + timedelta(days=m.rng.randint(5, 15)), note="面向党旗进行入党宣誓")
    due = add_years(joined, 1)
    applied = min(m.today - timedelta(days=1), due - timedelta(days=10))
    if applied >= due - timedelta(days=30):
        m.step(person_id, Step.CONFIRMATION_APPLIED, applied, note="本人提交转正申请书")
    return Scored(person_id, joined, position)

