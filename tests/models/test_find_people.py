"""Finding people for a report's person search (models.people.roster.find_people) and the report
refusing a person outside its scope: the card is for members, the 个人积分明细 for everyone scored."""

from datetime import date

import pytest

from models.core.codes import ArchiveReason, Stage
from models.core.errors import NotFound
from models.people import branch
from models.people.citizen_id import make
from models.people.operations import archive_member, create_member
from models.people.roster import PersonMatch, find_people, person_match
from models.people.rules import ArchiveForm, PersonForm
from models.reports import registry
from models.reports.declaration import PersonScope, ReportError
from tests.conftest import TODAY
from tests.models.development_helpers import applicant
from tests.pdf_check import read_pdf

EVERYONE = [s.value for s in Stage]
MEMBERS = PersonScope.MEMBERS.stages


@pytest.fixture
def ids(workspace) -> dict[str, int]:
    """Two 黄海波 (a member in 第一党小组, an applicant), 黄海燕 archived, 王建国."""
    workspace.run(branch.update_branch, branch.BranchInfo("红旗村党支部", "中共红旗村支部委员会", "王建国"))
    group = workspace.run(branch.create_group, "第一党小组").value

    def member(name: str, serial: int, **extra) -> int:
        form = PersonForm(name=name, citizen_id=make("411323", date(1970, 1, serial), serial),
                          joined_on=date(1995, 7, 1), confirmed_on=date(1996, 7, 1), **extra)
        return workspace.run(create_member, form).value

    found = {"党员黄海波": member("黄海波", 1, group_id=group, phone="0371-66668888"),
             "黄海燕": member("黄海燕", 2), "王建国": member("王建国", 3),
             "申请人黄海波": applicant(workspace, "黄海波", applied=date(2026, 9, 1))}
    workspace.run(archive_member, found["黄海燕"], ArchiveForm(ArchiveReason.TRANSFERRED_OUT, date(2026, 5, 1),
                                                               transfer_to="城关镇党委"))
    return found


def names(rows: list[PersonMatch]) -> list[tuple[str, str, bool]]:
    return [(r.name, r.stage, r.archive_reason is not None) for r in rows]


def test_name_pinyin_initials_and_phone_find_people_of_the_stages_asked(store, ids):
    with store.read() as session:
        for text in ("黄海", "huanghai", "hh", " HH "):
            assert names(find_people(session, text, EVERYONE)) == [  # one name: in the order entered
                ("黄海波", "full", False), ("黄海波", "applicant", False), ("黄海燕", "full", True)], text
        assert names(find_people(session, "hh", MEMBERS)) == [("黄海波", "full", False), ("黄海燕", "full", True)]
        assert names(find_people(session, "hhb", [Stage.APPLICANT])) == [("黄海波", "applicant", False)]
        assert [r.id for r in find_people(session, "037166668888", EVERYONE)] == [ids["党员黄海波"]]
        assert find_people(session, "", EVERYONE) == [] and find_people(session, "zzz", EVERYONE) == []


def test_archived_people_come_after_the_others_and_the_limit_holds(store, ids):
    with store.read() as session:
        rows = find_people(session, "a", EVERYONE)  # 黄海燕 sorts before 王建国 by pinyin but is archived
        assert [r.name for r in rows] == ["黄海波", "黄海波", "王建国", "黄海燕"]
        assert [r.id for r in find_people(session, "a", EVERYONE, limit=2)] == [r.id for r in rows[:2]]


def test_person_match_shows_the_group_and_stage(store, ids):
    with store.read() as session:
        assert person_match(session, ids["党员黄海波"]) == PersonMatch(ids["党员黄海波"], "黄海波", "full", "第一党小组", None)
        assert person_match(session, ids["申请人黄海波"]).stage == "applicant"
        with pytest.raises(NotFound):
            person_match(session, 9999)


def test_the_card_refuses_an_applicant_and_the_score_detail_takes_one(store, ids):
    card, detail = registry.get_report("person"), registry.get_report("scores")
    assert card.person_scope is PersonScope.MEMBERS and detail.person_scope is PersonScope.PEOPLE
    with store.read() as session:
        with pytest.raises(ReportError) as refused:
            card.build(session, {"person_id": ids["申请人黄海波"]}, TODAY)
        assert str(refused.value) == "“黄海波”是入党申请人，党员基本信息卡只能为党员（正式党员、预备党员）生成"
        assert "黄海波" in read_pdf(card.build(session, {"person_id": ids["党员黄海波"]}, TODAY)).text
        assert "黄海燕" in read_pdf(card.build(session, {"person_id": ids["黄海燕"]}, TODAY)).text  # archived member
        text = read_pdf(detail.build(session, {"person_id": ids["申请人黄海波"], "period": "2026Q3"}, TODAY)).text
        assert "个人积分明细" in text and "黄海波" in text


def test_the_person_option_is_named_for_whom_it_picks():
    card, detail = registry.get_report("person"), registry.get_report("scores")
    person = next(o for o in card.options if o.key == "person_id")
    assert card.option_label(person) == "党员" and detail.option_label(person) == "人员"
    period = next(o for o in detail.options if o.key == "period")
    assert detail.option_label(period) == period.label


def test_the_member_list_narrows_by_the_same_rule_as_the_search_boxes(workspace, ids):
    """The 党员 list matches typed text in Python (roster.narrowed, no query per keystroke), the search
    boxes in SQL (find_people): both find the same members for names, pinyin, initials and phones."""
    from models.people.roster import MemberFilter, list_members

    texts = ["黄", "海", "hhb", "HuangHaiBo", "huang hai", "w", "jg", "0371-6666", "03716666", "66668888",
             "(0371)66668888", "8888", "xyz", "王建国"]
    with workspace.read() as session:
        for text in texts:
            listed = {row.id for row in list_members(session, MemberFilter(text=text, include_archived=True), TODAY)}
            found = {match.id for match in find_people(session, text, MEMBERS, limit=1000)}
            assert listed == found, text
        assert {r.id for r in list_members(session, MemberFilter(text="0371 6666 8888"), TODAY)} == {ids["党员黄海波"]}
