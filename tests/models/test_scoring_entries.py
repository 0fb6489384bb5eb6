"""Score entries: caps, voids, approvals, batches (all or nothing), audit, posted periods, adjustments."""

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from models.core.codes import ArchiveReason, Audience, ScoreCategory, Stage
from models.core.errors import NotFound, ValidationError
from models.people.entities import Person
from models.people.operations import archive_member
from models.people.rules import ArchiveForm
from models.scoring import quarter_totals
from models.scoring.catalogue import RuleForm, add_rule
from models.scoring.entities import ScoreEntry, ScoreTally
from models.scoring.entries import (
    EntryForm,
    PeriodLocked,
    PostingForm,
    add_entries,
    adjust,
    approve_entries,
    cap_notes,
    entries_for,
    pending_entries,
    post_period,
    void_entry,
)
from models.scoring.postings import list_postings
from models.scoring.ranking import is_posted
from models.scoring.scores import period_scores
from models.scoring.tally import differences
from models.settings.values import get_settings, update_settings
from models.workspace import Permission, Tx, operation
from models.workspace.audit import AuditFilter, count_audit, list_audit
from models.workspace.entities import AuditEntry
from tests.models.scoring_fixtures import activist, member, names, rule, score

Q4 = "2026Q4"


def counted(workspace, person_id, period=Q4):
    with workspace.read() as session:
        return [(e.on.day, e.points, e.counted, e.voided, e.status) for e in entries_for(session, person_id, period)]


def total(workspace, person_id, period=Q4, audience=Audience.ACTIVISTS):
    with workspace.read() as session:
        found = period_scores(session, period, audience, [person_id])
    return found[person_id].total if person_id in found else None


def snapshot(store):
    """Everything an entry operation could change: entries (all columns), the tally, the audit count."""
    with store.read() as session:
        rows = session.execute(select(ScoreEntry.__table__)).all()
        return rows, session.execute(select(ScoreTally.__table__)).all(), count_audit(session, AuditFilter())


@pytest.fixture(autouse=True)
def tally_agrees(store):
    """After every test here, whatever it did: the score tally is exactly what the entries add up to,
    and the quarter totals what the tally adds up to."""
    yield
    with store.read() as session:
        assert differences(session) == [] and quarter_totals.differences(session) == []


def require_approval(workspace, on=True):
    with workspace.read() as session:
        settings = get_settings(session)
    workspace.run(update_settings, replace(settings, scoring=replace(settings.scoring, approval_required=on)))


@pytest.fixture
def four_point_rule(workspace):
    """4 points, at most 10 a quarter: the third entry straddles the cap."""
    return workspace.run(add_rule, RuleForm("JF06", ScoreCategory.BONUS, "帮扶困难群众", 4, 10)).value


def test_entries_beyond_the_cap_are_kept_and_count_up_to_it(workspace, four_point_rule):
    person = activist(workspace, "王建国")
    for day in (3, 10, 17, 24):
        workspace.run(add_entries, EntryForm((person,), four_point_rule, date(2026, 10, day), "帮扶"))
    assert [(d, p, c) for d, p, c, *_ in counted(workspace, person)] == [(3, 4, 4), (10, 4, 4), (17, 4, 2), (24, 4, 0)]
    assert total(workspace, person) == 70  # 60 + the cap of 10
    with workspace.read() as session:
        notes = [e.cap_note for e in entries_for(session, person, Q4)]
    assert notes[:2] == ["", ""] and "只计2分" in notes[2] and "只计0分" in notes[3]


def test_back_dated_entry_takes_the_cap_in_date_order_then_id(workspace, four_point_rule):
    person = activist(workspace, "王建国")
    for day in (20, 10, 10):  # two entries on the same day: the earlier id counts first
        workspace.run(add_entries, EntryForm((person,), four_point_rule, date(2026, 10, day), "帮扶"))
    assert [(d, c) for d, _, c, *_ in counted(workspace, person)] == [(10, 4), (10, 4), (20, 2)]
    workspace.run(add_entries, EntryForm((person,), four_point_rule, date(2026, 10, 1), "帮扶"))
    assert [(d, c) for d, _, c, *_ in counted(workspace, person)] == [(1, 4), (10, 4), (10, 2), (20, 0)]
    assert total(workspace, person) == 70


def test_the_cap_is_per_quarter(workspace):
    person = activist(workspace, "王建国")
    for on in (date(2026, 9, 20), date(2026, 9, 28), date(2026, 10, 2), date(2026, 10, 9)):
        score(workspace, person, "JC01", on)  # 思想汇报 5, at most 5 a quarter
    assert (total(workspace, person, "2026Q3"), total(workspace, person)) == (65, 65)


