"""The write path of the 民情台账: 登记 and corrections of an item, the 民情日记 and turning a diary
line into an item. The actions after 登记 (进展, 延期, 催办, 督办, 转办, 办结, 核查, 回访, 重新办理,
作废) live in models/grievances/actions.py and are importable from here too.

Serial numbers: MQ-{year}-{seq:04d}, numbered per year of the 登记日期, the highest of the year + 1.
Items are never deleted (a mistaken one is voided), so a serial is never given twice."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from models.core.codes import (
    MEMBER_STAGES,
    OPEN_STATUSES,
    GrievanceAction,
    GrievanceCategory,
    GrievanceSource,
    GrievanceStatus,
    Urgency,
    label,
)
from models.core.dates import format_date
from models.core.errors import NotFound
from models.core.pinyin import keys_for
from models.grievances.actions import (
    NAME_MAX,
    REASON_MAX,
    add_history,
    add_progress,
    audit_values,
    check_grievance,
    check_text,
    close_grievance,
    extend_deadline,
    load_item,
    record_referral_answer,
    refer,
    refuse,
    remind,
    reopen_grievance,
    require_status,
    return_visit,
    supervise,
    void_grievance,
)
from models.grievances.entities import Grievance, GrievanceActionEntry, VisitDiary
from models.grievances.forms import DiaryForm, GrievanceForm
from models.grievances.limits import due_date, get_grievance_settings, limit_for
from models.people.entities import Person
from models.people.phones import parse_phone, phone_problem
from models.workspace import Entity, Permission, Tx, operation

__all__ = ["add_diary", "add_progress", "check_grievance", "close_grievance", "diary_to_grievance",
           "extend_deadline", "next_serial", "record_referral_answer", "refer", "register_grievance",
           "register_grievance_in", "remind", "reopen_grievance", "return_visit", "supervise", "update_grievance",
           "void_diary", "void_grievance"]

FIRST_YEAR = 2000
# Columns of an item that 登记 sets and a correction may change, in the order of the form.
_DETAILS = ("received_on", "source", "requester", "requester_phone", "requester_address", "place", "category",
            "urgency", "content")


def serial_for(year: int, seq: int) -> str:
    return f"MQ-{year}-{seq:04d}"


def next_serial(tx: Tx, year: int) -> tuple[int, str]:
    """The next number of the year (voided items keep theirs: numbers are never reused)."""
    tx.session.flush()
    highest = tx.session.scalar(select(func.max(Grievance.seq)).where(Grievance.year == year)) or 0
    return highest + 1, serial_for(year, highest + 1)


def _member(tx: Tx, member_id: int | None, field: str, *, keep: int | None = None) -> Person:
    """A 正式党员 or 预备党员 not archived (`keep`: the one already chosen may stay as it is)."""
    if member_id is None:
        raise refuse(field, "请选择党员" if field == "member_id" else "请选择责任人")
    person = tx.session.get(Person, member_id)
    if person is None:
        raise refuse(field, f"找不到编号为 {member_id} 的党员")
    if member_id != keep:
        if person.stage not in MEMBER_STAGES:
            raise refuse(field, f"“{person.name}”是{label(person.stage)}，只能选正式党员或预备党员")
        if person.archive_reason:
            raise refuse(field, f"“{person.name}”已归档（{label(person.archive_reason)}），请选在册的党员")
    return person


def _code(field: str, value: str, allowed: type, what: str) -> str:
    if value not in {c.value for c in allowed}:
        raise refuse(field, f"请选择{what}")
    return str(value)


def _checked(tx: Tx, form: GrievanceForm, item: Grievance | None = None) -> tuple[dict[str, object], Person]:
    """The form's values as stored (trimmed, codes checked, the phone in its one stored form)."""
    on = form.received_on
    if on is None:
        raise refuse("received_on", "请填写登记日期")
    if on > tx.today:
        raise refuse("received_on", f"登记日期（{format_date(on)}）不能晚于今天")
    if on.year < FIRST_YEAR:
        raise refuse("received_on", f"登记日期（{format_date(on)}）不能早于{FIRST_YEAR}年")
    values: dict[str, object] = {
        "received_on": on,
        "source": _code("source", form.source, GrievanceSource, "来源"),
        "requester": check_text("requester", form.requester, NAME_MAX),
        "requester_phone": "",
        "requester_address": check_text("requester_address", form.requester_address, 100),
        "place": check_text("place", form.place, NAME_MAX),
        "category": _code("category", form.category, GrievanceCategory, "类别"),
        "urgency": _code("urgency", form.urgency, Urgency, "紧急程度"),
        "content": check_text("content", form.content, 1000, required="请填写反映内容"),
    }
    phone = (form.requester_phone or "").strip()
    if phone:
        parsed = parse_phone(phone)
        if parsed is None:
            raise refuse("requester_phone", phone_problem(phone))
        values["requester_phone"] = parsed
    person = _member(tx, form.responsible_id, "responsible_id", keep=item.responsible_id if item else None)
    return values, person


