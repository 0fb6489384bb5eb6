"""The roster validation rules: each rule, its Chinese message and its field."""

from dataclasses import replace
from datetime import date

import pytest

from models.core.codes import ArchiveReason, EventKind, Gender, Stage, choices, label
from models.core.errors import UserError, ValidationError
from models.people.citizen_id import make
from models.people.rules import (
    FIELD_LABELS,
    PROBATION_DUE,
    PROBATION_TOO_LONG,
    ArchiveForm,
    PersonForm,
    RestoreForm,
    is_phone,
    normalize_name,
    normalize_phone,
    normalized,
    probation_state,
    review_person,
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
    assert review(stage=Stage.PROBATIONARY, confirmed_on=None, joined_on=date(2026, 3, 1)).warnings == {}


def test_no_id_is_allowed_when_birth_date_and_gender_are_given():
    assert errors_of(citizen_id="") == {}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        # Mobiles: 11 digits, whatever separators people put in.
        ("13812345678", "13812345678"),
        ("138-0000-1111", "13800001111"),
        ("138 0000 1111", "13800001111"),
        ("１３８－００００－１１１１", "13800001111"),  # full-width, as a Chinese input method types
        ("+86 138 0000 1111", "13800001111"),
        ("86-13800001111", "13800001111"),
        ("手机：13800001111", "13800001111"),
        # Landlines: a hyphen after the area code (010 and 02x three digits, others four).
        ("0371-66668888", "0371-66668888"),
        ("037166668888", "0371-66668888"),
        ("0371 6666 8888", "0371-66668888"),
        ("(0371)66668888", "0371-66668888"),
        ("（0371）6666-8888", "0371-66668888"),
        ("0371—66668888", "0371-66668888"),
        ("01088886666", "010-88886666"),
        ("021-6666 8888", "021-66668888"),
        ("0377-6123456", "0377-6123456"),
        ("+86 371 66668888", "0371-66668888"),
        # Extensions after a hyphen, 转 or 分机; a village's own number without its area code.
        ("0371-66668888-801", "0371-66668888-801"),
        ("0371-66668888转801", "0371-66668888-801"),
        ("0371 6666 8888 分机 12", "0371-66668888-12"),
        ("6123456", "6123456"),
        ("66668888", "66668888"),
    ],
)
def test_phones_are_accepted_with_separators_and_stored_one_way(typed, stored):
    assert is_phone(typed)
    assert normalize_phone(typed) == stored
    assert normalize_phone(stored) == stored  # the stored form reads back as itself
    assert errors_of(phone=typed) == {}
    assert normalized(replace(GOOD, phone=typed)).phone == stored


@pytest.mark.parametrize(
    ("phone", "fragment"),
    [
        ("12345", "手机号应为11位，这里是5位"),
        ("1381234567", "手机号应为11位，这里是10位"),
        ("138123456789", "手机号应为11位，这里是12位"),
        ("1381234567a", "座机请带区号"),
        ("23812345678", "座机请带区号"),
        ("0371-0666888", "座机请带区号"),
        ("13800001111/13900002222", "只能填一个号码"),
        ("13800001111、0371-66668888", "只能填一个号码"),
        ("13800001111-12", "电话格式不对"),  # mobiles have no extension
    ],
)
def test_phones_that_are_not_one_are_refused_with_the_reason(phone, fragment):
    assert not is_phone(phone)
    assert fragment in errors_of(phone=phone)["phone"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("汉", "汉族"), ("汉族", "汉族"), (" 汉 族 ", "汉族"), ("回", "回族"), ("蒙古", "蒙古族"), ("蒙族", "蒙古族"),
     ("维吾尔", "维吾尔族"), ("维族", "维吾尔族"), ("壮", "壮族"), ("朝鲜", "朝鲜族"), ("土家", "土家族"),
     ("柯尔克孜", "柯尔克孜族"), ("基诺", "基诺族"), ("其他", "其他未识别民族")],
)
def test_ethnicity_short_forms_become_the_full_name(typed, stored):
    assert normalized(replace(GOOD, ethnicity=typed)).ethnicity == stored
    assert errors_of(ethnicity=typed) == {}


def test_every_one_of_the_56_names_and_its_short_form_is_accepted():
    from models.core.codes import ETHNICITIES

    assert len(set(ETHNICITIES)) == 56
    for name in ETHNICITIES:
        assert errors_of(ethnicity=name) == {}
        assert normalized(replace(GOOD, ethnicity=name.removesuffix("族"))).ethnicity == name


