"""Scoring periods and the rule catalogue: default rules seeded, add/edit/(de)activate, never delete."""

from datetime import date

import pytest

from models.core.codes import Audience, ScoreCategory
from models.core.errors import ValidationError
from models.scoring.catalogue import RuleForm, add_rule, edit_rule, list_rules, rule_by_code, set_rule_active
from models.scoring.entries import EntryForm, add_entries, entries_for
from models.scoring.periods import parse_period, quarter_of, quarters_of
from models.workspace.audit import AuditFilter, list_audit
from models.workspace.operations import REGISTRY
from tests.models.scoring_fixtures import activist, rule, score

NEW_RULE = RuleForm("jf06 ", ScoreCategory.BONUS, " 帮扶 困难 群众 ", 4, 8, Audience.BOTH, False)


def test_periods_parse_in_the_forms_people_write_them():
    q3 = parse_period("2026Q3")
    assert (q3.start, q3.end, q3.kind, q3.title) == (date(2026, 7, 1), date(2026, 9, 30), "quarter", "2026年第三季度")
    assert parse_period("2026q3") == parse_period("2026-Q3") == parse_period("2026年第三季度") == q3
    year = parse_period("2026年")
    assert (year.code, year.start, year.end, year.title) == ("2026", date(2026, 1, 1), date(2026, 12, 31), "2026年度")
    assert quarter_of(date(2026, 12, 31)).code == "2026Q4" and quarter_of(date(2026, 1, 1)).code == "2026Q1"
    assert [q.code for q in quarters_of(2026)] == ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    assert parse_period("2026Q1").previous().code == "2025Q4" and year.previous().code == "2025"
    assert quarters_of(2024)[0].end == date(2024, 3, 31)


@pytest.mark.parametrize("text", ["2026Q5", "26Q3", "", "三季度", "2026Q3x"])
def test_malformed_period_is_refused_in_chinese(text):
    with pytest.raises(ValidationError) as refused:
        parse_period(text)
    assert "期间" in str(refused.value) and "2026Q3" in str(refused.value)


def test_default_catalogue_is_seeded_on_a_new_database(workspace):
    with workspace.read() as session:
        rules = list_rules(session)
        for_members = {r.code for r in list_rules(session, audience=Audience.MEMBERS)}
    codes = [r.code for r in rules]
    assert codes[:4] == ["JC01", "JC02", "JC03", "JC04"] and {"FJ01", "FJ02", "KF03"} <= set(codes)
    vetoes = [r for r in rules if r.veto]
    assert [(r.code, r.points, r.category) for r in vetoes] == [("FJ01", 0, "deduction"), ("FJ02", 0, "deduction")]
    assert "JC01" not in for_members and "JC02" in for_members  # 思想汇报 is for activists only
    assert all(r.active and r.used == 0 for r in rules)


def test_adding_a_rule_normalises_it_and_is_audited(store, workspace):
    rule_id = workspace.run(add_rule, NEW_RULE).value
    with workspace.read() as session:
        added = rule_by_code(session, "JF06")
        [row] = list_audit(session, AuditFilter(operation="scoring.rule_add"))
    assert (added.id, added.name, added.points, added.cap_per_quarter) == (rule_id, "帮扶 困难 群众", 4, 8)
    assert row.entity == "score_rule" and row.summary == "JF06 帮扶 困难 群众" and row.changes["points"] == 4


