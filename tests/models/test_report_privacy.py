"""Nothing on a posted (public) report lets anyone rebuild an ID number, a phone, a birth date or a
house address: the masking functions, the registry's word on what is public, and every public
report read back from its PDF."""

import itertools
import re
from datetime import date

import pytest

from models.core.dates import format_date, format_date_cn
from models.core.privacy import mask_citizen_id, mask_numbers_in_text, mask_phone, public_address
from models.demo import fill_demo
from models.people import branch, citizen_id
from models.people import roster as people
from models.people.operations import create_member
from models.people.rules import PersonForm
from models.reports import registry
from models.reports.declaration import OptionKind
from tests.conftest import TODAY
from tests.fake_report import FAKE
from tests.pdf_check import read_pdf

# ----- the masking functions -----------------------------------------------------------------


@pytest.mark.parametrize(("phone", "masked"), [
    ("13812345678", "138****5678"),
    ("138 1234 5678", "138 **** 5678"),
    ("+86 13812345678", "+86 138****5678"),
    ("１３８１２３４５６７８", "138****5678"),
    ("0371-66666771", "0371-****6771"),  # was 037*-***6771 for a 7-digit local number's kind
    ("037166666771", "0371-****6771"),  # stored as digits: the area code is still kept apart
    ("0377-6123456", "0377-****456"),
    ("03776123456", "0377-****456"),
    ("010-62345678", "010-****5678"),  # 010 and 02x have three digits
    ("02162345678", "021-****5678"),
    ("(0371)66666771", "(0371)****6771"),
    ("0371-66666771-8021", "0371-****6771-8021"),  # an extension is no part of the number
    ("0371-66666771转8021", "0371-****6771转8021"),
    ("66666771", "****6771"),
    ("6123456", "***3456"),
    ("12345", "*****"),
    ("", ""),
    ("微信同手机号", "微信同手机号"),
    ("13812345678（微信同号）", "138****5678（微信同号）"),
    ("13812345678/0371-66666771", "138****5678/0371-****6771"),
    ("0371-66668888-801", "0371-****8888-801"),  # as stored (models.people.phones)
])
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


def test_mask_citizen_id_hides_exactly_the_birth_date():
    number = citizen_id.make("411324", date(1974, 9, 29), 764)
    assert mask_citizen_id(number) == number[:6] + "********" + number[-4:]
    assert number[6:14] == "19740929"


@pytest.mark.parametrize(("address", "shown"), [
    ("红旗村三组45号", "红旗村三组"),
    ("红旗村三组四十五号", "红旗村三组"),
    ("红旗村第三村民小组12号", "红旗村第三村民小组"),
    ("红旗村王庄组12号", "红旗村王庄组"),
    ("红旗村五社7号", "红旗村五社"),
    ("红旗村二队", "红旗村二队"),
    ("河南省南阳市淅川县上集镇红旗村3组18号", "河南省南阳市淅川县上集镇红旗村3组"),
    ("南阳市卧龙区七一街道红旗社区3组5号", "南阳市卧龙区七一街道红旗社区3组"),
    ("红旗村45号", "红旗村"),
    ("红旗村45号3组", "红旗村"),  # a group after the house number says nothing more
    ("红旗村东街12号", "红旗村"),
    ("南阳市卧龙区建设路88号院3号楼2单元501", "南阳市卧龙区"),
    ("建设路88号", ""),  # nothing to cut to: a blank is better than a house number
    ("  红旗村 三组 45号 ", "红旗村三组"),
    ("", ""),
])
def test_public_address_stops_at_the_village_group(address, shown):
    assert public_address(address) == shown
    assert not re.search(r"\d+号|单元|楼", shown)


def test_numbers_typed_into_free_text_are_masked():
    number = citizen_id.make("411324", date(1974, 9, 29), 764)
    text = mask_numbers_in_text(f"身份证{number}，电话13812345678，座机0371-66666771，2026年第3号文件")
    assert text == f"身份证{mask_citizen_id(number)}，电话138****5678，座机0371-****6771，2026年第3号文件"
    assert mask_numbers_in_text("务农") == "务农"


# ----- what the registry calls public ----------------------------------------------------------


