"""A village branch's 民情台账 as the tab meets it on 2026-11-22 (tests/conftest.TODAY): a year of
items in every status — closed and visited, a 不满意 visit waiting for 重新办理, one reopened and
closed again, referred up with and without an answer, waiting for 核查, extended twice and due soon,
overdue after a 催办 and a 督办, one from last year still open, a voided duplicate — and 民情日记
lines, one turned into an item. Entered through the operations, on top of tests/views/conftest.seed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from models.grievances.forms import DiaryForm, GrievanceForm
from models.grievances.limits import get_grievance_settings, update_grievance_settings
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
from models.people.roster import MemberFilter, list_members

D = date
# received, source, category, urgency, responsible, requester, place, content, steps
ITEMS = (
    (D(2025, 12, 15), "phone_call", "infrastructure", "ordinary", "李芳", "周长海", "一组", "冬季村道结冰，老人出行容易滑倒",
     (("progress", D(2025, 12, 16), "已撒防滑沙，联系镇里安排除冰"),)),
    (D(2026, 1, 12), "phone_call", "infrastructure", "ordinary", "王建国", "赵大爷", "一组", "村东头三盏路灯不亮，晚上出行不便",
     (("progress", D(2026, 1, 13), "联系电工查看"), ("close", D(2026, 1, 20), "更换灯头三个，恢复照明"),
      ("visit", D(2026, 1, 26), "satisfied", "很满意"))),
    (D(2026, 2, 9), "walk_in", "sanitation", "ordinary", "张三", "", "二组", "垃圾桶满了好几天没人清运，气味很大",
     (("progress", D(2026, 2, 10), "通知保洁员"), ("close", D(2026, 2, 24), "增加清运一次，调整为每周两次"),
      ("visit", D(2026, 3, 2), "fairly_satisfied", "基本满意"))),
    (D(2026, 3, 16), "forum", "health", "pressing", "李芳", "钱桂兰", "三组", "村卫生室缺降压药，老人要跑到镇上买",
     (("progress", D(2026, 3, 17), "联系镇卫生院"), ("close", D(2026, 3, 23), "卫生室已补齐常用降压药"),
      ("visit", D(2026, 3, 30), "satisfied", ""))),
    (D(2026, 4, 13), "grid_report", "elderly_disabled", "ordinary", "王建国", "孙奶奶", "四组", "独居老人屋顶漏雨，需要修缮",
     (("progress", D(2026, 4, 14), "现场查看，联系施工队"), ("close", D(2026, 4, 28), "更换破损瓦片"),
      ("visit", D(2026, 5, 6), "unsatisfied", "下雨还漏"), ("reopen", D(2026, 5, 6), "回访不满意：下雨还漏"),
      ("progress", D(2026, 5, 8), "重新检查屋面防水"), ("close", D(2026, 5, 15), "屋面做防水处理"),
      ("visit", D(2026, 5, 20), "satisfied", "不漏了"))),
    (D(2026, 5, 11), "phone_call", "dispute", "pressing", "张三", "周某", "五组", "邻里因宅基地边界发生纠纷",
     (("refer", D(2026, 5, 12), "镇司法所"), ("answer", D(2026, 5, 20), "司法所已现场调解，双方达成协议"),
      ("close", D(2026, 5, 22), "调解成功，签订协议"), ("visit", D(2026, 5, 27), "satisfied", ""))),
    (D(2026, 6, 8), "home_visit", "income", "ordinary", "李芳", "吴海", "一组", "想学电商技能，把自家土特产卖出去",
     (("progress", D(2026, 6, 9), "报名县里电商培训"), ("close", D(2026, 6, 24), "已参加培训并开设网店"),
      ("visit", D(2026, 7, 1), "satisfied", ""))),
    (D(2026, 7, 6), "walk_in", "policy", "ordinary", "王建国", "郑秀英", "二组", "咨询低保申请需要哪些材料",
     (("progress", D(2026, 7, 6), "当场讲解政策"), ("close", D(2026, 7, 8), "协助准备材料并提交"),
      ("visit", D(2026, 7, 10), "satisfied", ""))),
    (D(2026, 8, 10), "phone_call", "infrastructure", "urgent", "张三", "王强", "三组", "自来水停水两天，家里老人吃水困难",
     (("progress", D(2026, 8, 10), "联系供水站抢修"), ("close", D(2026, 8, 12), "主管道修复，恢复供水"),
      ("visit", D(2026, 8, 14), "fairly_satisfied", "修得有点慢"))),
    (D(2026, 9, 14), "forum", "education", "ordinary", "李芳", "", "四组", "校车接送时间太早，孩子六点就要出门",
     (("progress", D(2026, 9, 15), "与学校沟通"),
      ("extend", D(2026, 9, 30), D(2026, 10, 20), "需等学校调整作息", "王建国"),
      ("close", D(2026, 10, 16), "校车推迟二十分钟发车"), ("visit", D(2026, 10, 20), "satisfied", ""))),
    (D(2026, 10, 12), "grid_report", "sanitation", "ordinary", "王建国", "冯某", "五组", "公厕没人打扫，气味大",
     (("progress", D(2026, 10, 13), "安排保洁"), ("close", D(2026, 10, 30), "落实专人每天打扫"),
      ("visit", D(2026, 11, 5), "unsatisfied", "打扫了几天又没人管了"))),
    (D(2026, 10, 19), "phone_call", "infrastructure", "pressing", "张三", "陈刚", "六组", "村道坑洼积水，电动车容易滑倒",
     (("progress", D(2026, 10, 20), "报村两委安排修补"), ("remind", D(2026, 10, 27), "期限将到，请抓紧"),
      ("supervise", D(2026, 11, 2), "支委会研究，要求本月内修好"))),
    (D(2026, 11, 2), "walk_in", "policy", "urgent", "李芳", "杨丽", "一组", "医保缴费系统显示未缴，实际已缴",
     (("progress", D(2026, 11, 3), "向镇医保站核实"),
      ("extend", D(2026, 11, 5), D(2026, 11, 16), "等县医保局核查", "王建国"),
      ("extend", D(2026, 11, 16), D(2026, 11, 24), "县医保局尚未答复", "王建国"))),
    (D(2026, 11, 9), "phone_call", "infrastructure", "ordinary", "王建国", "李长顺", "二组", "桥头护栏松动，存在安全隐患",
     (("refer", D(2026, 11, 10), "镇交管所"),)),
    (D(2026, 11, 18), "forum", "dispute", "pressing", "李芳", "赵某", "四组", "土地流转租金没有按约定支付",
     (("progress", D(2026, 11, 19), "约双方到村部协商"),)),
    (D(2026, 11, 20), "phone_call", "health", "ordinary", "王建国", "孙某", "五组", "想预约村里的老年人免费体检", ()),
    (D(2026, 11, 20), "walk_in", "other_category", "ordinary", "张三", "", "", "（重复登记）公厕没人打扫",
     (("void", "重复登记，与五组公厕一事相同"),)),
)
DIARY = (
    ("李芳", D(2026, 9, 3), "一组 吴海家", "了解家里种植情况，想学电商"),
    ("王建国", D(2026, 10, 8), "二组 郑秀英家", "宣传医保缴费政策，已按时缴费"),
    ("张三", D(2026, 11, 16), "三组 陈奶奶家", "老人独居，想申请村里的助餐服务"),
    ("李芳", D(2026, 11, 19), "四组 赵家", "孩子在外务工，老人身体还好"),
)


def _step(workspace, item: int, step: tuple) -> None:
    kind, *args = step
    match kind:
        case "progress":
            workspace.run(add_progress, item, args[0], args[1])
        case "close":
            workspace.run(close_grievance, item, args[0], args[1])
        case "visit":
            workspace.run(return_visit, item, args[0], args[1], args[2], "李芳")
        case "reopen":
            workspace.run(reopen_grievance, item, args[0], args[1])
        case "refer":
            workspace.run(refer, item, args[0], args[1])
        case "answer":
            workspace.run(record_referral_answer, item, args[0], args[1])
        case "extend":
            workspace.run(extend_deadline, item, *args)
        case "remind":
            workspace.run(remind, item, args[0], args[1])
        case "supervise":
            workspace.run(supervise, item, args[0], args[1])
        case "void":
            workspace.run(void_grievance, item, args[0])


def fill(workspace) -> dict[str, int]:
    """Enter the items and the diary; returns content -> item id."""
    with workspace.read() as session:
        members = {r.name: r.id for r in list_members(session, MemberFilter(), workspace.today())}
    ids = {}
    for received, source, category, urgency, who, requester, place, content, steps in ITEMS:
        form = GrievanceForm(received_on=received, source=source, category=category, urgency=urgency,
                             content=content, responsible_id=members[who], requester=requester, place=place,
                             requester_phone="13800001234" if requester else "")
        ids[content] = item = workspace.run(register_grievance, form).value
        for step in steps:
            _step(workspace, item, step)
    diary = {}
    for who, on, household, heard in DIARY:
        diary[heard] = workspace.run(add_diary, DiaryForm(members[who], on, household, heard)).value
    heard = DIARY[2][3]
    form = GrievanceForm(received_on=D(2026, 11, 16), category="elderly_disabled", urgency="ordinary", content=heard,
                         responsible_id=members["张三"])
    item = ids[heard] = workspace.run(diary_to_grievance, diary[heard], form).value
    workspace.run(close_grievance, item, D(2026, 11, 20), "已纳入村助餐点名单")
    # One item waits for its 核查: closed while the setting asks for one.
    with workspace.read() as session:
        settings = get_grievance_settings(session)
    workspace.run(update_grievance_settings, replace(settings, check_required=True))
    form = GrievanceForm(received_on=D(2026, 11, 10), source="grid_report", category="sanitation", urgency="ordinary",
                         content="河道里漂着垃圾，夏天有臭味", responsible_id=members["李芳"], requester="钱某", place="六组")
    item = ids[form.content] = workspace.run(register_grievance, form).value
    workspace.run(close_grievance, item, D(2026, 11, 20), "组织清理河道垃圾")
    workspace.run(update_grievance_settings, settings)
    return ids

