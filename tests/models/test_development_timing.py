"""Each timing rule at its edges, as pure checks on a history (no database), and switched off."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from models.core.codes import EventKind, Step
from models.development.history import Candidate, History, StepEvent
from models.development.timing import add_months, applicant_age, findings_for
from models.settings.values import Settings

SETTINGS = Settings()


def off(*codes: str) -> Settings:
    return replace(SETTINGS, timing=tuple(replace(r, enabled=False) if r.code in codes else r for r in SETTINGS.timing))


def history(*steps: tuple) -> History:
    found = History()
    for number, (kind, on, *rest) in enumerate(sorted(steps, key=lambda s: s[1])):
        until = rest[0] if rest else None
        hours = rest[1] if len(rest) > 1 else None
        found.events.setdefault(kind, []).append(StepEvent(number, kind, on, until, hours, None))
    return found


PERSON = Candidate(1, "李明", "activist", date(1995, 3, 1), None, None, None)


def rules(findings) -> list[str]:
    return [f.rule for f in findings]


def test_add_months_falls_back_to_the_month_end():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 10, 15), 3) == date(2027, 1, 15)


def test_applying_the_day_before_the_18th_birthday_is_too_young_and_on_it_is_not():
    birth = date(2008, 5, 10)
    [finding] = applicant_age(birth, date(2026, 5, 9), SETTINGS)
    assert finding.rule == "min_age" and "2026-05-10" in finding.message and "18" in finding.message
    assert applicant_age(birth, date(2026, 5, 10), SETTINGS) == []
    assert applicant_age(birth, date(2026, 5, 9), off("min_age")) == []


def test_born_on_a_leap_day_is_18_on_28_february():
    assert applicant_age(date(2008, 2, 29), date(2026, 2, 27), SETTINGS)
    assert applicant_age(date(2008, 2, 29), date(2026, 2, 28), SETTINGS) == []


def test_talk_within_one_month_counts_to_the_month_end():
    applied = (Step.APPLIED, date(2026, 1, 31))
    assert findings_for("activist", PERSON, history(applied, (Step.TALKED, date(2026, 2, 28))), date(2026, 4, 1),
                        SETTINGS) == []
    [late] = findings_for("activist", PERSON, history(applied, (Step.TALKED, date(2026, 3, 1))), date(2026, 4, 1),
                          SETTINGS)
    assert late.rule == "talk_within" and "2026-03-01才谈话" in late.message
    [missing] = findings_for("activist", PERSON, history(applied), date(2026, 4, 1), SETTINGS)
    assert "没有谈话记录" in missing.message
    assert findings_for("activist", PERSON, history(applied), date(2026, 4, 1), off("talk_within")) == []


def test_exactly_one_year_as_activist():
    steps = history((Step.ACTIVIST, date(2025, 11, 22)))
    [finding] = findings_for("candidate", PERSON, steps, date(2026, 11, 21), SETTINGS)
    assert finding.rule == "activist_years" and "2026-11-22才满1年" in finding.message
    assert findings_for("candidate", PERSON, steps, date(2026, 11, 22), SETTINGS) == []


def test_an_activist_from_a_leap_day_has_a_year_on_28_february():
    steps = history((Step.ACTIVIST, date(2024, 2, 29)))
    assert findings_for("candidate", PERSON, steps, date(2025, 2, 27), SETTINGS)
    assert findings_for("candidate", PERSON, steps, date(2025, 2, 28), SETTINGS) == []


def test_activist_years_across_a_quarter_boundary_and_switched_off_or_changed():
    steps = history((Step.ACTIVIST, date(2025, 10, 1)))
    assert findings_for("candidate", PERSON, steps, date(2026, 9, 30), SETTINGS)
    assert findings_for("candidate", PERSON, steps, date(2026, 10, 1), SETTINGS) == []
    assert findings_for("candidate", PERSON, steps, date(2025, 12, 31), off("activist_years")) == []
    two = replace(SETTINGS, timing=tuple(replace(r, value=2) if r.code == "activist_years" else r
                                         for r in SETTINGS.timing))
    assert findings_for("candidate", PERSON, steps, date(2026, 10, 1), two)


def admit_history(review=date(2025, 11, 20), training=(date(2026, 9, 1), date(2026, 9, 3), None),
                  publicity=(date(2026, 9, 28), date(2026, 10, 9))) -> History:
    return history((Step.POLITICAL_REVIEW, review), (Step.TRAINING, *training), (Step.PUBLICITY, *publicity))


def test_political_review_valid_exactly_one_year():
    assert findings_for("admit", PERSON, admit_history(), date(2026, 11, 20), SETTINGS) == []
    [finding] = findings_for("admit", PERSON, admit_history(), date(2026, 11, 21), SETTINGS)
    assert finding.rule == "review_valid" and "已过期" in finding.message
    assert findings_for("admit", PERSON, admit_history(), date(2026, 11, 21), off("review_valid")) == []


def test_training_three_days_or_24_hours():
    meeting = date(2026, 11, 20)
    two_days = (date(2026, 9, 1), date(2026, 9, 2))
    [short] = findings_for("admit", PERSON, admit_history(training=(*two_days, 23)), meeting, SETTINGS)
    assert short.rule == "training_days" and "2天、23学时" in short.message
    assert findings_for("admit", PERSON, admit_history(training=(*two_days, 24)), meeting, SETTINGS) == []
    assert findings_for("admit", PERSON, admit_history(training=(*two_days, 0)), meeting, off("training_days",
                                                                                                "training_hours")) == []
    # with days switched off only hours count: three days without hours are not enough
    [hours_only] = findings_for("admit", PERSON, admit_history(), meeting, off("training_days"))
    assert hours_only.rule == "training_hours"


def test_publicity_over_national_day_must_end_before_the_meeting():
    assert findings_for("admit", PERSON, admit_history(), date(2026, 10, 10), SETTINGS) == []
    [same_day] = findings_for("admit", PERSON, admit_history(), date(2026, 10, 9), SETTINGS)
    assert same_day.rule == "publicity_days" and "之前结束" in same_day.message
    four = admit_history(publicity=(date(2026, 9, 28), date(2026, 10, 8)))
    [short] = findings_for("admit", PERSON, four, date(2026, 10, 20), SETTINGS)
    assert "只有4个工作日" in short.message
    assert findings_for("admit", PERSON, four, date(2026, 10, 20), off("publicity_days")) == []


def test_admit_without_any_record_names_each_missing_step():
    found = findings_for("admit", PERSON, History(), date(2026, 11, 20), SETTINGS)
    assert rules(found) == ["review_valid", "training_days", "publicity_days"]
    assert findings_for("admit", PERSON, History(), date(2026, 11, 20),
                        off("review_valid", "training_days", "training_hours", "publicity_days")) == []


PROBATIONER = replace(PERSON, stage="probationary", joined_on=date(2025, 11, 20))


def test_probation_of_exactly_one_year_and_approval_within_three_months():
    steps = history((EventKind.JOINED, date(2025, 11, 20)), (Step.HIGHER_APPROVAL, date(2026, 2, 20)))
    assert findings_for("confirm", PROBATIONER, steps, date(2026, 11, 20), SETTINGS) == []
    [early] = findings_for("confirm", PROBATIONER, steps, date(2026, 11, 19), SETTINGS)
    assert early.rule == "probation_years"
    late = history((Step.HIGHER_APPROVAL, date(2026, 2, 21)))
    [finding] = findings_for("confirm", PROBATIONER, late, date(2026, 11, 20), SETTINGS)
    assert finding.rule == "approval_within" and "2026-02-20" in finding.message
    assert findings_for("confirm", PROBATIONER, late, date(2026, 11, 20), off("approval_within")) == []


def test_an_extended_probation_ends_on_its_new_date():
    steps = history((Step.HIGHER_APPROVAL, date(2026, 1, 5)),
                    (Step.PROBATION_EXTENDED, date(2026, 11, 20), date(2027, 5, 20)))
    [finding] = findings_for("confirm", PROBATIONER, steps, date(2027, 5, 19), SETTINGS)
    assert "延长到2027-05-20" in finding.message
    assert findings_for("confirm", PROBATIONER, steps, date(2027, 5, 20), SETTINGS) == []


def test_extension_at_most_one_year():
    assert findings_for("extend", PROBATIONER, History(), date(2026, 11, 20), SETTINGS, until=date(2027, 11, 20)) == []
    [finding] = findings_for("extend", PROBATIONER, History(), date(2026, 11, 20), SETTINGS, until=date(2027, 11, 21))
    assert finding.rule == "extension_max_years"
    assert findings_for("extend", PROBATIONER, History(), date(2026, 11, 20), off("extension_max_years"),
                        until=date(2028, 1, 1)) == []
