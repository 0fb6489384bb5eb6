"""The pipeline list, a person's development page and the reminders, on a real database."""

from __future__ import annotations

from datetime import date

import pytest

from models.core.codes import EventKind, Stage, Step
from models.development.operations import set_material, void_step
from models.development.pipeline import development_page, list_pipeline
from models.development.reminders import quarter_bounds, reminders
from models.people.citizen_id import make
from models.people.operations import create_member
from models.people.rules import PersonForm
from tests.conftest import TODAY
from tests.models.development_helpers import (
    applicant,
    at,
    full_member,
    ready_to_admit,
    set_rule,
    stage,
    step,
    to_candidate,
)


def probationer(workspace, name: str, joined: date) -> int:
    form = PersonForm(name=name, citizen_id=make("411323", date(1990, 5, 5), joined.day), stage="probationary",
                      joined_on=joined)
    return workspace.run(create_member, form).value


def found(store, today: date = TODAY) -> dict[tuple[str, str], object]:
    with store.read() as session:
        return {(r.name, r.kind): r for r in reminders(session, today)}


def test_quarter_bounds():
    assert quarter_bounds(date(2026, 9, 30)) == (date(2026, 7, 1), date(2026, 9, 30))
    assert quarter_bounds(date(2026, 10, 1)) == (date(2026, 10, 1), date(2026, 12, 31))
    assert quarter_bounds(date(2024, 2, 29)) == (date(2024, 1, 1), date(2024, 3, 31))


def test_talk_overdue_after_a_month_to_the_day(store, workspace):
    applicant(workspace, "甲", applied=date(2026, 10, 22))  # deadline 11-22 = today: not yet over
    applicant(workspace, "乙", applied=date(2026, 10, 21))
    talked = applicant(workspace, "丙", applied=date(2026, 9, 1))
    step(workspace, talked, Step.TALKED, date(2026, 9, 5))
    reminded = found(store)
    assert ("甲", "talk") not in reminded and ("丙", "talk") not in reminded
    late = reminded[("乙", "talk")]
    assert late.overdue and late.due_on == date(2026, 11, 21) and "超过1个月还没有谈话" in late.message
    set_rule(workspace, "talk_within", enabled=False)
    assert ("乙", "talk") not in found(store)


def activist_since(store, name: str, since: date, report: date | None = None) -> int:
    ws = at(store, max(since, report or since))
    person_id = applicant(ws, name, applied=date(2023, 1, 10))
    stage(ws, person_id, "activist", since, override_reason="补录")
    if report:
        step(ws, person_id, Step.THOUGHT_REPORT, report)
    return person_id


def test_thought_reports_count_in_their_own_quarter(store):
    activist_since(store, "甲", date(2026, 6, 1), report=date(2026, 9, 30))
    assert ("甲", "thought_report") not in found(store, date(2026, 9, 30))
    on_first = found(store, date(2026, 10, 1))[("甲", "thought_report")]
    assert on_first.due_on == date(2026, 12, 31) and not on_first.overdue and "2026年第4季度" in on_first.message
    activist_since(store, "乙", date(2026, 6, 1), report=date(2026, 10, 1))
    assert ("乙", "thought_report") not in found(store, date(2026, 10, 1))


def test_activists_past_one_year_are_eligible(store):
    activist_since(store, "整一年", date(2025, 11, 22))
    activist_since(store, "差一天", date(2025, 11, 23))
    activist_since(store, "闰日", date(2024, 2, 29))
    reminded = found(store)
    assert reminded[("整一年", "eligible")].due_on == date(2026, 11, 22)
    assert ("差一天", "eligible") not in reminded
    assert reminded[("闰日", "eligible")].due_on == date(2025, 2, 28)


def test_a_running_publicity_is_shown_until_it_ends(store):
    person_id = to_candidate(store)
    ws = at(store, date(2026, 9, 28))
    step(ws, person_id, Step.PUBLICITY, date(2026, 9, 28))
    assert found(store, date(2026, 10, 9))[("李明", "publicity")].due_on == date(2026, 10, 9)
    assert ("李明", "publicity") not in found(store, date(2026, 10, 10))


def test_confirmation_due_within_30_days_or_overdue(store, workspace):
    probationer(workspace, "三十天", date(2025, 12, 22))
    probationer(workspace, "三十一天", date(2025, 12, 23))
    probationer(workspace, "逾期", date(2025, 11, 1))
    reminded = found(store)
    due = reminded[("三十天", "confirmation")]
    assert due.due_on == date(2026, 12, 22) and not due.overdue and "还有30天" in due.message
    assert ("三十一天", "confirmation") not in reminded
    overdue = reminded[("逾期", "confirmation")]
    assert overdue.overdue and "逾期21天" in overdue.message
    assert reminded[("逾期", "approval")].overdue  # no 上级审批 on record, three months are long over
    with store.read() as session:
        ordered = reminders(session, TODAY)
    assert all(r.overdue for r in ordered[:3]) and not ordered[-1].overdue
    set_rule(workspace, "probation_years", enabled=False)
    assert not any(kind == "confirmation" for _, kind in found(store))


