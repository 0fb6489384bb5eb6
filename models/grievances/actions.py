"""The actions on a 民情事项 after 登记: 添加进展, 延期, 催办, 督办, 转办 and its answer, 办结, 核查,
回访, 重新办理, 作废 — each an audited operation writing a dated row of the item's history
(grievance_action). Also the helpers the registration operations share (models/grievances/operations.py).

A refusal raises ValidationError naming the item's serial; the transaction is then rolled back,
so nothing is changed."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from models.core.codes import OPEN_STATUSES, GrievanceAction, GrievanceStatus, Satisfaction, label
from models.core.dates import format_date
from models.core.errors import NotFound, ValidationError
from models.grievances.entities import Grievance, GrievanceActionEntry
from models.grievances.forms import GRIEVANCE_LABELS
from models.grievances.limits import MAX_EXTENSIONS, due_date, get_grievance_settings, limit_for
from models.people.entities import Person
from models.workspace import Entity, Permission, Tx, operation
from models.workspace.audit import register_field_labels

ITEM_LABELS = {
    **GRIEVANCE_LABELS, "kind": "办理事项", "grievance_id": "民情事项", "response_due": "首次响应期限",
    "original_deadline": "原定办理期限", "first_action_on": "首次响应日期", "extensions": "延期次数",
    "reopened": "重新办理次数", "resolved_on": "办结日期", "checked_by": "核查人", "checked_on": "核查日期",
    "visited_on": "回访日期", "diary_id": "民情日记", "voided_at": "作废时间", "void_reason": "作废原因",
    "actor": "经办人", "responsible": "责任人",
}
register_field_labels(Entity.GRIEVANCE, ITEM_LABELS)
register_field_labels(Entity.GRIEVANCE_ACTION, ITEM_LABELS)
register_field_labels(Entity.DIARY, ITEM_LABELS)

# Statuses in which the work is still going on (待核查 waits for the check: nothing else to do).
WORKING = (GrievanceStatus.NEW, GrievanceStatus.HANDLING, GrievanceStatus.REFERRED)
NOTE_MAX, REASON_MAX, NAME_MAX = 500, 200, 60


def refuse(field: str, message: str) -> ValidationError:
    return ValidationError({field: message}, GRIEVANCE_LABELS)


def load_item(tx: Tx, grievance_id: int) -> Grievance:
    item = tx.session.get(Grievance, grievance_id)
    if item is None:
        raise NotFound(f"找不到编号为 {grievance_id} 的民情事项，可能已被其他窗口修改")
    return item


def require_status(item: Grievance, allowed: tuple[str, ...], doing: str) -> None:
    """Refuse `doing` (“添加进展”) unless the item is in one of the `allowed` statuses."""
    if item.status not in allowed:
        raise refuse("status", f"{item.serial}现在是“{label(item.status)}”，不能{doing}")


def check_on(tx: Tx, item: Grievance, on: date | None, field: str = "on", *, after: date | None = None,
             what: str = "") -> date:
    """A required date of an action: not after today, not before the item's 登记日期 (nor `after`)."""
    if on is None:
        raise refuse(field, f"{item.serial}：请填写日期")
    if on > tx.today:
        raise refuse(field, f"{item.serial}：日期（{format_date(on)}）不能晚于今天")
    if on < item.received_on:
        raise refuse(field, f"{item.serial}：日期（{format_date(on)}）不能早于登记日期（{format_date(item.received_on)}）")
    if after is not None and on < after:
        raise refuse(field, f"{item.serial}：日期（{format_date(on)}）不能早于{what}（{format_date(after)}）")
    return on


def check_text(field: str, value: str | None, limit: int, *, serial: str = "", required: str = "") -> str:
    """Trimmed text of at most `limit` characters; `required` is the message when it is empty."""
    text = (value or "").strip()
    prefix = f"{serial}：" if serial else ""
    if required and not text:
        raise refuse(field, prefix + required)
    if len(text) > limit:
        raise refuse(field, f"{prefix}不能超过{limit}个字（现在{len(text)}个字）")
    return text


def audit_values(item: Grievance, names) -> dict[str, object]:
    """Columns of the item for the log (which masks requester_phone itself: models/workspace/audit.py)."""
    return {name: getattr(item, name) for name in names}


def set_item(tx: Tx, item: Grievance, **values: object) -> None:
    """Change columns of the item, with an audit row of what changed."""
    before = audit_values(item, values)
    for key, value in values.items():
        setattr(item, key, value)
    tx.updated(Entity.GRIEVANCE, item.id, before, audit_values(item, values), summary=item.serial)
    tx.touched(Entity.GRIEVANCE, item.id)


