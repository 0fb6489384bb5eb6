"""民情台账 reads: the ledger's default view and filters, search, overdue and days left at the day
boundaries, one item's page, serials, months and the 民情日记 (models/grievances/ledger.py,
diary_reads.py). Rows are written as stated by tests/models/grievance_fixtures.py."""

from dataclasses import replace
from datetime import date

import pytest

from models.core.codes import GrievanceAction as A
from models.core.codes import GrievanceCategory as C
from models.core.codes import GrievanceSource as S
from models.core.codes import GrievanceStatus as St
from models.core.codes import Satisfaction
from models.core.errors import NotFound, ValidationError
from models.grievances.actions import add_progress, close_grievance, reopen_grievance, return_visit
from models.grievances.diary_reads import list_diary
from models.grievances.figures import figures
from models.grievances.forms import GrievanceForm
from models.grievances.ledger import LedgerFilter, count_ledger, find_by_serial, get_item, list_ledger
from models.grievances.limits import working_days_left
from models.grievances.operations import register_grievance
from models.scoring.periods import month_period, parse_period
from tests.models.grievance_fixtures import action, diary, item, member

TODAY = date(2026, 11, 18)  # a Wednesday


@pytest.fixture
def people(workspace):
    return {"wang": member(workspace, "王建国"), "li": member(workspace, "李秀英")}


def serials(workspace, flt=LedgerFilter(), today=TODAY):
    with workspace.read() as session:
        return [r.serial for r in list_ledger(session, flt, today)]


def rows(workspace, flt=LedgerFilter(), today=TODAY):
    with workspace.read() as session:
        return {r.serial: r for r in list_ledger(session, flt, today)}


@pytest.fixture
def ledger(workspace, people):
    """Last year: one still open, one closed; this year: new, handling (overdue), visited, voided."""
    wang, li = people["wang"], people["li"]
    item(workspace, wang, date(2025, 6, 3), status=St.HANDLING, deadline=date(2025, 7, 1), content="水渠漏水")
    item(workspace, li, date(2025, 8, 9), status=St.VISITED, resolved_on=date(2025, 8, 20),
         satisfaction=Satisfaction.SATISFIED, content="垃圾清运不及时")
    item(workspace, wang, date(2026, 3, 2), status=St.VISITED, category=C.SANITATION, source=S.PHONE_CALL,
         requester="张桂兰", place="三组", content="垃圾池满了没人清", resolved_on=date(2026, 3, 10),
         satisfaction=Satisfaction.UNSATISFIED, visited_on=date(2026, 3, 15))
    item(workspace, li, date(2026, 10, 8), status=St.HANDLING, deadline=date(2026, 10, 30),
         category=C.ELDERLY_DISABLED, source=S.HOME_VISIT, requester="欧阳明", content="独居老人冬天取暖")
    item(workspace, wang, date(2026, 11, 16), status=St.NEW, deadline=date(2026, 12, 7), requester="",
         content="村口路灯不亮 晚上看不见")
    item(workspace, li, date(2026, 11, 17), voided=True, content="重复登记")


def test_default_view_is_this_year_plus_every_open_item_newest_first(workspace, ledger):
    assert serials(workspace) == ["MQ-2026-0003", "MQ-2026-0002", "MQ-2026-0001", "MQ-2025-0001"]


def test_a_period_shows_its_items_open_or_not_and_nothing_else(workspace, ledger):
    assert serials(workspace, LedgerFilter(period=parse_period("2025"))) == ["MQ-2025-0002", "MQ-2025-0001"]
    assert serials(workspace, LedgerFilter(period=parse_period("2026Q4"))) == ["MQ-2026-0003", "MQ-2026-0002"]
    assert serials(workspace, LedgerFilter(period=month_period("2026-03"))) == ["MQ-2026-0001"]
    assert serials(workspace, LedgerFilter(period=month_period("2026-09"))) == []