def test_entry_past_the_cap_gets_a_note_when_made(workspace):
    people = [activist(workspace, name) for name in ("王建国", "李芳", "张伟")]
    jc03 = rule(workspace, "JC03")  # 主题党日 2, at most 6
    score(workspace, people[0], "JC03", date(2026, 10, 1))
    score(workspace, people[0], "JC03", date(2026, 10, 8))
    score(workspace, people[0], "JC03", date(2026, 10, 15))
    score(workspace, people[1], "JC03", date(2026, 10, 15))
    with workspace.read() as session:
        assert cap_notes(session, people, jc03, date(2026, 11, 5)).keys() == {people[0]}
        assert cap_notes(session, people, jc03, date(2026, 12, 5)).keys() == {people[0]}
        assert cap_notes(session, people, jc03, date(2027, 1, 5)) == {}
    result = workspace.run(add_entries, EntryForm(tuple(people), jc03, date(2026, 11, 5), "11月主题党日")).value
    assert len(result.ids) == 3 and set(result.notes) == {people[0]}
    assert "“王建国”本季度“参加主题党日”已记满6分" in result.notes[people[0]] and "保留" in result.notes[people[0]]


def test_void_keeps_the_entry_visible_and_stops_it_counting(store, workspace):
    person = activist(workspace, "王建国")
    ids = [score(workspace, person, "JC03", date(2026, 10, d)).ids[0] for d in (1, 8, 15, 22)]
    workspace.run(void_entry, ids[0], "当天请假，误记")
    rows = counted(workspace, person)
    assert rows[0][2:4] == (0, True) and [r[2] for r in rows[1:]] == [2, 2, 2]  # the fourth now counts
    assert total(workspace, person) == 66
    with workspace.read() as session:
        first = entries_for(session, person, Q4)[0]
        [row] = list_audit(session, AuditFilter(operation="scoring.void"))
    assert (first.void_reason, first.voided) == ("当天请假，误记", True)
    assert row.changes["void_reason"] == ["", "当天请假，误记"] and "王建国" in row.summary
    before = snapshot(store)
    with pytest.raises(ValidationError, match="已于.*作废"):
        workspace.run(void_entry, ids[0], "再作废一次")
    with pytest.raises(ValidationError, match="请填写作废原因"):
        workspace.run(void_entry, ids[1], "  ")
    with pytest.raises(NotFound):
        workspace.run(void_entry, 9999, "没有这条")
    assert snapshot(store) == before


def test_pending_entries_count_only_once_approved(store, workspace):
    person = activist(workspace, "王建国")
    score(workspace, person, "JF01", date(2026, 10, 3))
    require_approval(workspace)
    pending = score(workspace, person, "JF02", date(2026, 10, 9)).ids
    assert total(workspace, person) == 62
    with workspace.read() as session:
        assert period_scores(session, Q4, Audience.ACTIVISTS)[person].pending == 1
        assert [e.id for e in pending_entries(session)] == list(pending)
    assert counted(workspace, person)[1][2:] == (0, False, "pending")
    assert workspace.run(approve_entries, list(pending)).value == 1
    assert total(workspace, person) == 67
    assert workspace.run(approve_entries, list(pending)).value == 0  # already approved: left as is
    with workspace.read() as session:
        [row] = list_audit(session, AuditFilter(operation="scoring.approve"))
        assert pending_entries(session) == [] and row.changes == {"status": ["待支委会审核", "已生效"]}


def test_approving_a_voided_entry_is_refused(store, workspace):
    person = activist(workspace, "王建国")
    require_approval(workspace)
    [entry] = score(workspace, person, "JF01", date(2026, 10, 3)).ids
    workspace.run(void_entry, entry, "误记")
    with pytest.raises(ValidationError, match="已作废，不能审核"):
        workspace.run(approve_entries, [entry])


def test_rule_for_activists_is_refused_for_a_member_naming_the_person(store, workspace):
    person = member(workspace, "王建国")
    before = snapshot(store)
    with pytest.raises(ValidationError) as refused:
        score(workspace, person, "JC01", date(2026, 10, 3))
    assert "“王建国”是正式党员，规则“按时提交思想汇报”只适用于入党积极分子" in str(refused.value)
    assert snapshot(store) == before


