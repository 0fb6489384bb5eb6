"""The report registry: every declared report builds, options are declared once, values are checked."""

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from models.people import branch, citizen_id
from models.people import roster as people
from models.people.operations import create_member
from models.people.rules import PersonForm
from models.reports import registry
from models.reports.declaration import OptionKind, ReportError
from models.reports.options import GROUP, PERSON, group_by_name, person_by_citizen_id, value_from_text
from tests.conftest import TODAY
from tests.fake_report import FAKE, WITH_NOTES
from tests.pdf_check import read_pdf

ROOT = Path(__file__).resolve().parents[2]



@pytest.fixture
def demo_store(demo_branch):
    return demo_branch(40)  # as workspace.run(fill_demo, 40), copied after the first time


def _sample_values(report, session) -> dict[str, object]:
    """A value for every required option (a person option: the first member)."""
    first = people.list_members(session, people.MemberFilter(), TODAY)[0].id
    samples = {OptionKind.PERSON: first}
    return {o.key: samples[o.kind] for o in report.options if o.required}


@pytest.mark.parametrize("code", list(registry.REPORTS))
def test_every_declared_report_builds_an_a4_pdf_with_embedded_fonts(demo_store, code):
    report = registry.get_report(code)
    with demo_store.read() as session:
        data = report.build(session, _sample_values(report, session), TODAY)
    pdf = read_pdf(data)
    assert pdf.pages >= 1 and pdf.fonts and all(pdf.fonts.values()), pdf.fonts
    assert report.title in pdf.text


def test_every_flag_of_every_report_builds(demo_store):
    with demo_store.read() as session:
        for report in registry.all_reports():
            for flag in (o for o in report.options if o.is_flag):
                values = {**_sample_values(report, session), flag.key: True}
                assert read_pdf(report.build(session, values, TODAY)).pages >= 1


def test_declarations_are_complete_and_in_chinese():
    assert [r.code for r in registry.all_reports()][:2] == ["roster", "person"]
    for report in registry.all_reports():
        assert report.code.isascii() and re.fullmatch(r"[a-z][a-z0-9-]*", report.code)
        assert not report.title.isascii() and not report.description.isascii()
        assert callable(report.builder)
    options = registry.all_options()
    assert len({o.key for o in options}) == len(options) == len({o.flag for o in options})
    for option in options:
        assert option.flag.startswith("--") and not option.label.isascii() and not option.help.isascii()
        assert option.is_flag or not option.metavar.isascii()


def test_importing_the_registry_does_not_load_reportlab():
    """The window lists the reports at start-up; ReportLab loads only when a report is made."""
    code = "import sys, models.reports.registry; print(any(m.startswith('reportlab') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_unknown_report_names_the_reports_there_are():
    with pytest.raises(ReportError, match="没有名为“dues”的报表") as caught:
        registry.get_report("dues")
    assert "roster（党员花名册）" in str(caught.value) and "person（党员基本信息卡）" in str(caught.value)


def test_values_fill_defaults_and_refuse_unknown_options():
    roster = registry.get_report("roster")
    assert roster.values({"masked": True}) == {"group_id": None, "include_archived": False, "masked": True}
    with pytest.raises(ValueError):
        roster.values({"person_id": 1})


def test_a_missing_required_option_is_explained(store):
    card = registry.get_report("person")
    assert card.missing(card.values({})) == [PERSON]
    with pytest.raises(ReportError, match="请先选择党员"), store.read() as session:
        card.build(session, {}, TODAY)


def test_a_registered_report_is_listed_with_its_options(fake_report):
    assert registry.all_reports()[-1] is FAKE
    assert WITH_NOTES in registry.all_options() and registry.users_of(WITH_NOTES) == [FAKE]
    assert "fake（测试报表）" in registry.listing()
    assert "公示" in FAKE.audience({}) and "内部资料" in registry.get_report("roster").audience({})


def test_an_option_can_make_a_report_public():
    """The registry says which choices are fit for posting; the roster's --masked is one."""
    roster = registry.get_report("roster")
    masked = next(o for o in roster.options if o.key == "masked")
    assert masked.public_when_set and not any(o.public_when_set for o in roster.options if o is not masked)
    assert [roster.is_public(v) for v in ({}, {"masked": True}, {"masked": False, "include_archived": True})] == [
        False, True, False]
    assert "公示" in roster.audience({"masked": True})


def test_group_option_from_text(store, workspace):
    group = workspace.run(branch.create_group, "第一党小组").value
    with store.read() as session:
        assert group_by_name(session, " 第一党小组 ") == group
        assert group_by_name(session, branch.DIRECT_GROUP) == people.NO_GROUP
        assert group_by_name(session, "") is None
        with pytest.raises(ReportError, match="没有名为“第九党小组”的党小组。可选：第一党小组、直属支部"):
            group_by_name(session, "第九党小组")
        assert value_from_text(GROUP, session, "第一党小组") == group


def test_person_option_from_an_id_number(store, workspace):
    number = citizen_id.make("411323", date(1970, 1, 1), 11)
    person = workspace.run(create_member, PersonForm(
        name="王建国", citizen_id=number, joined_on=date(1995, 1, 1), confirmed_on=date(1996, 1, 1))).value
    wrong_check = number[:17] + ("0" if number[17] != "0" else "1")
    other = citizen_id.make("110105", date(1949, 12, 31), 2)
    with store.read() as session:
        assert person_by_citizen_id(session, f" {number.lower()} ") == person
        with pytest.raises(ReportError, match="校验位不对"):
            person_by_citizen_id(session, wrong_check)
        with pytest.raises(ReportError, match=f"找不到公民身份号码为 {other} 的人员"):
            person_by_citizen_id(session, other)