def test_voided_items_only_when_asked(workspace, ledger):
    assert "MQ-2026-0004" in serials(workspace, LedgerFilter(include_void=True))
    assert serials(workspace, LedgerFilter(status=St.VOID)) == ["MQ-2026-0004"]
    voided = rows(workspace, LedgerFilter(include_void=True))["MQ-2026-0004"]
    assert voided.voided and voided.days_left is None and not voided.overdue


def test_each_filter(workspace, ledger, people):
    assert serials(workspace, LedgerFilter(status=St.HANDLING)) == ["MQ-2026-0002", "MQ-2025-0001"]
    assert serials(workspace, LedgerFilter(category=C.SANITATION)) == ["MQ-2026-0001"]
    assert serials(workspace, LedgerFilter(source=S.HOME_VISIT)) == ["MQ-2026-0002"]
    assert serials(workspace, LedgerFilter(responsible_id=people["li"])) == ["MQ-2026-0002"]
    assert serials(workspace, LedgerFilter(responsible_id=people["li"], period=parse_period("2025"))) == [
        "MQ-2025-0002"]
    assert serials(workspace, LedgerFilter(overdue_only=True)) == ["MQ-2025-0001", "MQ-2026-0002"]  # longest overdue first
    assert serials(workspace, LedgerFilter(overdue_only=True, category=C.INFRASTRUCTURE)) == ["MQ-2025-0001"]
    assert serials(workspace, LedgerFilter(status="", category="")) == serials(workspace)  # “全部” in a combo


@pytest.mark.parametrize("typed, expected", [
    ("张桂兰", ["MQ-2026-0001"]), ("guilan", ["MQ-2026-0001"]), ("ZGL", ["MQ-2026-0001"]),  # requester
    ("ouyang", ["MQ-2026-0002"]), ("oym", ["MQ-2026-0002"]),
    ("秀英", ["MQ-2026-0002"]), ("lixiuying", ["MQ-2026-0002"]), ("lxy", ["MQ-2026-0002"]),  # responsible
    ("wjg", ["MQ-2026-0003", "MQ-2026-0001", "MQ-2025-0001"]),
    ("路灯", ["MQ-2026-0003"]), ("垃圾", ["MQ-2026-0001"]), ("路灯 晚上", ["MQ-2026-0003"]),  # content words
    ("路灯 取暖", []), ("三组", ["MQ-2026-0001"]),
    ("mq-2026-0002", ["MQ-2026-0002"]), ("2025-0001", ["MQ-2025-0001"]),  # serial
    ("  ", ["MQ-2026-0003", "MQ-2026-0002", "MQ-2026-0001", "MQ-2025-0001"]),
])
def test_search(workspace, ledger, typed, expected):
    assert serials(workspace, LedgerFilter(text=typed)) == expected


def test_search_keeps_the_other_filters(workspace, ledger):
    assert serials(workspace, LedgerFilter(text="wjg", overdue_only=True)) == ["MQ-2025-0001"]


def test_overdue_and_days_left_at_the_day_boundary(workspace, people):
    deadline = date(2026, 11, 20)  # a Friday
    item(workspace, people["wang"], date(2026, 11, 2), status=St.HANDLING, deadline=deadline)
    on_the_day = rows(workspace, today=deadline)["MQ-2026-0001"]
    assert (on_the_day.overdue, on_the_day.days_left) == (False, 0)
    day_after = rows(workspace, today=date(2026, 11, 21))["MQ-2026-0001"]  # Saturday: overdue already
    assert day_after.overdue and day_after.days_left == -1
    assert rows(workspace, today=date(2026, 11, 23))["MQ-2026-0001"].days_left == -1  # Monday: one working day
    assert rows(workspace, today=date(2026, 11, 24))["MQ-2026-0001"].days_left == -2
    assert serials(workspace, LedgerFilter(overdue_only=True), today=deadline) == []
    assert serials(workspace, LedgerFilter(overdue_only=True), today=date(2026, 11, 21)) == ["MQ-2026-0001"]


