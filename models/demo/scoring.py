"""Demo scores: a year of entries for activists and members, entered the way a branch does it —
one rule for everyone at an event (this month's 主题党日, a 党课, a volunteer day) in one batch —
through the scoring operations, dated relative to the workspace's today.

Each person has a profile (the quarter's total aimed at), so that with the default catalogue the
activists' bands are all reached in the last full quarter (≥ 90, 80–89, < 80, with a tie and one
activist below the warning line twice), and members' year scores spread over 五星 … 一星. Every
full quarter's activist ranking is posted (公示), so those quarters are locked; one mistaken entry
of the open quarter is voided with its reason.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from models.core.codes import MEMBER_STAGES, Audience
from models.demo.development import PipelineDemo, Scored
from models.development.workdays import is_workday, workday_span_end
from models.people.entities import Person
from models.scoring.entities import ScoreRule
from models.scoring.entries import EntryForm, PostingForm, add_entries, post_period, void_entry
from models.scoring.periods import Period, quarter_of
from models.settings.values import get_settings
from models.workspace import Tx

MAX_SCORED_MEMBERS = 2000  # a demo of 200,000 members would otherwise take hours to fill
MEETING_DAY = 10  # 主题党日 on the 10th of each month
# Extras a profile is made of: rule code -> (points, how many a quarter at most (its cap), days into the quarter).
EXTRAS: dict[str, tuple[int, int, tuple[int, ...]]] = {
    "JC02": (2, 6, (14, 27, 45, 58, 75, 86)),
    "JC04": (5, 2, (19, 77)),
    "JF01": (2, 5, (5, 23, 40, 66, 80)),
    "JF02": (5, 3, (17, 49, 70)),
    "JF05": (3, 3, (30, 62, 85)),
}
REASONS = {
    "JC02": "参加党课：{topic}", "JC04": "参加乡镇党校培训，考核合格", "JF01": "志愿服务：{service}",
    "JF02": "{task}", "JF05": "支委会认定：{merit}",
}
SEASON = {  # by quarter: what a village does then
    1: {"topic": "学习中央一号文件", "service": "春节返乡人员服务", "task": "春季森林防火值守", "merit": "带头发展庭院经济"},
    2: {"topic": "学习党章党规", "service": "三夏秸秆禁烧宣传", "task": "三夏秸秆禁烧巡查", "merit": "协调邻里纠纷"},
    3: {"topic": "学习习近平总书记七一重要讲话", "service": "防溺水宣传", "task": "防汛抢险值守", "merit": "帮助困难群众销售农产品"},
    4: {"topic": "学习党的创新理论", "service": "帮扶留守老人", "task": "冬季防火和燃气安全排查", "merit": "带动群众发展特色种植"},
}
ACTIVIST_TARGETS = (92, 87, 85, 85, 83, 78, 66)  # the tie at 85; the last is below the line twice
CANDIDATE_TARGETS = (94, 90, 88)
STAR_TARGETS = (98, 89, 80, 70)  # 五星 四星 三星 二星; one member aims at 56 (一星)
LOW_MEMBER = 56


@dataclass
class _Plan:
    """Entries to make: (rule code, date, reason) -> person ids, batched like a branch enters them."""

    rules: dict[str, int]
    today: date
    start: int  # 起始分 (设置)
    batches: dict[tuple[str, date, str], list[int]]

    def add(self, code: str, on: date, reason: str, person_id: int) -> None:
        if code in self.rules and on <= self.today:
            self.batches[(code, on, reason)].append(person_id)


def _quarters(today: date) -> list[Period]:
    """The last four full quarters and the current one."""
    found = [quarter_of(today)]
    for _ in range(4):
        found.insert(0, quarter_of(found[0].start - timedelta(days=1)))
    return found


def _meetings(quarter: Period) -> list[date]:
    return [date(quarter.year, quarter.start.month + i, MEETING_DAY) for i in range(3)]


def _quarter(plan: _Plan, rng: random.Random, person_id: int, quarter: Period, since: date, target: int,
             report: date | None, missed: int = 0, prorate: bool = True) -> None:
    """One person's entries of one quarter: 主题党日 attended, the 思想汇报, extras up to `target`
    (of the open quarter: its share so far, when `prorate`), and 无故缺席 deductions when the
    target is below what attendance gives."""
    base = plan.start
    open_days = [d for d in _meetings(quarter) if since < d <= plan.today]
    missed_days = set(rng.sample(open_days, min(missed, len(open_days))))
    for day in open_days:
        if day not in missed_days:
            plan.add("JC03", day, f"{day.month}月主题党日", person_id)
    total = base + 2 * (len(open_days) - len(missed_days))
    if report is not None:
        plan.add("JC01", report, f"按时提交{quarter.title}思想汇报", person_id)
        total += 5
    elapsed = (min(plan.today, quarter.end) - quarter.start).days + 1 if prorate else 1
    wanted = round(base + (target - base) * elapsed / ((quarter.end - quarter.start).days + 1 if prorate else 1))
    _extras(plan, rng, person_id, quarter, since, wanted - total, deduct=missed > 0 and quarter.end < plan.today)


def _extras(plan: _Plan, rng: random.Random, person_id: int, quarter: Period, since: date, points: int,
            deduct: bool) -> None:
    """Bonus entries worth `points` (as near as the catalogue allows), or 无故缺席 when `deduct` and
    `points` is negative."""
    season = SEASON[(quarter.start.month - 1) // 3 + 1]
    used: dict[str, list[int]] = {code: [] for code in EXTRAS}
    while points >= 2:
        choices = [code for code, (value, most, days) in EXTRAS.items()
                   if value <= points and points - value != 1 and len(used[code]) < most
                   and any(_day(quarter, d, since, plan.today) for d in days if d not in used[code])]
        if not choices:
            break
        code = rng.choices(choices, weights=[EXTRAS[c][0] ** 2 for c in choices])[0]  # fewer, larger entries
        value, _, days = EXTRAS[code]
        offset = rng.choice([d for d in days if d not in used[code] and _day(quarter, d, since, plan.today)])
        used[code].append(offset)
        plan.add(code, quarter.start + timedelta(days=offset), REASONS[code].format(**season), person_id)
        points -= value
    absent = [quarter.start + timedelta(days=d) for d in (20, 52, 81)]
    for day in absent:
        if not deduct or points > -2 or not since < day <= plan.today:
            continue
        plan.add("KF01", day, "无故缺席集中学习", person_id)
        points += 3


def _day(quarter: Period, offset: int, since: date, today: date) -> bool:
    return since < quarter.start + timedelta(days=offset) <= today


def _activist_target(person: Scored, candidates: int) -> int:
    if person.index < candidates:
        return CANDIDATE_TARGETS[person.index % len(CANDIDATE_TARGETS)]
    return ACTIVIST_TARGETS[(person.index - candidates) % len(ACTIVIST_TARGETS)]


def _activists(plan: _Plan, rng: random.Random, demo: PipelineDemo, candidates: int,
               quarters: list[Period]) -> None:
    last_full = quarters[-2]
    for person in demo.activists:
        target = _activist_target(person, candidates)
        low = target == ACTIVIST_TARGETS[-1]
        for quarter in quarters:
            report = next((d for d in person.reports if quarter.contains(d)), None)
            if quarter == last_full:
                aim, missed = target, 1 if low else 0
            elif quarter == quarters[-3] and low:
                aim, missed = 69, 1  # below the line the quarter before too: flagged for the 支委会
            else:  # the low one did better before
                aim, missed = max(target, 74) + rng.choice((-3, -1, 0, 1, 2)), 0
            _quarter(plan, rng, person.person_id, quarter, person.since, aim, report, missed)


def _members(plan: _Plan, rng: random.Random, tx: Tx, demo: PipelineDemo, quarters: list[Period]) -> list[int]:
    """Members' entries, the more active members aiming higher; returns the ids scored."""
    rows = tx.session.execute(select(Person.id, Person.joined_on, Person.is_mobile, Person.birth_date)
                              .where(Person.stage.in_([s.value for s in MEMBER_STAGES]),
                                     Person.archive_reason.is_(None)).order_by(Person.id)).all()
    rows = rows[:MAX_SCORED_MEMBERS]
    old = plan.today - timedelta(days=75 * 365)
    keyed = sorted(rows, key=lambda r: rng.random() + 0.6 * r.is_mobile + 0.4 * (r.birth_date < old))
    for position, row in enumerate(keyed):
        share = position / max(len(keyed) - 1, 1)
        target = LOW_MEMBER if position == len(keyed) - 1 and len(keyed) > 4 else \
            STAR_TARGETS[0 if share < 0.08 else 1 if share < 0.35 else 2 if share < 0.75 else 3]
        since = row.joined_on or quarters[0].start
        for quarter in quarters:
            aim = target if target == LOW_MEMBER else target + rng.choice((-2, -1, 0, 1, 2))
            missed = 2 if target == LOW_MEMBER else 0
            # Not prorated: the year's stars are read before the year is over.
            _quarter(plan, rng, row.id, quarter, since, aim, None, missed, prorate=False)
    return [r.id for r in keyed]