def _deadlines(tx: Tx, values: dict[str, object], promised: date | None) -> tuple[date, date]:
    """(response due, deadline) from the time limits; a promised deadline may only be earlier."""
    received: date = values["received_on"]  # type: ignore[assignment]
    limit = limit_for(get_grievance_settings(tx.session), str(values["category"]), str(values["urgency"]))
    deadline = due_date(received, limit.completion_days)
    if promised is not None:
        if promised < received:
            raise refuse("deadline", f"办理期限（{format_date(promised)}）不能早于登记日期（{format_date(received)}）")
        if promised > deadline:
            raise refuse("deadline", f"办理期限不能晚于时限规定的{format_date(deadline)}"
                                     f"（{limit.completion_days}个工作日）；需要更长时间请登记后申请延期")
        deadline = promised
    return min(due_date(received, limit.response_days), deadline), deadline


def _pinyin(name: str) -> str:
    keys = keys_for(name)
    return f"{keys.full} {keys.initials}".strip() if name else ""


def register_grievance_in(tx: Tx, form: GrievanceForm, diary_id: int | None = None) -> int:
    """Check and register one item inside a running operation (the demo and 民情日记 use it too)."""
    values, person = _checked(tx, form)
    response_due, deadline = _deadlines(tx, values, form.deadline)
    year = values["received_on"].year  # type: ignore[union-attr]
    seq, serial = next_serial(tx, year)
    item = Grievance(**values, serial=serial, year=year, seq=seq, requester_pinyin=_pinyin(str(values["requester"])),
                     responsible_id=person.id, response_due=response_due, original_deadline=deadline,
                     deadline=deadline, status=GrievanceStatus.NEW.value, extensions=0, reopened=0, referred_to="",
                     outcome="", checked_by="", satisfaction="", diary_id=diary_id, void_reason="",
                     recorded_by=tx.actor.name, recorded_at=tx.now)
    tx.session.add(item)
    tx.session.flush()
    logged = {"serial": serial, **audit_values(item, _DETAILS), "responsible": person.name,
              "response_due": response_due, "deadline": deadline, "diary_id": diary_id}
    tx.created(Entity.GRIEVANCE, item.id, logged, summary=serial)
    add_history(tx, item, GrievanceAction.REGISTERED, item.received_on, note=f"交{person.name}办理")
    return item.id


@operation("grievance.register", Permission.MEMBERS_EDIT, "登记民情事项")
def register_grievance(tx: Tx, form: GrievanceForm) -> int:
    """登记: a new item, 待办理, with its serial, its responsible member and deadlines from the time limits."""
    return register_grievance_in(tx, form)


