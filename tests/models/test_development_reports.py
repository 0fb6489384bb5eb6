"""The scoring and development reports (排名公示, 个人积分明细, 发展党员进度表, 星级评定表), built
from a real database and read back from the PDF."""

import re
from dataclasses import replace
from datetime import date

import pytest

from models.core.codes import Audience
from models.people import branch
from models.people import roster as people
from models.reports import registry
from models.reports.declaration import ReportError
from models.reports.options import last_ended_quarter, period_code, value_from_text, year_code
from models.scoring.entries import PostingForm, post_period
from models.settings.values import NoticeSettings, get_settings, update_settings
from tests.conftest import TODAY
from tests.models.scoring_data import ACTIVISTS, fill_scored
from tests.pdf_check import A4_LANDSCAPE, A4_PORTRAIT, read_pdf


@pytest.fixture
def scored(workspace):
    return fill_scored(workspace)


def _build(store, code: str, **values):
    with store.read() as session:
        return read_pdf(registry.get_report(code).build(session, values, TODAY))


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _assert_fonts(pdf) -> None:
    assert pdf.fonts and all(pdf.fonts.values()), pdf.fonts


# ----- 入党积极分子积分排名公示 ------------------------------------------------------------------


def test_ranking_notice_lists_the_quarter_with_ties_bands_and_notice_period(store, workspace, scored):
    workspace.run(update_settings, replace(get_settings_of(store), notice=NoticeSettings("0377-6888 1234", 5)))
    pdf = _build(store, "ranking", period="2026Q3")
    _assert_fonts(pdf)
    assert set(pdf.sizes) == {A4_PORTRAIT}
    text = _squeezed(pdf.text)
    assert "2026年第三季度入党积极分子积分排名公示" in text
    for header in ("名次", "姓名", "党小组", "基础分", "加分", "扣分", "总分", "档次"):
        assert header in text
    # ties share a rank (1, 2, 2), then pinyin order: 陈 (chen) before 赵 (zhao)
    assert re.search(r"1刘小明第一党小组510075一般培养2陈静第一党小组50065一般培养2赵敏第一党小组50065", text), text
    # 2026-11-22 is a Sunday: five working days from it end on Friday the 27th
    assert "公示期：2026年11月22日至2026年11月27日" in text
    assert "监督电话：0377-68881234" in text
    assert "档次说明：90分及以上：优先发展" in text
    assert "填表人" in text and "中共红旗村支部委员会（盖章）" in text
    assert "内部资料" not in text


def get_settings_of(store):
    with store.read() as session:
        return get_settings(session)


def test_the_posted_notice_period_wins_over_the_options(store, workspace, scored):
    workspace.run(post_period, PostingForm("2026Q3", Audience.ACTIVISTS, date(2026, 10, 9), date(2026, 10, 15),
                                           "村务公开栏"))
    pdf = _build(store, "ranking", period="2026Q3", notice_from=date(2026, 11, 1))
    assert "公示期：2026年10月9日至2026年10月15日" in _squeezed(pdf.text)


def test_notice_dates_from_the_options_and_a_blank_for_the_phone(store, scored):
    pdf = _build(store, "ranking", period="2026Q3", notice_from=date(2026, 9, 28))
    text = _squeezed(pdf.text)
    assert "公示期：2026年9月28日至2026年10月9日" in text  # five working days across 国庆
    assert "监督电话：____" in text  # not set in 设置: a line to write it on
    pdf = _build(store, "ranking", period="2026Q3", notice_from=date(2026, 10, 8), notice_to=date(2026, 10, 16))
    assert "公示期：2026年10月8日至2026年10月16日" in _squeezed(pdf.text)
    with pytest.raises(ReportError, match="公示结束日期（2026年10月1日）不能早于开始日期"):
        _build(store, "ranking", period="2026Q3", notice_from=date(2026, 10, 8), notice_to=date(2026, 10, 1))


def test_the_notice_gives_no_id_phone_or_address_of_anyone(store, scored):
    text = _squeezed(_build(store, "ranking", period="2026Q3").text)
    digits = re.sub(r"\D", "", text)
    for name, _serial, phone, address in ACTIVISTS:
        number = scored.numbers[name]
        assert name in text
        assert number not in text and number[6:14] not in digits, name  # nor the birth date inside it
        assert re.sub(r"\D", "", phone) not in digits and phone[-8:] not in text, name
        assert address not in text and "45号" not in text
    with store.read() as session:
        everyone = [people.get_person(session, r.id, TODAY)
                    for r in people.list_members(session, people.MemberFilter(include_archived=True), TODAY)]
    for person in everyone:
        assert person.form.citizen_id not in text
        assert not person.form.phone or re.sub(r"\D", "", person.form.phone) not in digits


def test_a_quarter_without_activists_scored_is_explained(store, scored):
    with pytest.raises(ReportError, match="2020年第一季度没有参加积分排名的入党积极分子"):
        _build(store, "ranking", period="2020Q1")


