"""The demo's 民情台账: a year of items in every state, made through the operations (history and
audit rows), diaries turned into items, figures with every rate, deterministic; the self-test step
that lists it; and `main.py demo` in a real process."""

from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from models.core.codes import (
    GrievanceAction,
    GrievanceCategory,
    GrievanceSource,
    GrievanceStatus,
    Satisfaction,
    Urgency,
)
from models.demo import fill_demo
from models.demo.grievances import MAX_ITEMS, after, before
from models.grievances.diary_reads import list_diary
from models.grievances.entities import Grievance, GrievanceActionEntry, VisitDiary
from models.grievances.figures import figures, figures_by
from models.grievances.ledger import LedgerFilter, get_item, list_ledger
from models.grievances.limits import MAX_EXTENSIONS
from models.grievances.workload import workload
from models.people.entities import Person
from models.scoring.periods import year_period
from models.storage.store import Store
from models.workspace import Workspace
from models.workspace.audit import AuditFilter, count_audit
from tests.conftest import TEST_ACTOR, TODAY
from tests.models.test_demo_and_cli import run_main

YEAR = year_period(TODAY.year)
EVERYTHING = LedgerFilter(period=year_period(TODAY.year - 1), include_void=True)  # last year's, this year's and open


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """One demo of the default size made on TODAY (module-wide: the tests only read it)."""
    store = Store(tmp_path_factory.mktemp("grievances") / "demo.db")
    Workspace(store, TEST_ACTOR, today=lambda: TODAY).run(fill_demo, 60)
    yield store
    store.close()


def _all_items(session) -> list:
    rows = list_ledger(session, EVERYTHING, TODAY) + list_ledger(session, LedgerFilter(period=YEAR, include_void=True),
                                                                  TODAY)
    return list({r.id: r for r in rows}.values())


def test_a_year_of_items_in_every_state_with_every_source_category_and_urgency(demo):
    with demo.read() as session:
        rows = _all_items(session)
        total = session.scalar(select(Grievance.id).order_by(Grievance.id.desc()).limit(1))
    assert 40 <= len(rows) <= 60 and len(rows) == total  # about 50 for 60 members, every one listed
    statuses = Counter(r.status for r in rows)
    assert set(statuses) == set(GrievanceStatus) - {GrievanceStatus.TO_CHECK}  # 核查 is off by default
    assert statuses[GrievanceStatus.VISITED] > len(rows) / 2  # most of a year's items are done and visited
    assert {r.source for r in rows} == set(GrievanceSource)
    assert {r.category for r in rows} == set(GrievanceCategory)
    assert {r.urgency for r in rows} == set(Urgency)
    assert all(TODAY - timedelta(days=366) <= r.received_on <= TODAY for r in rows)
    assert any(r.received_on == TODAY for r in rows)  # something came in today: 待办理
    assert len({r.responsible_id for r in rows}) >= 5  # several members answer for items
    assert sum(r.requester == "" for r in rows) >= 1  # some residents stay anonymous