def fill_scores(tx: Tx, rng: random.Random, demo: PipelineDemo, candidates: int) -> None:
    """A year of entries, the full quarters' activist rankings posted, one entry voided."""
    rules = dict(tx.session.execute(select(ScoreRule.code, ScoreRule.id).where(ScoreRule.active.is_(True))).all())
    quarters = _quarters(tx.today)
    plan = _Plan(rules, tx.today, get_settings(tx.session).scoring.start_score, defaultdict(list))
    _activists(plan, rng, demo, candidates, quarters)
    members = _members(plan, rng, tx, demo, quarters)
    for count, ((code, on, reason), ids) in enumerate(sorted(plan.batches.items(), key=lambda item: item[0][1])):
        if count % 20 == 0:
            tx.check_cancel()
        add_entries.run(tx, EntryForm(tuple(ids), rules[code], on, reason))
    _void_one(tx, plan, quarters[-1], members)
    _post(tx, quarters[:-1])


def _void_one(tx: Tx, plan: _Plan, current: Period, members: list[int]) -> None:
    """A 主题党日 entered twice by mistake in the open quarter, voided with the reason."""
    meetings = sorted((on, ids) for (code, on, _), ids in plan.batches.items() if code == "JC03" and current.contains(on))
    if meetings:
        on, ids = meetings[-1]
        code, reason = "JC03", f"{on.month}月主题党日"
    elif members and "JC02" in plan.rules:
        on, ids, code, reason = tx.today, members[:1], "JC02", "参加党课"
    else:
        return
    added = add_entries.run(tx, EntryForm((ids[0],), plan.rules[code], on, reason))
    void_entry.run(tx, added.ids[0], "与同一天的记录重复，录入了两次")


def _post(tx: Tx, quarters: list[Period]) -> None:
    """Each full quarter's activist ranking posted on the village board soon after the quarter ended."""
    days = get_settings(tx.session).notice.publicity_days
    for quarter in quarters:
        posted = min(quarter.end + timedelta(days=6), tx.today)
        while not is_workday(posted) and posted < tx.today:
            posted += timedelta(days=1)
        post_period.run(tx, PostingForm(quarter.code, Audience.ACTIVISTS, posted, workday_span_end(posted, days),
                                         "在村务公开栏和党员微信群公示"))
