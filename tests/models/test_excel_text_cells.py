"""Every export writes data as data: a name, note or group that starts with =, +, - or @ (or looks
like an error value, or holds a control character) is a text cell, never a formula, and an export
re-imports to exactly the values it came from. Checked with openpyxl and in the sheet XML itself."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace

from openpyxl import load_workbook

from models.excel.audit_export import export_audit
from models.excel.output import cell_text
from models.excel.roster_export import EXAMPLE_ID, export_people, write_problems, write_template
from models.excel.roster_import import Problem, import_roster, read_roster
from models.people import branch
from models.people import roster as people
from models.people.citizen_id import make
from models.people.operations import create_member
from models.people.rules import PersonForm, validate_person
from models.workspace.audit import AuditFilter, list_audit
from tests.conftest import TODAY

CALC = "=cmd|' /C calc'!A0"
HOSTILE = {
    "name": ["=王芳", "+王芳", "-王芳", "@王芳"],
    "work_unit": [CALC, "+1+1", "-2-3", "@SUM(A1:A3)"],
    "address": ["=HYPERLINK(\"http://example.com\",\"点此\")", "_x0041_组", "-", "#N/A"],
    "notes": ["@老党员", "第一行\x07响铃\n第二行", "=1+1", "#DIV/0!"],
}
FORMULA = re.compile(rb"<f[ >]")


def sheet_xml(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as book:
        return {n: book.read(n) for n in book.namelist() if n.startswith("xl/worksheets/")}


def assert_no_formulas(path) -> None:
    for name, xml in sheet_xml(path).items():
        assert not FORMULA.search(xml), f"{name} holds a formula"


def hostile_people(workspace) -> list[int]:
    group = workspace.run(branch.create_group, "=HYPERLINK(\"http://x\",\"组\")").value
    ids = []
    for n in range(4):
        birth = TODAY.replace(year=1960 + n)
        form = PersonForm(name=HOSTILE["name"][n], gender="M", citizen_id=make("411421", birth, 2 * n + 1), birth_date=birth,
                          joined_on=TODAY.replace(year=1990), confirmed_on=TODAY.replace(year=1991), stage="full",
                          work_unit=HOSTILE["work_unit"][n], address=HOSTILE["address"][n], notes=HOSTILE["notes"][n],
                          group_id=group if n % 2 else None)
        ids.append(workspace.run(create_member, form).value)
    return ids


def test_the_roster_export_writes_text_as_text_and_round_trips_exactly(store, workspace, tmp_path):
    ids = hostile_people(workspace)
    with store.read() as session:
        before = people.details_for(session, ids, TODAY)
    path = tmp_path / "export.xlsx"
    export_people(before, path, TODAY)
    assert_no_formulas(path)
    sheet = load_workbook(path).active
    for row, person in enumerate(before, start=2):
        for column, value in ((1, person.form.name), (11, person.form.work_unit), (13, person.form.address),
                              (18, person.form.notes)):
            cell = sheet.cell(row=row, column=column)
            # openpyxl shows the _xHHHH_ escapes Excel would decode (the bell in a note)
            assert cell.data_type == "s" and cell.value == cell_text(value), (cell.coordinate, cell.value)
    assert sheet["A2"].value == "=王芳" and sheet["K2"].value == CALC
    assert sheet["H3"].value == "=HYPERLINK(\"http://x\",\"组\")" and sheet["H3"].data_type == "s"
    with store.read() as session:
        preview = read_roster(path, session, TODAY)
    assert not preview.problems and len(preview.update_rows) == 4
    assert all(not r.changes for r in preview.update_rows), [r.changes for r in preview.update_rows]
    assert [r.form for r in preview.update_rows] == [replace(p.form, group_id=None) for p in before]
    workspace.run(import_roster, preview)
    with store.read() as session:
        after = people.details_for(session, ids, TODAY)
    assert [(d.form, d.group_name) for d in after] == [(d.form, d.group_name) for d in before]


def test_the_template_keeps_a_group_named_like_a_formula_as_text(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path, ["=HYPERLINK(\"http://x\",\"组\")", "@第二党小组"])
    assert_no_formulas(path)
    book = load_workbook(path)
    assert book["党员信息"]["H2"].value == "=HYPERLINK(\"http://x\",\"组\")"
    assert book["党员信息"]["H2"].data_type == "s"
    assert [(c.value, c.data_type) for c in book["可选项"]["E"] if c.value] == [("=HYPERLINK(\"http://x\",\"组\")", "s"),
                                                                  ("@第二党小组", "s")]


def test_the_problem_list_writes_names_and_messages_as_text(tmp_path):
    path = tmp_path / "problems.xlsx"
    write_problems([Problem(3, CALC, "姓名", "=1+1"), Problem(4, "@王芳", "+备注", "#N/A")], path)
    assert_no_formulas(path)
    sheet = load_workbook(path).active
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=2)] == [[3, CALC, "姓名", "=1+1"],
                                                                              [4, "@王芳", "+备注", "#N/A"]]
    assert {c.data_type for row in sheet.iter_rows(min_row=2, min_col=2) for c in row} == {"s"}


def test_the_audit_export_writes_summaries_as_text(store, workspace, tmp_path):
    hostile_people(workspace)
    with store.read() as session:
        rows = list_audit(session, AuditFilter())
    path = tmp_path / "audit.xlsx"
    export_audit(rows, path)
    assert_no_formulas(path)
    sheet = load_workbook(path).active
    summaries = [c.value for c in sheet["G"][1:]]
    assert set(HOSTILE["name"]) <= set(summaries)
    assert all(c.data_type == "s" for c in sheet["G"][1:])


def test_the_templates_example_person_keeps_the_roster_rules(store, tmp_path):
    """The example's ID is a man's (odd 17th digit), as its 性别 says; without its 示例 mark the
    row imports without a single problem."""
    path = tmp_path / "template.xlsx"
    write_template(path, ["第一党小组"])
    book = load_workbook(path)
    sheet = book["党员信息"]
    assert sheet["D2"].value == EXAMPLE_ID and int(EXAMPLE_ID[16]) % 2 == 1 and sheet["B2"].value == "男"
    sheet["R2"].value = None  # the 备注 “示例…” marks the row as the example, skipped on import
    book.save(path)
    with store.read() as session:
        preview = read_roster(path, session, TODAY)
    assert [r.form.name for r in preview.rows] == ["张三"] and not preview.problems, preview.problems
    assert validate_person(preview.rows[0].form, TODAY) == {}
