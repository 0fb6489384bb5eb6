"""A number starting with 1 is a mobile, never a village landline (new-user trial, item 4)."""

import pytest

from models.people.phones import parse_phone, phone_problem
from models.people.rules import PersonForm, validate_person
from tests.conftest import TODAY
from tests.models.test_person_rules import GOOD


@pytest.mark.parametrize(("typed", "count"), [("1380000", 7), ("13800001", 8), ("138 0000", 7)])
def test_seven_or_eight_digits_starting_with_1_are_a_mobile_cut_short(typed, count):
    assert parse_phone(typed) is None
    assert phone_problem(typed) == f"电话格式不对：手机号应为11位，这里是{count}位"
    form = PersonForm(**{**GOOD.__dict__, "phone": typed})
    assert validate_person(form, TODAY)["phone"] == f"电话格式不对：手机号应为11位，这里是{count}位"


@pytest.mark.parametrize("typed", ["0666888", "06668888", "0371-1666888"])
def test_a_local_number_never_starts_with_0_or_1(typed):
    assert parse_phone(typed) is None


@pytest.mark.parametrize(("typed", "stored"), [("6123456", "6123456"), ("2666 8888", "26668888"),
                                               ("0377-6123456", "0377-6123456")])
def test_local_numbers_of_seven_or_eight_digits_are_still_accepted(typed, stored):
    assert parse_phone(typed) == stored
