"""A village branch's development pipeline as the 发展党员 tab meets it: applicants (one waiting too
long for the talk), activists with a year of quarterly scores, targets, probationary members with
转正 due and overdue — entered through the operations, on top of tests/views/conftest.seed."""

from __future__ import annotations

from datetime import date

from models.core.codes import Step
from models.development.forms import ApplicantForm, StageChange, StepForm
from models.development.operations import change_stage, record_step, register_applicant, set_material
from models.people.citizen_id import make
from models.people.roster import MemberFilter, list_members
from models.scoring.catalogue import list_rules
from models.scoring.entries import EntryForm, add_entries
from models.scoring.periods import quarters_of

REASON = "演示数据（按当时会议记录补录）"
# name, birth, stage reached, applied, activist, candidate, admitted
PEOPLE = (
    ("刘晓燕", date(1998, 3, 2), "applicant", date(2026, 9, 1), None, None, None),
    ("陈志远", date(2001, 7, 9), "applicant", date(2026, 11, 3), None, None, None),
    ("欧阳建华", date(1995, 4, 2), "activist", date(2024, 10, 8), date(2025, 3, 12), None, None),
    ("马春梅", date(1992, 12, 1), "activist", date(2025, 1, 6), date(2025, 6, 20), None, None),
    ("黄海波", date(1999, 5, 15), "activist", date(2025, 9, 2), date(2026, 3, 18), None, None),
    ("周婷", date(2000, 2, 28), "activist", date(2025, 10, 10), date(2026, 4, 8), None, None),
    ("阿依古丽·买买提", date(1997, 8, 8), "activist", date(2025, 6, 1), date(2025, 12, 5), None, None),
    ("孙立军", date(1990, 6, 6), "candidate", date(2023, 9, 1), date(2024, 3, 10), date(2025, 6, 18), None),
    ("何佳", date(1996, 10, 21), "candidate", date(2023, 11, 2), date(2024, 5, 6), date(2025, 9, 9), None),
    ("赵磊", date(1994, 1, 19), "probationary", date(2022, 9, 1), date(2023, 3, 1), date(2024, 6, 1),
     date(2025, 11, 10)),
    ("吴晓丽", date(1993, 9, 30), "probationary", date(2022, 10, 1), date(2023, 4, 1), date(2024, 7, 1),
     date(2025, 12, 12)),
)


def fill(workspace) -> dict[str, int]:
    """Enter the pipeline and a year of scores; returns name -> person id."""
    with workspace.read() as session:
        members = {r.name: r.id for r in list_members(session, MemberFilter(stage="full"), workspace.today())}
    contacts = tuple(members.values())[:2]
    ids = {}
    for serial, (name, birth, stage, applied, activist, candidate, admitted) in enumerate(PEOPLE, start=40):
        form = ApplicantForm(name=name, citizen_id=make("411323", birth, serial), applied_on=applied,
                             phone=f"1380000{serial:04d}", address="红旗村二组")
        person = ids[name] = workspace.run(register_applicant, form).value
        if stage == "applicant" and applied.month == 11:
            workspace.run(record_step, person, StepForm(Step.TALKED, date(2026, 11, 18), note="支部书记谈话"))
        workspace.run(set_material, person, "application", applied)
        if activist:
            workspace.run(record_step, person, StepForm(Step.TALKED, min(activist, applied.replace(day=28))))
            workspace.run(change_stage, person, StageChange("activist", activist, override_reason=REASON,
                                                            related_person_ids=contacts))
        if candidate:
            workspace.run(change_stage, person, StageChange("candidate", candidate, override_reason=REASON,
                                                            related_person_ids=contacts))
            workspace.run(record_step, person, StepForm(Step.POLITICAL_REVIEW, candidate, note="政审合格"))
        if admitted:
            workspace.run(change_stage, person, StageChange("admit", admitted, override_reason=REASON))
    _scores(workspace, ids, {**members, **ids})
    return ids


def _scores(workspace, pipeline: dict[str, int], everyone: dict[str, int]) -> None:
    """Four quarters of entries: thought reports, 主题党日, volunteering, one deduction, one veto-free year."""
    with workspace.read() as session:
        rules = {r.code: r.id for r in list_rules(session, active_only=True)}
    activists = [pid for name, pid in pipeline.items() if name not in ("刘晓燕", "陈志远", "赵磊", "吴晓丽")]
    members = [pid for name, pid in everyone.items() if name not in pipeline or name in ("赵磊", "吴晓丽")]
    for quarter in quarters_of(2026):
        day = quarter.start.replace(day=10)
        if day > workspace.today():
            break
        workspace.run(add_entries, EntryForm(tuple(activists), rules["JC03"], day, f"{day.month}月主题党日"))
        workspace.run(add_entries, EntryForm(tuple(members), rules["JC03"], day, f"{day.month}月主题党日"))
        workspace.run(add_entries, EntryForm(tuple(activists[::2]), rules["JC01"], day, "季度思想汇报"))
        workspace.run(add_entries, EntryForm(tuple(activists[1:4]), rules["JF01"], day, "村道义务清扫"))
        workspace.run(add_entries, EntryForm(tuple(activists[:2]), rules["JF02"], day, "防汛值守"))
        workspace.run(add_entries, EntryForm(tuple(members[:2]), rules["JF05"], day, "带头发展产业"))
    workspace.run(add_entries, EntryForm((activists[-1],), rules["KF01"], date(2026, 10, 20), "无故缺席党课"))
