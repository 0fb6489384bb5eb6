"""The score tally: kept by every entry operation, equal to counting entry by entry, checked and
rebuilt by `check` / `check --repair`."""

import sqlite3
from dataclasses import replace
from datetime import date

from models.core.codes import Audience
from models.demo import fill_demo
from models.scoring.catalogue import list_rules
from models.scoring.entries import (
    EntryForm,
    PostingForm,
    add_entries,
    adjust,
    approve_entries,
    entries_for,
    post_period,
    void_entry,
)
from models.scoring.ranking import ranking
from models.scoring.scores import period_scores
from models.scoring.tally import Share, differences, stored
from models.settings.values import get_settings, update_settings
from models.workspace.audit import AuditFilter, list_audit
from tests.conftest import TODAY
from tests.models.scoring_fixtures import activist
from tests.models.test_demo_and_cli import run_main


def _rule(workspace, code):
    with workspace.read() as session:
        return next(r for r in list_rules(session) if r.code == code)


def _tally(workspace, person_id):
    with workspace.read() as session:
        return {k[0]: v for k, v in stored(session).items() if k[1] == person_id}


def test_each_entry_operation_keeps_the_tally(workspace):
    pid = activist(workspace, "张三")
    jf01 = _rule(workspace, "JF01")  # 志愿服务 +2
    ids = [workspace.run(add_entries, EntryForm((pid,), jf01.id, date(2026, 10, d), "志愿服务")).value.ids[0]
           for d in (10, 11, 12)]
    assert _tally(workspace, pid) == {"2026Q4": Share(base=6, entries=3)}
    workspace.run(void_entry, ids[0], "重复录入")
    assert _tally(workspace, pid) == {"2026Q4": Share(base=4, entries=2)}
    with workspace.read() as session:
        settings = get_settings(session)
    workspace.run(update_settings, replace(settings, scoring=replace(settings.scoring, approval_required=True)))
    waiting = workspace.run(add_entries, EntryForm((pid,), jf01.id, date(2026, 11, 2), "志愿服务")).value.ids[0]
    assert _tally(workspace, pid) == {"2026Q4": Share(base=4, entries=3, pending=1)}
    workspace.run(approve_entries, [waiting])
    assert _tally(workspace, pid) == {"2026Q4": Share(base=6, entries=3)}
    with workspace.read() as session:
        assert differences(session) == []


def test_an_adjustment_goes_to_todays_quarter_as_adjusted_points(workspace):
    pid = activist(workspace, "李四")
    jf01 = _rule(workspace, "JF01")
    entry = workspace.run(add_entries, EntryForm((pid,), jf01.id, date(2026, 9, 1), "志愿服务")).value.ids[0]
    workspace.run(post_period, PostingForm("2026Q3", Audience.ACTIVISTS, date(2026, 10, 8), date(2026, 10, 14)))
    workspace.run(adjust, entry, "记错了人")
    assert _tally(workspace, pid) == {"2026Q3": Share(base=2, entries=1), "2026Q4": Share(adjusted=-2, entries=1)}


def test_scores_from_the_tally_equal_counting_each_entry_on_the_demo_branch(workspace):
    workspace.run(fill_demo, 60)
    with workspace.read() as session:
        start = get_settings(session).scoring.start_score
        checked = 0
        for quarter in ("2026Q1", "2026Q2", "2026Q3", "2026Q4"):
            for audience in (Audience.ACTIVISTS, Audience.MEMBERS):
                for pid, score in period_scores(session, quarter, audience, today=TODAY).items():
                    counted = sum(e.counted for e in entries_for(session, pid, quarter))
                    assert score.total == start + counted, (quarter, pid)
                    checked += 1
        assert checked > 100


