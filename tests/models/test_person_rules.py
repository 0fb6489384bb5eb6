"""The roster validation rules: each rule, its Chinese message and its field."""

from dataclasses import replace
from datetime import date

import pytest

from models.citizen_id import make
from models.codes import Gender, Stage
from models.person_rules import PersonForm, is_phone, normalize_name, normalized, validate_person
from tests.conftest import TODAY

BIRTH = date(1980, 6, 15)
GOOD = PersonForm(
    name="王建国", gender=Gender.MALE, citizen_id=make("411323", BIRTH, 11), birth_date=BIRTH,
    stage=Stage.FULL, joined_on=date(2005, 7, 1), confirmed_on=date(2006, 7, 1), phone="13812345678",
)


def errors_of(**changes):
    return validate_person(normalized(replace(GOOD, **changes)), TODAY)


def test_a_complete_form_passes():
    assert errors_of() == {}


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"name": ""}, "name", "请填写姓名"),
        ({"name": "王建国2"}, "name", "数字或字母"),
        ({"gender": Gender.FEMALE}, "gender", "与公民身份号码不符"),
        ({"birth_date": date(1980, 6, 16)}, "birth_date", "1980-06-15"),
        ({"citizen_id": make("411323", BIRTH, 11)[:17] + "0"}, "citizen_id", "校验位"),
        ({"joined_on": date(2030, 1, 1), "confirmed_on": None}, "joined_on", "不能晚于今天"),
        ({"joined_on": date(1998, 6, 14), "confirmed_on": None}, "joined_on", "未满18周岁"),
        ({"joined_on": None}, "joined_on", "请填写入党日期"),
        ({"confirmed_on": date(2005, 7, 1)}, "confirmed_on", "应晚于入党日期"),
        ({"stage": Stage.PROBATIONARY}, "confirmed_on", "预备党员还没有转正"),
        ({"phone": "1381234567"}, "phone", "电话格式不对"),
        ({"phone": "23812345678"}, "phone", "电话格式不对"),
        ({"is_mobile": True}, "mobile_destination", "外出地点"),
        ({"mobile_since": date(2027, 1, 1), "is_mobile": True, "mobile_destination": "深圳"},
         "mobile_since", "不能晚于今天"),
        ({"stage": Stage.ACTIVIST}, "stage", "正式党员或预备党员"),
        ({"citizen_id": "", "birth_date": None}, "birth_date", "请填写出生日期"),
    ],
)
def test_each_rule_names_its_field(changes, field, fragment):
    errors = errors_of(**changes)
    assert field in errors, errors
    assert fragment in errors[field]


def test_joining_on_the_18th_birthday_is_allowed():
    assert errors_of(joined_on=date(1998, 6, 15), confirmed_on=date(1999, 6, 15)) == {}


def test_probationary_member_without_confirmation_date_passes():
    assert errors_of(stage=Stage.PROBATIONARY, confirmed_on=None, joined_on=date(2026, 3, 1)) == {}


def test_no_id_is_allowed_when_birth_date_and_gender_are_given():
    assert errors_of(citizen_id="") == {}


@pytest.mark.parametrize("phone", ["13812345678", "0371-12345678", "037112345678", "0377-6123456", "6123456",
                                   "0371-12345678-802"])
def test_phone_formats_accepted(phone):
    assert is_phone(phone)


@pytest.mark.parametrize("phone", ["12345", "138123456789", "1381234567a", "10086"])
def test_phone_formats_rejected(phone):
    assert not is_phone(phone)


def test_name_normalisation_keeps_middle_dot():
    assert normalize_name(" 王  芳 ") == "王芳"
    assert normalize_name("阿依古丽•买买提") == "阿依古丽·买买提"
