from datetime import date

import pytest

from models.core.codes import Gender
from models.core.privacy import mask_citizen_id, mask_phone
from models.people import citizen_id


@pytest.mark.parametrize(
    ("number", "birth", "gender"),
    [
        ("11010519491231002X", date(1949, 12, 31), Gender.FEMALE),  # the standard's own example
        ("11010519491231002x", date(1949, 12, 31), Gender.FEMALE),  # lower-case x accepted
        ("４１１３２３１９７５０３１２００１３", date(1975, 3, 12), Gender.MALE),  # full-width digits
        (" 411323 19750312 0013 ", date(1975, 3, 12), Gender.MALE),  # spaces
    ],
)
def test_valid_ids_give_birth_date_and_gender(number, birth, gender):
    info = citizen_id.parse(number)
    assert info.birth_date == birth
    assert info.gender == gender
    assert len(info.number) == 18 and info.number.isascii()


def test_make_builds_ids_that_pass_with_x_check_digits():
    numbers = [citizen_id.make("411323", date(1980, 1, 1), seq) for seq in range(200)]
    assert all(citizen_id.is_valid(n) for n in numbers)
    assert any(n.endswith("X") for n in numbers)


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        ("110105194912310021", "最后一位应为“X”"),
        ("41132319750312001", "应为18位"),
        ("411323750312001", "15位旧号码"),
        ("4113231975031200A5", "前17位应为数字"),
        ("991323197503120015", "省级行政区划代码"),
        ("411323197502300015", "不是有效的出生日期"),
    ],
)
def test_invalid_ids_say_why_in_chinese(number, fragment):
    with pytest.raises(citizen_id.CitizenIdError, match=fragment):
        citizen_id.parse(number)


def test_birth_date_in_future_is_rejected():
    number = citizen_id.make("411323", date(2030, 1, 1), 11)
    with pytest.raises(citizen_id.CitizenIdError, match="不可能"):
        citizen_id.parse(number, today=date(2026, 11, 22))


def test_mask_keeps_region_and_last_four():
    assert mask_citizen_id("11010519491231002X") == "110105********002X"


@pytest.mark.parametrize(
    ("phone", "masked"),
    [("13812345678", "138****5678"), ("0371-66668888", "0371-****8888"), ("6123456", "***3456"),
     ("12345", "*****"), ("", "")],
)
def test_mask_phone_hides_the_middle_digits(phone, masked):
    assert mask_phone(phone) == masked
