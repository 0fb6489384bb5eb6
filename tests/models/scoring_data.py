"""A small branch with activists and members who have score entries, for the scoring reports,
the `score` command and the exports (entered through the real operations)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models.development.forms import ApplicantForm, StageChange
from models.development.operations import change_stage, register_applicant
from models.people import branch, citizen_id
from models.people import roster as people
from models.people.operations import create_member
from models.people.rules import PersonForm
from models.scoring.catalogue import list_rules
from models.scoring.entries import EntryForm, add_entries, void_entry

ACTIVISTS = (  # name, ID serial, phone, address (a house number a 公示 must not show)
    ("刘小明", 21, "13912340021", "红旗村三组45号"),
    ("陈静", 22, "13912340022", "红旗村五组7号"),
    ("赵敏", 23, "0377-62345623", "红旗村二组12号"),
)


@dataclass(frozen=True)
class Scored:
    activists: dict[str, int]  # name -> person id
    numbers: dict[str, str]  # name -> ID number
    member_id: int
    member_number: str
    rules: dict[str, int]  # code -> rule id
    voided_id: int


def activist_number(serial: int) -> str:
    return citizen_id.make("411323", date(1998, 3, serial - 15), serial)


MEMBERS = (  # name, ID serial, phone, 入党日期
    ("王建国", 11, "13812345678", date(1992, 7, 1)),
    ("张秀英", 12, "0377-66666771", date(2001, 7, 1)),
    ("李芳", 14, "", date(2015, 7, 1)),
)


def fill_scored(workspace) -> Scored:
    """红旗村党支部 with 第一党小组, three members and three activists (since 2025-03), and 2026
    entries: in 2026Q3 刘小明 75, 陈静 65 and 赵敏 65 (a tie), one voided entry of 陈静's; 王建国 with
    an entry in every quarter of 2026 (62 each)."""
    workspace.run(branch.update_branch, branch.BranchInfo("红旗村党支部", "中共红旗村支部委员会", "王建国"))
    group = workspace.run(branch.create_group, "第一党小组").value
    member_ids = []
    for name, serial, phone, joined in MEMBERS:
        member_ids.append(workspace.run(create_member, PersonForm(
            name=name, citizen_id=citizen_id.make("411323", date(1960 + serial, 3, 12), serial), group_id=group,
            phone=phone, address="红旗村一组8号", joined_on=joined, confirmed_on=date(joined.year + 1, 7, 1))).value)
    member = member_ids[0]
    with workspace.read() as session:
        rules = {r.code: r.id for r in list_rules(session)}
        member_number = people.get_person(session, member, workspace.today()).form.citizen_id
    ids, numbers = {}, {}
    for name, serial, phone, address in ACTIVISTS:
        numbers[name] = activist_number(serial)
        ids[name] = workspace.run(register_applicant, ApplicantForm(
            name=name, citizen_id=numbers[name], phone=phone, address=address, group_id=group,
            applied_on=date(2025, 1, 10))).value
        workspace.run(change_stage, ids[name], StageChange("activist", date(2025, 3, 1), override_reason="测试数据"))
    workspace.run(add_entries, EntryForm(tuple(ids.values()), rules["JC01"], date(2026, 7, 15), "7月思想汇报"))
    workspace.run(add_entries, EntryForm((ids["刘小明"],), rules["JF04"], date(2026, 8, 15), "县级优秀志愿者"))
    wrong = workspace.run(add_entries, EntryForm((ids["陈静"],), rules["JF04"], date(2026, 8, 16), "录重了")).value
    workspace.run(void_entry, wrong.ids[0], "重复录入")
    for month in (2, 5, 8, 11):
        workspace.run(add_entries, EntryForm((member,), rules["JF01"], date(2026, month, 10), f"{month}月志愿服务"))
    return Scored(ids, numbers, member, member_number, rules, wrong.ids[0])