def test_the_roster_is_public_only_when_masked_and_the_card_never():
    roster, card = registry.get_report("roster"), registry.get_report("person")
    assert not roster.is_public({}) and roster.is_public({"masked": True})
    assert not roster.is_public({"include_archived": True})
    assert not any(card.is_public({"person_id": n}) for n in (1, 2))
    assert FAKE.is_public({})  # declared public whatever its options
    assert "内部资料" in roster.audience({}) and "张贴公示" in roster.audience({"masked": True})


# ----- every public report, read back -----------------------------------------------------------

ODD_PEOPLE = [  # what the demo lacks: numbers in free text, landlines, house numbers in odd places
    dict(name="王𠈌", phone="0371-66666771", address="河南省南阳市淅川县上集镇红旗村3组18号",
         notes="本人手机13912345678，身份证见卡片", work_unit="红旗村卫生室 电话0377-62345678"),
    dict(name="赵小红", phone="037766543210", address="红旗村45号", notes="家属电话：15012345678"),
    dict(name="钱多多", phone="0377-62345678转801", address="南阳市卧龙区建设路88号院3号楼2单元501"),
]


@pytest.fixture(scope="module")
def public_db(tmp_path_factory):
    """Demo data plus ODD_PEOPLE, in one database the tests here only read."""
    from models.storage.store import Store
    from models.workspace import Workspace
    from tests.conftest import TEST_ACTOR

    store = Store(tmp_path_factory.mktemp("public") / "public.db")
    workspace = Workspace(store, TEST_ACTOR, today=lambda: TODAY)
    workspace.run(fill_demo, 60)
    for serial, extra in enumerate(ODD_PEOPLE, start=101):
        birth = date(1960 + serial % 30, 1 + serial % 12, 1 + serial % 28)
        workspace.run(create_member, PersonForm(
            citizen_id=citizen_id.make("411323", birth, serial), birth_date=birth, joined_on=date(1995, 7, 1),
            confirmed_on=date(1996, 7, 1), **extra))
    yield store
    store.close()


def _everyone(store) -> list[people.PersonDetail]:
    """Every person in the database — members and people in the development pipeline."""
    from sqlalchemy import select

    from models.people.entities import Person

    with store.read() as session:
        return [people.get_person(session, person_id, TODAY) for person_id in session.scalars(select(Person.id))]


def _choices(report, session) -> list[dict[str, object]]:
    """Every combination of the report's option values: flags on and off, every group, the
    first person (for a person option)."""
    group_ids = [None, people.NO_GROUP, *(g.id for g in branch.list_groups(session))]
    first = people.list_members(session, people.MemberFilter(), TODAY)[0].id
    domains = {OptionKind.FLAG: [False, True], OptionKind.GROUP: group_ids, OptionKind.PERSON: [first],
               OptionKind.PERIOD: [None, "2026Q3", "2026"], OptionKind.YEAR: [None, "2026"], OptionKind.DATE: [None],
               OptionKind.MONTH: [None, "2026-09", "2026-10", "2026-11"], OptionKind.SERIAL: [None, "MQ-2026-0001"]}
    keys = [o.key for o in report.options]
    return [dict(zip(keys, combo, strict=True))
            for combo in itertools.product(*(domains[o.kind] for o in report.options))]


def _public_texts(store) -> dict[str, str]:
    """The text of every public report the registry can make, by a readable name."""
    texts = {}
    with store.read() as session:
        for report in registry.all_reports():
            for values in _choices(report, session):
                if report.is_public(values):
                    try:
                        data = report.build(session, values, TODAY)
                    except registry.ReportError:
                        continue  # e.g. a group with nobody in it
                    texts[f"{report.code} {values}"] = read_pdf(data).text
    return texts


def _squeezed(text: str) -> str:
    """Text without spaces, and digits joined across a separator (138 1234 5678, 0371-6666…)."""
    return re.sub(r"(?<=\d)[-\s]+(?=\d)", "", re.sub(r"[ \t\u3000]+", "", text))


def _date_forms(day: date) -> set[str]:
    return {format_date(day), f"{day:%Y%m%d}", f"{day:%Y.%m.%d}", f"{day:%Y/%m/%d}", format_date_cn(day)}


