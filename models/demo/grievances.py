"""Demo 民情台账: a year of residents' demands to the 红旗村 branch and its members' 民情日记, entered
through the grievance operations (the same checks, history rows and audit rows as a secretary
entering them) and dated relative to the workspace's today.

Every item follows a plan — registered, first answered, perhaps extended, reminded (催办) when its
deadline nears and supervised (督办) when late, closed, visited back, reopened when the visit was
不满意 — and whatever a plan puts after today has not happened yet, so the newest items are still
待办理 or 办理中 and the older ones 已回访. A few planned stories make sure every state shows: two
overdue items reminded and supervised, one extended twice with its deadline near, one reopened and
still open, one reopened and closed again, one referred up with its answer and one still waiting,
one closed and waiting for its visit, a 不满意 visit not yet reopened, and a duplicate voided.
核查 is off by default (设置), so no item waits for a check.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import select

from models.core.codes import MEMBER_STAGES, Gender, Satisfaction, Urgency
from models.core.codes import GrievanceCategory as Cat
from models.core.codes import GrievanceSource as Src
from models.demo.names import make_name, make_phone
from models.development.workdays import count_workdays, is_workday
from models.grievances.entities import Grievance
from models.grievances.forms import DiaryForm, GrievanceForm
from models.grievances.limits import due_date
from models.grievances.operations import (
    add_diary,
    add_progress,
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
    void_grievance,
)
from models.people.branch import get_branch
from models.people.entities import Person
from models.workspace import Tx

ITEMS_PER_60 = 50  # items a year for a branch of 60 members
MAX_ITEMS = 600  # a demo of 10,000 members (the benchmarks) would otherwise spend minutes here
PLACES = tuple(f"{n}组" for n in "一二三四五六")
FORUM_DAY = 15  # 民情恳谈会 on the 15th of each month (or the next working day)
# A demand as residents put it, the first thing done about it, and how it ended.
CASES: dict[str, tuple[tuple[str, str, str], ...]] = {
    Cat.INFRASTRUCTURE: (
        ("{place}村道口的路灯不亮，晚上出行不便，老人孩子容易摔倒", "到现场查看，三盏路灯灯头损坏，已联系电工", "更换灯头三个，路灯恢复照明"),
        ("{place}自来水停水两天，家里老人吃水困难", "联系村供水站，查明是主管道漏水", "主管道抢修完毕，恢复供水"),
        ("{place}村道坑洼积水，电动车容易滑倒", "查看路段，报村两委安排修补", "用碎石和水泥修补坑洼路面约二十米"),
        ("{place}排水沟堵塞，下雨天院子进水", "组织党员志愿者清理排水沟", "清淤完毕，排水通畅"),
        ("{place}桥头护栏松动，存在安全隐患", "设置警示标志，联系施工队", "护栏加固完成"),
        ("{place}电压不稳，晚上电器用不了", "联系镇供电所来人检测", "供电所更换了变压器接线，电压恢复正常"),
        ("{place}机井坏了，浇地用不上水", "请农机手查看，需更换水泵", "更换水泵，机井恢复使用")),
    Cat.SANITATION: (
        ("{place}垃圾清运不及时，垃圾桶满了没人拉", "联系保洁公司，调整清运时间", "改为每天上午清运一次，已落实"),
        ("{place}坑塘水发臭，蚊虫多", "查看坑塘，安排清理漂浮物", "清理坑塘并投放药剂，异味减轻"),
        ("{place}路边堆放建筑垃圾，影响通行", "找到堆放的农户，说明要求", "建筑垃圾已清运，路面恢复通行"),
        ("{place}公厕没人打扫，气味大", "与保洁员沟通，明确打扫责任", "落实每天打扫两次"),
        ("{place}养殖户的粪污流到路上", "上门查看，与养殖户商量整改", "养殖户修了化粪池，路面冲洗干净")),
    Cat.HEALTH: (
        ("医保报销咨询：在外地住院的费用怎么报销", "讲解异地就医备案和报销要带的材料", "协助准备材料，已在镇医保服务站办理报销"),
        ("慢性病卡办理咨询，不知道要带哪些材料", "告知需带病历和诊断证明", "陪同到县医院办理，慢性病卡已办好"),
        ("村卫生室缺降压药，老人要跑到镇上买", "向村医了解情况，报镇卫生院", "卫生院已补货，常用降压药恢复供应"),
        ("签约家庭医生后一直没人上门随访", "联系家庭医生团队", "家庭医生已上门随访，约定每季度一次"),
        ("城乡居民医保今年怎么缴费，在手机上交不上", "讲解缴费渠道，上门帮助操作", "帮助在手机上完成缴费")),
    Cat.ELDERLY_DISABLED: (
        ("{place}独居老人屋顶漏雨，需要帮忙修缮", "上门查看，漏雨两处", "组织党员帮修屋顶，更换瓦片"),
        ("残疾人两项补贴怎么申请", "讲解申请条件，收集材料", "材料已交镇残联，补贴审核通过"),
        ("高龄津贴这两个月没有到账", "向镇民政所核实发放情况", "查明是银行卡变更，已重新登记并补发"),
        ("老人行动不便，需要上门办理养老待遇认证", "联系镇社保所", "社保所工作人员已上门完成认证"),
        ("{place}一位独居老人生病没人照顾", "上门看望，联系老人的子女", "子女已回家照顾，邻居每天去看望")),
    Cat.EDUCATION: (
        ("孩子上学的校车接送时间太早，希望调整", "与村小学沟通", "学校将发车时间推迟二十分钟"),
        ("雨露计划学生资助怎么申请", "讲解政策和要准备的材料", "协助提交申请，已审核通过"),
        ("留守儿童放学后没人辅导作业", "与村小学和志愿者联系", "周末在党群服务中心开设作业辅导")),
    Cat.INCOME: (
        ("想参加电焊技能培训，不知道去哪报名", "联系镇人社所了解培训安排", "已报名参加县里的免费电焊培训"),
        ("猕猴桃滞销，希望帮忙联系销路", "联系村电商服务站和合作社", "通过电商服务站销售三千斤"),
        ("在外务工的工资被拖欠三个月", "帮助收集劳务合同和考勤记录", "经劳动监察部门协调，工资已全部支付"),
        ("想申请小额贴息贷款发展养殖", "讲解贷款条件", "协助办理，贷款已发放")),
    Cat.DISPUTE: (
        ("与邻居宅基地界址有争议，两家吵了几次", "到现场了解情况，分别与两家谈话", "村调解委员会调解，双方签订协议"),
        ("邻居家排水流到自家院内", "现场查看，组织两家协商", "邻居改了排水管走向，问题解决"),
        ("土地流转租金没有按约定支付", "联系承包方核实", "承包方已补交租金"),
        ("兄弟之间为赡养老人起了纠纷", "上门做思想工作", "调解达成赡养协议，兄弟轮流照顾老人"),
        ("{place}两户为一棵树的归属争执", "到现场查看，查阅林权登记", "按林权登记确认归属，双方认可")),
    Cat.POLICY: (
        ("低保申请咨询，家里老人长期生病", "讲解低保条件和程序", "协助提交申请，已进入镇里审核"),
        ("农村危房改造政策咨询", "讲解政策，上门查看房屋", "已列入危房改造申报名单"),
        ("耕地地力保护补贴没到账", "核实补贴发放名单", "查明银行卡信息有误，已更正并补发"),
        ("城乡居民养老保险缴费档次怎么选", "讲解缴费档次和待遇", "已按本人意愿完成缴费"),
        ("残疾人家庭能不能申请临时救助", "讲解临时救助条件", "协助申请，临时救助金已发放"),
        ("户口迁移需要开什么证明", "讲解办理流程和证明材料", "开具证明，已到派出所办好")),
    Cat.OTHER_CATEGORY: (
        ("{place}广场舞音响太吵，影响休息", "与广场舞队协商", "约定晚上九点前结束并调小音量"),
        ("希望在村里增设快递代收点", "联系快递网点和村超市", "村超市已开设快递代收点"),
        ("{place}有流浪狗，担心伤人", "联系镇上的收容点", "流浪狗已被收容")),
}
CATEGORY_WEIGHTS = {Cat.INFRASTRUCTURE: 6, Cat.SANITATION: 4, Cat.HEALTH: 3, Cat.ELDERLY_DISABLED: 3,
                    Cat.EDUCATION: 1, Cat.INCOME: 2, Cat.DISPUTE: 3, Cat.POLICY: 4, Cat.OTHER_CATEGORY: 1}
URGENT_CATEGORIES = (Cat.INFRASTRUCTURE, Cat.SANITATION, Cat.ELDERLY_DISABLED, Cat.DISPUTE)  # 停水, 漏雨, 纠纷激化
SOURCE_WEIGHTS = {Src.HOME_VISIT: 20, Src.FORUM: 15, Src.PHONE_CALL: 25, Src.WALK_IN: 20, Src.GRID: 15,
                  Src.OTHER_SOURCE: 5}
REFERRALS = {  # category -> (to whom, their answer)
    Cat.INFRASTRUCTURE: ("镇供电所", "供电所答复：已列入本月线路检修计划，派电工上门维修"),
    Cat.DISPUTE: ("镇司法所", "司法所答复：已联合村调解委员会组织调解"),
    Cat.POLICY: ("镇民政所", "民政所答复：材料齐全，已按程序审核"),
}
MID_NOTES = ("向支委会汇报，商定办理方案", "与反映人电话沟通办理进度", "已联系相关单位，等待答复",
             "再次上门了解情况，跟进办理")
COMMENTS = {Satisfaction.SATISFIED: ("问题解决了，感谢党员干部", "办得快，很满意", "跑了好几趟，辛苦了"),
            Satisfaction.FAIRLY_SATISFIED: ("基本解决了，希望以后多关注", "解决了，就是时间有点长"),
            Satisfaction.UNSATISFIED: ("问题没有彻底解决，过了几天又出现了", "办理结果和期望差距较大")}
EXTENSION_REASONS = ("需等待镇里统一安排施工", "所需材料要报镇里审批", "涉及多户，需要多次协商")
QUIET_VISITS = ("了解家里收入情况，没有困难反映", "宣传医保缴费政策，已按时缴费", "宣传防诈骗知识，发放宣传资料",
                "孩子在外务工，老人独居，已嘱咐邻居多照看", "了解家里种植情况，农资已备齐", "老人身体还好，常用药已备齐")
SEASONAL_VISITS = {12: "提醒注意冬季取暖和用电安全", 1: "提醒注意冬季取暖和用电安全", 2: "了解春节返乡人员情况",
                   6: "宣传防溺水安全知识", 7: "宣传防溺水安全知识", 8: "提醒防汛，查看房屋安全"}
S, F, U = Satisfaction.SATISFIED, Satisfaction.FAIRLY_SATISFIED, Satisfaction.UNSATISFIED


def after(day: date, n: int) -> date:
    """The day `n` working days after `day` (`day` itself for 0)."""
    return due_date(day, n)


def before(day: date, n: int) -> date:
    while n > 0:
        day -= timedelta(days=1)
        n -= is_workday(day)
    return day


@dataclass(frozen=True)
class Plan:
    """What will happen to one item; the steps planned after today are left undone."""

    received: date
    source: str
    category: str
    urgency: str
    case: tuple[str, str, str]
    place: str
    responsible: int
    respond_in: int = 1  # working days to the first action (the response limit is 1)
    extensions: int = 0
    closing: tuple[float, ...] = (0.6,)  # per round: where in the span to the deadline it is closed (> 1: late)
    satisfaction: tuple[str, ...] = (S,)  # per round; 不满意 followed by another round: reopened
    visit_in: int = 3  # working days from the closing to the visit
    refer: str = ""  # "answered" or "waiting"
    duplicate: bool = False  # registered twice by mistake: the second one voided


@dataclass(frozen=True)
class Villager:
    name: str  # "" = 匿名
    phone: str
    address: str


class _Filler:
    """Runs the plans through the operations; `last` keeps an item's steps in date order."""

    def __init__(self, tx: Tx, rng: random.Random, members: dict[int, str]) -> None:
        self.tx, self.rng, self.today, self.members = tx, rng, tx.today, members
        self.names = set(members.values())
        self.secretary = next(iter(members.values()))
        self.last = tx.today  # the date of the item's latest step

    def villager(self, place: str) -> Villager:
        if self.rng.random() < 0.1:
            return Villager("", "", "")
        name = make_name(self.rng, Gender.MALE if self.rng.random() < 0.55 else Gender.FEMALE, self.names)
        phone = make_phone(self.rng) if self.rng.random() < 0.8 else ""
        return Villager(name, phone, f"红旗村{place}{self.rng.randint(1, 120)}号")

    def diary(self, member_id: int, on: date, place: str, who: Villager, heard: str) -> int:
        household = f"{place}{who.name}家" if who.name else f"{place}一户村民"
        return add_diary.run(self.tx, DiaryForm(member_id, on, household, heard))

    def item(self, plan: Plan) -> None:
        who = self.villager(plan.place)
        form = GrievanceForm(received_on=plan.received, source=plan.source, category=plan.category,
                             urgency=plan.urgency, content=plan.case[0].format(place=plan.place),
                             responsible_id=plan.responsible, requester=who.name, requester_phone=who.phone,
                             requester_address=who.address, place=plan.place)
        if plan.source == Src.HOME_VISIT:  # heard on a home visit, turned into an item from the diary
            diary_id = self.diary(plan.responsible, plan.received, plan.place, who, f"反映：{form.content}")
            grievance_id = diary_to_grievance.run(self.tx, diary_id, form)
        else:
            grievance_id = register_grievance.run(self.tx, form)
        self.follow(grievance_id, plan)
        if plan.duplicate:  # the same call taken down again the next day, then voided
            again = register_grievance.run(self.tx, replace(form, received_on=min(after(plan.received, 1), self.today)))
            serial = self.tx.session.get(Grievance, grievance_id).serial
            void_grievance.run(self.tx, again, f"与{serial}是同一件事，重复登记")

    def act(self, on: date, op, grievance_id: int, *args: object) -> bool:
        """Run a step dated `on` (not before the item's previous step) unless that is after today."""
        on = max(on, self.last)
        if on > self.today:
            return False
        op.run(self.tx, grievance_id, on, *args)
        self.last = on
        return True

    def follow(self, grievance_id: int, plan: Plan) -> None:
        item, rng = self.tx.session.get(Grievance, grievance_id), self.rng
        self.last = plan.received
        start = after(plan.received, plan.respond_in)
        if plan.refer:
            to, answer = REFERRALS[plan.category]
            if not self.act(start, refer, grievance_id, to, f"超出村里的办理权限，报{to}办理"):
                return
            start = after(start, 4)
            if plan.refer == "waiting" or not self.act(start, record_referral_answer, grievance_id, answer):
                return
        elif not self.act(start, add_progress, grievance_id, plan.case[1]):
            return
        rounds = list(zip(plan.closing, plan.satisfaction, strict=True))
        for round_no, (closing, satisfaction) in enumerate(rounds):
            span = max(count_workdays(start, item.deadline) - 1, 1)
            if span > 4 and not self.act(after(start, span // 3), add_progress, grievance_id, rng.choice(MID_NOTES)):
                return
            for _ in range(plan.extensions if round_no == 0 else 0):
                if not self.act(before(item.deadline, 1), extend_deadline, grievance_id, after(item.deadline, 5),
                                rng.choice(EXTENSION_REASONS), self.secretary):
                    return
            span = max(count_workdays(start, item.deadline) - 1, 1)
            closed = after(start, max(1, round(span * closing)))
            if closing >= 0.85 and before(item.deadline, 2) > self.last and not self.act(
                    before(item.deadline, 2), remind, grievance_id, "办理期限只剩两个工作日，请抓紧办理"):
                return
            if closed > after(item.deadline, 1) and not self.act(
                    after(item.deadline, 1), supervise, grievance_id, "已超过办理期限，支部书记督办，要求尽快办结"):
                return
            if not self.act(closed, close_grievance, grievance_id, plan.case[2]):
                return
            comment = rng.choice(COMMENTS[satisfaction])
            if not self.act(after(closed, plan.visit_in), return_visit, grievance_id, satisfaction, comment,
                            self.visitor(plan.responsible)):
                return
            if round_no + 1 < len(rounds):
                start = after(self.last, 1)
                if not self.act(start, reopen_grievance, grievance_id, f"回访不满意：{comment}") or \
                        not self.act(after(start, 1), add_progress, grievance_id, "重新到现场查看，商定整改办法"):
                    return

    def visitor(self, responsible: int) -> str:
        """回访 by the secretary, or by another member when the secretary answers for the item."""
        if self.members[responsible] != self.secretary:
            return self.secretary
        return next((name for member_id, name in self.members.items() if member_id != responsible), self.secretary)


def _members(tx: Tx, rng: random.Random, count: int) -> dict[int, str]:
    """The members who take on residents' demands, about one in six, all living in the village (not
    流动党员): the branch's secretary first (who approves extensions and visits back), when a member."""
    rows = tx.session.execute(select(Person.id, Person.name).where(
        Person.stage.in_([s.value for s in MEMBER_STAGES]), Person.archive_reason.is_(None),
        Person.is_mobile.is_(False)).order_by(Person.id)).all()
    if not rows:
        return {}
    branch = get_branch(tx.session)
    secretary = next((r for r in rows if branch and r.name == branch.secretary), rows[0])
    others = [r for r in rows if r is not secretary]
    wanted = min(len(rows), max(1, round(count / 6)), 300)
    return {r.id: r.name for r in [secretary, *rng.sample(others, wanted - 1)]}


def _forum_days(today: date) -> list[date]:
    """The monthly 民情恳谈会 of the last year."""
    days = []
    for back in range(12):
        month = (today.month - 1 - back) % 12 + 1
        year = today.year - (1 if month > today.month else 0)
        day = date(year, month, FORUM_DAY)
        while not is_workday(day):
            day += timedelta(days=1)
        if day <= today:
            days.append(day)
    return days


def _random_plan(rng: random.Random, today: date, members: list[int], forums: list[date]) -> Plan:
    source = rng.choices(list(SOURCE_WEIGHTS), weights=list(SOURCE_WEIGHTS.values()))[0]
    category = rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
    urgency = rng.choices((Urgency.URGENT, Urgency.PRESSING, Urgency.ORDINARY),
                          weights=(15 if category in URGENT_CATEGORIES else 0, 25, 65))[0]
    if source == Src.FORUM:
        received = rng.choice(forums)
    else:
        back = rng.randint(1, 364)
        if back < 40 and rng.random() < 0.6:  # the planned stories are recent: spread the rest over the year
            back = rng.randint(40, 364)
        received = today - timedelta(days=back)
        if source not in (Src.HOME_VISIT, Src.GRID):  # calls and visits to the office come on working days
            received = min(after(received, 0 if is_workday(received) else 1), today)
    draw = rng.random()
    extensions = 1 if draw < 0.08 else 2 if draw < 0.1 else 0
    late = rng.random() < 0.12
    closing = rng.uniform(1.15, 1.6) if late else rng.uniform(0.85, 1.0) if extensions else rng.uniform(0.3, 1.0)
    draw = rng.random()
    satisfaction = (S,) if draw < 0.74 else (F,) if draw < 0.95 else (U, S) if draw < 0.985 else (U, F)
    return Plan(received, source, category, urgency, rng.choice(CASES[category]), rng.choice(PLACES),
                rng.choice(members), respond_in=0 if urgency == Urgency.URGENT else
                rng.choice((2, 3)) if rng.random() < 0.1 else rng.choice((0, 1, 1)),
                extensions=extensions, closing=(closing, rng.uniform(0.3, 0.8))[:len(satisfaction)],
                satisfaction=satisfaction, visit_in=rng.randint(1, 6))


def _stories(rng: random.Random, today: date, members: list[int]) -> list[Plan]:
    """Items whose end state is planned, so that every state and flag shows on any day."""
    def plan(back: int, source: str, category: str, case: int, **details: object) -> Plan:
        return Plan(before(today, back), source, category, details.pop("urgency", Urgency.ORDINARY),
                    CASES[category][case], rng.choice(PLACES), rng.choice(members), **details)  # type: ignore[arg-type]

    return [
        plan(0, Src.PHONE_CALL, Cat.INFRASTRUCTURE, 2),  # 待办理: came in today
        plan(1, Src.WALK_IN, Cat.POLICY, 0, respond_in=2),  # 待办理 since yesterday
        plan(19, Src.GRID, Cat.SANITATION, 0, closing=(1.5,)),  # overdue: reminded, then supervised
        plan(5, Src.PHONE_CALL, Cat.INFRASTRUCTURE, 1, urgency=Urgency.URGENT, respond_in=0, closing=(2.0,)),
        plan(23, Src.WALK_IN, Cat.DISPUTE, 0, extensions=2, closing=(1.0,)),  # extended twice, deadline near
        plan(24, Src.WALK_IN, Cat.INFRASTRUCTURE, 3, closing=(0.6, 1.0), satisfaction=(U, S)),  # reopened, open
        plan(80, Src.PHONE_CALL, Cat.SANITATION, 1, closing=(0.5, 0.5), satisfaction=(U, S)),  # reopened, closed
        plan(60, Src.WALK_IN, Cat.POLICY, 0, refer="answered", closing=(0.7,), satisfaction=(F,)),
        plan(6, Src.FORUM, Cat.INFRASTRUCTURE, 0, refer="waiting"),  # 已转办, no answer yet
        plan(8, Src.PHONE_CALL, Cat.HEALTH, 2, urgency=Urgency.PRESSING, closing=(0.8,), visit_in=6),  # 已办结
        plan(20, Src.GRID, Cat.ELDERLY_DISABLED, 0, closing=(0.5,), satisfaction=(U,), visit_in=8),  # 重新办理 due
        plan(40, Src.GRID, Cat.SANITATION, 2, closing=(0.5,), duplicate=True),  # its duplicate voided
        plan(120, Src.WALK_IN, Cat.INCOME, 1, extensions=1, closing=(0.9,)),  # extended once
        plan(150, Src.OTHER_SOURCE, Cat.EDUCATION, 1, respond_in=3),  # answered late
        plan(200, Src.HOME_VISIT, Cat.OTHER_CATEGORY, 1, closing=(1.3,), satisfaction=(F,)),  # closed late
    ]


def fill_grievances(tx: Tx, rng: random.Random, count: int) -> None:
    """A year of items for a branch of `count` members (50 at 60), and the 民情日记 of the members
    who visit households, some of whose lines became items."""
    members = _members(tx, rng, count)
    if not members:
        return
    today, ids = tx.today, list(members)
    filler = _Filler(tx, rng, members)
    plans = _stories(rng, today, ids)
    forums = _forum_days(today)
    total = min(MAX_ITEMS, max(len(plans), round(count * ITEMS_PER_60 / 60)))
    plans += [_random_plan(rng, today, ids, forums) for _ in range(total - len(plans))]
    writers = ids[:max(1, len(ids) * 2 // 3)]
    quiet = [(today - timedelta(days=rng.randint(0, 364)), rng.choice(writers)) for _ in range(round(total * 0.8))]
    steps: list[tuple[date, int, object]] = [(p.received, 0, p) for p in plans] + [(d, 1, m) for d, m in quiet]
    for index, (on, _, what) in enumerate(sorted(steps, key=lambda s: (s[0], s[1]))):
        if index % 50 == 0:
            tx.check_cancel()
        if isinstance(what, Plan):
            filler.item(what)
        else:
            place = rng.choice(PLACES)
            heard = SEASONAL_VISITS.get(on.month) if rng.random() < 0.4 else None
            filler.diary(what, on, place, filler.villager(place), heard or rng.choice(QUIET_VISITS))
