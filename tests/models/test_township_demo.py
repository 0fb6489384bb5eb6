"""The township demo (models/demo/township.py) on a tiny township: what it holds, that it reads as the
operations would have written it (tally, quarter totals, checks, audit), that a seed makes the same
data, and `demo --township` on the command line. No timing here (tests/benchmarks/run.py measures)."""

from collections import Counter

from sqlalchemy import func, select

import main
from models.checkup import data_findings
from models.core.codes import Stage
from models.demo.township import TownshipSizes, fill_township
from models.grievances.entities import Grievance, GrievanceActionEntry, VisitDiary
from models.people.entities import PartyGroup, Person
from models.people.roster import MemberFilter, list_members
from models.scoring.entities import ScoreEntry
from models.scoring.ranking import ranking
from models.storage.store import Store
from models.workspace import Workspace
from models.workspace.entities import AuditEntry
from tests.conftest import TEST_ACTOR, TODAY


def count(session, entity) -> int:
    return session.scalar(select(func.count()).select_from(entity))


def test_a_tiny_township_holds_what_its_sizes_say_and_reads_like_written_data(workspace, store):
    sizes = workspace.run(fill_township, 400).value
    assert sizes == TownshipSizes.for_people(400)
    with store.read() as session:
        stages = Counter(session.scalars(select(Person.stage).where(Person.archive_reason.is_(None))))
        assert stages[Stage.FULL] + stages[Stage.PROBATIONARY] == 400
        assert stages[Stage.ACTIVIST] and stages[Stage.CANDIDATE] and stages[Stage.APPLICANT]
        assert count(session, PartyGroup) == 5 * sizes.branches
        assert count(session, ScoreEntry) == sizes.entries == 4000
        assert count(session, Grievance) == sizes.grievances == 200
        assert count(session, GrievanceActionEntry) >= 2 * sizes.grievances
        assert count(session, VisitDiary) > 0
        # The tally and the quarter totals are what the entries add up to, as the operations keep them.
        findings = data_findings(session, TODAY)
        assert (findings.rules, findings.tally, findings.totals) == ([], [], [])
        # Every person, entry, item and history line has its audit row (besides the branch, groups, accounts).
        audited = dict(session.execute(select(AuditEntry.entity, func.count()).group_by(AuditEntry.entity)).all())
        assert audited["person"] == count(session, Person)
        assert audited["score_entry"] == sizes.entries
        assert audited["grievance"] == sizes.grievances
        assert audited["grievance_action"] == count(session, GrievanceActionEntry)
        # The screens' reads work on it: the roster, a search, the quarter ranking.
        members = list_members(session, MemberFilter(), TODAY)
        assert len(members) >= 400
        assert list_members(session, MemberFilter(text=members[0].name), TODAY)
        assert ranking(session, "2026Q3", "members", today=TODAY)


def test_the_same_seed_makes_the_same_township(tmp_path):
    made = []
    for name in ("a.db", "b.db"):
        store = Store(tmp_path / name)
        Workspace(store, TEST_ACTOR, today=lambda: TODAY).run(fill_township, 60)
        with store.read() as session:
            made.append((session.execute(select(Person.name, Person.citizen_id).order_by(Person.id)).all(),
                         session.execute(select(Grievance.serial, Grievance.content).order_by(Grievance.id)).all(),
                         session.execute(select(ScoreEntry.person_id, ScoreEntry.on).order_by(ScoreEntry.id)).all()))
        store.close()
    assert made[0] == made[1]


def test_demo_township_from_the_command_line(tmp_path, capsys):
    db = tmp_path / "镇.db"
    assert main.main(["demo", "--db", str(db), "--people", "300", "--township"]) == 0
    out = capsys.readouterr().out
    assert "乡镇党委" in out and "在册党员 300 人" in out and "积分记录 3000 条" in out
    assert main.main(["check", "--db", str(db)]) == 0
    assert "数据文件完好" in capsys.readouterr().out


def test_quarter_standing_agrees_with_the_ranking_for_everyone(workspace, store):
    """The totals and ranks the 发展党员 list takes from quarter_standing are the ranking's — for people with
    entries in the quarter, without (at the start score), below the start score, vetoed — and people the
    ranking leaves out (another audience, archived, not started) get none."""
    from models.scoring.periods import parse_period
    from models.scoring.quarter_table import quarter_standing
    from models.settings.values import get_settings

    workspace.run(fill_township, 300)
    with store.read() as session:
        everyone = list(session.scalars(select(Person.id)))
        start = get_settings(session).scoring.start_score
        for audience in ("members", "activists"):
            for code in ("2026Q3", "2026Q4"):
                rows = ranking(session, code, audience, today=TODAY)
                expected = {r.person_id: (r.total, r.rank) for r in rows}
                assert any(rank is not None and rank > 1 for _, rank in expected.values())
                assert quarter_standing(session, parse_period(code), audience, everyone) == expected
                assert quarter_standing(session, parse_period(code), audience, list(expected)[::7]) == {
                    pid: expected[pid] for pid in list(expected)[::7]}
                if audience == "members":
                    totals = [total for total, _ in expected.values()]
                    assert min(totals) < start == max(totals, key=totals.count)  # below it; most at it