def _phone_parts(phone: str) -> set[str]:
    """What of a phone may not appear: all its digits, and its number without the area code."""
    digits = re.sub(r"\D", "", phone.split("转")[0])
    if len(digits) < 7:
        return set()
    parts = {digits}
    if digits.startswith("0"):
        parts.add(digits[3:] if digits[1] in "12" else digits[4:])
    return parts


def _house(address: str) -> str | None:
    """The address up to and including its house number, if it has one."""
    found = re.search(r"\d+号", address)
    return address[:found.end()] if found else None


def test_every_public_report_gives_nothing_away(public_db):
    texts = _public_texts(public_db)
    assert any(key.startswith("roster ") for key in texts), texts.keys()  # the masked roster is among them
    everyone = _everyone(public_db)
    other_dates = {TODAY} | {d for p in everyone for d in (p.form.joined_on, p.form.confirmed_on, p.form.mobile_since,
                                                            p.archive and p.archive.archived_on) if d}
    for name, raw in texts.items():
        text = _squeezed(raw)
        assert "内部资料" not in text, name  # the footer agrees with the registry
        for person in everyone:
            form = person.form
            number = form.citizen_id
            assert number not in text and number[:17] not in text, (name, form.name)
            birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
            if birth not in other_dates:  # the same day may be someone's 入党日期
                assert not any(f in text for f in _date_forms(birth)), (name, form.name)
            shown = text.find(mask_citizen_id(number))
            if shown >= 0:  # beside the masked ID (the row around it) no form of the birth date
                row = text[max(shown - 120, 0):shown + 200]
                assert not any(f in row for f in _date_forms(birth)), (name, form.name, row)
            for phone in (form.phone, form.mobile_contact):
                assert not any(part in text for part in _phone_parts(phone)), (name, form.name, phone)
            assert form.address not in text or not form.address, (name, form.name)
            house = _house(_squeezed(form.address))
            assert house is None or house not in text, (name, form.name, house)
        for extra in ODD_PEOPLE:  # numbers typed into notes and work units
            for phone in re.findall(r"[\d-]{7,}", extra.get("notes", "") + extra.get("work_unit", "")):
                assert not any(part in text for part in _phone_parts(phone)), (name, phone)


def test_the_masked_roster_still_says_who_is_who(public_db):
    """Masking keeps what a posted list is for: names, birth years, the 村民小组, masked numbers."""
    roster = registry.get_report("roster")
    with public_db.read() as session:
        text = re.sub(r"\s+", "", read_pdf(roster.build(session, {"masked": True}, TODAY)).text)  # cells wrap
    odd = next(p for p in _everyone(public_db) if p.form.name == "王𠈌")
    for shown in ("王𠈌", "出生年份", str(odd.form.birth_date.year), mask_citizen_id(odd.form.citizen_id),
                  "0371-****6771", "河南省南阳市淅川县上集镇红旗村3组", "本人手机139****5678",
                  "中共红旗村支部委员会党员花名册（公示用）"):
        assert shown in text, shown
    assert "出生日期" not in text


def test_internal_output_says_so(public_db):
    with public_db.read() as session:
        for report in registry.all_reports():
            internal = [v for v in _choices(report, session) if not report.is_public(v)]
            if not internal:
                continue  # a notice made for posting (积分排名公示) has no internal variant
            values = internal[0]
            text = read_pdf(report.build(session, values, TODAY)).text
            assert "内部资料 注意保管" in text, report.code


def test_a_report_declared_public_is_checked_too(public_db, fake_report):
    """The leak test walks the registry: a newly registered public report is read like the roster."""
    assert any(key.startswith("fake ") for key in _public_texts(public_db))


def test_replacing_the_ids_birth_digits_is_what_the_mask_does():
    """Guard for the test above: the 8 masked digits are the birth date, so a full date beside a
    masked ID would rebuild it (the check digit confirms the guess)."""
    number = citizen_id.make("411324", date(1974, 9, 29), 764)
    masked = mask_citizen_id(number)
    rebuilt = masked.replace("********", "19740929")
    assert rebuilt == number and citizen_id.parse(rebuilt).number == number