def test_days_left_counts_working_days_across_national_day(workspace, people):
    # 2026: 国庆 1–7 October off, Saturday 10 October a make-up working day.
    item(workspace, people["wang"], date(2026, 9, 28), status=St.HANDLING, deadline=date(2026, 10, 12))
    row = rows(workspace, today=date(2026, 9, 30))["MQ-2026-0001"]
    assert row.days_left == 4  # 8, 9, 10 (Saturday, worked) and 12 October
    assert row.days_left == working_days_left(date(2026, 9, 30), date(2026, 10, 12))
    assert rows(workspace, today=date(2026, 10, 3))["MQ-2026-0001"].days_left == 4  # holidays do not count down


def test_due_soon_within_the_reminder_window(workspace, people):
    # today Wednesday 18 November; the 催办 window is 2 working days by default
    item(workspace, people["wang"], date(2026, 11, 2), status=St.HANDLING, deadline=date(2026, 11, 20))  # 2 left
    item(workspace, people["wang"], date(2026, 11, 2), status=St.NEW, deadline=date(2026, 11, 23))  # 3 left
    item(workspace, people["wang"], date(2026, 11, 2), status=St.RESOLVED, deadline=date(2026, 11, 19),
         resolved_on=date(2026, 11, 10))
    found = rows(workspace)
    assert (found["MQ-2026-0001"].days_left, found["MQ-2026-0001"].due_soon) == (2, True)
    assert (found["MQ-2026-0002"].days_left, found["MQ-2026-0002"].due_soon) == (3, False)
    closed = found["MQ-2026-0003"]
    assert (closed.days_left, closed.due_soon, closed.overdue) == (None, False, False)


def test_a_closed_item_past_its_deadline_is_not_overdue(workspace, people):
    item(workspace, people["wang"], date(2026, 9, 1), status=St.TO_CHECK, deadline=date(2026, 9, 10),
         resolved_on=date(2026, 9, 20))
    item(workspace, people["wang"], date(2026, 9, 1), status=St.RESOLVED, deadline=date(2026, 9, 10),
         resolved_on=date(2026, 9, 20))
    found = rows(workspace)
    assert found["MQ-2026-0001"].overdue  # 待核查 is still open
    assert not found["MQ-2026-0002"].overdue and found["MQ-2026-0002"].days_left is None


def test_row_fields(workspace, ledger, people):
    row = rows(workspace)["MQ-2026-0002"]
    assert (row.responsible_id, row.responsible_name, row.requester, row.category, row.source) == (
        people["li"], "李秀英", "欧阳明", C.ELDERLY_DISABLED, S.HOME_VISIT)
    assert (row.status, row.deadline, row.overdue, row.days_left) == (St.HANDLING, date(2026, 10, 30), True, -13)
    assert rows(workspace)["MQ-2026-0003"].requester == ""  # anonymous


def test_item_page_with_its_history(workspace, people):
    gid = item(workspace, people["wang"], date(2026, 3, 2), status=St.VISITED, requester="张桂兰",
               requester_phone="13812345678", requester_address="三组12号", resolved_on=date(2026, 3, 10),
               outcome="已清运", satisfaction=Satisfaction.UNSATISFIED, visited_on=date(2026, 3, 15))
    action(workspace, gid, A.RETURN_VISIT, date(2026, 3, 15), "还是有味道", actor="李秀英",
           satisfaction=Satisfaction.UNSATISFIED)
    action(workspace, gid, A.REGISTERED, date(2026, 3, 2))
    action(workspace, gid, A.CLOSING, date(2026, 3, 10), "已清运")
    with workspace.read() as session:
        detail = get_item(session, gid, TODAY)
    assert detail.row.serial == "MQ-2026-0001"
    assert (detail.requester_phone, detail.requester_address, detail.outcome) == ("13812345678", "三组12号", "已清运")
    assert [h.kind for h in detail.history] == [A.REGISTERED, A.CLOSING, A.RETURN_VISIT]
    assert detail.history[-1].actor == "李秀英" and detail.history[-1].recorded_by == "测试员"
    assert detail.can_reopen