def add_history(tx: Tx, item: Grievance, kind: GrievanceAction, on: date, *, note: str = "", actor: str = "",
                new_deadline: date | None = None, referred_to: str = "", satisfaction: str = "") -> int:
    """A dated row of the item's history, with its audit row; returns its id."""
    entry = GrievanceActionEntry(grievance_id=item.id, kind=kind.value, on=on, note=note, actor=actor,
                                 new_deadline=new_deadline, referred_to=referred_to, satisfaction=satisfaction,
                                 recorded_by=tx.actor.name, recorded_at=tx.now)
    tx.session.add(entry)
    tx.session.flush()
    values = {"kind": kind.value, "on": on, "note": note, "actor": actor, "new_deadline": new_deadline,
              "referred_to": referred_to, "satisfaction": satisfaction}
    tx.created(Entity.GRIEVANCE_ACTION, entry.id, values, summary=f"{item.serial} {label(kind)}")
    tx.touched(Entity.GRIEVANCE, item.id)
    return entry.id


def _first_action(item: Grievance, on: date) -> dict[str, object]:
    """The first action sets 首次响应日期 (响应率) when there is none yet."""
    return {"first_action_on": on} if item.first_action_on is None or on < item.first_action_on else {}


def _responsible_name(tx: Tx, item: Grievance) -> str:
    person = tx.session.get(Person, item.responsible_id)
    return person.name if person is not None else ""


def _latest(tx: Tx, item: Grievance, kind: GrievanceAction) -> GrievanceActionEntry | None:
    return tx.session.scalar(select(GrievanceActionEntry).where(
        GrievanceActionEntry.grievance_id == item.id, GrievanceActionEntry.kind == kind.value)
        .order_by(GrievanceActionEntry.on.desc(), GrievanceActionEntry.id.desc()).limit(1))


@operation("grievance.progress", Permission.MEMBERS_EDIT, "添加民情办理进展")
def add_progress(tx: Tx, grievance_id: int, on: date, note: str) -> int:
    """A progress note; a 待办理 item becomes 办理中."""
    item = load_item(tx, grievance_id)
    require_status(item, WORKING, "添加进展")
    on = check_on(tx, item, on)
    note = check_text("note", note, NOTE_MAX, serial=item.serial, required="请填写办理进展")
    entry = add_history(tx, item, GrievanceAction.PROGRESS, on, note=note)
    status = GrievanceStatus.HANDLING.value if item.status == GrievanceStatus.NEW else item.status
    set_item(tx, item, status=status, **_first_action(item, on))
    return entry


@operation("grievance.extend", Permission.MEMBERS_EDIT, "民情事项延期")
def extend_deadline(tx: Tx, grievance_id: int, on: date, new_deadline: date, reason: str, approver: str) -> int:
    """An approved extension of the deadline (at most MAX_EXTENSIONS per item), with the approver's name."""
    item = load_item(tx, grievance_id)
    require_status(item, WORKING, "申请延期")
    if item.extensions >= MAX_EXTENSIONS:
        raise refuse("new_deadline", f"{item.serial}已经延期{item.extensions}次，最多只能延期{MAX_EXTENSIONS}次")
    on = check_on(tx, item, on)
    if new_deadline is None:
        raise refuse("new_deadline", f"{item.serial}：请填写新的办理期限")
    if new_deadline <= item.deadline:
        raise refuse("new_deadline", f"{item.serial}：新的期限（{format_date(new_deadline)}）应晚于现在的期限"
                                     f"（{format_date(item.deadline)}）")
    if new_deadline < on:
        raise refuse("new_deadline", f"{item.serial}：新的期限（{format_date(new_deadline)}）不能早于申请日期"
                                     f"（{format_date(on)}）")
    if (new_deadline - on).days > 365:
        raise refuse("new_deadline", f"{item.serial}：新的期限不能晚于申请日期一年以后")
    reason = check_text("reason", reason, NOTE_MAX, serial=item.serial, required="请填写延期原因")
    approver = check_text("approver", approver, NAME_MAX, serial=item.serial, required="请填写批准人")
    entry = add_history(tx, item, GrievanceAction.EXTENSION, on, note=reason, actor=approver,
                        new_deadline=new_deadline)
    set_item(tx, item, deadline=new_deadline, extensions=item.extensions + 1)
    return entry


