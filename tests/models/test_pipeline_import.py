"""Importing 入党申请人, 入党积极分子 and 发展对象 from their own sheet into the pipeline (pipeline.import)."""

from datetime import date

import pytest
from openpyxl import Workbook

from models.core.codes import Stage, Step
from models.core.errors import UserError
from models.development.forms import ApplicantForm
from models.development.history import histories
from models.development.operations import register_applicant
from models.excel.import_preview import ImportRefused
from models.excel.pipeline_import import (
    PipelinePreview,
    import_pipeline,
    pipeline_summary,
    read_pipeline,
    remap_pipeline,
)
from models.excel.roster_import import read_roster
from models.excel.workbook import SheetChoiceNeeded
from models.people import roster as people
from models.people.citizen_id import make
from models.people.entities import Person, PersonEvent
from models.people.operations import create_member
from models.people.rules import PersonForm
from models.workspace.audit import AuditFilter, count_audit, list_audit
from tests.conftest import TODAY
from tests.excel_files import write_roster

HEADERS = ["序号", "姓名", "性别", "身份证号", "文化程度", "类别", "申请入党时间", "确定为入党积极分子时间",
           "确定为发展对象时间", "培养联系人", "入党介绍人", "联系电话"]
ZHANG = ("张小军", date(2000, 4, 5), 11)
LIU = ("刘芳", date(1998, 6, 1), 12)
ZHAO = ("赵强", date(1995, 2, 3), 13)


def row(number, person, stage, applied="", activist="", candidate="", contacts="", introducers="", **extra):
    name, birth, seq = person
    values = dict(zip(HEADERS, [number, name, "男" if seq % 2 else "女", make("411421", birth, seq), "高中", stage,
                                applied, activist, candidate, contacts, introducers, "13812345678"], strict=True))
    values.update(extra)
    return [values.get(h) for h in HEADERS]


def sheet(tmp_path, rows, headers=HEADERS, name="p.xlsx"):
    return write_roster(tmp_path / name, rows, headers=headers, title="红旗村入党积极分子名册")


def preview_of(store, path, **kwargs):
    with store.read() as session:
        return read_pipeline(path, session, TODAY, **kwargs)


def messages(preview):
    return [f"第{p.row}行 {p.field}：{p.message}" for p in preview.problems]


def counts(store):
    with store.read() as session:
        return session.query(Person).count(), session.query(PersonEvent).count(), count_audit(session, AuditFilter())


@pytest.fixture
def members(workspace):
    """Two full members to be named as 培养联系人 / 入党介绍人."""
    ids = {}
    for name, birth, seq in (("王建国", date(1962, 3, 12), 3), ("李秀兰", date(1970, 11, 5), 4)):
        ids[name] = workspace.run(create_member, PersonForm(name=name, citizen_id=make("411421", birth, seq),
                                                            joined_on=date(1995, 7, 1),
                                                            confirmed_on=date(1996, 7, 1))).value
    return ids


def test_a_pipeline_sheet_becomes_people_at_their_stage_with_their_steps(store, workspace, tmp_path, members):
    rows = [row(1, ZHANG, "入党申请人", "2026-10-20"),
            row(2, LIU, "入党积极分子", "2025-03-01", "2025-09-01", contacts="王建国、李秀兰"),
            row(3, ZHAO, "发展对象", "2023-03-01", "2023-09-15", "2025-10-10", "李秀兰", "王建国 孙不在")]
    preview = preview_of(store, sheet(tmp_path, rows))
    assert isinstance(preview, PipelinePreview) and not preview.problems, messages(preview)
    assert [r.form.stage for r in preview.new_rows] == [Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE]
    outcome = workspace.run(import_pipeline, preview)
    assert outcome.value.created == 3 and outcome.value.steps == 11
    assert pipeline_summary(outcome.value) == "已导入入党申请人、积极分子和发展对象：新增 3 人，更新 0 人；记入发展党员经历 11 项"
    with store.read() as session:
        stored = {p.name: p for p in session.query(Person)}
        assert people.count_members(session) == 2  # not members: the 党员 tab does not list them
        found = histories(session, [stored[n].id for n in ("张小军", "刘芳", "赵强")])
        log = list_audit(session, AuditFilter())
    assert {n: (stored[n].stage, stored[n].joined_on) for n in ("张小军", "刘芳", "赵强")} == {
        "张小军": ("applicant", None), "刘芳": ("activist", None), "赵强": ("candidate", None)}
    liu, zhao = found[stored["刘芳"].id], found[stored["赵强"].id]
    assert found[stored["张小军"].id].first_on(Step.APPLIED) == date(2026, 10, 20)
    assert sorted(e.related_person_id for e in liu.all(Step.CONTACTS)) == sorted(members.values())
    assert zhao.first_on(Step.CANDIDATE) == date(2025, 10, 10)
    assert [e.related_person_id for e in zhao.all(Step.INTRODUCERS)] == [members["王建国"], None]
    assert {(r.entity, r.action) for r in log if r.operation == "pipeline.import"} == {
        ("person", "create"), ("person_event", "create")}
    assert sum(r.operation == "pipeline.import" for r in log) == 3 + 11