@operation("grievance.update", Permission.MEMBERS_EDIT, "修改民情事项")
def update_grievance(tx: Tx, grievance_id: int, form: GrievanceForm) -> None:
    """Correct the details of an open item (the serial stays). The deadlines follow a changed 类别,
    紧急程度 or 登记日期 only while the item has not been extended or reopened."""
    item = load_item(tx, grievance_id)
    require_status(item, OPEN_STATUSES, "修改")
    values, person = _checked(tx, form, item)
    received: date = values["received_on"]  # type: ignore[assignment]
    if received.year != item.year:
        raise refuse("received_on", f"{item.serial}的编号按{item.year}年编排，登记日期不能改到{received.year}年"
                                    f"（登记错了请作废后重新登记）")
    earliest = tx.session.scalar(select(func.min(GrievanceActionEntry.on)).where(
        GrievanceActionEntry.grievance_id == item.id, GrievanceActionEntry.kind != GrievanceAction.REGISTERED.value))
    if earliest is not None and received > earliest:
        raise refuse("received_on", f"{item.serial}：登记日期（{format_date(received)}）不能晚于已有的办理记录"
                                    f"（{format_date(earliest)}）")
    changed = {k: v for k, v in values.items() if getattr(item, k) != v}
    if "requester" in changed:
        changed["requester_pinyin"] = _pinyin(str(values["requester"]))
    limits_changed = any(k in changed for k in ("category", "urgency", "received_on"))
    promised = form.deadline if form.deadline is not None and form.deadline != item.deadline else None
    if item.extensions == 0 and item.reopened == 0 and (limits_changed or promised is not None):
        response_due, deadline = _deadlines(tx, values, promised)
        if deadline > item.deadline and item.deadline < tx.today:
            raise refuse("deadline", f"{item.serial}已超过办理期限（{format_date(item.deadline)}），更正登记不能把期限"
                                     f"推后到{format_date(deadline)}；需要更多时间请“申请延期”")
        changed.update(response_due=response_due, original_deadline=deadline, deadline=deadline)
    elif promised is not None:
        raise refuse("deadline", f"{item.serial}已经{'延期' if item.extensions else '重新办理'}过，"
                                 f"办理期限只能通过“申请延期”改动")
    elif "received_on" in changed:
        response_due, _ = _deadlines(tx, values, None)
        changed["response_due"] = min(response_due, item.deadline)
    if "received_on" in changed:
        registered = tx.session.scalar(select(GrievanceActionEntry).where(
            GrievanceActionEntry.grievance_id == item.id,
            GrievanceActionEntry.kind == GrievanceAction.REGISTERED.value))
        if registered is not None:
            registered.on = received
    logged = [k for k in changed if k != "requester_pinyin"]
    before, after = audit_values(item, logged), {}
    if person.id != item.responsible_id:
        old = tx.session.get(Person, item.responsible_id)
        before["responsible"], after["responsible"] = (old.name if old else ""), person.name
        changed["responsible_id"] = person.id
    note = _correction_note(item, changed, after.get("responsible", ""))
    for key, value in changed.items():
        setattr(item, key, value)
    tx.updated(Entity.GRIEVANCE, item.id, before, {**audit_values(item, logged), **after}, summary=item.serial)
    if note:  # the item's own history shows the correction too, with what changed
        add_history(tx, item, GrievanceAction.CORRECTION, tx.today, note=note)
    tx.touched(Entity.GRIEVANCE, item.id)


_CORRECTED = {"received_on": "登记日期", "source": "来源", "requester": "反映人", "requester_phone": "联系电话",
              "requester_address": "住址", "place": "村民小组/网格", "category": "类别", "urgency": "紧急程度",
              "content": "反映内容"}


def _correction_note(item: Grievance, changed: dict, responsible: str) -> str:
    """更正了类别（基础设施→环境卫生）、办理期限（2026-11-30→2026-11-20）… in Chinese; "" when nothing changed."""
    parts = []
    for key, caption in _CORRECTED.items():
        if key not in changed:
            continue
        old, new = getattr(item, key), changed[key]
        if key in ("category", "urgency", "source"):
            old, new = label(old), label(new)
        elif key == "received_on":
            old, new = format_date(old), format_date(new)
        elif key in ("content", "requester_phone", "requester_address"):
            parts.append(caption)
            continue
        parts.append(f"{caption}（{old or '空'}→{new or '空'}）")
    if responsible:
        parts.append(f"责任人（改为{responsible}）")
    if "deadline" in changed and changed["deadline"] != item.deadline:
        parts.append(f"办理期限（{format_date(item.deadline)}→{format_date(changed['deadline'])}）")
    return ("更正了" + "、".join(parts)) if parts else ""


# --- 民情日记 ----------------------------------------------------------------------------------------