@operation("grievance.remind", Permission.MEMBERS_EDIT, "民情事项催办")
def remind(tx: Tx, grievance_id: int, on: date, note: str = "") -> int:
    """A recorded reminder (催办) to the responsible member (or, 待核查, to whoever checks)."""
    item = load_item(tx, grievance_id)
    require_status(item, OPEN_STATUSES, "催办")
    on = check_on(tx, item, on)
    note = check_text("note", note, NOTE_MAX, serial=item.serial)
    return add_history(tx, item, GrievanceAction.REMINDER, on, note=note)


@operation("grievance.supervise", Permission.MEMBERS_EDIT, "民情事项督办")
def supervise(tx: Tx, grievance_id: int, on: date, note: str) -> int:
    """督办: the escalation of an open item past its deadline."""
    item = load_item(tx, grievance_id)
    require_status(item, OPEN_STATUSES, "督办")
    on = check_on(tx, item, on)
    if on <= item.deadline:
        raise refuse("on", f"{item.serial}的办理期限是{format_date(item.deadline)}，{format_date(on)}还没有逾期，"
                           f"逾期后才能督办（期限将到时请用“催办”）")
    note = check_text("note", note, NOTE_MAX, serial=item.serial, required="请填写督办要求")
    return add_history(tx, item, GrievanceAction.SUPERVISION, on, note=note)


@operation("grievance.refer", Permission.MEMBERS_EDIT, "民情事项转办")
def refer(tx: Tx, grievance_id: int, on: date, referred_to: str, note: str = "") -> int:
    """转办: referred up (to the township, a department …); the item waits for their answer."""
    item = load_item(tx, grievance_id)
    require_status(item, (GrievanceStatus.NEW, GrievanceStatus.HANDLING), "转办")
    on = check_on(tx, item, on)
    referred_to = check_text("referred_to", referred_to, 100, serial=item.serial, required="请填写转办给哪个单位")
    note = check_text("note", note, NOTE_MAX, serial=item.serial)
    entry = add_history(tx, item, GrievanceAction.REFERRAL, on, note=note, referred_to=referred_to)
    set_item(tx, item, status=GrievanceStatus.REFERRED.value, referred_to=referred_to, **_first_action(item, on))
    return entry


@operation("grievance.refer_answer", Permission.MEMBERS_EDIT, "登记转办答复")
def record_referral_answer(tx: Tx, grievance_id: int, on: date, answer: str) -> int:
    """The answer of the unit it was referred to; the item is handled again by its member."""
    item = load_item(tx, grievance_id)
    require_status(item, (GrievanceStatus.REFERRED,), "登记转办答复")
    referral = _latest(tx, item, GrievanceAction.REFERRAL)
    on = check_on(tx, item, on, after=referral.on if referral else None, what="转办日期")
    answer = check_text("answer", answer, NOTE_MAX, serial=item.serial, required="请填写答复内容")
    entry = add_history(tx, item, GrievanceAction.REFERRAL_ANSWER, on, note=answer, referred_to=item.referred_to)
    set_item(tx, item, status=GrievanceStatus.HANDLING.value)
    return entry


@operation("grievance.close", Permission.MEMBERS_EDIT, "民情事项办结")
def close_grievance(tx: Tx, grievance_id: int, on: date, outcome: str) -> int:
    """办结 with its outcome; 待核查 first when the settings ask for a 核查."""
    item = load_item(tx, grievance_id)
    require_status(item, WORKING, "办结")
    on = check_on(tx, item, on)
    outcome = check_text("outcome", outcome, NOTE_MAX, serial=item.serial, required="请填写办理结果")
    check_required = get_grievance_settings(tx.session).check_required
    status = GrievanceStatus.TO_CHECK if check_required else GrievanceStatus.RESOLVED
    entry = add_history(tx, item, GrievanceAction.CLOSING, on, note=outcome)
    set_item(tx, item, status=status.value, resolved_on=on, outcome=outcome, **_first_action(item, on))
    return entry


@operation("grievance.check", Permission.MEMBERS_EDIT, "民情事项核查")
def check_grievance(tx: Tx, grievance_id: int, on: date, checker: str, note: str = "", passed: bool = True) -> int:
    """核查: someone other than the responsible member confirms it is really done; then 办结 counts.
    A check that fails (passed=False, with what is still wrong) sends the item back to 办理中."""
    item = load_item(tx, grievance_id)
    require_status(item, (GrievanceStatus.TO_CHECK,), "核查")
    on = check_on(tx, item, on, after=item.resolved_on, what="办结日期")
    checker = check_text("checker", checker, NAME_MAX, serial=item.serial, required="请填写核查人")
    responsible = _responsible_name(tx, item)
    if "".join(checker.split()) == "".join(responsible.split()):
        raise refuse("checker", f"{item.serial}的责任人是{responsible}，核查应由责任人以外的人进行")
    note = check_text("note", note, NOTE_MAX, serial=item.serial,
                      required="" if passed else "核查未通过时，请写明还有什么没有办好")
    if not passed:
        entry = add_history(tx, item, GrievanceAction.CHECK, on, note=f"核查未通过：{note}", actor=checker)
        set_item(tx, item, status=GrievanceStatus.HANDLING.value, resolved_on=None, outcome="")
        return entry
    entry = add_history(tx, item, GrievanceAction.CHECK, on, note=note, actor=checker)
    set_item(tx, item, status=GrievanceStatus.RESOLVED.value, checked_by=checker, checked_on=on)
    return entry


