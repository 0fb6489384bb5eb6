"""What the 民情台账 operations take (forms) and what its reads return (rows) — shared by the
operations, the reads, the screens, the reports and the demo."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

GRIEVANCE_LABELS = {
    "received_on": "登记日期", "source": "来源", "requester": "反映人", "requester_phone": "联系电话",
    "requester_address": "住址", "place": "村民小组/网格", "category": "类别", "urgency": "紧急程度",
    "content": "反映内容", "responsible_id": "责任人", "deadline": "办理期限", "on": "日期", "note": "情况",
    "reason": "原因", "new_deadline": "新的办理期限", "approver": "批准人", "referred_to": "转办单位",
    "answer": "答复", "outcome": "办理结果", "checker": "核查人", "satisfaction": "满意度",
    "comment": "群众意见", "visitor": "回访人", "status": "状态", "serial": "编号", "member_id": "党员",
    "household": "走访户", "heard": "听到的情况", "grievance": "民情事项", "diary": "民情日记",
    "response_days": "首次响应时限", "completion_days": "办结时限", "remind_within_days": "催办提前",
    "visit_within_days": "回访时限", "check_required": "办结需核查",
}


@dataclass(frozen=True)
class GrievanceForm:
    """登记 (and corrections of an open item's details). deadline None: from the time limits."""

    received_on: date | None = None
    source: str = ""  # GrievanceSource
    category: str = ""  # GrievanceCategory
    urgency: str = "ordinary"  # Urgency
    content: str = ""
    responsible_id: int | None = None  # a member (正式党员 or 预备党员), not archived
    requester: str = ""  # "" = 匿名
    requester_phone: str = ""  # validated when given (models.people.phones)
    requester_address: str = ""  # household / 门牌 (never printed on a public notice)
    place: str = ""  # 村民小组 / 网格
    deadline: date | None = None  # a promised deadline earlier than the limit; None: the limit



_HOUSEHOLD = re.compile(r"^\s*(?P<place>[^\s]*?(?:组|网格|队|屯))?\s*(?P<name>[^\s]*?)家?\s*$")


def household_parts(household: str) -> tuple[str, str]:
    """A 民情日记's household as (村民小组/网格, 反映人) for an item made from it: 三组 李长顺家 →
    (三组, 李长顺); 2号网格 王大爷 → (2号网格, 王大爷); a bare surname (张家) gives no name."""
    found = _HOUSEHOLD.match(household or "")
    if not found:
        return "", ""
    name = found["name"] or ""
    return found["place"] or "", name if len(name) >= 2 else ""

@dataclass(frozen=True)
class DiaryForm:
    member_id: int | None = None
    on: date | None = None
    household: str = ""
    heard: str = ""


class ActionRow(NamedTuple):
    """One entry of an item's history."""

    id: int
    kind: str  # GrievanceAction
    on: date
    note: str
    actor: str
    new_deadline: date | None
    referred_to: str
    satisfaction: str
    recorded_by: str


class LedgerRow(NamedTuple):
    """A line of the ledger."""

    id: int
    serial: str
    received_on: date
    source: str
    requester: str  # "" = 匿名
    place: str
    category: str
    urgency: str
    content: str
    responsible_id: int
    responsible_name: str
    deadline: date
    status: str  # GrievanceStatus
    days_left: int | None  # working days to the deadline (negative: overdue); None when no longer open
    overdue: bool  # open and past the deadline
    due_soon: bool  # open, not overdue, within the 催办 window (automatic flag)
    extensions: int
    reopened: int
    first_action_on: date | None
    resolved_on: date | None
    satisfaction: str
    voided: bool


class ItemDetail(NamedTuple):
    """One item with everything about it, for its page and the 交办单."""

    row: LedgerRow
    requester_phone: str
    requester_address: str
    response_due: date
    original_deadline: date
    referred_to: str
    outcome: str
    checked_by: str
    checked_on: date | None
    visited_on: date | None
    void_reason: str
    recorded_by: str
    history: tuple[ActionRow, ...]
    can_reopen: bool  # the last 回访 was 不满意 and the item is not open


class Figures(NamedTuple):
    """The figures of a period (rates are None when their denominator is 0, shown as “—”)."""

    registered: int  # 登记: items received in the period (not voided)
    open: int  # 办理中: of those, still open now
    overdue: int  # 逾期: of those, open and past the deadline now
    resolved: int  # 办结 (counted: checked when required)
    resolved_on_time: int
    visited: int
    satisfied: int  # 满意 + 基本满意 at the last visit
    responded_in_time: int  # first action within the response limit
    reopened: int  # items reopened at least once
    resolution_rate: float | None  # resolved / registered
    on_time_rate: float | None  # resolved_on_time / resolved
    satisfaction_rate: float | None  # satisfied / visited
    response_rate: float | None  # responded_in_time / response_due (answered, or past the response limit)
    reopen_rate: float | None  # reopened / closed at least once (resolved now, or reopened since)
    closed_once: int = 0  # items closed at least once: 重办率's denominator
    response_due: int = 0  # items answered, or whose response limit has passed: 响应率's denominator


class WorkloadRow(NamedTuple):
    member_id: int
    name: str
    open: int
    overdue: int
    closed_this_year: int
    satisfaction_rate: float | None


class DiaryRow(NamedTuple):
    id: int
    member_id: int
    member_name: str
    on: date
    household: str
    heard: str
    grievance_id: int | None  # the item it became, if any
    serial: str  # that item's serial, "" if none
    voided: bool
