"""The demo's pipeline and scores: realistic, in order, every band reached, a posted quarter locked,
made through the operations, deterministic and quick."""

import time
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from models.core.codes import Audience, EventKind, Stage, Step
from models.core.dates import add_years
from models.demo import fill_demo
from models.demo.development import pipeline_sizes
from models.development.history import histories
from models.development.pipeline import list_pipeline
from models.development.reminders import reminders
from models.people import roster as people
from models.people.entities import Person, PersonEvent
from models.scoring.entities import ScoreEntry, ScoreRule
from models.scoring.entries import EntryForm, PeriodLocked, add_entries
from models.scoring.periods import quarter_of
from models.scoring.ranking import is_posted, ranking, stars
from models.storage.store import Store
from models.workspace import Workspace
from models.workspace.audit import AuditFilter, list_audit
from tests.conftest import TEST_ACTOR, TODAY

LAST_QUARTER = quarter_of(quarter_of(TODAY).start - timedelta(days=1))  # 2026Q3
FILL_SECONDS: dict[str, float] = {}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """One demo database of the default size, made on TODAY (module-wide: it is only read)."""
    store = Store(tmp_path_factory.mktemp("demo") / "demo.db")
    started = time.process_time()
    Workspace(store, TEST_ACTOR, today=lambda: TODAY).run(fill_demo, 60)
    FILL_SECONDS["demo"] = time.process_time() - started
    yield store
    store.close()


def test_the_demo_stays_quick_and_keeps_60_members(demo):
    assert FILL_SECONDS["demo"] < 8  # CPU seconds; "well under 10 s" on an old PC as well
    with demo.read() as session:
        assert people.count_members(session) == 60  # the pipeline's probationers are among them


def test_every_stage_of_the_pipeline_is_there(demo):
    with demo.read() as session:
        rows = list_pipeline(session, TODAY)
    by_stage = Counter(r.stage for r in rows)
    sizes = pipeline_sizes(60)
    assert (by_stage[Stage.APPLICANT], by_stage[Stage.ACTIVIST], by_stage[Stage.CANDIDATE]) == (
        sizes.applicants, sizes.activists, sizes.candidates) == (4, 8, 3)
    assert by_stage[Stage.PROBATIONARY] >= sizes.probationers == 3  # with those entered from the roster
    assert all(r.score is not None for r in rows if r.stage in (Stage.ACTIVIST, Stage.CANDIDATE))


def test_the_reminders_show_what_a_branch_has_to_do(demo):
    with demo.read() as session:
        found = reminders(session, TODAY)
    kinds = Counter((r.kind, r.overdue) for r in found)
    assert kinds[("talk", True)] == 1  # an applicant waiting over a month for the talk
    assert kinds[("confirmation", True)] == 1  # 转正 overdue
    assert kinds[("confirmation", False)] >= 2  # 转正 due within 30 days
    assert kinds[("publicity", False)] == 1  # a development target's 公示 running
    assert kinds[("eligible", False)] >= 3  # activists past their year
    assert kinds[("thought_report", False)] >= 1  # no 思想汇报 yet this quarter
    assert not kinds[("approval", True)]  # every probationer's 上级审批 is on record


ORDER = (Step.APPLIED, Step.TALKED, Step.RECOMMENDED, Step.ACTIVIST, Step.CANDIDATE, Step.POLITICAL_REVIEW,
         Step.TRAINING, Step.PRE_REVIEW, Step.PUBLICITY, Step.BRANCH_MEETING, Step.HIGHER_APPROVAL, Step.OATH,
         Step.CONFIRMATION_APPLIED)


def test_each_persons_steps_are_dated_in_order_and_linked_to_full_members(demo):
    with demo.read() as session:
        pipeline = {p.id: p for p in session.scalars(select(Person).where(Person.stage != Stage.FULL))}
        found = histories(session, list(pipeline))
        stages = dict(session.execute(select(Person.id, Person.stage)).all())
    admitted = 0
    for person_id, history in found.items():
        if history.first_on(Step.APPLIED) is None:
            continue  # a probationer entered from the roster: only 审批 and 宣誓 recorded
        dates = [history.first_on(step) for step in ORDER if history.first_on(step) is not None]
        assert dates == sorted(dates), pipeline[person_id].name
        assert history.first_on(Step.APPLIED) >= add_years(pipeline[person_id].birth_date, 18)
        for event in history.all(Step.CONTACTS) + history.all(Step.INTRODUCERS):
            assert stages[event.related_person_id] == Stage.FULL
        if history.first_on(Step.BRANCH_MEETING):
            admitted += 1
            assert pipeline[person_id].joined_on == history.first_on(Step.BRANCH_MEETING)
            assert history.first_on(EventKind.JOINED) == pipeline[person_id].joined_on
            publicity = history.last(Step.PUBLICITY)
            assert publicity.until < pipeline[person_id].joined_on  # 公示 over before the 支部大会
            assert len(history.all(Step.INTRODUCERS)) == 2
    assert admitted == 3