def _diary(tx: Tx, diary_id: int) -> VisitDiary:
    diary = tx.session.get(VisitDiary, diary_id)
    if diary is None:
        raise NotFound(f"找不到编号为 {diary_id} 的民情日记，可能已被其他窗口修改")
    return diary


def _diary_name(tx: Tx, diary: VisitDiary) -> str:
    member = tx.session.get(Person, diary.member_id)
    return f"{member.name if member else ''} {format_date(diary.on)} {diary.household}"


@operation("diary.add", Permission.MEMBERS_EDIT, "记录民情日记")
def add_diary(tx: Tx, form: DiaryForm) -> int:
    """A line of a member's 民情日记: the date of the visit, the household, what was heard."""
    member = _member(tx, form.member_id, "member_id")
    if form.on is None:
        raise refuse("on", "请填写走访日期")
    if form.on > tx.today:
        raise refuse("on", f"走访日期（{format_date(form.on)}）不能晚于今天")
    if form.on.year < FIRST_YEAR:
        raise refuse("on", f"走访日期（{format_date(form.on)}）不能早于{FIRST_YEAR}年")
    household = check_text("household", form.household, 100, required="请填写走访的农户")
    heard = check_text("heard", form.heard, 1000, required="请填写听到的情况")
    diary = VisitDiary(member_id=member.id, on=form.on, household=household, heard=heard, void_reason="",
                       recorded_by=tx.actor.name, recorded_at=tx.now)
    tx.session.add(diary)
    tx.session.flush()
    tx.created(Entity.DIARY, diary.id, {"member_id": member.name, "on": form.on, "household": household,
                                        "heard": heard}, summary=_diary_name(tx, diary))
    return diary.id


@operation("diary.void", Permission.MEMBERS_EDIT, "作废民情日记")
def void_diary(tx: Tx, diary_id: int, reason: str) -> None:
    """作废 a mistaken diary line (nothing is deleted)."""
    diary = _diary(tx, diary_id)
    if diary.voided_at is not None:
        raise refuse("diary", f"这条民情日记（{_diary_name(tx, diary)}）已经作废")
    reason = check_text("reason", reason, REASON_MAX, required="请填写作废原因")
    before = {"voided_at": None, "void_reason": ""}
    diary.voided_at, diary.void_reason = tx.now, reason
    tx.updated(Entity.DIARY, diary.id, before, {"voided_at": tx.now, "void_reason": reason},
               summary=_diary_name(tx, diary))


@operation("diary.to_grievance", Permission.MEMBERS_EDIT, "民情日记转为民情事项")
def diary_to_grievance(tx: Tx, diary_id: int, form: GrievanceForm) -> int:
    """Register what was heard on a home visit as an item (source 入户走访), linked to the diary line.
    A line becomes at most one item (again only when that item was voided)."""
    diary = _diary(tx, diary_id)
    if diary.voided_at is not None:
        raise refuse("diary", f"这条民情日记（{_diary_name(tx, diary)}）已经作废，不能转为民情事项")
    existing = tx.session.scalar(select(Grievance.serial).where(
        Grievance.diary_id == diary.id, Grievance.status != GrievanceStatus.VOID.value))
    if existing is not None:
        raise refuse("diary", f"这条民情日记已经转为民情事项{existing}")
    if form.received_on is not None and form.received_on < diary.on:
        raise refuse("received_on", f"登记日期（{format_date(form.received_on)}）不能早于走访日期"
                                    f"（{format_date(diary.on)}）")
    form = GrievanceForm(
        received_on=form.received_on or diary.on, source=GrievanceSource.HOME_VISIT.value,
        category=form.category, urgency=form.urgency, content=form.content.strip() or diary.heard,
        responsible_id=form.responsible_id if form.responsible_id is not None else diary.member_id,
        requester=form.requester, requester_phone=form.requester_phone,
        requester_address=form.requester_address.strip() or diary.household, place=form.place,
        deadline=form.deadline)
    grievance_id = register_grievance_in(tx, form, diary_id=diary.id)
    tx.touched(Entity.DIARY, diary.id)
    return grievance_id

