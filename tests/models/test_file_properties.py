"""Files the program writes say who made them (new-user trial, item 12): 作者 支部管家 in a workbook's
properties (not “openpyxl”) and 支部管家 as the PDF's creator and producer (not “ReportLab PDF Library”)."""

import io

from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from models.excel.output import new_workbook, save_workbook
from models.excel.roster_export import export_people, write_template
from models.people.roster import MemberFilter, details_for, list_members
from models.reports import registry
from tests.conftest import TODAY
from tests.views.conftest import seed


def test_exported_workbooks_are_signed_by_the_program(workspace, tmp_path):
    seed(workspace)
    with workspace.read() as session:
        ids = [r.id for r in list_members(session, MemberFilter(), TODAY)]
        details = details_for(session, ids, TODAY)
    export_people(details, tmp_path / "党员名单-20261122.xlsx", TODAY)
    write_template(tmp_path / "党员信息导入模板.xlsx", ["第一党小组"])
    for name in ("党员名单-20261122", "党员信息导入模板"):
        properties = load_workbook(tmp_path / f"{name}.xlsx").properties
        assert properties.creator == "支部管家" and properties.lastModifiedBy == "支部管家"
        assert properties.title == name


def test_a_title_can_be_given_and_a_workbook_filled_elsewhere_is_signed_too(tmp_path):
    with new_workbook(tmp_path / "a.xlsx", title="2026年第三季度积分记录") as book:
        book.active["A1"] = "x"
    assert load_workbook(tmp_path / "a.xlsx").properties.title == "2026年第三季度积分记录"
    save_workbook(Workbook(), tmp_path / "b.xlsx")
    assert load_workbook(tmp_path / "b.xlsx").properties.creator == "支部管家"


def test_reports_name_the_program_as_creator_and_producer(workspace):
    seed(workspace)
    with workspace.read() as session:
        data = registry.get_report("roster").build(session, {}, TODAY)
    info = PdfReader(io.BytesIO(data)).metadata
    assert info.creator == "支部管家"
    assert info.producer.startswith("支部管家") and "ReportLab PDF Library" not in info.producer
    assert info.title == "党员花名册"