def test_the_default_period_is_the_last_quarter_that_has_ended(store, scored):
    assert last_ended_quarter(TODAY).code == "2026Q3"
    assert last_ended_quarter(date(2026, 1, 1)).code == "2025Q4"
    assert "2026年第三季度入党积极分子积分排名公示" in _squeezed(_build(store, "ranking").text)


# ----- 个人积分明细 ------------------------------------------------------------------------------


def test_score_detail_lists_every_entry_with_voids_and_subtotals(store, scored):
    pdf = _build(store, "scores", person_id=scored.activists["陈静"], period="2026Q3")
    _assert_fonts(pdf)
    text = _squeezed(pdf.text)
    assert "个人积分明细" in text and "陈静" in text and "2026年第三季度" in text
    assert "积分记录（共2条，含已作废的记录）" in text
    assert "JC01按时提交思想汇报" in text and "7月思想汇报" in text and "已生效" in text
    assert "JF04获得县级及以上表彰" in text and "已作废：重复录入" in text  # voided, with its reason
    assert "2026年第三季度50065" in text  # 基础分 5, 加分 0, 扣分 0, 得分 65 (the void counts nothing)
    assert "名次：第2名（共3人）档次：一般培养" in text
    assert "内部资料注意保管" in text


def test_score_detail_of_a_year_shows_each_quarter_and_the_mean(store, scored):
    for values in ({"year": "2026"}, {"period": "2026"}):
        text = _squeezed(_build(store, "scores", person_id=scored.member_id, **values).text)
        assert "2026年度" in text and "全年（各季度平均）62" in text, text
        assert "积分记录（共4条" in text and "11月志愿服务" in text
        assert "名次：第1名（共3人）星级：二星" in text  # members are rated in stars
    with pytest.raises(ReportError, match="期间和年度只能指定一个"):
        _build(store, "scores", person_id=scored.member_id, period="2026Q3", year="2026")


def test_score_detail_without_entries_says_so(store, scored):
    text = _squeezed(_build(store, "scores", person_id=scored.activists["赵敏"], period="2026Q1").text)
    assert "2026年第一季度没有积分记录" in text


# ----- 党员年度积分及星级评定表 ------------------------------------------------------------------


def test_stars_table_lists_the_members_with_quarters_year_and_stars(store, scored):
    pdf = _build(store, "stars", year="2026")
    _assert_fonts(pdf)
    text = _squeezed(pdf.text)
    assert "党员年度积分及星级评定表（2026年）" in text
    with store.read() as session:
        member = people.get_person(session, scored.member_id, TODAY).form.name
    assert re.search(rf"{member}[^\d]*6262626262二星", text), text
    assert "评定结果：五星0人" in text and "星级分档：95分及以上：五星" in text


def test_stars_without_members_is_explained(store, workspace):
    workspace.run(branch.update_branch, branch.BranchInfo("红旗村党支部", "中共红旗村支部委员会", ""))
    with pytest.raises(ReportError, match="2026年度没有党员的积分"):
        _build(store, "stars", year="2026")


# ----- 发展党员进度表 ----------------------------------------------------------------------------


def test_pipeline_report_lists_everyone_by_stage_landscape(store, scored):
    pdf = _build(store, "pipeline")
    _assert_fonts(pdf)
    assert set(pdf.sizes) == {A4_LANDSCAPE}
    text = _squeezed(pdf.text)
    assert "发展党员进度表" in text and "入党积极分子（3人）" in text
    for name, *_ in ACTIVISTS:
        assert name in text
    assert "2025-01-10" in text and "2025-03-01" in text  # 申请 and 确定为积极分子
    assert "待办事项" in text and "内部资料注意保管" in text


def test_pipeline_report_without_anyone_is_explained(store, workspace):
    workspace.run(branch.update_branch, branch.BranchInfo("红旗村党支部", "中共红旗村支部委员会", ""))
    with pytest.raises(ReportError, match="还没有发展党员的人员"):
        _build(store, "pipeline")


# ----- options read from text -------------------------------------------------------------------


def test_period_and_year_options_from_text(store):
    assert period_code(None, " 2026q3 ") == "2026Q3" and period_code(None, "2026年第三季度") == "2026Q3"
    assert period_code(None, "2026") == "2026" and year_code(None, "2026年") == "2026"
    with pytest.raises(ReportError, match="“2026Q5”不是有效的期间"):
        period_code(None, "2026Q5")
    with pytest.raises(ReportError, match="“2026Q3”是一个季度，年度请写成 2026"):
        year_code(None, "2026Q3")
    notice_from = next(o for o in registry.all_options() if o.key == "notice_from")
    with store.read() as session:
        assert value_from_text(notice_from, session, "2026年10月8日") == date(2026, 10, 8)
        with pytest.raises(ReportError, match="不是日期"):
            value_from_text(notice_from, session, "十月八日")


def test_the_new_reports_are_registered_and_only_the_notice_is_public():
    codes = [r.code for r in registry.all_reports()]
    assert codes[2:6] == ["ranking", "scores", "pipeline", "stars"]
    assert registry.get_report("ranking").is_public({})
    assert not any(registry.get_report(c).is_public({}) for c in ("scores", "pipeline", "stars"))