def test_reopen_offered_only_after_an_unsatisfied_visit(workspace, people):
    pleased = item(workspace, people["wang"], date(2026, 3, 2), status=St.VISITED,
                   satisfaction=Satisfaction.FAIRLY_SATISFIED, resolved_on=date(2026, 3, 5))
    reopened = item(workspace, people["wang"], date(2026, 3, 2), status=St.HANDLING, reopened=1,
                    satisfaction=Satisfaction.UNSATISFIED)
    with workspace.read() as session:
        assert not get_item(session, pleased, TODAY).can_reopen
        assert not get_item(session, reopened, TODAY).can_reopen


def test_a_missing_item_is_not_found_in_chinese(workspace):
    with workspace.read() as session, pytest.raises(NotFound, match="找不到这条民情事项"):
        get_item(session, 999, TODAY)


def test_find_by_serial(workspace, ledger):
    with workspace.read() as session:
        assert find_by_serial(session, "MQ-2026-0002") == find_by_serial(session, " mq-2026-0002 ") is not None
        assert find_by_serial(session, "MQ-2026-0009") is None
        assert find_by_serial(session, "") is None


@pytest.mark.parametrize("text", ["2026-10", "2026年10月", "2026 年 10 月", "2026.10", "2026/10", "202610"])
def test_month_period_parses_what_people_write(text):
    period = month_period(text)
    assert (period.code, period.start, period.end, period.kind) == ("2026-10", date(2026, 10, 1),
                                                                    date(2026, 10, 31), "month")


def test_month_period_from_numbers_and_month_ends():
    assert month_period(2026, 2).end == date(2026, 2, 28)
    assert month_period(2028, 2).end == date(2028, 2, 29)
    assert (month_period(2026, 12).code, month_period(2026, 12).end) == ("2026-12", date(2026, 12, 31))
    assert month_period("2026-1").code == "2026-01"


@pytest.mark.parametrize("text", ["2026-13", "2026-0", "10月", "2026", "abc", "", "1999-05"])
def test_month_period_refuses_in_chinese(text):
    with pytest.raises(ValidationError, match="不是有效的月份") as raised:
        month_period(text)
    assert "period" in raised.value.errors


def test_diary_lines_with_the_item_they_became(workspace, people):
    wang, li = people["wang"], people["li"]
    first = diary(workspace, wang, date(2026, 10, 9), "三组 李家", "低保申请")
    became = item(workspace, wang, date(2026, 10, 9), source=S.HOME_VISIT, diary_id=first)
    diary(workspace, li, date(2026, 10, 20), "五组 赵家", "屋顶漏雨")
    diary(workspace, wang, date(2026, 11, 2), "一组 周家", "记错了", voided=True)
    diary(workspace, wang, date(2026, 9, 30), "二组 孙家", "想学电商")
    with workspace.read() as session:
        october = list_diary(session, month_period("2026-10"))
        assert [(r.member_name, r.household) for r in october] == [("李秀英", "五组 赵家"), ("王建国", "三组 李家")]
        assert (october[1].grievance_id, october[1].serial) == (became, "MQ-2026-0001")
        assert (october[0].grievance_id, october[0].serial) == (None, "")
        assert [r.on for r in list_diary(session, None, wang)] == [date(2026, 10, 9), date(2026, 9, 30)]
        with_void = list_diary(session, parse_period("2026Q4"), wang, include_void=True)
        assert [(r.heard, r.voided) for r in with_void] == [("记错了", True), ("低保申请", False)]


def test_a_diary_line_whose_item_was_voided_shows_no_item(workspace, people):
    line = diary(workspace, people["wang"], date(2026, 10, 9))
    item(workspace, people["wang"], date(2026, 10, 9), diary_id=line, voided=True)
    with workspace.read() as session:
        (row,) = list_diary(session, None)
    assert (row.grievance_id, row.serial) == (None, "")