@pytest.mark.parametrize(("form", "field", "words"), [
    (EntryForm((), None, None, ""), "person_ids", "请选择要记分的人员"),
    (EntryForm((1,), None, date(2026, 10, 1), "x"), "rule_id", "请选择积分规则"),
    (EntryForm((1,), 1, None, "x"), "on", "请填写日期"),
    (EntryForm((1,), 1, date(2026, 11, 23), "x"), "on", "不能晚于今天"),
    (EntryForm((1,), 1, date(2026, 10, 1), " "), "reason", "请填写事由"),
])
def test_incomplete_entry_form_is_refused(workspace, form, field, words):
    activist(workspace, "王建国")
    with pytest.raises(ValidationError) as refused:
        workspace.run(add_entries, form)
    assert words in refused.value.errors[field]


def test_batch_of_thirty_is_one_operation_with_its_audit_rows(store, workspace):
    people = ([activist(workspace, name) for name in names("王", 15)]
              + [member(workspace, name) for name in names("李", 15)])
    outcome = workspace.run(add_entries, EntryForm(tuple(people), rule(workspace, "JC03"), date(2026, 10, 20),
                                                   "10月主题党日"))
    assert len(outcome.value.ids) == 30 and outcome.changes.ids("score_entry") == frozenset(outcome.value.ids)
    with workspace.read() as session:
        rows = list_audit(session, AuditFilter(operation="scoring.add"))
        audit_runs = set(session.scalars(select(AuditEntry.run_id).where(AuditEntry.operation == "scoring.add")))
        runs = set(session.scalars(select(ScoreEntry.run_id)))
    assert len(rows) == 30 and len(audit_runs) == 1 and runs == audit_runs
    assert {r.entity for r in rows} == {"score_entry"} and rows[0].changes["reason"] == "10月主题党日"


@operation("test.scoring_set_stage", Permission.MEMBERS_EDIT, "测试：改人员类别")
def _set_stage(tx: Tx, person_id: int, stage: str) -> None:
    tx.session.get(Person, person_id).stage = stage


@pytest.mark.parametrize("spoiler", ["archived", "member", "missing", "duplicate"])
def test_batch_of_thirty_fails_whole_when_one_person_fails(store, workspace, spoiler):
    people = [activist(workspace, name) for name in names("王", 30)]
    bad, name = people[-1], names("王", 30)[-1]
    if spoiler == "archived":
        workspace.run(_set_stage, bad, Stage.FULL)
        workspace.run(archive_member, bad, ArchiveForm(ArchiveReason.DECEASED, date(2026, 10, 1)))
    elif spoiler == "member":
        workspace.run(_set_stage, bad, Stage.PROBATIONARY)
    elif spoiler == "missing":
        people[-1] = 9999
    else:
        people[-1] = people[0]
    before = snapshot(store)
    form = EntryForm(tuple(people), rule(workspace, "JC01"), date(2026, 10, 20), "思想汇报")
    if spoiler == "duplicate":  # the same person twice is one entry, not a refusal
        assert len(workspace.run(add_entries, form).value.ids) == 29
        return
    with pytest.raises(ValidationError) as refused:
        workspace.run(add_entries, form)
    expected = {"archived": f"“{name}”已归档（去世），不能再记分",
                "member": f"“{name}”是预备党员，规则“按时提交思想汇报”只适用于入党积极分子",
                "missing": "找不到编号为 9999 的人员"}[spoiler]
    assert expected in str(refused.value)
    assert snapshot(store) == before


def post_q3(workspace, audience=Audience.ACTIVISTS, period="2026Q3"):
    return workspace.run(post_period, PostingForm(period, audience, date(2026, 10, 8), date(2026, 10, 14),
                                                  "村务公开栏")).value


def test_posted_quarter_refuses_new_entries_and_voids(store, workspace):
    person = activist(workspace, "王建国")
    a_member = member(workspace, "李芳")
    [entry] = score(workspace, person, "JF01", date(2026, 9, 10)).ids
    [member_entry] = score(workspace, a_member, "JF01", date(2026, 9, 10)).ids
    post_q3(workspace)
    before = snapshot(store)
    with pytest.raises(PeriodLocked) as refused:
        score(workspace, person, "JF02", date(2026, 9, 12))
    assert "2026年第三季度的积分已于2026年10月8日公示" in str(refused.value) and "“调整”" in str(refused.value)
    with pytest.raises(PeriodLocked, match="不能再作废"):
        workspace.run(void_entry, entry, "误记")
    assert snapshot(store) == before
    workspace.run(void_entry, member_entry, "误记")  # members' Q3 is not posted
    score(workspace, a_member, "JF02", date(2026, 9, 12))
    score(workspace, person, "JF02", date(2026, 10, 12))  # Q4 is open


def test_posted_year_locks_its_quarters(workspace):
    a_member = member(workspace, "李芳")
    post_q3(workspace, Audience.MEMBERS, "2026")
    with pytest.raises(PeriodLocked, match="2026年度的积分"):
        score(workspace, a_member, "JF01", date(2026, 3, 10))


