"""Realistic demo data: a village branch with groups, members, probationers, 流动 and archived people,
its development pipeline (models/demo/development.py), a year of scores (models/demo/scoring.py) and
a year of its 民情台账 (models/demo/grievances.py)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from models.core.codes import ArchiveReason, Education, Gender, Stage
from models.core.dates import add_years
from models.core.jobs import Progress, no_progress
from models.demo.accounts import add_demo_accounts
from models.demo.development import fill_pipeline, pipeline_sizes
from models.demo.grievances import fill_grievances
from models.demo.names import RARE_NAMES, make_name, make_phone
from models.demo.scoring import fill_scores
from models.people import citizen_id
from models.people.branch import BranchInfo, create_group_in, update_branch
from models.people.operations import archive_member, create_member_in, restore_member
from models.people.rules import ArchiveForm, PersonForm, RestoreForm
from models.workspace import Permission, Tx, operation

VILLAGE_REGIONS = ("411323", "411324", "410184")  # three counties in Henan
GROUPS = ("第一党小组", "第二党小组", "第三党小组", "老党员党小组")
DESTINATIONS = ("广东省深圳市宝安区", "浙江省杭州市萧山区", "江苏省苏州市昆山市", "北京市朝阳区", "郑州市金水区")
WORK_UNITS = ("红旗村村民委员会 主任", "务农", "红旗村第三村民小组 组长", "红旗村卫生室 村医", "个体经营",
              "红旗村小学 教师", "退休", "红旗农机专业合作社 负责人", "务工", "红旗村 网格员")
EDUCATIONS = (Education.PRIMARY, Education.JUNIOR, Education.JUNIOR, Education.HIGH_SCHOOL,
              Education.TECHNICAL, Education.COLLEGE, Education.BACHELOR)


def _form(rng: random.Random, today: date, name: str, gender: Gender, serials: set[str],
          group_ids: list[int]) -> PersonForm:
    age = rng.randint(22, 88)
    birth = today - timedelta(days=age * 365 + rng.randint(0, 364))
    while True:
        seq = rng.randrange(0, 500) * 2 + (1 if gender == Gender.MALE else 0)
        number = citizen_id.make(rng.choice(VILLAGE_REGIONS), birth, seq % 1000)
        if number not in serials:
            serials.add(number)
            break
    probationary = age < 45 and rng.random() < 0.2
    if probationary:
        joined = today - timedelta(days=rng.randint(20, 340))
    else:
        # Most people join between 20 and 40; nobody before 18 or within the last probation year.
        joined_age = 18 + (min(age - 1, 60) - 18) * rng.random() ** 1.6
        joined = add_years(birth, 18) + timedelta(days=int((joined_age - 18) * 365) + 30)
        joined = min(joined, today - timedelta(days=400))
    mobile = age < 55 and rng.random() < 0.12
    return PersonForm(
        name=name,
        gender=gender,
        ethnicity="汉族" if rng.random() < 0.95 else rng.choice(("回族", "满族", "蒙古族")),
        citizen_id=number,
        birth_date=birth,
        education=rng.choice(EDUCATIONS if age < 60 else EDUCATIONS[:4]),
        stage=Stage.PROBATIONARY if probationary else Stage.FULL,
        group_id=(group_ids[-1] if age >= 75 else rng.choice(group_ids[:-1])) if rng.random() < 0.95 else None,
        joined_on=joined,
        confirmed_on=None if probationary else add_years(joined, 1),
        work_unit="退休" if age >= 65 and rng.random() < 0.5 else rng.choice(WORK_UNITS),
        phone=make_phone(rng) if rng.random() < 0.93 else f"0377-6{rng.randrange(10**6):06d}",
        address=f"红旗村{rng.choice('一二三四五六')}组{rng.randint(1, 120)}号",
        is_mobile=mobile,
        mobile_destination=rng.choice(DESTINATIONS) if mobile else "",
        mobile_since=today - timedelta(days=rng.randint(30, 2000)) if mobile else None,
        mobile_contact=("微信同手机号" if rng.random() < 0.5 else make_phone(rng)) if mobile else "",
        notes="",
    )


def _archive(rng: random.Random, today: date, form: PersonForm) -> ArchiveForm:
    when = today - timedelta(days=rng.randint(10, 1500))
    when = max(when, form.confirmed_on or form.joined_on or when)  # nobody leaves before joining (or 转正)
    reason = rng.choice((ArchiveReason.TRANSFERRED_OUT, ArchiveReason.TRANSFERRED_OUT, ArchiveReason.DECEASED))
    if reason == ArchiveReason.TRANSFERRED_OUT:
        return ArchiveForm(reason=reason, archived_on=when, transfer_to=f"中共{rng.choice(DESTINATIONS)}某社区支部委员会",
                           transfer_letter_no=f"豫组转字〔{when.year}〕{rng.randint(1, 300)}号")
    return ArchiveForm(reason=reason, archived_on=when)


@operation("demo.fill", Permission.SETTINGS_EDIT, "填入演示数据", long=True)
def fill_demo(tx: Tx, count: int, seed: int = 20261122) -> None:
    """Fill an empty database with a branch, its groups, `count` active members and ~6% archived,
    through the same steps (and audit rows) as a person entering them; on a database without
    accounts also the demo's accounts (models/demo/accounts.py: admin / demo1234 …)."""
    fill(tx, count, seed, tx.progress)
    add_demo_accounts(tx)