def test_the_reads_follow_the_real_operations(workspace, people):
    """Registered, progressed, closed, visited 不满意 and reopened through the write path."""
    form = GrievanceForm(received_on=date(2026, 11, 2), source=S.PHONE_CALL, category=C.SANITATION,
                         content="垃圾池满了", responsible_id=people["li"], requester="欧阳明", place="三组")
    gid = workspace.run(register_grievance, form).value
    today = date(2026, 11, 22)  # the workspace's today
    (row,) = list_ledger_now(workspace, LedgerFilter(text="oym"), today)
    assert (row.id, row.serial, row.status, row.responsible_name) == (gid, "MQ-2026-0001", St.NEW, "李秀英")
    workspace.run(add_progress, gid, date(2026, 11, 3), "已联系保洁员")
    workspace.run(close_grievance, gid, date(2026, 11, 5), "已清运")
    workspace.run(return_visit, gid, date(2026, 11, 9), Satisfaction.UNSATISFIED, "还有味道", "王建国")
    with workspace.read() as session:
        detail = get_item(session, gid, today)
    assert [h.kind for h in detail.history] == [A.REGISTERED, A.PROGRESS, A.CLOSING, A.RETURN_VISIT]
    assert detail.can_reopen and detail.row.days_left is None
    workspace.run(reopen_grievance, gid, date(2026, 11, 10), "群众不满意")
    (row,) = list_ledger_now(workspace, LedgerFilter(), today)
    assert (row.status, row.reopened, row.days_left is not None) == (St.HANDLING, 1, True)
    with workspace.read() as session:
        f = figures(session, month_period("2026-11"), today)
    assert (f.registered, f.open, f.resolved, f.responded_in_time, f.reopened) == (1, 1, 0, 1, 1)


def list_ledger_now(workspace, flt, today):
    with workspace.read() as session:
        return list_ledger(session, flt, today)


def test_a_month_names_itself_and_knows_the_month_before():
    october = month_period("2026-10")
    assert (october.title, october.previous().code, month_period("2026-01").previous().code) == (
        "2026年10月", "2026-09", "2025-12")
    assert [q.code for q in october.quarters()] == ["2026Q4"]


# ----- limit and count (a township's 50,000 items a year: the window loads only the newest) -----------------

FILTERS = [LedgerFilter(), LedgerFilter(period=parse_period("2025")), LedgerFilter(period=parse_period("2026Q4")),
           LedgerFilter(period=month_period("2026-09")), LedgerFilter(status=St.HANDLING),
           LedgerFilter(status=St.VISITED), LedgerFilter(status=St.VOID), LedgerFilter(include_void=True),
           LedgerFilter(category=C.SANITATION), LedgerFilter(category=C.INFRASTRUCTURE),
           LedgerFilter(source=S.HOME_VISIT), LedgerFilter(overdue_only=True),
           LedgerFilter(overdue_only=True, category=C.INFRASTRUCTURE),
           LedgerFilter(overdue_only=True, period=parse_period("2026")), LedgerFilter(text="wjg"),
           LedgerFilter(text="wjg", overdue_only=True), LedgerFilter(text="路灯 取暖")]


def count(workspace, flt, today=TODAY):
    with workspace.read() as session:
        return count_ledger(session, flt, today)


def filter_id(flt: LedgerFilter) -> str:
    """period=2026Q4,overdue_only=True — the fields set, for the test's name."""
    set_fields = {k: v for k, v in vars(flt).items() if v != getattr(LedgerFilter(), k)}
    return ",".join(f"{k}={getattr(v, 'code', v)}" for k, v in set_fields.items()) or "default"


@pytest.mark.parametrize("flt", FILTERS, ids=filter_id)
def test_a_limit_keeps_the_newest_rows_and_the_count_counts_them_all(workspace, ledger, flt):
    every = serials(workspace, flt)
    for limit in (0, 1, 2, 3, 10):
        assert serials(workspace, replace(flt, limit=limit)) == every[:limit]
        assert count(workspace, replace(flt, limit=limit)) == len(every)
    assert count(workspace, flt) == len(every)


