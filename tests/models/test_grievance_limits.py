"""民情办理时限: the limits as data (defaults, stored, the audited settings operation) and the
working-day deadlines across 春节 and 国庆 2026 with their make-up days, and beyond the calendar."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import chinese_calendar
import pytest

from models.core.codes import GrievanceCategory, Urgency
from models.core.errors import PermissionDenied, ValidationError
from models.development.workdays import beyond_calendar, calendar_last_year, is_workday
from models.grievances.limits import (
    MAX_EXTENSIONS,
    GrievanceSettings,
    Limit,
    default_grievance_settings,
    due_date,
    get_grievance_settings,
    limit_for,
    update_grievance_settings,
    working_days_left,
)
from models.settings.entities import Setting
from models.workspace import Actor, Permission, Workspace
from models.workspace.audit import AuditFilter, describe_changes, list_audit
from tests.conftest import TODAY
from tests.models.grievance_helpers import snapshot


def _with_limit(settings: GrievanceSettings, category: str, urgency: str, limit: Limit) -> GrievanceSettings:
    return replace(settings, limits=tuple((c, u, limit if (c, u) == (category, urgency) else old)
                                          for c, u, old in settings.limits))


# --- defaults and lookup ------------------------------------------------------------------------------

def test_defaults_cover_every_category_and_urgency():
    settings = default_grievance_settings()
    pairs = [(c, u) for c, u, _ in settings.limits]
    assert sorted(pairs) == sorted((c.value, u.value) for c in GrievanceCategory for u in Urgency)
    assert {limit_for(settings, c, u).response_days for c, u in pairs} == {1}
    assert limit_for(settings, GrievanceCategory.HEALTH, Urgency.URGENT) == Limit(1, 3)
    assert limit_for(settings, GrievanceCategory.HEALTH, Urgency.PRESSING) == Limit(1, 7)
    assert limit_for(settings, GrievanceCategory.HEALTH, Urgency.ORDINARY) == Limit(1, 15)
    assert (settings.remind_within_days, settings.visit_within_days, settings.check_required) == (2, 10, False)
    assert MAX_EXTENSIONS == 2


def test_nothing_stored_reads_the_defaults(store):
    with store.read() as session:
        assert get_grievance_settings(session) == default_grievance_settings()


# --- working days ---------------------------------------------------------------------------------

def test_received_on_friday_with_one_day_is_due_monday():
    assert due_date(date(2026, 11, 20), 1) == date(2026, 11, 23)
    assert due_date(date(2026, 11, 21), 1) == date(2026, 11, 23)  # received on Saturday
    assert due_date(date(2026, 11, 23), 3) == date(2026, 11, 26)
    assert due_date(date(2026, 11, 23), 0) == date(2026, 11, 23)


def test_the_library_knows_spring_festival_and_national_day_2026():
    """What the deadlines below rely on, as chinesecalendar has it."""
    assert not any(is_workday(date(2026, 2, d)) for d in range(15, 24))  # 春节 Feb 15–23
    assert is_workday(date(2026, 2, 14)) and is_workday(date(2026, 2, 28))  # make-up Saturdays
    assert not any(is_workday(date(2026, 10, d)) for d in range(1, 8))  # 国庆 Oct 1–7
    assert is_workday(date(2026, 9, 20)) and is_workday(date(2026, 10, 10))  # make-up Sunday and Saturday
    assert not any(is_workday(date(2026, 9, d)) for d in (25, 26, 27))  # 中秋 Sep 25–27


@pytest.mark.parametrize(("start", "days", "due"), [
    (date(2026, 2, 13), 1, date(2026, 2, 14)),  # Friday → the make-up Saturday before 春节
    (date(2026, 2, 14), 1, date(2026, 2, 24)),  # the make-up Saturday → the first day after the holiday
    (date(2026, 2, 12), 3, date(2026, 2, 24)),  # Feb 13, Feb 14 (make-up), Feb 24
    (date(2026, 2, 16), 1, date(2026, 2, 24)),  # received during the holiday
    (date(2026, 2, 27), 1, date(2026, 2, 28)),  # Friday → the make-up Saturday after 春节
    (date(2026, 2, 12), 7, date(2026, 2, 28)),  # 较急 across the whole holiday
    (date(2026, 9, 30), 1, date(2026, 10, 8)),  # 国庆
    (date(2026, 9, 30), 3, date(2026, 10, 10)),  # Oct 8, 9 and the make-up Saturday Oct 10
    (date(2026, 9, 19), 1, date(2026, 9, 20)),  # Saturday → the make-up Sunday
    (date(2026, 9, 24), 1, date(2026, 9, 28)),  # Thursday → over 中秋
    (date(2026, 9, 28), 15, date(2026, 10, 23)),  # 一般 across 国庆
])
def test_due_dates_across_the_holidays_of_2026(start, days, due):
    assert due_date(start, days) == due


def test_due_date_agrees_with_walking_the_calendar():
    start = date(2025, 12, 1)
    for offset in range(0, 400, 7):
        day = start + timedelta(days=offset)
        for n in (1, 3, 15, 40):
            walked, counted = day, 0
            while counted < n:
                walked += timedelta(days=1)
                counted += is_workday(walked)
            assert due_date(day, n) == walked, (day, n)


def test_the_table_of_working_days_agrees_with_the_calendar_day_by_day():
    """The running totals (built from weekdays, then the calendar's holidays and make-up days) count
    exactly the days is_workday says are worked, every day from 2000 to past the calendar's end."""
    from models.grievances.limits import _running_totals

    first, totals = _running_totals()
    day, count = first, 0
    for total in totals:
        count += is_workday(day)
        assert total == count, day
        day += timedelta(days=1)
    assert day.year > calendar_last_year()


def test_beyond_the_calendar_only_weekends_are_skipped():
    year = calendar_last_year() + 1
    first_of_october = date(year, 10, 1)
    assert beyond_calendar(first_of_october)
    friday = next(first_of_october + timedelta(days=i) for i in range(7)
                  if (first_of_october + timedelta(days=i)).weekday() == 4)
    assert due_date(friday, 1) == friday + timedelta(days=3)
    weekday = next(first_of_october + timedelta(days=i) for i in range(7)
                   if (first_of_october + timedelta(days=i)).weekday() < 4)
    assert due_date(weekday - timedelta(days=1), 1) == weekday  # 国庆 not known yet: a working day
    assert due_date(date(year, 12, 31), 1).year == year + 1


def test_a_deadline_in_a_far_year_is_still_counted():
    start = date(2099, 6, 5)  # a Friday, far outside any table
    assert due_date(start, 1) == date(2099, 6, 8)
    assert working_days_left(start, date(2099, 6, 8)) == 1


@pytest.mark.parametrize(("today", "deadline", "left"), [
    (date(2026, 11, 23), date(2026, 11, 23), 0),  # on the deadline
    (date(2026, 11, 20), date(2026, 11, 23), 1),  # Friday, due Monday
    (date(2026, 11, 19), date(2026, 11, 23), 2),
    (date(2026, 11, 24), date(2026, 11, 23), -1),  # one day past
    (date(2026, 11, 21), date(2026, 11, 20), -1),  # the Saturday after a Friday deadline: overdue
    (date(2026, 11, 23), date(2026, 11, 20), -1),
    (date(2026, 11, 25), date(2026, 11, 20), -3),
    (date(2026, 11, 20), date(2026, 11, 22), 1),  # a deadline on a Sunday: still before it
    (date(2026, 9, 30), date(2026, 10, 8), 1),  # over 国庆
    (date(2026, 10, 12), date(2026, 9, 30), -4),  # Oct 8, 9, 10 (make-up), 12
    (date(2026, 2, 13), date(2026, 2, 24), 2),  # Feb 14 (make-up) and Feb 24
])
def test_working_days_left(today, deadline, left):
    assert working_days_left(today, deadline) == left


def test_a_day_is_due_the_day_after_exactly_when_it_is_a_working_day():
    for offset in range(-60, 800):  # 2025 to 2028: known years and beyond
        day = date(2026, 1, 1) + timedelta(days=offset)
        expected = chinese_calendar.is_workday(day) if not beyond_calendar(day) else day.weekday() < 5
        assert (due_date(day - timedelta(days=1), 1) == day) == expected, day


# --- the settings operation -----------------------------------------------------------------------

def test_changed_settings_are_stored_and_each_change_audited(store, workspace):
    settings = _with_limit(default_grievance_settings(), GrievanceCategory.DISPUTE, Urgency.URGENT, Limit(2, 5))
    settings = replace(settings, check_required=True, visit_within_days=7)
    outcome = workspace.run(update_grievance_settings, settings)
    with store.read() as session:
        assert get_grievance_settings(session) == settings
        stored = json.loads(session.get(Setting, "grievance").value)
        assert ["dispute", "urgent", 2, 5] in stored["limits"]
        rows = list_audit(session, AuditFilter(operation="grievance.settings"))
    assert outcome.changes.touches("setting")
    texts = sorted(describe_changes(row) for row in rows)
    assert texts == sorted(["首次响应时限（矛盾纠纷·紧急）：1 → 2", "办结时限（矛盾纠纷·紧急）：3 → 5",
                            "民情回访时限：10 → 7", "民情办结需核查：否 → 是"])


def test_saving_the_same_settings_writes_nothing(store, workspace):
    before = snapshot(store)
    workspace.run(update_grievance_settings, default_grievance_settings())
    assert snapshot(store) == before


@pytest.mark.parametrize(("change", "field", "message"), [
    (lambda s: _with_limit(s, "health", "urgent", Limit(1, 0)), "grievance.health.urgent.completion_days",
     "办结时限（医疗卫生·紧急）：应在1到365个工作日之间"),
    (lambda s: _with_limit(s, "health", "urgent", Limit(1, 366)), "grievance.health.urgent.completion_days",
     "应在1到365个工作日之间"),
    (lambda s: _with_limit(s, "policy", "ordinary", Limit(0, 15)), "grievance.policy.ordinary.response_days",
     "首次响应时限（政策咨询·一般）：应在1到365个工作日之间"),
    (lambda s: _with_limit(s, "policy", "ordinary", Limit(5, 3)), "grievance.policy.ordinary.response_days",
     "不能长于办结时限（3个工作日）"),
    (lambda s: replace(s, remind_within_days=0), "grievance.remind_within_days", "民情催办提前天数：应在1到365"),
    (lambda s: replace(s, visit_within_days=400), "grievance.visit_within_days", "民情回访时限：应在1到365"),
    (lambda s: replace(s, limits=s.limits[1:]), "grievance.limits", "每个类别和紧急程度都要有一条时限"),
])
def test_bad_settings_are_refused_and_nothing_changes(store, workspace, change, field, message):
    before = snapshot(store)
    with pytest.raises(ValidationError) as refused:
        workspace.run(update_grievance_settings, change(default_grievance_settings()))
    assert field in refused.value.errors
    assert message in str(refused.value)
    assert snapshot(store) == before


def test_the_settings_need_the_settings_permission(store):
    clerk = Workspace(store, Actor("录入员", frozenset({Permission.MEMBERS_EDIT})), today=lambda: TODAY)
    before = snapshot(store)
    with pytest.raises(PermissionDenied):
        clerk.run(update_grievance_settings, replace(default_grievance_settings(), check_required=True))
    assert snapshot(store) == before


def test_a_damaged_stored_value_falls_back_to_the_defaults(store, workspace):
    workspace.run(update_grievance_settings, replace(default_grievance_settings(), remind_within_days=3))
    with store.transaction() as session:  # as an older or newer version might have left it
        session.get(Setting, "grievance").value = json.dumps({"limits": [["health", "urgent", "x", 3], [1]],
                                                              "remind_within_days": "3", "check_required": 1})
    with store.read() as session:
        assert get_grievance_settings(session) == default_grievance_settings()
