"""民情台账 figures and workload: the counts and rates of a period, zero denominators, a 待核查
item not counted as 办结, the splits by category, source, member and month, and each member's
workload (models/grievances/figures.py, workload.py)."""

from datetime import date

import pytest

from models.core.codes import GrievanceCategory as C
from models.core.codes import GrievanceSource as S
from models.core.codes import GrievanceStatus as St
from models.core.codes import Satisfaction as Sat
from models.grievances.figures import figures, figures_by
from models.grievances.workload import workload
from models.scoring.periods import month_period, parse_period
from tests.models.grievance_fixtures import item, member

TODAY = date(2026, 11, 18)
Q3, Q4 = parse_period("2026Q3"), parse_period("2026Q4")


@pytest.fixture
def people(workspace):
    return {"wang": member(workspace, "王建国"), "li": member(workspace, "李秀英"), "an": member(workspace, "安小平")}


def add(workspace, who, received_on, status, *, deadline, first=None, resolved=None, satisfaction="",
        visited=None, reopened=0, **more):
    """An item whose response was due the day after it came in."""
    return item(workspace, who, received_on, status=status, deadline=deadline,
                response_due=date.fromordinal(received_on.toordinal() + 1), first_action_on=first,
                resolved_on=resolved, satisfaction=satisfaction, visited_on=visited, reopened=reopened, **more)


@pytest.fixture
def quarter(workspace, people):
    """Seven counted items received in 2026Q3, plus a voided one and one of the quarter before."""
    wang, li = people["wang"], people["li"]
    add(workspace, wang, date(2026, 7, 1), St.NEW, deadline=date(2026, 12, 1), category=C.SANITATION,
        source=S.PHONE_CALL)
    add(workspace, wang, date(2026, 7, 6), St.HANDLING, deadline=date(2026, 9, 30), first=date(2026, 7, 7),
        category=C.SANITATION, source=S.PHONE_CALL)
    add(workspace, li, date(2026, 8, 3), St.TO_CHECK, deadline=date(2026, 12, 31), first=date(2026, 8, 4),
        resolved=date(2026, 8, 10), category=C.HEALTH)
    add(workspace, li, date(2026, 7, 10), St.RESOLVED, deadline=date(2026, 7, 25), first=date(2026, 7, 14),
        resolved=date(2026, 7, 20))
    add(workspace, wang, date(2026, 8, 1), St.VISITED, deadline=date(2026, 8, 15), first=date(2026, 8, 1),
        resolved=date(2026, 8, 30), satisfaction=Sat.SATISFIED, visited=date(2026, 9, 2), category=C.SANITATION)
    add(workspace, li, date(2026, 9, 7), St.VISITED, deadline=date(2026, 10, 20), first=date(2026, 9, 8),
        resolved=date(2026, 10, 12), satisfaction=Sat.FAIRLY_SATISFIED, visited=date(2026, 10, 15), reopened=1,
        source=S.GRID)
    add(workspace, wang, date(2026, 9, 8), St.HANDLING, deadline=date(2026, 12, 15), first=date(2026, 9, 9),
        satisfaction=Sat.UNSATISFIED, visited=date(2026, 9, 28), reopened=1, source=S.GRID)
    add(workspace, wang, date(2026, 9, 9), St.RESOLVED, deadline=date(2026, 9, 30), first=date(2026, 9, 9),
        resolved=date(2026, 9, 10), voided=True)
    add(workspace, wang, date(2026, 6, 30), St.RESOLVED, deadline=date(2026, 7, 30), first=date(2026, 7, 1),
        resolved=date(2026, 7, 2))


def read(workspace, function, *args, **kwargs):
    with workspace.read() as session:
        return function(session, *args, **kwargs)


def test_the_figures_of_a_quarter(workspace, quarter):
    f = read(workspace, figures, Q3, TODAY)
    assert (f.registered, f.open, f.overdue) == (7, 4, 1)
    assert (f.resolved, f.resolved_on_time, f.visited, f.satisfied) == (3, 2, 3, 2)
    assert (f.responded_in_time, f.reopened) == (5, 2)
    assert f.resolution_rate == pytest.approx(3 / 7)
    assert f.on_time_rate == pytest.approx(2 / 3)
    assert f.satisfaction_rate == pytest.approx(2 / 3)
    assert f.response_rate == pytest.approx(5 / 7)
    assert f.reopen_rate == pytest.approx(2 / 4)  # of the 4 items closed at least once


def test_a_period_without_items_has_no_rates(workspace, quarter):
    f = read(workspace, figures, parse_period("2025"), TODAY)
    assert f == (0, 0, 0, 0, 0, 0, 0, 0, 0, None, None, None, None, None, 0, 0)


def test_rates_whose_denominator_is_zero_are_none(workspace, people):
    add(workspace, people["wang"], date(2026, 7, 1), St.NEW, deadline=date(2026, 12, 1))
    f = read(workspace, figures, Q3, TODAY)
    assert (f.registered, f.resolution_rate, f.response_rate) == (1, 0.0, 0.0)
    assert (f.on_time_rate, f.satisfaction_rate, f.reopen_rate) == (None, None, None)


def test_an_item_still_within_its_response_limit_is_no_failure_of_the_response_rate(workspace, people):
    """Registered yesterday with a day still to answer: not counted for 响应率 until answered or late."""
    add(workspace, people["wang"], date(2026, 11, 22), St.NEW, deadline=date(2026, 12, 10))  # answer due 11-23
    f = read(workspace, figures, Q4, TODAY)
    assert (f.registered, f.response_due, f.response_rate) == (1, 0, None)
    add(workspace, people["wang"], date(2026, 11, 2), St.NEW, deadline=date(2026, 11, 23))  # 11-03 passed, no action
    f = read(workspace, figures, Q4, TODAY)
    assert (f.registered, f.response_due, f.response_rate) == (2, 1, 0.0)