def test_a_limit_and_the_count_with_the_responsible_member(workspace, ledger, people):
    for person, period in ((people["wang"], None), (people["li"], None), (people["li"], parse_period("2025"))):
        flt = LedgerFilter(responsible_id=person, period=period)
        every = serials(workspace, flt)
        assert every and serials(workspace, replace(flt, limit=1)) == every[:1]
        assert count(workspace, replace(flt, limit=1)) == len(every)
    assert serials(workspace, LedgerFilter(responsible_id=people["wang"], limit=2)) == ["MQ-2026-0003",
                                                                                          "MQ-2026-0001"]


def test_the_limit_breaks_ties_on_a_day_by_registration_order(workspace, people):
    for n in range(5):
        item(workspace, people["wang"], date(2026, 11, 16), content=f"第{n + 1}件")
    item(workspace, people["wang"], date(2026, 11, 2), content="更早登记的一件")
    assert serials(workspace, LedgerFilter(limit=3)) == ["MQ-2026-0005", "MQ-2026-0004", "MQ-2026-0003"]
    assert serials(workspace, LedgerFilter(limit=6))[-1] == "MQ-2026-0006"  # received earlier: last


def test_the_overdue_filter_finds_an_old_overdue_item_beyond_the_limit(workspace, people):
    old = item(workspace, people["li"], date(2025, 12, 1), status=St.REFERRED, deadline=date(2025, 12, 20))
    for n in range(8):  # newer items, none overdue
        item(workspace, people["wang"], date(2026, 11, 2 + n), status=St.HANDLING, deadline=date(2026, 12, 31))
    assert "MQ-2025-0001" not in serials(workspace, LedgerFilter(limit=5))
    assert count(workspace, LedgerFilter(limit=5)) == 9
    with workspace.read() as session:
        (found,) = list_ledger(session, LedgerFilter(overdue_only=True, limit=5), TODAY)
    assert (found.id, found.serial, found.overdue) == (old, "MQ-2025-0001", True)
    assert count(workspace, LedgerFilter(overdue_only=True, limit=5)) == 1


def test_the_overdue_count_is_open_items_past_their_deadline_by_the_calendar(workspace, people):
    deadline = date(2026, 11, 20)  # a Friday
    item(workspace, people["wang"], date(2026, 11, 2), status=St.HANDLING, deadline=deadline)
    item(workspace, people["wang"], date(2026, 11, 2), status=St.TO_CHECK, deadline=deadline)  # still open
    item(workspace, people["wang"], date(2026, 11, 2), status=St.RESOLVED, deadline=deadline,
         resolved_on=date(2026, 11, 25))  # closed late: not overdue
    item(workspace, people["wang"], date(2026, 11, 2), status=St.HANDLING, deadline=deadline, voided=True)
    overdue = LedgerFilter(overdue_only=True, limit=1)
    assert [count(workspace, overdue, today) for today in (deadline, date(2026, 11, 21), date(2026, 11, 30))] == [
        0, 2, 2]
    assert count(workspace, LedgerFilter(include_void=True), date(2026, 11, 21)) == 4
    assert count(workspace, LedgerFilter(overdue_only=True, include_void=True), date(2026, 11, 21)) == 2


@pytest.mark.parametrize(("household", "parts"), [
    ("三组 李长顺家", ("三组", "李长顺")), ("六组张三家", ("六组", "张三")), ("2号网格 王大爷", ("2号网格", "王大爷")),
    ("王大爷", ("", "王大爷")), ("一组", ("一组", "")), ("张家", ("", "")), ("", ("", ""))])
def test_a_diary_household_gives_the_items_place_and_requester(household, parts):
    from models.grievances.forms import household_parts

    assert household_parts(household) == parts