def fill(tx: Tx, count: int, seed: int = 20261122, progress: Progress | None = None) -> None:
    """`count` members in all: the roster's, and the probationers who came through the pipeline."""
    progress = progress or no_progress
    update_branch.run(tx, BranchInfo("红旗村党支部", "中共红旗村支部委员会", "王建国"))
    group_ids = [create_group_in(tx, name) for name in GROUPS]
    sizes = pipeline_sizes(count)
    _fill_roster(tx, count - sizes.probationers, random.Random(seed), group_ids,
                 lambda fraction, message: progress(0.7 * fraction, message))
    progress(0.7, "正在生成发展党员…")
    demo = fill_pipeline(tx, random.Random(seed + 1), sizes, group_ids)
    progress(0.8, "正在生成积分记录…")
    fill_scores(tx, random.Random(seed + 2), demo, sizes.candidates)
    progress(0.9, "正在生成民情台账…")
    fill_grievances(tx, random.Random(seed + 3), count)
    progress(1.0, "演示数据已生成")


def _fill_roster(tx: Tx, count: int, rng: random.Random, group_ids: list[int], progress: Progress) -> None:
    """Members entered as from a roster, ~6% more archived, one who left and came back."""
    today = tx.today
    used: set[str] = set()
    serials: set[str] = set()
    archived_extra = round(count * 0.06)
    total = count + archived_extra
    for index in range(total):
        gender = Gender.MALE if rng.random() < 0.72 else Gender.FEMALE
        if index == 0:
            name, gender = "王建国", Gender.MALE
        elif index <= len(RARE_NAMES):
            name = RARE_NAMES[index - 1]
        else:
            name = make_name(rng, gender, used)
        form = _form(rng, today, name, gender, serials, group_ids)
        if index % 200 == 0:
            tx.check_cancel()
        person_id = create_member_in(tx, form)
        if index >= count:
            archive_member.run(tx, person_id, _archive(rng, today, form))
        elif index == count - 1 and count >= 10 and form.joined_on:
            # One member who left for a job in the city and came back: a history with a return.
            away = max(form.confirmed_on or form.joined_on, today - timedelta(days=900))
            archive_member.run(tx, person_id, ArchiveForm(ArchiveReason.TRANSFERRED_OUT, away,
                                                          "中共深圳市宝安区某社区支部委员会",
                                                          f"豫组转字〔{away.year}〕88号"))
            restore_member.run(tx, person_id, RestoreForm(min(today, away + timedelta(days=400)),
                                                          "返乡，组织关系转回本支部"))
        if index % 200 == 0:
            progress(index / total, f"已生成 {index} 人")
    progress(1.0, f"已生成 {total} 人")
