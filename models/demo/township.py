"""The township demo: a 镇党委 whose data file holds 40 villages' 党小组, 100,000 people, three years
of score entries (ten per person) and of 民情台账 (one item for every two people), with the audit
rows to match — for trying the program, and measuring it, at the scale a township works at.

`demo --people N` makes it above TOWNSHIP_FROM people (a village demo below that goes through the
operations row by row, models/demo/roster.py); everything scales with N. It is one operation: the
branch, groups and accounts through the ordinary steps, the rest written in bulk (models/demo/bulk.py)
in the same transaction, with an audit row for every record created. Deterministic for a seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from models.core.codes import (
    ArchiveReason,
    EventKind,
    Gender,
    Stage,
    Step,
)
from models.core.pinyin import PinyinKeys, keys_for
from models.core.privacy import mask_citizen_id
from models.demo.accounts import add_demo_accounts
from models.demo.bulk import AUDIT_COLUMNS, BulkWriter
from models.demo.names import FEMALE_CHARS, MALE_CHARS, SURNAMES, make_phone
from models.demo.roster import EDUCATIONS
from models.demo.township_ledger import LedgerMaker
from models.people import citizen_id
from models.people.branch import BranchInfo, create_group_in, update_branch
from models.people.entities import Person, PersonEvent
from models.scoring import quarter_totals
from models.scoring.entities import ScoreEntry, ScoreRule, ScoreTally
from models.workspace import Entity, Permission, Tx, operation
from models.workspace.entities import AuditEntry

NAMES_PER_GENDER = 4_000
TOWNSHIP_FROM = 2_000  # `demo --people` above this makes a township
FULL_SIZE = 100_000  # the people the sizes below are given for
BRANCHES, GROUPS_PER_BRANCH = 40, 5
ENTRIES_PER_PERSON, PEOPLE_PER_GRIEVANCE, YEARS = 10, 2, 3
VILLAGES = ("红旗", "青山", "东风", "向阳", "柳湾", "李庄", "王楼", "张湾", "刘寨", "陈岗", "杨集", "黄营", "赵店",
            "吴桥", "周庄", "徐堂", "孙岭", "马沟", "朱楼", "胡营", "郭庄", "何湾", "高庙", "林场", "罗岗", "郑湾",
            "梁庄", "谢楼", "宋集", "唐河", "许岗", "韩庄", "冯营", "邓湾", "曹楼", "彭店", "曾庄", "肖营", "田湖",
            "董岗")
GROUP_NAMES = ("第一党小组", "第二党小组", "第三党小组", "第四党小组", "老党员党小组")
REGIONS = ("411323", "411324", "411325", "411326")  # four counties in Henan
JOBS = ("务农", "务工", "个体经营", "村民委员会 委员", "村民小组 组长", "卫生室 村医", "小学 教师", "退休",
        "农机专业合作社 社员", "网格员", "养殖户", "电商服务站 站长")
DESTINATIONS = ("广东省深圳市宝安区", "浙江省杭州市萧山区", "江苏省苏州市昆山市", "北京市朝阳区", "郑州市金水区")
REASONS = {"basic": "按时参加组织生活", "bonus": "参与村内志愿服务", "deduction": "无故缺席组织生活"}
PERSON_COLUMNS = ("id", "name", "name_pinyin", "name_initials", "sort_key", "gender", "ethnicity", "citizen_id",
                  "birth_date", "education", "stage", "group_id", "joined_on", "confirmed_on", "work_unit", "phone",
                  "address", "is_mobile", "mobile_destination", "mobile_since", "mobile_contact", "notes",
                  "archive_reason", "archived_on", "created_at", "updated_at")
EVENT_COLUMNS = ("person_id", "kind", "on", "organisation", "letter_no", "note", "recorded_by", "recorded_at",
                 "related_person_id", "override_reason", "void_reason")
ENTRY_COLUMNS = ("id", "person_id", "rule_id", "on", "points", "reason", "run_id", "status", "approved_by",
                 "approved_at", "voided_at", "voided_by", "void_reason", "recorded_by", "recorded_at")
TALLY_COLUMNS = ("quarter", "person_id", "rule_id", "base", "adjusted", "entries", "pending")


@dataclass(frozen=True)
class TownshipSizes:
    """How much a township demo of `people` members holds."""

    people: int
    branches: int
    pipeline: int  # 入党申请人, 积极分子 and 发展对象 besides the members
    archived: int
    entries: int
    grievances: int

    @classmethod
    def for_people(cls, people: int) -> TownshipSizes:
        return cls(people=people, branches=max(1, min(BRANCHES, round(BRANCHES * people / FULL_SIZE))),
                   pipeline=max(3, people * 3 // 100), archived=round(people * 0.06),
                   entries=people * ENTRIES_PER_PERSON, grievances=max(1, people // PEOPLE_PER_GRIEVANCE))


@dataclass
class _Person:
    id: int
    name: str
    village: str
    stage: str
    since: date  # from when entries may be given: 确定为积极分子, or three years back for members
    active: bool  # on the roster or in the pipeline (not archived)


@operation("demo.fill_township", Permission.SETTINGS_EDIT, "填入乡镇演示数据", long=True)
def fill_township(tx: Tx, people: int, seed: int = 20261202) -> TownshipSizes:
    """An empty database filled with a township of `people` members (see the module's docstring)."""
    sizes = TownshipSizes.for_people(people)
    maker = _Township(tx, random.Random(seed), sizes)
    maker.make()
    add_demo_accounts(tx)
    return sizes


class _Township(LedgerMaker):
    def __init__(self, tx: Tx, rng: random.Random, sizes: TownshipSizes) -> None:
        self.tx, self.rng, self.sizes, self.today = tx, rng, sizes, tx.today
        self.out = BulkWriter(tx)
        self.names: dict[Gender, list[tuple[str, PinyinKeys]]] = {}
        self.numbers: set[str] = set()
        self.people: list[_Person] = []
        self.start = self.today.replace(year=self.today.year - YEARS, month=1, day=1)

    def make(self) -> None:
        progress = self.tx.progress
        update_branch.run(self.tx, BranchInfo("青山镇党委", "中共青山镇委员会", "王建国"))
        villages = VILLAGES[:self.sizes.branches] if self.sizes.branches <= len(VILLAGES) else VILLAGES
        self.groups = {village: [create_group_in(self.tx, f"{village}村{name}") for name in GROUP_NAMES]
                       for village in villages}
        progress(0.02, "正在生成人员…")
        self._members()
        self._pipeline()
        self.out.flush()
        progress(0.3, "正在生成积分记录…")
        self._entries()
        self.out.flush()
        progress(0.7, "正在汇总积分…")
        quarter_totals.rebuild(self.tx.session)
        progress(0.8, "正在生成民情台账…")
        self._grievances()
        self.out.finish()
        for entity in (Entity.PERSON, Entity.PERSON_EVENT, Entity.SCORE_ENTRY, Entity.GRIEVANCE,
                       Entity.GRIEVANCE_ACTION, Entity.DIARY):
            self.tx.touched(entity)
        progress(1.0, "演示数据已生成")

    # --- people --------------------------------------------------------------------------------
    def _name(self, gender: Gender) -> tuple[str, PinyinKeys]:
        """A name from the township's pool (names repeat in a township, as they do in life)."""
        pool = self.names.get(gender)
        if pool is None:
            chars, rng, made = MALE_CHARS if gender == Gender.MALE else FEMALE_CHARS, self.rng, {}
            while len(made) < NAMES_PER_GENDER:
                name = rng.choice(SURNAMES) + rng.choice(chars) + (rng.choice(chars) if rng.random() < 0.8 else "")
                made.setdefault(name, None)
            pool = self.names[gender] = [(name, keys_for(name)) for name in made]
        return pool[self.rng.randrange(len(pool))]

    def _citizen_id(self, birth: date, gender: Gender) -> str:
        while True:
            seq = self.rng.randrange(0, 500) * 2 + (1 if gender == Gender.MALE else 0)
            number = citizen_id.make(self.rng.choice(REGIONS), birth, seq)
            if number not in self.numbers:
                self.numbers.add(number)
                return number

    def _person(self, stage: Stage, age: int, joined: date | None, confirmed: date | None,
                archived: tuple[str, date] | None = None) -> _Person:
        rng, out = self.rng, self.out
        gender = Gender.MALE if rng.random() < (0.72 if stage in (Stage.FULL, Stage.PROBATIONARY) else 0.55) \
            else Gender.FEMALE
        name, key = self._name(gender)
        birth = self.today - timedelta(days=age * 365 + rng.randint(0, 364))
        number = self._citizen_id(birth, gender)
        village = rng.choice(list(self.groups))
        groups = self.groups[village]
        group = (groups[-1] if age >= 75 else rng.choice(groups[:-1])) if rng.random() < 0.96 else None
        mobile = age < 55 and rng.random() < 0.12
        since = self.today - timedelta(days=rng.randint(30, 2000)) if mobile else None
        phone = make_phone(rng) if rng.random() < 0.93 else ""
        pid = out.next_id(Person.__table__)
        created = out.at
        education = rng.choice(EDUCATIONS if age < 60 else EDUCATIONS[:4]).value
        reason, archived_on = archived or (None, None)
        out.add(Person.__table__, PERSON_COLUMNS, (
            pid, name, key.full, key.initials, key.sort, gender.value, "汉族" if rng.random() < 0.96 else "回族", number,
            out.day(birth), education, stage.value, group, out.day(joined), out.day(confirmed),
            "退休" if age >= 65 and rng.random() < 0.5 else rng.choice(JOBS), phone,
            f"{village}村{rng.choice('一二三四五六七八')}组{rng.randint(1, 150)}号", mobile,
            rng.choice(DESTINATIONS) if mobile else "", out.day(since), make_phone(rng) if mobile else "", "",
            reason, out.day(archived_on), created, created))
        out.audit(Entity.PERSON, pid, name, {"name": name, "gender": gender.value, "citizen_id": mask_citizen_id(number),
                                            "stage": stage.value, "joined_on": joined, "confirmed_on": confirmed})
        for kind, on in ((EventKind.JOINED, joined), (EventKind.CONFIRMED, confirmed)):
            if on is not None:
                self._event(pid, kind, on)
        person = _Person(pid, name, village, stage.value, self.start, archived is None)
        self.people.append(person)
        return person

    def _event(self, pid: int, kind: str, on: date, organisation: str = "", letter: str = "",
               related: int | None = None) -> None:
        out = self.out
        out.add(PersonEvent.__table__, EVENT_COLUMNS,
                (pid, str(kind), out.day(on), organisation, letter, "", self.tx.actor.name, out.at, related, "", ""))

    def _members(self) -> None:
        rng, today = self.rng, self.today
        total = self.sizes.people + self.sizes.archived
        for index in range(total):
            age = rng.randint(22, 88)
            birth_year = today.year - age
            probationary = age < 45 and rng.random() < 0.05
            if probationary:
                joined = today - timedelta(days=rng.randint(20, 340))
                confirmed = None
            else:
                joined_age = 18 + (min(age - 1, 60) - 18) * rng.random() ** 1.6
                joined = min(date(birth_year + 18, 7, 1) + timedelta(days=int((joined_age - 18) * 365)),
                             today - timedelta(days=400))
                confirmed = joined + timedelta(days=365)
            archived = None
            if index >= self.sizes.people:
                when = max(today - timedelta(days=rng.randint(10, 1500)), confirmed or joined)
                reason = rng.choice((ArchiveReason.TRANSFERRED_OUT, ArchiveReason.TRANSFERRED_OUT,
                                     ArchiveReason.DECEASED))
                archived = (reason.value, when)
            person = self._person(Stage.PROBATIONARY if probationary else Stage.FULL, age, joined, confirmed,
                                  archived)
            if archived:
                reason, when = archived
                transferred = reason == ArchiveReason.TRANSFERRED_OUT
                self._event(person.id, reason, when, f"中共{rng.choice(DESTINATIONS)}某社区支部委员会" if transferred
                            else "", f"豫组转字〔{when.year}〕{rng.randint(1, 300)}号" if transferred else "")
            if index % 5000 == 0:
                self.tx.progress(0.02 + 0.25 * index / total, f"已生成 {index} 人")
        self.mentors = [p.id for p in self.people if p.active and p.stage == Stage.FULL][:5000]

    def _pipeline(self) -> None:
        """入党申请人, 积极分子 and 发展对象, with the steps that brought them there."""
        rng, today = self.rng, self.today
        for index in range(self.sizes.pipeline):
            stage = (Stage.APPLICANT, Stage.ACTIVIST, Stage.ACTIVIST, Stage.CANDIDATE)[index % 4]
            applied = today - timedelta(days={Stage.APPLICANT: 30, Stage.ACTIVIST: 200,
                                              Stage.CANDIDATE: 700}[stage] + rng.randint(0, 300))
            person = self._person(stage, rng.randint(20, 40), None, None)
            self._event(person.id, Step.APPLIED, applied)
            self._event(person.id, Step.TALKED, applied + timedelta(days=rng.randint(5, 25)))
            if stage == Stage.APPLICANT:
                continue
            named = applied + timedelta(days=rng.randint(60, 120))
            person.since = named
            self._event(person.id, Step.ACTIVIST, named)
            self._event(person.id, Step.CONTACTS, named, related=rng.choice(self.mentors) if self.mentors else None)
            report = named + timedelta(days=90)
            while report < today:
                self._event(person.id, Step.THOUGHT_REPORT, report)
                report += timedelta(days=90)
            if stage == Stage.CANDIDATE:
                candidate = named + timedelta(days=rng.randint(370, 420))
                self._event(person.id, Step.HALF_YEAR_REVIEW, named + timedelta(days=182))
                self._event(person.id, Step.HALF_YEAR_REVIEW, named + timedelta(days=364))
                self._event(person.id, Step.CANDIDATE, min(candidate, today))

    # --- scores --------------------------------------------------------------------------------
    def _entries(self) -> None:
        """Ten entries a person on average over three years, written person by person with the
        tally rows they add up to (what the entry operations keep: models/scoring/tally.py)."""
        rng, out, today = self.rng, self.out, self.today
        rules = self.tx.session.execute(
            ScoreRule.__table__.select().where(ScoreRule.active.is_(True), ScoreRule.veto.is_(False))).all()
        weights = {"basic": 10, "bonus": 3, "deduction": 0.6}
        by_audience = {}
        for audience in ("activists", "members"):
            usable = [r for r in rules if r.applies_to in (audience, "both")]
            by_audience[audience] = (usable, list(accumulate(weights[r.category] for r in usable)))
        scored = [p for p in self.people if p.active and p.stage != Stage.APPLICANT]
        counts = [0] * len(scored)
        for _ in range(self.sizes.entries):
            counts[rng.randrange(len(scored))] += 1
        table, tally, audit = ScoreEntry.__table__, ScoreTally.__table__, AuditEntry.__table__
        approved_at, actor, at = out.at, self.tx.actor.name, out.at
        recent = today - timedelta(days=20)
        written, next_id = 0, out.next_id(table)
        entries: list[tuple] = []
        audits: list[tuple] = []
        tallies: list[tuple] = []
        randrange, random_, day = rng.randrange, rng.random, timedelta
        for person, count in zip(scored, counts, strict=True):
            rules_for, cumulative = by_audience["activists" if person.stage in ("activist", "candidate")
                                                else "members"]
            span, since, name = max(1, (today - person.since).days), person.since, person.name
            shares: dict[tuple[str, int], list[int]] = {}
            for rule in rng.choices(rules_for, cum_weights=cumulative, k=count):
                on = since + day(days=randrange(span))
                iso = on.isoformat()
                pending = on > recent and random_() < 0.3
                written += 1
                voided = written % 97 == 0
                entry_id, next_id = next_id, next_id + 1
                reason = REASONS[rule.category]
                entries.append((
                    entry_id, person.id, rule.id, iso if out.sqlite else on, rule.points, reason, "",
                    "pending" if pending else "approved", "" if pending else "支部书记",
                    None if pending else approved_at, at if voided else None, actor if voided else "",
                    "录入错误" if voided else "", actor, at))
                # The names, codes and reasons here hold no quote or backslash: JSON by formatting.
                audits.append(out.audit_row(
                    Entity.SCORE_ENTRY, entry_id, f"{name} {rule.code} {rule.name} {rule.points:+d}分",
                    f'{{"person": "{name}", "rule": "{rule.code} {rule.name}", "on": "{iso}", '
                    f'"points": {rule.points}, "reason": "{reason}"}}'))
                if not voided:
                    share = shares.setdefault((f"{on.year}Q{(on.month + 2) // 3}", rule.id), [0, 0, 0, 0])
                    share[2] += 1
                    if pending:
                        share[3] += 1
                    else:
                        share[0] += rule.points
            for (quarter, rule_id), (base, adjusted, entered, pending) in shares.items():
                tallies.append((quarter, person.id, rule_id, base, adjusted, entered, pending))
            if len(entries) >= 20_000:
                out.extend(table, ENTRY_COLUMNS, entries)
                out.extend(audit, AUDIT_COLUMNS, audits)
                out.extend(tally, TALLY_COLUMNS, tallies)
                entries.clear(), audits.clear(), tallies.clear()
                self.tx.progress(0.3 + 0.4 * written / self.sizes.entries, f"已生成 {written} 条积分记录")
        out.extend(table, ENTRY_COLUMNS, entries)
        out.extend(audit, AUDIT_COLUMNS, audits)
        out.extend(tally, TALLY_COLUMNS, tallies)
        out.skip_ids(table, next_id - 1)
