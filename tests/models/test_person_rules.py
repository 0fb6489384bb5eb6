"""The roster validation rules: each rule, its Chinese message and its field."""

from dataclasses import replace
from datetime import date

import pytest

from models.core.codes import ArchiveReason, EventKind, Gender, Stage, choices, label
from models.core.errors import UserError, ValidationError
from models.people.citizen_id import make
from models.people.rules import (
    FIELD_LABELS,
    ArchiveForm,
    PersonForm,
    RestoreForm,
    is_phone,
    normalize_name,
    normalized,
    validate_archive,
    validate_person,
    validate_restore,
)
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


@pytest.mark.parametrize(
    ("form", "errors"),
    [
        (ArchiveForm(ArchiveReason.TRANSFERRED_OUT, date(2026, 10, 1), "中共某社区支部委员会"), {}),
        (ArchiveForm(ArchiveReason.TRANSFERRED_OUT, date(2026, 10, 1)), {"transfer_to": "请填写转往的党组织"}),
        (ArchiveForm(ArchiveReason.DECEASED, date(2026, 10, 1)), {}),
        (ArchiveForm(ArchiveReason.DECEASED, None), {"archived_on": "请填写日期"}),
        (ArchiveForm(ArchiveReason.DECEASED, date(2026, 11, 23)), {"archived_on": "日期不能晚于今天"}),
        (ArchiveForm(ArchiveReason.DECEASED, date(1980, 6, 14)), {"archived_on": "日期早于出生日期"}),
        (ArchiveForm(ArchiveReason.LEFT_PARTY, date(2026, 10, 1), note="开除党籍"), {}),
        (ArchiveForm(ArchiveReason.LEFT_PARTY, date(2026, 10, 1)), {"archive_note": "开除党籍"}),
        (ArchiveForm(ArchiveReason.SUSPENDED, date(2026, 10, 1), note=" "), {"archive_note": "停止党籍"}),
        (ArchiveForm(ArchiveReason.OTHER, date(2026, 10, 1)), {"archive_note": "请说明原因"}),
        (ArchiveForm("", date(2026, 10, 1)), {"archive_reason": "请选择归档原因"}),
    ],
)
def test_archive_rules(form, errors):
    found = validate_archive(form, TODAY, BIRTH)
    assert set(found) == set(errors)
    for field, fragment in errors.items():
        assert fragment in found[field]
        assert field in FIELD_LABELS  # every field the rules name has a Chinese label


@pytest.mark.parametrize(
    ("form", "fragment"),
    [
        (RestoreForm(date(2026, 10, 1)), None),
        (RestoreForm(TODAY, "组织关系转回"), None),
        (RestoreForm(None), "请填写恢复日期"),
        (RestoreForm(date(2026, 11, 23)), "不能晚于今天"),
        (RestoreForm(date(2026, 9, 30)), "不能早于归档日期（2026-10-01）"),
    ],
)
def test_restore_rules(form, fragment):
    found = validate_restore(form, TODAY, date(2026, 10, 1))
    if fragment is None:
        assert found == {}
    else:
        assert list(found) == ["restored_on"] and fragment in found["restored_on"]


def test_archive_reasons_are_the_leaving_event_kinds_with_their_labels():
    assert [r.value for r in ArchiveReason] == ["transferred_out", "deceased", "left_party", "suspended", "other"]
    assert all(EventKind(r.value) for r in ArchiveReason)
    assert [text for _, text in choices(ArchiveReason)] == ["转出", "去世", "出党", "停止党籍", "其他"]
    assert label(EventKind.RESTORED) == "恢复" and label("no-such-code") == "" and label(None) == ""


def test_validation_error_is_a_user_error_with_chinese_labels():
    error = ValidationError({"archive_note": "请说明原因", "restored_on": "请填写恢复日期"}, FIELD_LABELS)
    assert isinstance(error, UserError)
    assert str(error) == "原因说明：请说明原因；恢复日期：请填写恢复日期"
    assert error.errors == {"archive_note": "请说明原因", "restored_on": "请填写恢复日期"}