def test_the_pipeline_lists_stages_dates_and_due(store, workspace):
    applicant(workspace, "申请人甲", applied=date(2026, 10, 1))
    activist_since(store, "积极分子乙", date(2026, 3, 1))
    candidate = to_candidate(store, "发展对象丙")
    probationer(workspace, "预备党员丁", date(2025, 11, 1))
    full_member(workspace, "正式党员戊")
    gone = applicant(workspace, "已取消己")
    stage(workspace, gone, "disqualify", date(2026, 11, 1), note="本人撤回")
    with store.read() as session:
        rows = {r.name: r for r in list_pipeline(session, TODAY)}
        assert set(rows) == {"申请人甲", "积极分子乙", "发展对象丙", "预备党员丁"}
        assert [r.name for r in list_pipeline(session, TODAY, stage=Stage.CANDIDATE)] == ["发展对象丙"]
        assert [r.name for r in list_pipeline(session, TODAY, text="jjfz")] == ["积极分子乙"]
    first = rows["申请人甲"]
    assert (first.stage, first.applied_on, first.due, first.overdue) == (Stage.APPLICANT, date(2026, 10, 1), "谈话", True)
    assert rows["积极分子乙"].activist_on == date(2026, 3, 1)
    assert rows["发展对象丙"].candidate_on == date(2024, 3, 1) and rows["发展对象丙"].due == "政治审查"
    assert rows["发展对象丙"].id == candidate
    fourth = rows["预备党员丁"]
    assert (fourth.joined_on, fourth.overdue) == (date(2025, 11, 1), True) and fourth.due in ("转正", "上级党委审批")


def test_pipeline_scores_come_from_this_quarters_ranking(store, workspace):
    ranking = pytest.importorskip("models.scoring.ranking")
    activist_since(store, "积极分子乙", date(2026, 3, 1))
    with store.read() as session:
        [row] = list_pipeline(session, TODAY)
        ranked = {r.person_id: (r.total, r.rank) for r in ranking.ranking(session, "2026Q4", "activists", TODAY)}
    assert (row.score, row.rank) == ranked.get(row.id, (None, None))


def test_the_page_shows_steps_by_stage_with_who_and_overrides(store, workspace):
    contact = full_member(workspace, "王建国")
    ws = at(store, date(2024, 3, 1))
    person_id = applicant(ws)
    talk = step(ws, person_id, Step.TALKED, date(2023, 1, 15))
    ws.run(void_step, talk, "日期记错")
    step(ws, person_id, Step.TALKED, date(2023, 1, 20))
    stage(ws, person_id, "activist", date(2023, 3, 1), related_person_ids=(contact,))
    stage(ws, person_id, "candidate", date(2023, 12, 1), override_reason="乡镇党委同意提前")
    workspace.run(set_material, person_id, "application", date(2023, 1, 10))
    with store.read() as session:
        page = development_page(session, person_id, TODAY)
    titles = [title for title, _ in page.phases]
    assert titles == ["申请入党", "入党积极分子的确定和培养教育", "发展对象的确定和考察", "预备党员的接收",
                      "预备党员的教育考察和转正"]
    steps = {(row.step, row.on): row for _, rows in page.phases for row in rows}
    assert steps[(Step.TALKED, date(2023, 1, 15))].voided and steps[(Step.TALKED, date(2023, 1, 15))].void_reason == "日期记错"
    assert not steps[(Step.TALKED, date(2023, 1, 20))].voided
    assert steps[(Step.CONTACTS, date(2023, 3, 1))].related_name == "王建国"
    candidate = steps[(Step.CANDIDATE, date(2023, 12, 1))]
    assert candidate.override_reason == "乡镇党委同意提前" and candidate.recorded_by == "测试员"
    assert steps[(Step.POLITICAL_REVIEW, None)].id is None  # not yet recorded
    assert steps[(EventKind.CONFIRMED, None)].id is None
    materials = {m.code: m for m in page.materials}
    assert materials["application"].received_on == date(2023, 1, 10) and materials["application"].needed
    assert materials["political_review"].needed and not materials["approval"].needed
    assert [f.rule for f in page.findings] == ["review_valid", "training_days", "publicity_days"]


def test_the_page_of_a_person_ready_for_the_meeting_has_no_findings(store):
    person_id = ready_to_admit(store)
    with store.read() as session:
        assert development_page(session, person_id, date(2024, 5, 20)).findings == []


def test_a_member_entered_in_the_roster_shows_the_join_date_for_the_branch_meeting(store, workspace):
    person_id = probationer(workspace, "刘预备", date(2026, 7, 1))
    with store.read() as session:
        page = development_page(session, person_id, TODAY)
    [meeting] = [row for title, rows in page.phases if title == "预备党员的接收" for row in rows
                 if row.step in (Step.BRANCH_MEETING, EventKind.JOINED)]
    assert (meeting.step, meeting.on) == (EventKind.JOINED, date(2026, 7, 1))
    assert [f.rule for f in page.findings] == ["approval_within", "probation_years"]


def test_the_list_and_its_reminders_read_together_are_what_each_reads_alone(demo_branch):
    """The 发展党员 tab reads both with one reading of the histories (pipeline_and_reminders)."""
    from models.development.pipeline import pipeline_and_reminders

    store = demo_branch(40)
    with store.read() as session:
        for stage, text in ((None, ""), (Stage.ACTIVIST.value, ""), (None, "w")):
            rows, due = pipeline_and_reminders(session, TODAY, stage, text)
            assert rows == list_pipeline(session, TODAY, stage, text)
            assert due == reminders(session, TODAY) and due
        assert any(row.stage == Stage.PROBATIONARY for row in list_pipeline(session, TODAY))