def test_the_stories_overdue_extended_reopened_referred_voided(demo):
    with demo.read() as session:
        rows = _all_items(session)
        overdue = [r for r in rows if r.overdue]
        assert len(overdue) >= 2 and all(r.deadline < TODAY for r in overdue)
        for row in overdue:  # reminded before the deadline and supervised after it
            kinds = [h.kind for h in get_item(session, row.id, TODAY).history]
            assert GrievanceAction.REMINDER in kinds and GrievanceAction.SUPERVISION in kinds
        twice = [r for r in rows if r.extensions == MAX_EXTENSIONS]
        assert twice and any(r.extensions == 1 for r in rows)
        extended = get_item(session, twice[0].id, TODAY)
        extensions = [h for h in extended.history if h.kind == GrievanceAction.EXTENSION]
        assert len(extensions) == 2 and all(h.actor == "王建国" and h.note for h in extensions)
        assert extended.row.deadline == extensions[-1].new_deadline > extended.original_deadline
        reopened = [r for r in rows if r.reopened]
        assert {r.status for r in reopened} >= {GrievanceStatus.HANDLING, GrievanceStatus.VISITED}
        for row in reopened:  # each after a 不满意 visit
            history = get_item(session, row.id, TODAY).history
            at = [h.kind for h in history].index(GrievanceAction.REOPENING)
            assert history[at - 1].kind == GrievanceAction.RETURN_VISIT
            assert history[at - 1].satisfaction == Satisfaction.UNSATISFIED
        waiting = [r for r in rows if r.status == GrievanceStatus.VISITED and r.satisfaction == Satisfaction.UNSATISFIED]
        assert waiting and get_item(session, waiting[0].id, TODAY).can_reopen  # 重新办理 offered
        referred = [get_item(session, r.id, TODAY) for r in rows if r.status == GrievanceStatus.REFERRED]
        assert referred and referred[0].referred_to
        answered = session.scalars(select(GrievanceActionEntry.grievance_id).where(
            GrievanceActionEntry.kind == GrievanceAction.REFERRAL_ANSWER)).all()
        assert answered and get_item(session, answered[0], TODAY).row.status == GrievanceStatus.VISITED
        voided = [get_item(session, r.id, TODAY) for r in rows if r.status == GrievanceStatus.VOID]
        assert len(voided) == 1 and "重复登记" in voided[0].void_reason and voided[0].row.voided
        assert any(r.due_soon for r in rows) or any(r.status == GrievanceStatus.HANDLING and r.days_left is not None
                                                    and 0 <= r.days_left <= 5 for r in rows)


def test_every_history_starts_with_registering_and_keeps_its_dates(demo):
    with demo.read() as session:
        rows = _all_items(session)
        for row in rows:
            item = get_item(session, row.id, TODAY)
            kinds = [h.kind for h in item.history]
            assert kinds[0] == GrievanceAction.REGISTERED and kinds.count(GrievanceAction.REGISTERED) == 1
            assert all(row.received_on <= h.on <= TODAY for h in item.history)
            assert [h.on for h in item.history] == sorted(h.on for h in item.history)
            assert all(h.recorded_by == TEST_ACTOR.name for h in item.history)
            if row.status != GrievanceStatus.NEW and row.status != GrievanceStatus.VOID:
                assert row.first_action_on is not None and len(kinds) >= 2
            if row.status in (GrievanceStatus.RESOLVED, GrievanceStatus.VISITED):
                assert item.outcome and row.resolved_on is not None
            if row.status == GrievanceStatus.VISITED:
                assert row.satisfaction and item.visited_on >= row.resolved_on
        audited = count_audit(session, AuditFilter(operation=fill_demo.name))
        history = session.scalar(select(GrievanceActionEntry.id).order_by(GrievanceActionEntry.id.desc()).limit(1))
    assert audited > len(rows) + history  # every item and history row has its audit row


def test_the_years_figures_have_every_rate(demo):
    with demo.read() as session:
        year = figures(session, YEAR, TODAY)
        by_month = figures_by(session, YEAR, "month", TODAY)
        by_category = figures_by(session, YEAR, "category", TODAY)
        load = workload(session, TODAY, TODAY.year)
    assert year.registered >= 30 and year.overdue >= 2 and year.reopened >= 1
    rates = (year.resolution_rate, year.on_time_rate, year.satisfaction_rate, year.response_rate, year.reopen_rate)
    assert None not in rates
    assert 0.6 < year.resolution_rate < 1 and 0.8 < year.satisfaction_rate < 1 and 0.7 < year.response_rate < 1
    assert year.on_time_rate < 1  # some were closed late
    assert sum(f.registered for _, f in by_month) == year.registered
    assert sum(f.registered > 0 for _, f in by_month) >= 8  # spread over the year, not bunched up
    assert sum(f.registered > 0 for _, f in by_category) >= 7
    assert len(load) >= 5 and any(r.overdue for r in load) and any(r.satisfaction_rate is not None for r in load)


