"""The township demo's 民情台账 (models/demo/township.py): one item for every two people over three years,
each with the history its status implies, and the members' 民情日记 lines, written in bulk."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from models.core.codes import Gender, GrievanceCategory, GrievanceSource, Satisfaction, Stage, Urgency, label
from models.core.codes import GrievanceAction as Action
from models.core.codes import GrievanceStatus as Status
from models.demo.names import make_phone
from models.grievances.entities import Grievance, GrievanceActionEntry, VisitDiary
from models.grievances.limits import due_date
from models.workspace import Entity

if TYPE_CHECKING:
    from models.demo.township import _Person

CONTENT = ("村口路灯不亮", "垃圾池满了没人清运", "水渠堵塞影响浇地", "独居老人冬天取暖困难", "低保申请流程咨询",
           "邻里宅基地纠纷", "小孩上学接送路远", "想学电商卖农产品", "自来水压力小", "村道坑洼下雨积水",
           "医保缴费不会在手机上办", "麦收时节需要收割机", "危房改造补助咨询", "养老金迟迟未到账")
HEARD = ("家里老人身体还行，希望常来看看", "想让孩子学门手艺", "反映路灯坏了好几天", "今年麦子收成不错",
         "问合作社明年还收不收辣椒", "担心冬天取暖费用")
COMPLETION_DAYS = {Urgency.URGENT: 3, Urgency.PRESSING: 7, Urgency.ORDINARY: 15}
ITEM_COLUMNS = ("id", "serial", "year", "seq", "received_on", "source", "requester", "requester_pinyin",
                "requester_phone", "requester_address", "place", "category", "urgency", "content", "responsible_id",
                "response_due", "original_deadline", "deadline", "first_action_on", "status", "extensions",
                "reopened", "referred_to", "resolved_on", "outcome", "checked_by", "checked_on", "visited_on",
                "satisfaction", "diary_id", "voided_at", "void_reason", "recorded_by", "recorded_at")
ACTION_COLUMNS = ("grievance_id", "kind", "on", "note", "actor", "new_deadline", "referred_to", "satisfaction",
                  "recorded_by", "recorded_at")
DIARY_COLUMNS = ("id", "member_id", "on", "household", "heard", "void_reason", "recorded_by", "recorded_at")


class LedgerMaker:
    """The ledger part of the township maker (its rng, writer, people and sizes are the maker's)."""

    def _grievances(self) -> None:
        rng, out, today = self.rng, self.out, self.today
        members = [p for p in self.people if p.active and p.stage == Stage.FULL]
        responsible = members[:max(1, min(len(members), self.sizes.branches * 12))]
        requesters = []
        for _ in range(min(20_000, self.sizes.people)):
            name, key = self._name(Gender.MALE if rng.random() < 0.5 else Gender.FEMALE)
            requesters.append((name, f"{key.full} {key.initials}"))
        days = (today - self.start).days
        received = sorted(self.start + timedelta(days=rng.randrange(days + 1)) for _ in range(self.sizes.grievances))
        seq_of_year: dict[int, int] = {}
        for day in received:
            seq = seq_of_year[day.year] = seq_of_year.get(day.year, 0) + 1
            self._item(day, seq, rng.choice(responsible), rng.choice(requesters) if rng.random() < 0.9 else ("", ""))
        for _ in range(max(1, self.sizes.grievances // 10)):  # 民情日记: home visits
            member = rng.choice(responsible)
            diary_id = out.next_id(VisitDiary.__table__)
            on = today - timedelta(days=rng.randrange(days))
            household = f"{member.village}村{rng.choice('一二三四五六')}组{rng.randint(1, 150)}号"
            out.add(VisitDiary.__table__, DIARY_COLUMNS,
                    (diary_id, member.id, out.day(on), household, rng.choice(HEARD), "", self.tx.actor.name, out.at))
            out.audit(Entity.DIARY, diary_id, f"{member.name} {on.isoformat()}", {"member_id": member.name,
                                                                                  "on": on.isoformat()})

    def _status(self, received: date) -> Status:
        """The status such an item has today: the older, the likelier closed."""
        rng, age = self.rng, (self.today - received).days
        if rng.random() < 0.01:
            return Status.VOID
        if age < 20 and rng.random() < 0.7:
            return rng.choice((Status.NEW, Status.HANDLING, Status.HANDLING, Status.REFERRED, Status.TO_CHECK))
        if rng.random() < 0.02:
            return rng.choice((Status.HANDLING, Status.REFERRED, Status.TO_CHECK))  # dragging on: overdue
        return Status.VISITED if rng.random() < 0.8 else Status.RESOLVED

    def _item(self, received: date, seq: int, member: _Person, requester: tuple[str, str]) -> None:
        rng, out, today = self.rng, self.out, self.today
        gid = out.next_id(Grievance.__table__)
        serial = f"MQ-{received.year}-{seq:04d}"
        category, urgency = rng.choice(list(GrievanceCategory)), rng.choice(list(Urgency))
        status = self._status(received)
        response_due, original = due_date(received, 1), due_date(received, COMPLETION_DAYS[urgency])
        deadline, extensions = original, 0
        history: list[tuple[str, date, str, str, date | None, str, str]] = [
            (Action.REGISTERED, received, f"交{member.name}办理", "", None, "", "")]
        first = received + timedelta(days=rng.choice((0, 1, 1, 2, 3))) if status != Status.NEW else None
        if first is not None and first <= today:
            history.append((Action.PROGRESS, first, "已联系群众了解情况", "", None, "", ""))
        else:
            first = None
        referred = "镇民政所" if status == Status.REFERRED else ""
        if referred:
            history.append((Action.REFERRAL, first or received, "需镇里协调", "", None, referred, ""))
        if rng.random() < 0.05:
            extensions, deadline = 1, deadline + timedelta(days=10)
            history.append((Action.EXTENSION, max(received, original - timedelta(days=1)), "需协调上级资金", "村主任",
                            deadline, "", ""))
        resolved = visited = None
        satisfaction, reopened = "", 0
        if status in (Status.RESOLVED, Status.VISITED, Status.TO_CHECK):
            resolved = min(today, received + timedelta(days=rng.randint(1, (deadline - received).days + 6)))
            history.append((Action.CLOSING, resolved, "已办结", "", None, "", ""))
        if status == Status.VISITED and resolved is not None:
            visited = min(today, resolved + timedelta(days=rng.randint(1, 10)))
            satisfaction = rng.choices((Satisfaction.SATISFIED, Satisfaction.FAIRLY_SATISFIED,
                                        Satisfaction.UNSATISFIED), (75, 20, 5))[0].value
            history.append((Action.RETURN_VISIT, visited, "回访群众", "支委", None, "", satisfaction))
        voided = status == Status.VOID
        if voided:
            history.append((Action.VOIDING, received, "登记错误", "", None, "", ""))
        name, pinyin = requester
        content = rng.choice(CONTENT)
        out.add(Grievance.__table__, ITEM_COLUMNS, (
            gid, serial, received.year, seq, out.day(received), rng.choice(list(GrievanceSource)).value, name, pinyin,
            make_phone(rng) if name else "", "", f"{member.village}村", category.value, urgency.value, content,
            member.id, out.day(response_due), out.day(original), out.day(deadline), out.day(first), status.value,
            extensions, reopened, referred, out.day(resolved), "已办结" if resolved else "", "", None,
            out.day(visited), satisfaction, None, out.at if voided else None, "登记错误" if voided else "",
            self.tx.actor.name, out.at))
        out.audit(Entity.GRIEVANCE, gid, serial, {"serial": serial, "received_on": received.isoformat(),
                                                  "content": content, "responsible": member.name})
        for kind, on, note, actor, new_deadline, to, said in history:
            out.add(GrievanceActionEntry.__table__, ACTION_COLUMNS,
                    (gid, kind.value, out.day(on), note, actor, out.day(new_deadline), to, said, self.tx.actor.name,
                     out.at))
            out.audit(Entity.GRIEVANCE_ACTION, None, f"{serial} {label(kind)}", {"on": on.isoformat(), "note": note})
