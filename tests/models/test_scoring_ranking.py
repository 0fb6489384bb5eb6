"""Scores and rankings: ties (1, 2, 2, 4) then pinyin, 一票否决, bands, the two-period flag, year
means over the quarters a person was in, stars for members, and the default catalogue's spread."""

import random
from datetime import date

from sqlalchemy import text

from models.core.codes import ArchiveReason, Audience, Stage
from models.people.operations import archive_member
from models.people.rules import ArchiveForm
from models.scoring.entries import EntryForm, add_entries
from models.scoring.periods import parse_period
from models.scoring.ranking import ranking, stars
from models.scoring.scores import _sums_query, period_scores
from tests.conftest import TODAY
from tests.models.scoring_fixtures import activist, member, rule, score

Q4 = "2026Q4"
FLAG = "连续两期低于70分，请支委会研究延长培养或取消资格"


def ranked(workspace, period=Q4, audience=Audience.ACTIVISTS):
    with workspace.read() as session:
        return ranking(session, period, audience, today=TODAY)


def give(workspace, person, points: dict[str, int], on=date(2026, 10, 12)):
    """Entries of uncapped rules adding up to the points asked for (JF04 10, JF03 5, JF01 2)."""
    for code, times in points.items():
        for _ in range(times):
            score(workspace, person, code, on)


def test_ties_share_a_rank_then_go_by_name_pinyin(workspace):
    people = {name: activist(workspace, name) for name in ("王五", "张伟", "曾静", "李娜", "赵六")}
    give(workspace, people["赵六"], {"JF04": 1})
    for name in ("张伟", "曾静", "李娜"):
        give(workspace, people[name], {"JF03": 1})
    give(workspace, people["王五"], {"JF01": 1})
    rows = ranked(workspace)
    # 曾 as a surname reads zeng: after li, before zhang
    assert [(r.rank, r.name, r.total) for r in rows] == [(1, "赵六", 70), (2, "李娜", 65), (2, "曾静", 65),
                                                          (2, "张伟", 65), (5, "王五", 62)]
    assert rows[1].by_category == {"basic": 0, "bonus": 5, "deduction": 0}


def test_one_two_two_four(workspace):
    people = {name: activist(workspace, name) for name in ("王五", "张伟", "李娜", "赵六")}
    give(workspace, people["赵六"], {"JF04": 1})
    give(workspace, people["张伟"], {"JF03": 1})
    give(workspace, people["李娜"], {"JF03": 1})
    assert [(r.rank, r.name) for r in ranked(workspace)] == [(1, "赵六"), (2, "李娜"), (2, "张伟"), (4, "王五")]


def test_veto_lists_the_person_last_whatever_the_total(workspace):
    best, other = activist(workspace, "钱多"), activist(workspace, "孙少")
    give(workspace, best, {"JF04": 3})
    score(workspace, best, "FJ01", date(2026, 11, 2), "醉驾被处理")
    last = ranked(workspace)[-1]
    assert (last.person_id, last.rank, last.band, last.vetoed, last.total) == (best, None, "一票否决", True, 90)
    assert "支委会" in last.consequence and ranked(workspace)[0].person_id == other
    with workspace.read() as session:
        assert period_scores(session, "2026Q3", Audience.ACTIVISTS)[best].vetoed is False  # that quarter only


def test_bands_and_their_consequences(workspace):
    plans = {"甲": {"JF04": 3}, "乙": {"JF04": 2, "JF03": 1}, "丙": {"JF04": 2}, "丁": {"JF04": 1, "JF03": 1, "JF01": 2}}
    for name, plan in plans.items():
        give(workspace, activist(workspace, name), plan)
    rows = {r.name: r for r in ranked(workspace)}
    assert {n: (r.total, r.band) for n, r in rows.items()} == {
        "甲": (90, "优先发展"), "乙": (85, "重点培养"), "丙": (80, "重点培养"), "丁": (79, "一般培养")}
    assert rows["甲"].consequence == "优先列为发展对象"