def test_one_rule_was_overridden_and_its_reason_is_kept(demo):
    with demo.read() as session:
        overridden = session.execute(select(PersonEvent.kind, PersonEvent.override_reason)
                                     .where(PersonEvent.override_reason != "")).all()
    assert overridden == [(Step.ACTIVIST, "申请人在外地务工，返乡后即谈话")]


def test_the_last_full_quarter_reaches_every_band_with_a_tie_and_a_flag(demo):
    with demo.read() as session:
        rows = ranking(session, LAST_QUARTER.code, Audience.ACTIVISTS, today=TODAY)
    assert {r.band for r in rows} == {"优先发展", "重点培养", "一般培养"}
    assert any(r.total >= 90 for r in rows) and any(80 <= r.total < 90 for r in rows)
    assert any(r.total < 80 for r in rows)
    ranks = Counter(r.rank for r in rows)
    assert any(n >= 2 for n in ranks.values())  # ties share a rank
    assert sum(bool(r.flag) for r in rows) == 1  # below the line two quarters running
    assert sum(r.by_category["deduction"] < 0 for r in rows) == 1


def test_members_stars_spread_from_five_to_one(demo):
    with demo.read() as session:
        rows = stars(session, TODAY.year, today=TODAY)
    found = Counter(r.stars for r in rows)
    assert set(found) == {"五星", "四星", "三星", "二星", "一星"}
    assert found["一星"] == 1 and len(rows) == 60


def test_posted_quarters_are_locked_and_one_entry_is_voided(demo, tmp_path):
    with demo.read() as session:
        assert is_posted(session, LAST_QUARTER.code, Audience.ACTIVISTS) is not None
        voided = session.scalars(select(ScoreEntry).where(ScoreEntry.voided_at.is_not(None))).all()
        activist = session.scalar(select(Person.id).where(Person.stage == Stage.ACTIVIST).limit(1))
        rule = session.scalar(select(ScoreRule.id).where(ScoreRule.code == "JF01"))
    assert len(voided) == 1 and voided[0].void_reason == "与同一天的记录重复，录入了两次"
    assert quarter_of(voided[0].on) == quarter_of(TODAY)  # the open quarter
    form = EntryForm((activist,), rule, LAST_QUARTER.end, "补记志愿服务")
    with pytest.raises(PeriodLocked):
        Workspace(demo, TEST_ACTOR, today=lambda: TODAY).run(add_entries, form)


def test_thought_report_points_match_the_reports_on_record(demo):
    with demo.read() as session:
        scored = set(session.execute(select(ScoreEntry.person_id, ScoreEntry.on).join(ScoreRule)
                                     .where(ScoreRule.code == "JC01")).all())
        reports = set(session.execute(select(PersonEvent.person_id, PersonEvent.on)
                                      .where(PersonEvent.kind == Step.THOUGHT_REPORT)).all())
    assert scored and scored <= reports


def test_everything_went_through_the_operations(demo):
    with demo.read() as session:
        log = list_audit(session, AuditFilter(operation="demo.fill"), limit=None)
        entries = session.scalar(select(ScoreEntry.id).order_by(ScoreEntry.id.desc()).limit(1))
    by_entity = Counter(r.entity for r in log)
    assert by_entity["score_entry"] >= entries  # each entry, and the void, audited
    assert by_entity["person_event"] > 200 and by_entity["score_posting"] == 4
    assert by_entity["development_material"] > 50


def test_the_same_seed_makes_the_same_demo(tmp_path):
    def made(name):
        store = Store(tmp_path / name)
        Workspace(store, TEST_ACTOR, today=lambda: TODAY).run(fill_demo, 20)
        with store.read() as session:
            names = sorted(session.scalars(select(Person.name)))
            entries = sorted(session.execute(select(ScoreEntry.person_id, ScoreEntry.rule_id, ScoreEntry.on,
                                                    ScoreEntry.points)).all())
            steps = sorted(session.execute(select(PersonEvent.person_id, PersonEvent.kind, PersonEvent.on)).all())
        store.close()
        return names, entries, steps

    assert made("a.db") == made("b.db")


@pytest.mark.parametrize("count", [1, 5, 12])
def test_a_tiny_demo_still_works(store, workspace, count):
    workspace.run(fill_demo, count)
    with store.read() as session:
        assert people.count_members(session) == count