@pytest.mark.parametrize(("form", "field", "words"), [
    (RuleForm("JF01", ScoreCategory.BONUS, "重复编号", 2), "code", "已被“参加志愿服务”使用"),
    (RuleForm("", ScoreCategory.BONUS, "无编号", 2), "code", "请填写规则编号"),
    (RuleForm("JF 7", ScoreCategory.BONUS, "空格", 2), "code", "字母、数字"),
    (RuleForm("JF07", ScoreCategory.BONUS, "", 2), "name", "请填写规则名称"),
    (RuleForm("KF09", ScoreCategory.DEDUCTION, "正的扣分", 3), "points", "负数"),
    (RuleForm("JF07", ScoreCategory.BONUS, "负的加分", -3), "points", "正数"),
    (RuleForm("JF07", ScoreCategory.BONUS, "零分", 0), "points", "不能为0"),
    (RuleForm("JF07", ScoreCategory.BONUS, "太多", 500), "points", "-100 到 100"),
    (RuleForm("JF07", ScoreCategory.BONUS, "上限太小", 5, 3), "cap_per_quarter", "不能小于一次的分值"),
    (RuleForm("JF07", ScoreCategory.BONUS, "上限为0", 5, 0), "cap_per_quarter", "正整数"),
    (RuleForm("JF07", "other", "类别", 5), "category", "请选择类别"),
    (RuleForm("JF07", ScoreCategory.BONUS, "对象", 5, None, "nobody"), "applies_to", "适用对象"),
])
def test_bad_rule_is_refused_naming_the_field(store, workspace, form, field, words):
    with pytest.raises(ValidationError) as refused:
        workspace.run(add_rule, form)
    assert words in refused.value.errors[field]
    with workspace.read() as session:
        assert len(list_rules(session)) == 14 and list_audit(session, AuditFilter(operation="scoring.rule_add")) == []


def test_veto_rule_may_have_zero_points(workspace):
    workspace.run(add_rule, RuleForm("FJ03", ScoreCategory.DEDUCTION, "参与邪教组织", 0, None, Audience.BOTH, True))
    with workspace.read() as session:
        assert rule_by_code(session, "fj03").veto


def test_editing_a_used_rule_keeps_old_entries_points_but_not_category_or_veto(workspace):
    person = activist(workspace, "王建国")
    score(workspace, person, "JF01", date(2026, 10, 9))
    jf01 = rule(workspace, "JF01")
    with pytest.raises(ValidationError) as refused:
        workspace.run(edit_rule, jf01, RuleForm("JF01", ScoreCategory.BASIC, "参加志愿服务", 2, 10))
    assert "已有1条积分记录" in refused.value.errors["category"]
    with pytest.raises(ValidationError) as refused:
        workspace.run(edit_rule, jf01, RuleForm("JF01", ScoreCategory.BONUS, "参加志愿服务", 2, 10, Audience.BOTH, True))
    assert "不能更改一票否决" in refused.value.errors["veto"]
    outcome = workspace.run(edit_rule, jf01, RuleForm("JF01", ScoreCategory.BONUS, "参加志愿服务活动", 3, 12))
    assert jf01 in outcome.changes.ids("score_rule")
    score(workspace, person, "JF01", date(2026, 10, 10))
    with workspace.read() as session:
        assert [e.points for e in entries_for(session, person, "2026Q4")] == [2, 3]
        assert rule_by_code(session, "JF01").used == 2


def test_deactivated_rule_takes_no_new_entries_and_can_come_back(workspace):
    person = activist(workspace, "王建国")
    jf02 = rule(workspace, "JF02")
    workspace.run(set_rule_active, jf02, False)
    with workspace.read() as session:
        assert "JF02" not in {r.code for r in list_rules(session, active_only=True)}
        assert "JF02" in {r.code for r in list_rules(session)}
    with pytest.raises(ValidationError) as refused:
        workspace.run(add_entries, EntryForm((person,), jf02, date(2026, 10, 9), "防汛"))
    assert "已停用，不能再记分" in refused.value.errors["rule_id"]
    workspace.run(set_rule_active, jf02, True)
    assert len(score(workspace, person, "JF02", date(2026, 10, 9)).ids) == 1


def test_there_is_no_way_to_delete_a_rule():
    scoring_ops = {name for name in REGISTRY if name.startswith("scoring.")}
    assert {"scoring.rule_add", "scoring.rule_edit", "scoring.rule_active"} <= scoring_ops
    assert not any("delete" in name for name in scoring_ops)