def test_two_periods_below_the_line_are_flagged_for_the_committee(workspace):
    idle = activist(workspace, "赵低")  # 60 in Q3 and Q4
    recovered = activist(workspace, "钱回")  # 75 in Q3, 60 in Q4
    give(workspace, recovered, {"JF04": 1, "JF03": 1}, on=date(2026, 8, 10))
    newcomer = activist(workspace, "孙新", activist_on=date(2026, 10, 15))  # not in Q3
    vetoed = activist(workspace, "李否")
    score(workspace, vetoed, "FJ02", date(2026, 10, 20))
    flags = {r.person_id: r.flag for r in ranked(workspace)}
    assert flags == {idle: FLAG, recovered: "", newcomer: "", vetoed: ""}


def test_year_is_the_mean_of_the_quarters_the_person_was_in(workspace):
    late = activist(workspace, "周晚", activist_on=date(2026, 5, 10))  # in from Q2
    give(workspace, late, {"JF03": 1}, on=date(2026, 5, 20))  # Q2 65
    give(workspace, late, {"JF04": 2, "JF03": 1}, on=date(2026, 8, 20))  # Q3 85
    give(workspace, late, {"JF04": 1}, on=date(2026, 11, 2))  # Q4 70
    no_event = activist(workspace, "吴无", activist_on=None)  # in from the first entry: Q3 70, Q4 60
    give(workspace, no_event, {"JF04": 1}, on=date(2026, 8, 1))
    never = activist(workspace, "郑空", activist_on=None)  # no start, no entry: in no period
    with workspace.read() as session:
        year = period_scores(session, "2026", Audience.ACTIVISTS, today=TODAY)
        summer = period_scores(session, "2026", Audience.ACTIVISTS, today=date(2026, 8, 1))  # Q4 not begun
    assert year[late].quarters == {"2026Q2": 65, "2026Q3": 85, "2026Q4": 70} and year[late].total == 73.3
    assert year[late].by_category["bonus"] == 13.3
    assert year[no_event].quarters == {"2026Q3": 70, "2026Q4": 60} and year[no_event].total == 65
    assert never not in year
    assert summer[late].total == 75
    assert [r.name for r in ranked(workspace, "2026")] == ["周晚", "吴无"]


def test_people_who_left_are_out_of_the_periods_after(workspace):
    gone = member(workspace, "冯走")
    give(workspace, gone, {"JF04": 2}, on=date(2026, 2, 10))  # Q1 80, Q2 60
    workspace.run(archive_member, gone, ArchiveForm(ArchiveReason.TRANSFERRED_OUT, date(2026, 8, 15), "某社区支部",
                                                    "豫组转字〔2026〕1号"))
    stays = member(workspace, "陈在")
    with workspace.read() as session:
        year = period_scores(session, "2026", Audience.MEMBERS, today=TODAY)
        q2 = period_scores(session, "2026Q2", Audience.MEMBERS)
    assert year[gone].quarters == {"2026Q1": 80, "2026Q2": 60} and year[gone].total == 70
    assert gone in q2
    assert [r.person_id for r in ranked(workspace, "2026", Audience.MEMBERS)] == [stays]
    assert [r.person_id for r in ranked(workspace, "2026Q2", Audience.MEMBERS)] == [stays, gone]


def test_audiences_follow_the_current_stage(workspace):
    an_activist = activist(workspace, "陈积")
    candidate = activist(workspace, "褚对", stage=Stage.CANDIDATE)
    probationary = member(workspace, "卫预", joined_on=date(2026, 3, 1), stage=Stage.PROBATIONARY)
    full = member(workspace, "蒋正")
    assert {r.person_id for r in ranked(workspace)} == {an_activist, candidate}
    members = ranked(workspace, Q4, Audience.MEMBERS)
    assert {r.person_id for r in members} == {probationary, full}
    assert {r.band for r in members} == {"二星"} and {r.flag for r in members} == {""}
    with workspace.read() as session:  # the probationary member counts from 入党 (Q1 2026)
        assert period_scores(session, "2026", Audience.MEMBERS, today=TODAY)[probationary].quarters.keys() == {
            "2026Q1", "2026Q2", "2026Q3", "2026Q4"}