@operation("grievance.visit", Permission.MEMBERS_EDIT, "民情事项回访")
def return_visit(tx: Tx, grievance_id: int, on: date, satisfaction: str, comment: str, visitor: str) -> int:
    """回访 after 办结: the resident's satisfaction and comment (不满意 offers 重新办理)."""
    item = load_item(tx, grievance_id)
    require_status(item, (GrievanceStatus.RESOLVED, GrievanceStatus.VISITED), "回访")
    after, what = item.resolved_on, "办结日期"
    if item.checked_on is not None and (after is None or item.checked_on > after):
        after, what = item.checked_on, "核查日期"
    on = check_on(tx, item, on, after=after, what=what)
    if satisfaction not in {s.value for s in Satisfaction}:
        raise refuse("satisfaction", f"{item.serial}：请选择满意、基本满意或不满意")
    comment = check_text("comment", comment, NOTE_MAX, serial=item.serial)
    visitor = check_text("visitor", visitor, NAME_MAX, serial=item.serial, required="请填写回访人")
    entry = add_history(tx, item, GrievanceAction.RETURN_VISIT, on, note=comment, actor=visitor,
                        satisfaction=str(satisfaction))
    set_item(tx, item, status=GrievanceStatus.VISITED.value, satisfaction=str(satisfaction), visited_on=on)
    return entry


@operation("grievance.reopen", Permission.MEMBERS_EDIT, "民情事项重新办理")
def reopen_grievance(tx: Tx, grievance_id: int, on: date, reason: str) -> int:
    """重新办理 after a 不满意 回访: back to 办理中 with a new deadline from the completion limit. It is a
    new round of handling: its deadline is the new 原定 one, and up to MAX_EXTENSIONS extensions may
    again be approved (the earlier ones stay in the history)."""
    item = load_item(tx, grievance_id)
    if item.status != GrievanceStatus.VISITED or item.satisfaction != Satisfaction.UNSATISFIED:
        if item.status == GrievanceStatus.VISITED:
            raise refuse("status", f"{item.serial}最近一次回访是“{label(item.satisfaction)}”，"
                                   f"只有回访不满意的事项才能重新办理")
        raise refuse("status", f"{item.serial}现在是“{label(item.status)}”，只有回访不满意的事项才能重新办理")
    on = check_on(tx, item, on, after=item.visited_on, what="回访日期")
    reason = check_text("reason", reason, NOTE_MAX, serial=item.serial, required="请填写重新办理的原因")
    settings = get_grievance_settings(tx.session)
    deadline = due_date(on, limit_for(settings, item.category, item.urgency).completion_days)
    entry = add_history(tx, item, GrievanceAction.REOPENING, on, note=reason, new_deadline=deadline)
    set_item(tx, item, status=GrievanceStatus.HANDLING.value, reopened=item.reopened + 1, deadline=deadline,
             original_deadline=deadline, extensions=0, resolved_on=None, outcome="", checked_by="", checked_on=None)
    return entry


@operation("grievance.void", Permission.MEMBERS_EDIT, "作废民情事项")
def void_grievance(tx: Tx, grievance_id: int, reason: str) -> None:
    """作废 a mistaken item (nothing is deleted; its serial stays used)."""
    item = load_item(tx, grievance_id)
    if item.status == GrievanceStatus.VOID:
        raise refuse("status", f"{item.serial}已经作废")
    reason = check_text("reason", reason, REASON_MAX, serial=item.serial, required="请填写作废原因")
    add_history(tx, item, GrievanceAction.VOIDING, tx.today, note=reason)
    set_item(tx, item, status=GrievanceStatus.VOID.value, voided_at=tx.now, void_reason=reason)


__all__ = ["OPEN_STATUSES", "WORKING", "add_history", "add_progress", "check_grievance", "check_on", "check_text",
           "close_grievance", "extend_deadline", "load_item", "record_referral_answer", "refer", "refuse", "remind",
           "reopen_grievance", "require_status", "return_visit", "set_item", "supervise", "void_grievance"]