def test_the_stage_is_inferred_from_the_dates_and_a_political_status_column_is_not_the_stage(store, tmp_path):
    headers = ["姓名", "身份证号", "政治面貌", "递交入党申请书时间", "列为入党积极分子时间", "列为发展对象时间"]
    rows = [[ZHANG[0], make("411421", ZHANG[1], ZHANG[2]), "共青团员", "2026-10-20", None, None],
            [LIU[0], make("411421", LIU[1], LIU[2]), "群众", "2025-03-01", "2025-09-01", None],
            [ZHAO[0], make("411421", ZHAO[1], ZHAO[2]), "群众", "2023-03-01", "2023-09-15", "2025-10-10"]]
    preview = preview_of(store, sheet(tmp_path, rows, headers))
    assert not preview.problems, messages(preview)
    assert "政治面貌" in preview.unmapped_columns()
    assert [r.form.stage for r in preview.rows] == [Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE]


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        (("入党积极分子", "2025-03-01", ""), "确定为入党积极分子时间：入党积极分子请填写确定为入党积极分子时间"),
        (("入党申请人", "2025-03-01", "2025-09-01"), "确定为入党积极分子时间：填写了确定为入党积极分子时间，但阶段是入党申请人"),
        (("入党积极分子", "2025-09-01", "2025-03-01"),
         "确定为入党积极分子时间：确定为入党积极分子时间（2025-03-01）早于申请入党时间（2025-09-01）"),
        (("入党申请人", "2030-01-01", ""), "申请入党时间：2030-01-01晚于今天"),
        (("正式党员", "2025-03-01", ""), "类别：“正式党员”已是党员，请在“党员”页用“导入Excel”导入党员花名册"),
        (("团员", "2025-03-01", ""), "类别：阶段“团员”无法识别，应为入党申请人、入党积极分子或发展对象"),
        (("", "", ""), "类别：请填写阶段（入党申请人、入党积极分子或发展对象）"),
    ],
)
def test_each_problem_names_the_row_the_column_and_the_reason(store, tmp_path, values, fragment):
    stage, applied, activist = values
    preview = preview_of(store, sheet(tmp_path, [row(1, ZHANG, stage, applied, activist)]))
    assert any(m.startswith("第3行 ") and fragment in m for m in messages(preview)), messages(preview)


def test_a_joined_date_means_a_member_and_is_refused(store, tmp_path):
    headers = [*HEADERS, "入党时间"]
    preview = preview_of(store, sheet(tmp_path, [row(1, ZHANG, "发展对象", "2023-03-01", "2023-09-15", "2025-10-10")
                                                 + ["2026-05-01"]], headers))
    assert messages(preview) == ["第3行 入党时间：已填写了这个日期，此人已是党员：党员请在“党员”页导入党员花名册"]


def test_one_bad_row_refuses_the_whole_import_and_writes_nothing(store, workspace, tmp_path, members):
    rows = [row(1, ZHANG, "入党申请人", "2026-10-20"), row(2, LIU, "入党积极分子", "2025-03-01", "2030-09-01")]
    preview = preview_of(store, sheet(tmp_path, rows))
    before = counts(store)
    with pytest.raises(ImportRefused, match="有 1 行存在问题，没有导入任何数据"):
        workspace.run(import_pipeline, preview)
    assert counts(store) == before
    result = workspace.run(import_pipeline, preview, skip_invalid=True).value
    assert (result.created, result.steps) == (1, 1)


