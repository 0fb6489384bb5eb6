"""The 民情台账 write path on a real database: 登记 and its serial numbers, every action's allowed
and refused transitions (a refusal leaves every table and the audit log as they were, with a
Chinese message naming the item), corrections, and the 民情日记."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from models.core.codes import ArchiveReason, GrievanceAction, GrievanceSource, GrievanceStatus, Satisfaction, Stage
from models.core.errors import NotFound
from models.grievances.entities import Grievance
from models.grievances.forms import DiaryForm
from models.grievances.limits import due_date
from models.grievances.operations import (
    add_diary,
    add_progress,
    check_grievance,
    close_grievance,
    diary_to_grievance,
    extend_deadline,
    record_referral_answer,
    refer,
    register_grievance,
    remind,
    reopen_grievance,
    return_visit,
    supervise,
    update_grievance,
    void_diary,
    void_grievance,
)
from models.people.operations import archive_member
from models.people.rules import ArchiveForm
from models.workspace import Entity
from models.workspace.audit import AuditFilter, describe_changes, list_audit
from models.workspace.entities import AuditEntry
from tests.conftest import TODAY
from tests.models.development_helpers import applicant
from tests.models.grievance_helpers import (
    at,
    form,
    history,
    in_state,
    item,
    member,
    refused,
    register,
    register_many,
    set_grievance_settings,
)

RECEIVED = date(2026, 11, 2)  # a Monday; 一般 → 15 working days → Monday 2026-11-23
DEADLINE = date(2026, 11, 23)


@pytest.fixture
def zhang(workspace) -> int:
    return member(workspace, "张建国")


# --- 登记 and serial numbers --------------------------------------------------------------------------

def test_register_sets_serial_deadlines_history_and_audit(store, workspace, zhang):
    outcome = workspace.run(register_grievance, form(zhang, RECEIVED))
    found = item(store, outcome.value)
    assert (found.serial, found.year, found.seq, found.status) == ("MQ-2026-0001", 2026, 1, GrievanceStatus.NEW)
    assert (found.response_due, found.original_deadline, found.deadline) == (date(2026, 11, 3), DEADLINE, DEADLINE)
    assert found.requester_phone == "13800001111" and found.requester_pinyin == "wangxiuying wxy"
    assert (found.first_action_on, found.extensions, found.reopened, found.recorded_by) == (None, 0, 0, "测试员")
    [registered] = history(store, found.id)
    assert (registered.kind, registered.on, registered.note) == (GrievanceAction.REGISTERED, RECEIVED, "交张建国办理")
    assert outcome.changes.ids(Entity.GRIEVANCE) == {found.id}
    with store.read() as session:
        rows = list_audit(session, AuditFilter(operation="grievance.register"))
    text = " ".join(describe_changes(row) for row in rows)
    assert "编号：MQ-2026-0001" in text and "责任人：张建国" in text and "办理期限：2026-11-23" in text
    assert "138****1111" in text and "13800001111" not in text  # the log never holds the phone in clear


def test_serials_are_numbered_per_year_of_the_registration_date(workspace, store, zhang):
    serials = [item(store, register(workspace, zhang, on)).serial
               for on in (date(2025, 12, 31), date(2026, 1, 4), date(2025, 12, 30), date(2026, 1, 5))]
    assert serials == ["MQ-2025-0001", "MQ-2026-0001", "MQ-2025-0002", "MQ-2026-0002"]


def test_thirty_registered_in_one_transaction_get_consecutive_serials(store, workspace, zhang):
    ids = workspace.run(register_many, zhang, 30).value
    assert [item(store, i).serial for i in ids] == [f"MQ-2026-{n:04d}" for n in range(1, 31)]
    with store.read() as session:
        runs = session.scalar(select(func.count(func.distinct(Grievance.recorded_at))))
        run_ids = set(session.scalars(select(AuditEntry.run_id).where(AuditEntry.operation == "test.grievance_many")))
        rows = list_audit(session, AuditFilter(operation="test.grievance_many"))
    assert runs == 1 and len(run_ids) == 1 and len(rows) == 60  # an item and its history row each


def test_a_voided_serial_is_never_given_again(store, workspace, zhang):
    ids = [register(workspace, zhang) for _ in range(3)]
    workspace.run(void_grievance, ids[2], "重复登记")
    assert item(store, register(workspace, zhang)).serial == "MQ-2026-0004"
    assert item(store, ids[2]).serial == "MQ-2026-0003"


def test_an_earlier_promised_deadline_an_anonymous_requester_and_limits_from_settings(store, workspace, zhang):
    promised = item(store, register(workspace, zhang, deadline=date(2026, 11, 10), requester="", requester_phone=""))
    assert (promised.deadline, promised.original_deadline, promised.response_due) == (date(2026, 11, 10),) * 2 + (
        date(2026, 11, 3),)
    assert (promised.requester, promised.requester_pinyin) == ("", "")
    settings = set_grievance_settings(workspace)
    limits = tuple((c, u, lim.__class__(2, 5) if (c, u) == ("dispute", "urgent") else lim)
                   for c, u, lim in settings.limits)
    set_grievance_settings(workspace, limits=limits)
    urgent = item(store, register(workspace, zhang, category="dispute", urgency="urgent"))
    assert (urgent.response_due, urgent.deadline) == (date(2026, 11, 4), date(2026, 11, 9))


@pytest.mark.parametrize(("changes", "field", "message"), [
    (dict(received_on=None), "received_on", "请填写登记日期"),
    (dict(received_on=date(2026, 11, 23)), "received_on", "不能晚于今天"),
    (dict(content="  "), "content", "请填写反映内容"),
    (dict(content="字" * 1001), "content", "不能超过1000个字"),
    (dict(requester_phone="138 0000 111"), "requester_phone", "手机号应为11位"),
    (dict(source="letter"), "source", "请选择来源"),
    (dict(category=""), "category", "请选择类别"),
    (dict(urgency="high"), "urgency", "请选择紧急程度"),
    (dict(responsible_id=None), "responsible_id", "请选择责任人"),
    (dict(responsible_id=9999), "responsible_id", "找不到编号为 9999 的党员"),
    (dict(deadline=date(2026, 11, 24)), "deadline", "不能晚于时限规定的2026-11-23（15个工作日）"),
    (dict(deadline=date(2026, 11, 1)), "deadline", "不能早于登记日期"),
])
def test_bad_registrations_are_refused(store, workspace, zhang, changes, field, message):
    bad = form(**{"responsible_id": zhang, "received_on": RECEIVED, **changes})
    assert message in refused(store, lambda: workspace.run(register_grievance, bad), field)


def test_only_members_on_the_roster_can_answer_for_an_item(store, workspace, zhang):
    pending = applicant(workspace, "李明")
    assert "只能选正式党员或预备党员" in refused(store, lambda: register(workspace, pending), "responsible_id")
    gone = member(workspace, "赵老四")
    workspace.run(archive_member, gone, ArchiveForm(ArchiveReason.DECEASED, date(2026, 10, 1)))
    assert "已归档（去世）" in refused(store, lambda: register(workspace, gone), "responsible_id")
    probationary = member(workspace, "钱预备", date(2026, 5, 1), Stage.PROBATIONARY)
    assert item(store, register(workspace, probationary)).responsible_id == probationary


# --- the path of an item -------------------------------------------------------------------------------

def test_progress_extension_referral_closing_and_visit(store, workspace, zhang):
    gid = register(workspace, zhang)
    workspace.run(remind, gid, date(2026, 11, 3))
    assert item(store, gid).status == GrievanceStatus.NEW  # a reminder is not an action on the item
    workspace.run(add_progress, gid, date(2026, 11, 4), "已联系环卫公司")
    found = item(store, gid)
    assert (found.status, found.first_action_on) == (GrievanceStatus.HANDLING, date(2026, 11, 4))
    workspace.run(extend_deadline, gid, date(2026, 11, 10), date(2026, 12, 4), "清运车辆检修", "李书记")
    assert (item(store, gid).deadline, item(store, gid).extensions) == (date(2026, 12, 4), 1)
    assert item(store, gid).original_deadline == DEADLINE
    workspace.run(refer, gid, date(2026, 11, 12), "镇环卫所", "需要镇里协调车辆")
    assert (item(store, gid).status, item(store, gid).referred_to) == (GrievanceStatus.REFERRED, "镇环卫所")
    workspace.run(record_referral_answer, gid, date(2026, 11, 16), "本周五派车")
    assert item(store, gid).status == GrievanceStatus.HANDLING
    workspace.run(close_grievance, gid, date(2026, 11, 20), "垃圾已清运，增设一个垃圾桶")
    found = item(store, gid)
    assert (found.status, found.resolved_on, found.outcome) == (GrievanceStatus.RESOLVED, date(2026, 11, 20),
                                                                "垃圾已清运，增设一个垃圾桶")
    workspace.run(return_visit, gid, date(2026, 11, 21), Satisfaction.SATISFIED, "很满意", "王委员")
    found = item(store, gid)
    assert (found.status, found.satisfaction, found.visited_on) == (GrievanceStatus.VISITED, "satisfied",
                                                                    date(2026, 11, 21))
    kinds = [(h.kind, h.actor, h.new_deadline, h.referred_to, h.satisfaction) for h in history(store, gid)]
    assert kinds == [("registered", "", None, "", ""), ("reminder", "", None, "", ""),
                     ("progress", "", None, "", ""), ("extension", "李书记", date(2026, 12, 4), "", ""),
                     ("referral", "", None, "镇环卫所", ""), ("referral_answer", "", None, "镇环卫所", ""),
                     ("closing", "", None, "", ""), ("return_visit", "王委员", None, "", "satisfied")]
    assert all(h.recorded_by == "测试员" for h in history(store, gid))


def test_a_referral_or_a_closing_counts_as_the_first_action(store, workspace, zhang):
    referred, closed = register(workspace, zhang), register(workspace, zhang)
    workspace.run(refer, referred, date(2026, 11, 5), "镇民政办")
    workspace.run(close_grievance, closed, date(2026, 11, 6), "当场解答")
    assert item(store, referred).first_action_on == date(2026, 11, 5)
    assert item(store, closed).first_action_on == date(2026, 11, 6)


def test_an_extension_at_most_twice(store, workspace, zhang):
    gid = register(workspace, zhang)
    workspace.run(extend_deadline, gid, date(2026, 11, 5), date(2026, 11, 30), "等材料", "李书记")
    workspace.run(extend_deadline, gid, date(2026, 11, 20), date(2026, 12, 15), "等镇里批复", "李书记")
    message = refused(store, lambda: workspace.run(extend_deadline, gid, date(2026, 11, 21), date(2026, 12, 31),
                                                   "还要等", "李书记"), "new_deadline")
    assert message == "新的办理期限：MQ-2026-0001已经延期2次，最多只能延期2次"
    assert (item(store, gid).extensions, item(store, gid).deadline) == (2, date(2026, 12, 15))


def test_an_overdue_item_is_extended_to_a_day_still_ahead(store, zhang):
    later = at(store, date(2026, 12, 10))
    gid = register(later, zhang)
    assert "新的期限（2026-12-01）不能早于申请日期（2026-12-10）" in refused(
        store, lambda: later.run(extend_deadline, gid, date(2026, 12, 10), date(2026, 12, 1), "等", "李书记"))
    later.run(extend_deadline, gid, date(2026, 12, 10), date(2026, 12, 18), "等材料", "李书记")
    assert item(store, gid).deadline == date(2026, 12, 18)


def test_supervision_only_when_overdue(store, zhang):
    on_deadline = at(store, DEADLINE)
    gid = register(on_deadline, zhang)
    message = refused(store, lambda: on_deadline.run(supervise, gid, DEADLINE, "抓紧办"), "on")
    assert "MQ-2026-0001的办理期限是2026-11-23" in message and "还没有逾期" in message
    day_after = at(store, date(2026, 11, 24))
    day_after.run(supervise, gid, date(2026, 11, 24), "已逾期，请本周内办结")
    assert history(store, gid)[-1].kind == GrievanceAction.SUPERVISION


def test_with_a_check_required_closing_waits_for_someone_else_to_check(store, workspace, zhang):
    set_grievance_settings(workspace, check_required=True)
    gid = register(workspace, zhang)
    workspace.run(close_grievance, gid, date(2026, 11, 18), "路灯已修好")
    assert (item(store, gid).status, item(store, gid).resolved_on) == (GrievanceStatus.TO_CHECK, date(2026, 11, 18))
    message = refused(store, lambda: workspace.run(check_grievance, gid, date(2026, 11, 19), " 张 建国 "), "checker")
    assert message == "核查人：MQ-2026-0001的责任人是张建国，核查应由责任人以外的人进行"
    refused(store, lambda: workspace.run(return_visit, gid, date(2026, 11, 19), "satisfied", "", "王委员"), "status")
    refused(store, lambda: workspace.run(add_progress, gid, date(2026, 11, 19), "再补充"), "status")
    workspace.run(remind, gid, date(2026, 11, 19), "请尽快核查")  # 待核查 is still open: a reminder is allowed
    workspace.run(check_grievance, gid, date(2026, 11, 19), "李书记", "现场看过")
    found = item(store, gid)
    assert (found.status, found.checked_by, found.checked_on, found.resolved_on) == (
        GrievanceStatus.RESOLVED, "李书记", date(2026, 11, 19), date(2026, 11, 18))


def test_a_failed_check_sends_the_item_back_to_handling_with_what_is_wrong(store, workspace, zhang):
    set_grievance_settings(workspace, check_required=True)
    gid = register(workspace, zhang)
    workspace.run(close_grievance, gid, date(2026, 11, 18), "路灯已修好")
    message = refused(store, lambda: workspace.run(check_grievance, gid, date(2026, 11, 19), "李书记", "", passed=False),
                      "note")
    assert message.endswith("核查未通过时，请写明还有什么没有办好")
    workspace.run(check_grievance, gid, date(2026, 11, 19), "李书记", "东头两盏还不亮", passed=False)
    found = item(store, gid)
    assert (found.status, found.resolved_on, found.outcome, found.checked_by) == (GrievanceStatus.HANDLING, None, "", "")
    assert history(store, gid)[-1].note == "核查未通过：东头两盏还不亮"
    workspace.run(close_grievance, gid, date(2026, 11, 20), "全部修好")
    workspace.run(check_grievance, gid, date(2026, 11, 21), "李书记", "现场看过")
    assert item(store, gid).status == GrievanceStatus.RESOLVED


def test_reopened_after_an_unsatisfied_visit(store, workspace, zhang):
    gid = register(workspace, zhang)
    workspace.run(extend_deadline, gid, date(2026, 11, 5), date(2026, 11, 27), "等材料", "李书记")
    workspace.run(close_grievance, gid, date(2026, 11, 9), "已协调")
    workspace.run(return_visit, gid, date(2026, 11, 10), Satisfaction.UNSATISFIED, "只清了一半", "王委员")
    workspace.run(reopen_grievance, gid, date(2026, 11, 11), "群众反映只清运了一半")
    found = item(store, gid)
    # A new round: its own deadline as the 原定 one, and extensions may be approved again.
    assert (found.status, found.reopened, found.extensions) == (GrievanceStatus.HANDLING, 1, 0)
    assert found.deadline == found.original_deadline == due_date(date(2026, 11, 11), 15) == date(2026, 12, 2)
    assert (found.resolved_on, found.outcome, found.checked_by, found.checked_on) == (None, "", "", None)
    assert history(store, gid)[-1].new_deadline == date(2026, 12, 2)
    workspace.run(close_grievance, gid, date(2026, 11, 16), "全部清运")
    workspace.run(return_visit, gid, date(2026, 11, 17), Satisfaction.FAIRLY_SATISFIED, "", "王委员")
    assert "最近一次回访是“基本满意”" in refused(
        store, lambda: workspace.run(reopen_grievance, gid, date(2026, 11, 18), "再办"), "status")


def test_any_item_can_be_voided_once_with_a_reason(store, workspace, zhang):
    gid = register(workspace, zhang)
    workspace.run(close_grievance, gid, date(2026, 11, 9), "已办")
    workspace.run(void_grievance, gid, "登记重复")
    found = item(store, gid)
    assert (found.status, found.void_reason, found.voided_at is not None) == (GrievanceStatus.VOID, "登记重复", True)
    assert (history(store, gid)[-1].kind, history(store, gid)[-1].on) == (GrievanceAction.VOIDING, TODAY)
    assert refused(store, lambda: workspace.run(void_grievance, gid, "再作废"), "status") == \
        "状态：MQ-2026-0001已经作废"


def test_a_missing_item_is_not_found(store, workspace):
    with pytest.raises(NotFound, match="找不到编号为 77 的民情事项"):
        workspace.run(add_progress, 77, TODAY, "进展")


# --- every refusal: a Chinese message naming the item, and nothing changed ----------------------------

D = date(2026, 11, 12)
REFUSALS = [
    ("resolved", lambda ws, g: ws.run(add_progress, g, D, "进展"), "status", "MQ-2026-0001现在是“已办结”，不能添加进展"),
    ("void", lambda ws, g: ws.run(add_progress, g, D, "进展"), "status", "现在是“已作废”，不能添加进展"),
    ("new", lambda ws, g: ws.run(add_progress, g, date(2026, 11, 23), "进展"), "on", "不能晚于今天"),
    ("new", lambda ws, g: ws.run(add_progress, g, date(2026, 11, 1), "进展"), "on",
     "日期（2026-11-01）不能早于登记日期（2026-11-02）"),
    ("new", lambda ws, g: ws.run(add_progress, g, None, "进展"), "on", "请填写日期"),
    ("new", lambda ws, g: ws.run(add_progress, g, D, " "), "note", "请填写办理进展"),
    ("new", lambda ws, g: ws.run(add_progress, g, D, "很" * 501), "note", "不能超过500个字"),
    ("extended_twice", lambda ws, g: ws.run(extend_deadline, g, D, date(2026, 12, 31), "再等", "李书记"),
     "new_deadline", "最多只能延期2次"),
    ("new", lambda ws, g: ws.run(extend_deadline, g, D, DEADLINE, "等", "李书记"), "new_deadline",
     "应晚于现在的期限（2026-11-23）"),
    ("new", lambda ws, g: ws.run(extend_deadline, g, D, None, "等", "李书记"), "new_deadline", "请填写新的办理期限"),
    ("new", lambda ws, g: ws.run(extend_deadline, g, D, date(2027, 12, 1), "等", "李书记"), "new_deadline",
     "不能晚于申请日期一年以后"),
    ("new", lambda ws, g: ws.run(extend_deadline, g, D, date(2026, 12, 1), "", "李书记"), "reason", "请填写延期原因"),
    ("new", lambda ws, g: ws.run(extend_deadline, g, D, date(2026, 12, 1), "等", " "), "approver", "请填写批准人"),
    ("resolved", lambda ws, g: ws.run(extend_deadline, g, D, date(2026, 12, 1), "等", "李书记"), "status",
     "不能申请延期"),
    ("visited_ok", lambda ws, g: ws.run(remind, g, D), "status", "现在是“已回访”，不能催办"),
    ("handling", lambda ws, g: ws.run(supervise, g, D, "抓紧"), "on", "还没有逾期"),
    ("resolved", lambda ws, g: ws.run(supervise, g, D, "抓紧"), "status", "不能督办"),
    ("referred", lambda ws, g: ws.run(refer, g, D, "县住建局"), "status", "现在是“已转办”，不能转办"),
    ("new", lambda ws, g: ws.run(refer, g, D, ""), "referred_to", "请填写转办给哪个单位"),
    ("handling", lambda ws, g: ws.run(record_referral_answer, g, D, "答复"), "status", "不能登记转办答复"),
    ("referred", lambda ws, g: ws.run(record_referral_answer, g, date(2026, 11, 4), "答复"), "on",
     "不能早于转办日期（2026-11-05）"),
    ("referred", lambda ws, g: ws.run(record_referral_answer, g, D, ""), "answer", "请填写答复内容"),
    ("resolved", lambda ws, g: ws.run(close_grievance, g, D, "再办结"), "status", "现在是“已办结”，不能办结"),
    ("handling", lambda ws, g: ws.run(close_grievance, g, D, " "), "outcome", "请填写办理结果"),
    ("resolved", lambda ws, g: ws.run(check_grievance, g, D, "李书记"), "status", "不能核查"),
    ("handling", lambda ws, g: ws.run(return_visit, g, D, "satisfied", "", "王委员"), "status", "不能回访"),
    ("resolved", lambda ws, g: ws.run(return_visit, g, D, "happy", "", "王委员"), "satisfaction",
     "请选择满意、基本满意或不满意"),
    ("resolved", lambda ws, g: ws.run(return_visit, g, date(2026, 11, 6), "satisfied", "", "王委员"), "on",
     "不能早于办结日期（2026-11-09）"),
    ("resolved", lambda ws, g: ws.run(return_visit, g, D, "satisfied", "", ""), "visitor", "请填写回访人"),
    ("visited_ok", lambda ws, g: ws.run(reopen_grievance, g, D, "再办"), "status", "最近一次回访是“满意”"),
    ("resolved", lambda ws, g: ws.run(reopen_grievance, g, D, "再办"), "status",
     "现在是“已办结”，只有回访不满意的事项才能重新办理"),
    ("handling", lambda ws, g: ws.run(reopen_grievance, g, D, "再办"), "status", "只有回访不满意的事项才能重新办理"),
    ("visited_bad", lambda ws, g: ws.run(reopen_grievance, g, date(2026, 11, 9), "再办"), "on",
     "不能早于回访日期（2026-11-10）"),
    ("visited_bad", lambda ws, g: ws.run(reopen_grievance, g, D, ""), "reason", "请填写重新办理的原因"),
    ("void", lambda ws, g: ws.run(void_grievance, g, "再作废"), "status", "已经作废"),
    ("new", lambda ws, g: ws.run(void_grievance, g, " "), "reason", "请填写作废原因"),
    ("resolved", lambda ws, g: ws.run(update_grievance, g, form(1)), "status", "现在是“已办结”，不能修改"),
]


@pytest.mark.parametrize(("state", "call", "field", "message"), REFUSALS,
                         ids=[f"{i}-{r[2]}-{r[0]}" for i, r in enumerate(REFUSALS)])
def test_refused_actions_change_nothing(store, workspace, zhang, state, call, field, message):
    gid = in_state(workspace, zhang, state)
    text = refused(store, lambda: call(workspace, gid), field)
    assert message in text and "MQ-2026-0001" in text


# --- corrections ---------------------------------------------------------------------------------------

def test_a_correction_follows_the_limits_until_the_item_is_extended(store, workspace, zhang):
    gid = register(workspace, zhang)
    workspace.run(update_grievance, gid, form(zhang, urgency="urgent", content="垃圾池满了，已有异味"))
    found = item(store, gid)
    assert (found.deadline, found.original_deadline, found.content) == (date(2026, 11, 5),) * 2 + ("垃圾池满了，已有异味",)
    workspace.run(extend_deadline, gid, date(2026, 11, 4), date(2026, 11, 13), "等车", "李书记")
    workspace.run(update_grievance, gid, form(zhang, urgency="ordinary", deadline=date(2026, 11, 13)))
    assert item(store, gid).deadline == date(2026, 11, 13)  # the extended deadline stays
    assert "只能通过“申请延期”改动" in refused(
        store, lambda: workspace.run(update_grievance, gid, form(zhang, deadline=date(2026, 11, 10))), "deadline")


def test_a_correction_of_the_date_moves_the_registration_and_the_response_limit(store, workspace, zhang):
    gid = register(workspace, zhang)
    li = member(workspace, "李秀兰")
    workspace.run(update_grievance, gid, form(li, date(2026, 11, 6), requester="刘大爷", requester_phone=""))
    found = item(store, gid)
    assert (found.received_on, found.response_due, found.deadline) == (date(2026, 11, 6), date(2026, 11, 9),
                                                                       date(2026, 11, 27))
    assert (found.responsible_id, found.requester_pinyin, found.serial) == (li, "liudaye ldy", "MQ-2026-0001")
    assert history(store, gid)[0].on == date(2026, 11, 6)
    with store.read() as session:
        [row] = [r for r in list_audit(session, AuditFilter(operation="grievance.update")) if r.action == "update"]
    assert "责任人：张建国 → 李秀兰" in describe_changes(row) and "联系电话：138****1111 → （空）" in describe_changes(row)
    correction = history(store, gid)[-1]  # the correction shows in the item's own history too
    assert correction.kind == GrievanceAction.CORRECTION and correction.on == date(2026, 11, 22)
    assert correction.note == ("更正了登记日期（2026-11-02→2026-11-06）、反映人（王秀英→刘大爷）、联系电话、"
                               "责任人（改为李秀兰）、办理期限（2026-11-23→2026-11-27）")
    workspace.run(add_progress, gid, date(2026, 11, 9), "已联系")
    assert "不能晚于已有的办理记录（2026-11-09）" in refused(
        store, lambda: workspace.run(update_grievance, gid, form(li, date(2026, 11, 10))), "received_on")
    assert "不能改到2025年" in refused(
        store, lambda: workspace.run(update_grievance, gid, form(li, date(2025, 12, 30))), "received_on")


# --- 民情日记 ------------------------------------------------------------------------------------------

def test_a_diary_line_becomes_one_item(store, workspace, zhang):
    diary = workspace.run(add_diary, DiaryForm(zhang, date(2026, 11, 5), "五组刘家", "院墙被雨水冲塌")).value
    outcome = workspace.run(diary_to_grievance, diary, form(None, None, content="", requester="刘大爷",
                                                            source="", requester_address=""))
    found = item(store, outcome.value)
    assert (found.source, found.diary_id, found.received_on) == (GrievanceSource.HOME_VISIT, diary, date(2026, 11, 5))
    assert (found.content, found.responsible_id, found.requester_address) == ("院墙被雨水冲塌", zhang, "五组刘家")
    assert outcome.changes.ids(Entity.DIARY) == {diary}
    again = form(zhang, date(2026, 11, 5))
    assert "已经转为民情事项MQ-2026-0001" in refused(
        store, lambda: workspace.run(diary_to_grievance, diary, again), "diary")
    workspace.run(void_grievance, found.id, "类别登记错了")
    assert item(store, workspace.run(diary_to_grievance, diary, again).value).serial == "MQ-2026-0002"


def test_diary_refusals_and_voiding(store, workspace, zhang):
    pending = applicant(workspace, "李明")
    for bad, field, message in [
        (DiaryForm(pending, date(2026, 11, 5), "刘家", "院墙"), "member_id", "只能选正式党员或预备党员"),
        (DiaryForm(None, date(2026, 11, 5), "刘家", "院墙"), "member_id", "请选择党员"),
        (DiaryForm(zhang, None, "刘家", "院墙"), "on", "请填写走访日期"),
        (DiaryForm(zhang, date(2026, 11, 23), "刘家", "院墙"), "on", "不能晚于今天"),
        (DiaryForm(zhang, date(2026, 11, 5), " ", "院墙"), "household", "请填写走访的农户"),
        (DiaryForm(zhang, date(2026, 11, 5), "刘家", ""), "heard", "请填写听到的情况"),
    ]:
        assert message in refused(store, lambda bad=bad: workspace.run(add_diary, bad), field)
    diary = workspace.run(add_diary, DiaryForm(zhang, date(2026, 11, 5), "刘家", "院墙")).value
    assert "登记日期（2026-11-04）不能早于走访日期（2026-11-05）" in refused(
        store, lambda: workspace.run(diary_to_grievance, diary, form(zhang, date(2026, 11, 4))), "received_on")
    assert "请填写作废原因" in refused(store, lambda: workspace.run(void_diary, diary, ""), "reason")
    workspace.run(void_diary, diary, "记重了")
    assert "已经作废" in refused(store, lambda: workspace.run(void_diary, diary, "再作废"), "diary")
    assert "不能转为民情事项" in refused(store, lambda: workspace.run(diary_to_grievance, diary, form(zhang)), "diary")
    with pytest.raises(NotFound):
        workspace.run(void_diary, 999, "没有")


def test_a_correction_may_not_push_back_the_deadline_of_an_overdue_item(store, workspace, zhang):
    gid = register(workspace, zhang, date(2026, 11, 2), urgency="urgent")  # due 2026-11-05: overdue today
    message = refused(store, lambda: workspace.run(update_grievance, gid, form(zhang, urgency="ordinary")), "deadline")
    assert message.endswith("MQ-2026-0001已超过办理期限（2026-11-05），更正登记不能把期限推后到2026-11-23；需要更多时间请“申请延期”")
    workspace.run(update_grievance, gid, form(zhang, urgency="urgent", content="村口垃圾池满了，已有异味"))
    assert item(store, gid).deadline == date(2026, 11, 5)