def test_members_diaries_some_lines_turned_into_items(demo):
    with demo.read() as session:
        lines = list_diary(session, None)
        home_visits = session.scalars(select(Grievance).where(
            Grievance.source == GrievanceSource.HOME_VISIT.value)).all()
        writers = {r.member_id for r in lines}
        active = set(session.scalars(select(Person.id).where(Person.archive_reason.is_(None))))
    assert len(lines) >= 30 and len(writers) >= 3 and writers <= active
    linked = [r for r in lines if r.grievance_id]
    assert linked and all(r.serial.startswith(f"MQ-{r.on.year}-") for r in linked)
    assert {r.grievance_id for r in linked} == {g.id for g in home_visits}  # every home-visit item came from one
    assert all(g.diary_id is not None for g in home_visits)
    assert any(not r.grievance_id for r in lines)  # most visits hear nothing to follow up
    assert all(r.on <= TODAY and r.household and r.heard for r in lines)


def test_serials_run_per_year_in_date_order(demo):
    with demo.read() as session:
        items = session.execute(select(Grievance.serial, Grievance.year, Grievance.seq, Grievance.received_on)
                                .order_by(Grievance.year, Grievance.seq)).all()
    for year in {i.year for i in items}:
        of_year = [i for i in items if i.year == year]
        assert [i.seq for i in of_year] == list(range(1, len(of_year) + 1))
        assert all(i.serial == f"MQ-{year}-{i.seq:04d}" and i.received_on.year == year for i in of_year)
    late = sum(a.received_on > b.received_on for a, b in zip(items, items[1:], strict=False) if a.year == b.year)
    assert late <= 1  # only the duplicate, taken down the day after, breaks the order


def test_the_same_seed_makes_the_same_ledger_and_tiny_branches_work(tmp_path):
    def made(name, count):
        store = Store(tmp_path / name)
        Workspace(store, TEST_ACTOR, today=lambda: TODAY).run(fill_demo, count)
        with store.read() as session:
            items = session.execute(select(Grievance.serial, Grievance.content, Grievance.status, Grievance.deadline,
                                           Grievance.requester).order_by(Grievance.id)).all()
            diaries = session.execute(select(VisitDiary.on, VisitDiary.heard).order_by(VisitDiary.id)).all()
        store.close()
        return items, diaries

    first = made("a.db", 20)
    assert first == made("b.db", 20)
    assert len(first[0]) >= 15  # the planned stories at least, whatever the size
    items, _ = made("one.db", 1)  # one member answers for everything
    assert {s for _, _, s, _, _ in items} >= {GrievanceStatus.NEW, GrievanceStatus.VISITED, GrievanceStatus.VOID}


def test_working_day_steps():
    friday = TODAY - timedelta(days=2)  # 2026-11-20
    assert after(friday, 1) == TODAY + timedelta(days=1) and after(friday, 0) == friday
    assert before(after(friday, 1), 1) == friday
    assert MAX_ITEMS <= 1000  # large demos (benchmarks of 10,000 members) stay quick


def test_the_self_test_step_lists_the_ledger_and_the_years_figures(tmp_path):
    from ui.self_test import SelfTest

    test = SelfTest(tmp_path, TODAY, create_tabs=None)
    try:
        test.database()
        with pytest.raises(AssertionError, match="0 items listed"):
            test.grievances()  # an empty ledger fails the step
        test.demo_data()
        detail = test.grievances()
    finally:
        test.close()
    assert "items listed" in detail and f"{TODAY.year}:" in detail and "overdue" in detail


def test_demo_in_a_real_process_fills_the_ledger(tmp_path):
    db = tmp_path / "d.db"
    made = run_main("demo", "--db", str(db), "--people", "30")
    assert made.returncode == 0, made.stderr
    store = Store(db)
    try:
        with store.read() as session:
            rows = list_ledger(session, LedgerFilter(), date.today())  # the process made it on today's date
            assert rows and any(r.status == GrievanceStatus.NEW for r in rows)
            assert any(r.overdue for r in rows)
    finally:
        store.close()