def test_posted_quarter_refuses_approval(store, workspace):
    person = activist(workspace, "王建国")
    require_approval(workspace)
    [entry] = score(workspace, person, "JF01", date(2026, 9, 10)).ids
    with pytest.raises(ValidationError, match="还有1条待审核的积分记录"):
        post_q3(workspace)
    post_q3(workspace, Audience.MEMBERS)  # members had nothing pending
    workspace.run(_set_stage, person, Stage.PROBATIONARY)  # promoted: the pending entry is now a member's
    with pytest.raises(PeriodLocked, match="不能再审核"):
        workspace.run(approve_entries, [entry])


def test_posting_is_recorded_once_and_checked(store, workspace):
    posting = post_q3(workspace)
    with workspace.read() as session:
        [row] = list_audit(session, AuditFilter(operation="scoring.post"))
    assert row.entity_id == posting and row.changes["period"] == "2026Q3" and "公示" in row.summary
    with workspace.read() as session:
        found = is_posted(session, "2026Q3", Audience.ACTIVISTS)
        assert is_posted(session, "2026Q3", Audience.MEMBERS) is None
        assert [p.id for p in list_postings(session)] == [posting]
    assert (found.id, found.posted_from, found.posted_to, found.note, found.title) == (
        posting, date(2026, 10, 8), date(2026, 10, 14), "村务公开栏", "2026年第三季度")
    with pytest.raises(ValidationError, match="不能重复公示"):
        post_q3(workspace)
    bad = [PostingForm("2026Q9", Audience.ACTIVISTS, date(2026, 10, 8), date(2026, 10, 14)),
           PostingForm("2026Q2", Audience.ACTIVISTS, date(2026, 10, 8), date(2026, 10, 1)),
           PostingForm("2026Q4", Audience.ACTIVISTS, date(2026, 9, 8), date(2026, 10, 1)),
           PostingForm("2026Q2", Audience.BOTH, date(2026, 7, 8), date(2026, 7, 14))]
    for form, field in zip(bad, ("period", "posted_to", "posted_from", "audience"), strict=True):
        with pytest.raises(ValidationError) as refused:
            workspace.run(post_period, form)
        assert field in refused.value.errors


def test_adjust_offsets_a_posted_entry_today_and_leaves_the_posted_score(store, workspace):
    person = activist(workspace, "王建国")
    ids = [score(workspace, person, "JC03", date(2026, 9, d)).ids[0] for d in (1, 8, 15, 22)]
    assert total(workspace, person, "2026Q3") == 66
    post_q3(workspace)
    with pytest.raises(ValidationError, match="超出上限或未生效"):
        workspace.run(adjust, ids[3], "误记")  # counted nothing
    outcome = workspace.run(adjust, ids[0], "9月1日未参加，误记")
    with workspace.read() as session:
        [offset] = [e for e in entries_for(session, person, Q4) if e.adjusts_id == ids[0]]
        [row] = list_audit(session, AuditFilter(operation="scoring.adjust"))
    assert (offset.id, offset.on, offset.points, offset.counted) == (outcome.value, date(2026, 11, 22), -2, -2)
    assert row.entity_id == offset.id and ids[0] in outcome.changes.ids("score_entry")
    assert (total(workspace, person, "2026Q3"), total(workspace, person)) == (66, 58)
    with pytest.raises(ValidationError, match="已于2026年11月22日调整过"):
        workspace.run(adjust, ids[0], "再调整")
    with pytest.raises(ValidationError, match="本身是调整记录"):
        workspace.run(adjust, offset.id, "再调整")
    workspace.run(void_entry, offset.id, "调整错了")  # the correction itself is in the open Q4
    assert total(workspace, person) == 60


def test_adjust_is_only_for_posted_periods_and_not_for_veto(workspace):
    person = activist(workspace, "王建国")
    [open_entry] = score(workspace, person, "JF01", date(2026, 10, 10)).ids
    with pytest.raises(ValidationError, match="还没有公示，请直接作废"):
        workspace.run(adjust, open_entry, "误记")
    [veto] = score(workspace, person, "FJ01", date(2026, 9, 10)).ids
    post_q3(workspace)
    with pytest.raises(ValidationError, match="一票否决"):
        workspace.run(adjust, veto, "误记")
    with pytest.raises(ValidationError, match="请填写调整原因"):
        workspace.run(adjust, veto, "")


def test_entries_are_never_deleted(store, workspace):
    person = activist(workspace, "王建国")
    [entry] = score(workspace, person, "JF01", date(2026, 10, 10)).ids
    workspace.run(void_entry, entry, "误记")
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(ScoreEntry)) == 1