def test_stars_rate_members_by_the_year_score(workspace):
    star, plain, warned, vetoed = (member(workspace, n) for n in ("沈星", "韩平", "杨警", "朱否"))
    for month in (2, 5, 8, 11):
        give(workspace, star, {"JF04": 3, "JF03": 1}, on=date(2026, month, 10))  # 95 every quarter
    score(workspace, warned, "KF03", date(2026, 2, 10))  # Q1 50: mean 57.5
    score(workspace, vetoed, "FJ02", date(2026, 3, 10))
    with workspace.read() as session:
        rows = stars(session, 2026, today=TODAY)
    assert [(r.name, r.rank, r.total, r.stars) for r in rows] == [
        ("沈星", 1, 95, "五星"), ("韩平", 2, 60, "二星"), ("杨警", 3, 57.5, "一星"), ("朱否", None, 60, "一票否决")]
    assert rows[0].quarters["2026Q4"] == 95


def _realistic_quarter(workspace, people, diligence, quarter, rng):
    """A quarter of branch life with the default catalogue: 主题党日, 党课, reports, service…"""
    month = 3 * quarter - 2

    def batch(code, day, chance, reason):
        chosen = tuple(p for p in people if rng.random() < chance(diligence[p]))
        if chosen:
            workspace.run(add_entries, EntryForm(chosen, rule(workspace, code), date(2026, month + day // 30, day % 30 + 1),
                                                 reason))

    for m in range(3):
        batch("JC03", 30 * m + 9, lambda d: 0.4 + 0.6 * d, "主题党日")
        batch("KF01", 30 * m + 9, lambda d: 0.25 * (1 - d), "无故缺席主题党日")
        batch("JC02", 30 * m + 19, lambda d: d, "党课")
        batch("JF01", 30 * m + 24, lambda d: d * 0.9, "志愿服务")
    batch("JC01", 40, lambda d: 0.3 + 0.7 * d, "思想汇报")
    batch("KF02", 50, lambda d: 0.3 * (1 - d), "思想汇报逾期")
    batch("JC04", 45, lambda d: d, "集中培训考核合格")
    batch("JF02", 55, lambda d: d * 0.8, "防汛值守")
    batch("JF05", 65, lambda d: d * 0.6, "工作业绩突出")
    batch("JF03", 70, lambda d: d * 0.25, "乡镇表彰")


def test_default_catalogue_spreads_scores_over_every_band(workspace):
    rng = random.Random(12)
    people = [activist(workspace, name) for name in "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许"]
    diligence = {p: i / (len(people) - 1) for i, p in enumerate(people)}
    for quarter in (2, 3):
        _realistic_quarter(workspace, people, diligence, quarter, rng)
    rows = ranked(workspace, "2026Q3")
    totals = [r.total for r in rows]
    assert min(totals) < 70 and max(totals) >= 90 and max(totals) <= 110
    assert {r.band for r in rows} == {"优先发展", "重点培养", "一般培养"}
    assert len(set(totals)) >= 10  # spread, not bunched


def test_score_query_runs_with_its_values_written_in(workspace):
    """A single quarter must not GROUP BY a bare constant: written in, `GROUP BY 0` would be read as
    a column position (PostgreSQL, and SQLite with literal values) and fail."""
    person = activist(workspace, "王建国")
    give(workspace, person, {"JF04": 1})
    with workspace.read() as session:
        for quarters in ([parse_period(Q4)], [parse_period("2026Q3"), parse_period(Q4)]):
            sql = str(_sums_query(quarters).compile(session.bind, compile_kwargs={"literal_binds": True}))
            assert [tuple(r) for r in session.execute(text(sql))] == [(person, len(quarters) - 1, 0, 10, 0, 0, 0)]