@pytest.mark.parametrize("typed", ["汗族", "汉人", "中国", "Han"])
def test_an_unknown_ethnicity_says_how_to_write_it(typed):
    message = errors_of(ethnicity=typed)["ethnicity"]
    assert f"“{typed}”不是民族名称" in message and "汉族" in message and "简称" in message


# ----- 正式党员 and 预备党员: what the dates must say -------------------------------------------


def review(**changes):
    return review_person(normalized(replace(GOOD, **changes)), TODAY)


def test_a_recent_full_member_needs_a_confirmation_date():
    found = review(joined_on=date(2022, 7, 1), confirmed_on=None)
    assert "请填写转正日期" in found.errors["confirmed_on"]


def test_an_old_full_member_without_confirmation_date_is_only_questioned():
    # Joined more than five years ago: the date may be lost with the paper file; saving is allowed.
    found = review(joined_on=date(2005, 7, 1), confirmed_on=None)
    assert found.errors == {}
    assert "没有填写转正日期" in found.warnings["confirmed_on"]


def test_a_full_member_who_joined_within_the_year_must_be_probationary():
    found = review(joined_on=date(2026, 3, 1), confirmed_on=None)
    assert "入党不满一年" in found.errors["stage"] and "预备党员" in found.errors["stage"]


@pytest.mark.parametrize(
    ("confirmed", "fragment"),
    [(date(2006, 1, 1), "早于预备期满的日期（2006-07-01）"), (date(2008, 1, 1), "超过两年")],
)
def test_a_confirmation_date_outside_the_probation_window_is_questioned(confirmed, fragment):
    found = review(joined_on=date(2005, 7, 1), confirmed_on=confirmed)
    assert found.errors == {} and fragment in found.warnings["confirmed_on"]


def probationary(joined: date):
    return review(stage=Stage.PROBATIONARY, joined_on=joined, confirmed_on=None)


def test_probation_within_the_year_passes_quietly():
    assert probationary(date(2026, 1, 10)) == probationary(date(2025, 11, 23))
    assert probationary(date(2026, 1, 10)).errors == {} and probationary(date(2026, 1, 10)).warnings == {}


@pytest.mark.parametrize("joined", [date(2025, 11, 22), date(2025, 3, 1), date(2024, 11, 22)])
def test_probation_over_a_year_warns_that_confirmation_is_due(joined):
    found = probationary(joined)
    assert found.errors == {}
    assert "满一年，请及时讨论转正" in found.warnings["stage"]


@pytest.mark.parametrize("joined", [date(2024, 11, 21), date(2019, 7, 1)])
def test_probation_over_two_years_is_an_error(joined):
    found = probationary(joined)
    assert "预备期最长两年" in found.errors["stage"] and "请核对入党日期或人员类别" in found.errors["stage"]
    assert "stage" not in found.warnings  # a field shows one message: the error


def test_probation_state_for_the_list():
    assert probation_state(Stage.PROBATIONARY, date(2026, 1, 1), TODAY) == ""
    assert probation_state(Stage.PROBATIONARY, date(2025, 1, 1), TODAY) == PROBATION_DUE
    assert probation_state(Stage.PROBATIONARY, date(2019, 1, 1), TODAY) == PROBATION_TOO_LONG
    assert probation_state(Stage.FULL, date(2019, 1, 1), TODAY) == ""
    assert probation_state(Stage.PROBATIONARY, None, TODAY) == ""


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
    assert [r.value for r in ArchiveReason] == ["transferred_out", "deceased", "left_party", "suspended",
                                                "disqualified", "other"]
    assert all(label(r.value) for r in ArchiveReason)
    assert [text for _, text in choices(ArchiveReason)] == ["转出", "去世", "出党", "停止党籍", "取消资格", "其他"]
    assert label(EventKind.RESTORED) == "恢复" and label("no-such-code") == "" and label(None) == ""


def test_validation_error_is_a_user_error_with_chinese_labels():
    error = ValidationError({"archive_note": "请说明原因", "restored_on": "请填写恢复日期"}, FIELD_LABELS)
    assert isinstance(error, UserError)
    assert str(error) == "原因说明：请说明原因；恢复日期：请填写恢复日期"
    assert error.errors == {"archive_note": "请说明原因", "restored_on": "请填写恢复日期"}