def test_an_item_waiting_for_its_check_is_not_resolved(workspace, people):
    add(workspace, people["wang"], date(2026, 7, 1), St.TO_CHECK, deadline=date(2026, 12, 1),
        first=date(2026, 7, 2), resolved=date(2026, 7, 3))
    f = read(workspace, figures, Q3, TODAY)
    assert (f.resolved, f.resolved_on_time, f.open, f.resolution_rate, f.on_time_rate) == (0, 0, 1, 0.0, None)


def test_overdue_at_the_day_boundary(workspace, people):
    add(workspace, people["wang"], date(2026, 11, 2), St.HANDLING, deadline=TODAY)
    november = month_period(2026, 11)
    assert read(workspace, figures, november, TODAY).overdue == 0
    assert read(workspace, figures, november, date(2026, 11, 19)).overdue == 1


def test_on_time_uses_the_deadline_in_force(workspace, people):
    add(workspace, people["wang"], date(2026, 7, 1), St.RESOLVED, deadline=date(2026, 7, 31),
        original_deadline=date(2026, 7, 20), extensions=1, first=date(2026, 7, 2), resolved=date(2026, 7, 31))
    assert read(workspace, figures, Q3, TODAY).resolved_on_time == 1


def test_figures_of_one_member_or_one_category(workspace, quarter, people):
    mine = read(workspace, figures, Q3, TODAY, responsible_id=people["li"])
    assert (mine.registered, mine.resolved, mine.open) == (3, 2, 1)
    sanitation = read(workspace, figures, Q3, TODAY, category=C.SANITATION)
    assert (sanitation.registered, sanitation.overdue, sanitation.satisfied) == (3, 1, 1)
    assert read(workspace, figures, Q3, TODAY, responsible_id=people["an"]).registered == 0


def test_figures_by_category_lists_every_category_in_order(workspace, quarter):
    split = read(workspace, figures_by, Q3, "category", TODAY)
    assert [name for name, _ in split][:3] == ["基础设施", "环境卫生", "医疗卫生"]
    assert len(split) == len(C)
    counts = {name: f.registered for name, f in split}
    assert (counts["基础设施"], counts["环境卫生"], counts["医疗卫生"], counts["教育"]) == (3, 3, 1, 0)
    assert dict(split)["教育"].resolution_rate is None
    assert sum(counts.values()) == 7


def test_figures_by_source(workspace, quarter):
    split = dict(read(workspace, figures_by, Q3, "source", TODAY))
    assert list(split)[0] == "入户走访" and len(split) == len(S)
    assert (split["来电"].registered, split["网格员上报"].registered, split["来访"].registered) == (2, 2, 3)
    assert split["网格员上报"].reopened == 2


def test_figures_by_responsible_in_pinyin_order(workspace, quarter):
    split = read(workspace, figures_by, Q3, "responsible", TODAY)
    assert [(name, f.registered, f.resolved) for name, f in split] == [("李秀英", 3, 2), ("王建国", 4, 1)]


def test_figures_by_month_lists_every_month_of_the_period(workspace, quarter):
    split = read(workspace, figures_by, Q3, "month", TODAY)
    assert [(name, f.registered) for name, f in split] == [("7月", 3), ("8月", 2), ("9月", 2)]
    year = read(workspace, figures_by, parse_period("2026"), "month", TODAY)
    assert [name for name, _ in year] == [f"{m}月" for m in range(1, 13)]
    assert [f.registered for _, f in year][5:9] == [1, 3, 2, 2]
    assert read(workspace, figures_by, month_period("2026-08"), "month", TODAY)[0][0] == "8月"


def test_figures_by_refuses_an_unknown_key(workspace):
    with pytest.raises(ValueError):
        read(workspace, figures_by, Q3, "colour", TODAY)


def test_workload_of_each_member(workspace, quarter, people):
    # 安小平 answered one item last year, closed then; a member with only a voided item is not listed
    add(workspace, people["an"], date(2025, 5, 6), St.VISITED, deadline=date(2025, 5, 30), first=date(2025, 5, 6),
        resolved=date(2025, 5, 20), satisfaction=Sat.UNSATISFIED, visited=date(2025, 5, 25))
    only_void = member(workspace, "赵德明")
    add(workspace, only_void, date(2026, 5, 6), St.NEW, deadline=date(2026, 5, 30), voided=True)
    member(workspace, "周无事")
    rows = read(workspace, workload, TODAY, 2026)
    assert [r.name for r in rows] == ["安小平", "李秀英", "王建国"]
    an, li, wang = rows
    assert (an.member_id, an.open, an.overdue, an.closed_this_year, an.satisfaction_rate) == (
        people["an"], 0, 0, 0, None)
    # 李秀英: the 待核查 item open; closed this year: the resolved and the visited one; one visit, 基本满意
    assert (li.open, li.overdue, li.closed_this_year, li.satisfaction_rate) == (1, 0, 2, 1.0)
    # 王建国: new, overdue handling, reopened handling open; closed: the visited one and June's resolved one;
    # visits this year: 满意 and 不满意
    assert (wang.open, wang.overdue, wang.closed_this_year, wang.satisfaction_rate) == (3, 1, 2, 0.5)
    last_year = {r.name: r for r in read(workspace, workload, TODAY, 2025)}
    assert (last_year["安小平"].closed_this_year, last_year["安小平"].satisfaction_rate) == (1, 0.0)