def test_check_finds_a_tampered_tally_and_repair_rebuilds_it(tmp_path):
    path = tmp_path / "branch.db"
    assert run_main("demo", "--db", str(path), "--people", "30").returncode == 0
    assert run_main("check", "--db", str(path)).returncode == 0
    connection = sqlite3.connect(path)
    with connection:
        before = connection.execute("SELECT * FROM score_tally ORDER BY 1, 2, 3").fetchall()
        connection.execute("UPDATE score_tally SET base = base + 5 WHERE (quarter, person_id, rule_id) IN "
                           "(SELECT quarter, person_id, rule_id FROM score_tally ORDER BY 1, 2, 3 LIMIT 1)")
    connection.close()

    found = run_main("check", "--db", str(path))
    assert found.returncode == 1
    assert "积分汇总：有 1 处与积分记录不一致" in found.stdout and "check --repair" in found.stdout

    repaired = run_main("check", "--db", str(path), "--repair")
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert "已按积分记录重新计算积分汇总" in repaired.stdout
    assert list((tmp_path / "backups").glob("branch-*.db"))
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT * FROM score_tally ORDER BY 1, 2, 3").fetchall() == before
    connection.close()
    assert run_main("check", "--db", str(path)).returncode == 0
    from models.storage.store import Store

    store = Store(path)
    try:
        with store.read() as session:
            rows = list_audit(session, AuditFilter())
            assert any(r.operation == "scoring.rebuild_tally" and "1处不一致" in r.summary for r in rows)
            assert ranking(session, "2026Q3", Audience.ACTIVISTS, today=TODAY)
    finally:
        store.close()


def test_quarter_ranking_from_one_query_matches_the_score_table(workspace):
    """ranking() reads a quarter through quarter_table.py; ScoreTable is the person-by-person reference."""
    from models.scoring.periods import parse_period
    from models.scoring.ranking import _flagged, _ordered
    from models.scoring.scores import ScoreTable

    workspace.run(fill_demo, 60)
    with workspace.read() as session:
        settings = get_settings(session).scoring
        compared = 0
        for code in ("2025Q4", "2026Q1", "2026Q2", "2026Q3", "2026Q4"):
            quarter = parse_period(code)
            for audience in (Audience.ACTIVISTS, Audience.MEMBERS):
                table = ScoreTable(session, [quarter.previous(), quarter], audience, today=TODAY)
                expected = _ordered(table, quarter)
                flagged = _flagged(table, expected, settings) if audience == Audience.ACTIVISTS else set()
                rows = ranking(session, code, audience, today=TODAY)
                assert [(r.rank, r.person_id, r.total, r.by_category, r.vetoed, r.pending, bool(r.flag)) for r in rows] == [
                    (rank, p.id, s.total, s.by_category, s.vetoed, s.pending, p.id in flagged) for rank, p, s in expected]
                compared += len(rows)
        assert compared > 150


def test_a_changed_cap_recounts_the_quarter_totals_of_everyone_with_entries_under_it(workspace):
    from models.scoring import quarter_totals
    from models.scoring.catalogue import RuleForm, edit_rule

    pid = activist(workspace, "王五")
    jf01 = _rule(workspace, "JF01")  # 志愿服务 +2, at most 10 a quarter
    workspace.run(add_entries, EntryForm((pid,), jf01.id, date(2026, 10, 10), "志愿服务"))
    for day in range(11, 17):
        workspace.run(add_entries, EntryForm((pid,), jf01.id, date(2026, 10, day), "志愿服务"))
    with workspace.read() as session:
        assert period_scores(session, "2026Q4", Audience.ACTIVISTS, [pid])[pid].by_category["bonus"] == 10
    form = RuleForm(jf01.code, jf01.category, jf01.name, jf01.points, 12, jf01.applies_to, jf01.veto)
    workspace.run(edit_rule, jf01.id, form)
    with workspace.read() as session:
        assert period_scores(session, "2026Q4", Audience.ACTIVISTS, [pid])[pid].by_category["bonus"] == 12
        assert [r.total for r in ranking(session, "2026Q4", Audience.ACTIVISTS) if r.person_id == pid] == [72]
        assert quarter_totals.differences(session) == []


def test_check_finds_tampered_quarter_totals_and_repair_rebuilds_them(tmp_path):
    path = tmp_path / "branch.db"
    assert run_main("demo", "--db", str(path), "--people", "30").returncode == 0
    connection = sqlite3.connect(path)
    with connection:
        before = connection.execute("SELECT * FROM score_quarter ORDER BY 1, 2").fetchall()
        connection.execute("UPDATE score_quarter SET bonus = bonus + 7 WHERE (quarter, person_id) IN "
                           "(SELECT quarter, person_id FROM score_quarter ORDER BY 1, 2 LIMIT 1)")
    connection.close()
    found = run_main("check", "--db", str(path))
    assert found.returncode == 1 and "季度得分：有 1 处与积分汇总不一致" in found.stdout
    assert run_main("check", "--db", str(path), "--repair").returncode == 0
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT * FROM score_quarter ORDER BY 1, 2").fetchall() == before
    connection.close()