def test_people_already_recorded(store, workspace, tmp_path, members):
    """A member is refused; someone at the same stage is updated without doubling steps; a
    different stage must go through the stage actions."""
    workspace.run(register_applicant, ApplicantForm(name=ZHANG[0], citizen_id=make("411421", ZHANG[1], ZHANG[2]),
                                                    applied_on=date(2026, 10, 20), phone="13900000000"))
    workspace.run(register_applicant, ApplicantForm(name=LIU[0], citizen_id=make("411421", LIU[1], LIU[2]),
                                                    applied_on=date(2025, 3, 1)))
    rows = [row(1, ZHANG, "入党申请人", "2026-10-20"),
            row(2, LIU, "入党积极分子", "2025-03-01", "2025-09-01"),
            row(3, ("王建国", date(1962, 3, 12), 3), "入党申请人", "2026-10-01")]
    preview = preview_of(store, sheet(tmp_path, rows))
    assert messages(preview) == [
        "第4行 类别：程序中此人是入党申请人，表格中是入党积极分子：阶段的变化请在“发展党员”页办理（如“列为发展对象”），"
        "以便检查时限要求",
        "第5行 身份证号：此人已是正式党员（党员名单中已有这个身份证号），不能作为入党申请人导入"]
    assert [(r.form.name, r.changes) for r in preview.update_rows] == [("张小军", ["学历", "联系电话"])]
    result = workspace.run(import_pipeline, preview, skip_invalid=True).value
    assert (result.created, result.updated, result.steps) == (0, 1, 0)
    with store.read() as session:
        zhang = session.query(Person).filter_by(name=ZHANG[0]).one()
        assert zhang.phone == "13812345678" and zhang.stage == Stage.APPLICANT
        assert len(histories(session, [zhang.id])[zhang.id].all(Step.APPLIED)) == 1


def test_a_wrong_mapping_can_be_corrected(store, tmp_path):
    headers = ["姓名", "身份证号", "类别", "交申请书日"]
    rows = [[ZHANG[0], make("411421", ZHANG[1], ZHANG[2]), "入党申请人", "2026-10-20"]]
    preview = preview_of(store, sheet(tmp_path, rows, headers))
    assert preview.unknown_columns() == ["交申请书日"] and preview.problems
    with store.read() as session:
        fixed = remap_pipeline(preview, {0: "name", 1: "citizen_id", 2: "stage", 3: "applied_on"}, session, TODAY)
    assert isinstance(fixed, PipelinePreview) and not fixed.problems
    assert fixed.rows[0].development.applied_on == date(2026, 10, 20)


def test_the_pipeline_sheet_of_a_workbook_with_a_roster_is_found_by_its_name(store, tmp_path):
    book = Workbook()
    roster = book.active
    roster.title = "党员花名册"
    roster.append(["姓名", "身份证号", "入党时间"])
    roster.append(["王建国", make("411421", date(1962, 3, 12), 3), "1985-07-01"])
    activists = book.create_sheet("入党积极分子")
    activists.append(["姓名", "身份证号", "类别", "申请入党时间", "确定为入党积极分子时间"])
    activists.append([LIU[0], make("411421", LIU[1], LIU[2]), "入党积极分子", "2025-03-01", "2025-09-01"])
    path = tmp_path / "两张表.xlsx"
    book.save(path)
    preview = preview_of(store, path)
    assert preview.sheet.sheet == "入党积极分子" and [r.form.name for r in preview.rows] == ["刘芳"]
    assert "按名称读取了工作表“入党积极分子”" in preview.sheet.notes[-1]
    with pytest.raises(SheetChoiceNeeded), store.read() as session:
        read_roster(path, session, TODAY)  # the roster import still asks which sheet


def test_a_roster_preview_is_not_imported_as_a_pipeline(store, workspace, tmp_path):
    from tests.excel_files import person_row

    path = write_roster(tmp_path / "r.xlsx", [person_row(1, "王建国", date(1962, 3, 12), 3, "1985-07-01", "1986-07-01")])
    with store.read() as session:
        preview = read_roster(path, session, TODAY)
    with pytest.raises(UserError, match="不是入党申请人、积极分子名单"):
        workspace.run(import_pipeline, preview)


def test_a_refused_row_creates_no_group(store, workspace, tmp_path, members):
    """A row refused by the checks against recorded people (here a member's ID) names no new 党小组."""
    headers = [*HEADERS, "党小组"]
    rows = [row(1, ("王建国", date(1962, 3, 12), 3), "入党申请人", "2026-10-01") + ["第九党小组"],
            row(2, ZHANG, "入党申请人", "2026-10-20") + ["第八党小组"]]
    preview = preview_of(store, sheet(tmp_path, rows, headers))
    assert len(preview.problem_rows) == 1 and preview.new_groups == ["第八党小组"]
    assert workspace.run(import_pipeline, preview, skip_invalid=True).value.groups_created == ["第八党小组"]
