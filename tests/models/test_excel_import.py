"""Excel import from real files: finding the table, normalising, every error, preview, writing."""

from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from models.cli.excel_commands import describe
from models.excel.roster_export import export_people, write_problems, write_template
from models.excel.roster_import import ImportRefused, import_roster, read_roster, remap
from models.excel.workbook import WorkbookError
from models.people import roster as people
from models.people.citizen_id import make
from models.people.operations import create_member
from models.people.rules import PersonForm
from models.workspace.audit import AuditFilter, count_audit
from tests.conftest import TODAY
from tests.excel_files import HEADERS, person_row, write_roster


def preview_of(store, path):
    with store.read() as session:
        return read_roster(path, session, TODAY)


def member_names(store):
    with store.read() as session:
        return [r.name for r in people.list_members(session, people.MemberFilter(), TODAY)]


def counts(store):
    """People (archived included) and audit rows: what a refused import must leave as they were."""
    with store.read() as session:
        return people.count_members(session, include_archived=True), count_audit(session, AuditFilter())


def problems_by_row(preview):
    result = {}
    for problem in preview.problems:
        result.setdefault(problem.row, []).append(f"{problem.field}：{problem.message}")
    return result


def test_the_shared_sample_imports_cleanly(store, workspace):
    from pathlib import Path

    sample = Path(__file__).resolve().parents[1] / "data" / "roster-sample.xlsx"  # a real-shaped roster from a branch
    preview = preview_of(store, sample)
    assert len(preview.new_rows) == 5 and not preview.problems
    assert set(preview.unknown_columns()) == set()  # 序号 and 所在党支部 are known and ignored
    outcome = workspace.run(import_roster, preview)
    assert outcome.value.created == 5
    assert len(outcome.changes.ids("person")) == 5
    assert set(member_names(store)) == {"王建国", "李秀兰", "张喆", "赵堃", "刘桂芳"}


def test_header_below_title_blank_rows_and_fill_in_line(store, tmp_path):
    path = write_roster(tmp_path / "r.xlsx", [person_row(1, "王建国", date(1962, 3, 12), 3, "1985.07.01", "1986.7.1")],
                        before_header=[[], ["填报单位：红旗村党支部", None, None, "填报日期：2026年11月"], []])
    preview = preview_of(store, path)
    assert preview.sheet.header_row == 5
    assert [r.form.name for r in preview.new_rows] == ["王建国"]


@pytest.mark.parametrize("joined", [datetime(1985, 7, 1), "1985.07.01", "1985.7.1", "1985/7/1", "1985-07-01",
                                    "1985年7月1日", "19850701", 19850701, "１９８５．７．１"])
def test_every_date_form_is_read(store, tmp_path, joined):
    path = write_roster(tmp_path / "r.xlsx", [person_row(1, "王建国", date(1962, 3, 12), 3, joined, None,
                                                         人员类别="正式党员")])
    preview = preview_of(store, path)
    assert not preview.problems, preview.problems
    assert preview.rows[0].form.joined_on == date(1985, 7, 1)


def test_names_ids_and_phones_are_normalised(store, tmp_path):
    number = make("411421", date(1970, 11, 5), 4)
    full_width_id = number.translate(str.maketrans("0123456789X", "０１２３４５６７８９ｘ"))
    rows = [person_row(1, " 王  芳 ", date(1970, 11, 5), 4, "1995-06-20", "1996-06-20", 身份证号=full_width_id.lower(),
                       联系电话="１３８ １２３４ ５６７８"),
            person_row(2, "阿依古丽·买买提", date(1980, 1, 2), 13, "2005-07-01", "2006-07-01")]
    preview = preview_of(store, write_roster(tmp_path / "r.xlsx", rows))
    assert not preview.problems, preview.problems
    first, second = preview.rows[0].form, preview.rows[1].form
    assert first.name == "王芳" and first.citizen_id == number and first.phone == "13812345678"
    assert second.name == "阿依古丽·买买提"


def test_lower_case_x_check_digit_becomes_upper_case(store, tmp_path):
    seq = next(s for s in range(1, 999, 2) if make("411421", date(1962, 3, 12), s).endswith("X"))
    number = make("411421", date(1962, 3, 12), seq)
    rows = [person_row(1, "王建国", date(1962, 3, 12), seq, "1985-07-01", "1986-07-01", 身份证号=number.lower())]
    preview = preview_of(store, write_roster(tmp_path / "r.xlsx", rows))
    assert preview.rows[0].form.citizen_id == number and not preview.problems


def test_id_turned_into_a_number_by_excel_is_explained(store, tmp_path):
    rows = [person_row(1, "王建国", date(1962, 3, 12), 3, "1985-07-01", "1986-07-01", 身份证号=4.11421196203120e17)]
    preview = preview_of(store, write_roster(tmp_path / "r.xlsx", rows))
    message = problems_by_row(preview)[3][0]
    assert message.startswith("身份证号：") and "当成了数字" in message and "丢失" in message


def test_year_month_birth_column_is_checked_against_the_id(store, tmp_path):
    good = person_row(1, "王建国", date(1962, 3, 12), 3, "1985-07-01", "1986-07-01", 出生日期="1962.03")
    bad = person_row(2, "李秀兰", date(1970, 11, 5), 4, "1995-06-20", "1996-06-20", 出生日期="1971年11月")
    preview = preview_of(store, write_roster(tmp_path / "r.xlsx", [good, bad]))
    assert preview.rows[0].ok and preview.rows[0].form.birth_date == date(1962, 3, 12)
    assert "与身份证号中的1970-11-05不符" in problems_by_row(preview)[4][0]


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"身份证号": "411421196203120030"}, "校验位"),
        ({"性别": "女"}, "与公民身份号码不符"),
        ({"出生日期": datetime(1962, 3, 13)}, "1962-03-12"),
        ({"入党时间": "1978-01-01", "转正时间": None, "人员类别": "正式党员"}, "未满18周岁"),
        ({"入党时间": "2030-01-01", "转正时间": None}, "不能晚于今天"),
        ({"入党时间": "2026-02-30"}, "不是存在的日期"),
        ({"转正时间": "1984-01-01"}, "转正日期应晚于入党日期"),
        ({"人员类别": "干部"}, "人员类别“干部”无法识别"),
        ({"人员类别": "积极分子"}, "“积极分子”还不是党员，不在党员花名册中导入"),
        ({"文化程度": "幼儿园"}, "学历“幼儿园”无法识别"),
        ({"联系电话": "12345"}, "电话格式不对"),
        ({"姓 名": None}, "请填写姓名"),
    ],
)
def test_each_row_error_names_row_field_and_reason(store, tmp_path, changes, fragment):
    row = person_row(1, "王建国", date(1962, 3, 12), 3, "1985-07-01", "1986-07-01", **changes)
    preview = preview_of(store, write_roster(tmp_path / "r.xlsx", [row]))
    messages = problems_by_row(preview).get(3, [])
    assert any(fragment in m for m in messages), messages


def test_footers_empty_rows_and_numbers_only_are_skipped_not_errors(store, tmp_path):
    rows = [person_row(1, "王建国", date(1962, 3, 12), 3, "1985-07-01", "1986-07-01"), [], [2], [None, None]]
    after = [["填表人：李四", None, None, "审核人：王五"], ["合计", 1]]
    preview = preview_of(store, write_roster(tmp_path / "r.xlsx", rows, after=after))
    assert len(preview.rows) == 1 and not preview.problems
    reasons = dict(preview.skipped)
    assert len(preview.skipped) == 5 and any("表尾" in r for r in reasons.values())


def test_duplicates_within_the_file_and_existing_people(store, workspace, tmp_path):
    workspace.run(create_member, PersonForm(name="王建国", citizen_id=make("411421", date(1962, 3, 12), 3),
                                            joined_on=date(1985, 7, 1), confirmed_on=date(1986, 7, 1),
                                            phone="13900000000"))
    rows = [person_row(1, "王建国", date(1962, 3, 12), 3, "1985-07-01", "1986-07-01"),
            person_row(2, "李秀兰", date(1970, 11, 5), 4, "1995-06-20", "1996-06-20"),
            person_row(3, "李秀兰", date(1970, 11, 5), 4, "1995-06-20", "1996-06-20")]
    preview = preview_of(store, write_roster(tmp_path / "r.xlsx", rows))
    assert [r.form.name for r in preview.update_rows] == ["王建国"]
    assert {"联系电话", "学历", "工作单位及职务", "家庭住址"} <= set(preview.update_rows[0].changes)
    assert "与第4行的身份证号重复" in problems_by_row(preview)[5][0]


def test_all_or_nothing_writes_nothing_when_a_row_is_bad(store, workspace, tmp_path):
    rows = [person_row(1, "王建国", date(1962, 3, 12), 3, "1985-07-01", "1986-07-01"),
            person_row(2, "李秀兰", date(1970, 11, 5), 4, "2030-01-01", None)]
    preview = preview_of(store, write_roster(tmp_path / "r.xlsx", rows))
    with pytest.raises(ImportRefused, match="有 1 行存在问题"):
        workspace.run(import_roster, preview)
    assert counts(store) == (0, 0)
    result = workspace.run(import_roster, preview, skip_invalid=True).value
    assert result.created == 1
    assert member_names(store) == ["王建国"]


def test_groups_named_in_the_file_are_created(store, workspace, tmp_path):
    headers = [*HEADERS, "党小组"]
    rows = [person_row(1, "王建国", date(1962, 3, 12), 3, "1985-07-01", "1986-07-01") + ["第五党小组"]]
    preview = preview_of(store, write_roster(tmp_path / "r.xlsx", rows, headers=headers))
    assert preview.new_groups == ["第五党小组"]
    result = workspace.run(import_roster, preview).value
    assert result.groups_created == ["第五党小组"]
    with store.read() as session:
        row = people.list_members(session, people.MemberFilter(), TODAY)[0]
    assert row.group_name == "第五党小组"


def test_unknown_columns_are_listed_and_mapping_can_be_fixed(store, tmp_path):
    headers = ["姓名", "身份证", "入党年份", "电话号"]
    rows = [["王建国", make("411421", date(1962, 3, 12), 3), "1985-07-01", "13812345678"]]
    preview = preview_of(store, write_roster(tmp_path / "r.xlsx", rows, headers=headers, title=None))
    assert preview.unknown_columns() == ["入党年份", "电话号"]
    assert "请填写入党日期" in problems_by_row(preview)[2][0]
    with store.read() as session:
        fixed = remap(preview, {0: "name", 1: "citizen_id", 2: "joined_on", 3: "phone"}, session, TODAY)
    assert not fixed.problems and fixed.rows[0].form.phone == "13812345678"


def test_formula_cells_use_their_cached_values(store, tmp_path):
    path = write_roster(tmp_path / "r.xlsx", [person_row(1, "王建国", date(1962, 3, 12), 3, "1985-07-01",
                                                         "1986-07-01", 序号="=ROW()-2")])
    preview = preview_of(store, path)  # openpyxl wrote no cached value: the formula cell reads as empty
    assert preview.rows[0].ok


@pytest.mark.parametrize(
    ("content", "name", "fragment"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old.xls", "另存为"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "locked.xlsx", "密码"),
        (b"PK\x03\x04 this is not really a zip", "broken.xlsx", "不完整"),
        (b"name,id\n", "list.xlsx", "CSV"),
    ],
)
def test_unreadable_files_get_a_clear_message_and_nothing_is_written(store, tmp_path, content, name, fragment):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(WorkbookError, match=fragment):
        preview_of(store, path)
    assert counts(store) == (0, 0)


def test_empty_sheet_is_explained(store, tmp_path):
    book = Workbook()
    book.save(tmp_path / "empty.xlsx")
    with pytest.raises(WorkbookError, match="没有找到表头"):
        preview_of(store, tmp_path / "empty.xlsx")


def test_export_then_import_changes_nothing(store, workspace, tmp_path):
    from models.demo import fill_demo

    workspace.run(fill_demo, 40)
    with store.read() as session:
        ids = [r.id for r in people.list_members(session, people.MemberFilter(), TODAY)]
        before = people.details_for(session, ids, TODAY)
        audit_before = count_audit(session, AuditFilter())
    path = tmp_path / "export.xlsx"
    export_people(before, path, TODAY)
    sheet = load_workbook(path).active
    assert sheet.freeze_panes == "B2"
    assert sheet["D2"].data_type == "s" and sheet["E2"].is_date  # ID as text, birth date a real date
    preview = preview_of(store, path)
    assert not preview.problems and len(preview.update_rows) == 40 and not preview.new_rows
    assert all(not r.changes for r in preview.update_rows), [r.changes for r in preview.update_rows if r.changes]
    result = workspace.run(import_roster, preview).value
    assert (result.created, result.updated) == (0, 40)
    with store.read() as session:
        after = people.details_for(session, ids, TODAY)
        assert count_audit(session, AuditFilter()) == audit_before  # nothing changed, nothing logged
    assert [d.form for d in after] == [d.form for d in before]
    assert [d.group_name for d in after] == [d.group_name for d in before]


def test_template_has_dropdowns_text_id_column_and_is_skipped_when_imported_blank(store, tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path, ["第一党小组", "第二党小组"])
    book = load_workbook(path)
    sheet = book["党员信息"]
    ranges = " ".join(str(v.sqref) for v in sheet.data_validations.dataValidation)
    for column in ("B2", "F2", "G2", "H2"):  # 性别, 学历, 人员类别, 党小组
        assert column in ranges.replace(":", " ").split() or any(r.startswith(column) for r in ranges.split())
    assert sheet["D3"].number_format == "@" and sheet["L3"].number_format == "@"
    preview = preview_of(store, path)
    assert not preview.rows and preview.skipped == [(2, "模板中的示例行")]


def test_problem_list_is_saved_as_xlsx(store, tmp_path):
    rows = [person_row(1, "王建国", date(1962, 3, 12), 3, "2030-01-01", None)]
    preview = preview_of(store, write_roster(tmp_path / "r.xlsx", rows))
    write_problems(preview.problems, tmp_path / "problems.xlsx")
    sheet = load_workbook(tmp_path / "problems.xlsx").active
    assert [c.value for c in sheet[1]] == ["原行号", "姓名", "字段", "问题"]
    assert sheet["A2"].value == 3 and sheet["B2"].value == "王建国" and "不能晚于今天" in sheet["D2"].value


def test_describe_lists_counts_updates_and_problems(store, tmp_path):
    rows = [person_row(1, "王建国", date(1962, 3, 12), 3, "2030-01-01", None)]
    text = "\n".join(describe(preview_of(store, write_roster(tmp_path / "r.xlsx", rows))))
    assert "表头在第 2 行" in text and "有问题 1 行" in text and "第3行 王建国" in text


def test_cancelling_reading_or_writing_leaves_the_database_as_it_was(store, workspace, tmp_path):
    from models.core.errors import Cancelled

    rows = [person_row(n, f"王{'一二三四五六七八九'[n % 9]}{'甲乙丙'[n % 3]}", date(1960 + n % 30, 1 + n % 12, 1 + n % 27),
                       n % 500 * 2 + 1, "2010-07-01", "2011-07-01") for n in range(1, 41)]
    path = write_roster(tmp_path / "r.xlsx", rows)
    with pytest.raises(Cancelled), store.read() as session:
        read_roster(path, session, TODAY, cancelled=lambda: True)
    preview = preview_of(store, path)
    assert len(preview.new_rows) == 40
    with pytest.raises(Cancelled):
        workspace.run(import_roster, preview, cancelled=lambda: True)
    assert counts(store) == (0, 0)


def test_an_import_is_one_audited_operation_with_membership_events(store, workspace, tmp_path):
    from models.core.codes import EventKind
    from models.people.events import timeline
    from models.workspace.audit import list_audit

    rows = [person_row(1, "王建国", date(1962, 3, 12), 3, "1985-07-01", "1986-07-01"),
            person_row(2, "李秀兰", date(1970, 11, 5), 4, "1995-06-20", None, 人员类别="正式党员")]
    workspace.run(import_roster, preview_of(store, write_roster(tmp_path / "a.xlsx", rows)))
    with store.read() as session:
        log = list_audit(session, AuditFilter())
        ids = {r.name: r.id for r in people.list_members(session, people.MemberFilter(), TODAY)}
        events = {name: [(e.kind, e.on) for e in timeline(session, i)] for name, i in ids.items()}
    assert sorted((r.operation, r.entity, r.action, r.summary) for r in log) == [
        ("members.import", "person", "create", "李秀兰"), ("members.import", "person", "create", "王建国")]
    assert log[0].actor == "测试员" and "*" in log[0].changes["citizen_id"]  # the log keeps IDs masked
    assert events == {"王建国": [(EventKind.CONFIRMED, date(1986, 7, 1)), (EventKind.JOINED, date(1985, 7, 1))],
                      "李秀兰": [(EventKind.JOINED, date(1995, 6, 20))]}

    # The same people again, one with a corrected 入党时间 and phone: an update row, the 入党 event moves.
    rows[0] = person_row(1, "王建国", date(1962, 3, 12), 3, "1985-08-01", "1986-08-01", 联系电话="13912345678")
    result = workspace.run(import_roster, preview_of(store, write_roster(tmp_path / "b.xlsx", rows))).value
    assert (result.created, result.updated) == (0, 2)
    with store.read() as session:
        updates = [r for r in list_audit(session, AuditFilter()) if r.action == "update"]
        moved = [(e.kind, e.on) for e in timeline(session, ids["王建国"])]
    assert [(r.summary, sorted(r.changes)) for r in updates] == [("王建国", ["confirmed_on", "joined_on", "phone"])]
    assert updates[0].changes["phone"] == ["138****5678", "139****5678"]
    assert moved == [(EventKind.CONFIRMED, date(1986, 8, 1)), (EventKind.JOINED, date(1985, 8, 1))]


def test_an_instruction_block_inside_the_data_area_is_skipped_not_a_person(store, tmp_path):
    """Other systems' templates put a merged block of instructions under the header."""
    from openpyxl import load_workbook as load

    note = "注意：1、红色字段为必填字段；2、导入前请删除注意事项；3、日期格式为2020-01-01"
    long_note = "本表由各党小组长填写后交支部，1、身份证号填写18位；2、日期一律写成年月日；3、流动党员写明外出地点"
    rows = [person_row(1, "王建国", date(1962, 3, 12), 3, "1985-07-01", "1986-07-01"),
            person_row(2, "李秀兰", date(1970, 11, 5), 4, "1995-06-20", "1996-06-20")]
    path = write_roster(tmp_path / "r.xlsx", rows, before_header=[])
    book = load(path)
    sheet = book.active
    sheet.insert_rows(3, 2)
    sheet["A3"], sheet["A4"] = note, long_note
    sheet.merge_cells("A3:N3")
    sheet.merge_cells("A4:N4")
    book.save(path)
    preview = preview_of(store, path)
    assert [r.form.name for r in preview.rows] == ["王建国", "李秀兰"] and not preview.problems
    assert preview.skipped == [(3, "填表说明（注意：1、红色字段为必填…）"), (4, "填表说明（本表由各党小组长填写后交…）")]


@pytest.mark.parametrize(("staff", "party", "stage_column"), [
    ("普通编制", ("预备党员", "正式党员"), "党籍状态"),  # 人员类别 is a staff category there
    (("预备党员", "正式党员"), "正常", "人员类别"),  # 党籍状态 says only that membership is in order
])
def test_the_stage_comes_from_the_column_that_holds_stages(store, tmp_path, staff, party, stage_column):
    def values(setting, n):
        return setting[n] if isinstance(setting, tuple) else setting

    people_rows = [(1, "赵堃", date(1999, 9, 9), 9, "20260315", None), (2, "王建国", date(1962, 3, 12), 3, "1985-07-01",
                                                                        "1986-07-01")]
    rows = [person_row(*p, 人员类别=values(staff, n)) + [values(party, n)] for n, p in enumerate(people_rows)]
    preview = preview_of(store, write_roster(tmp_path / "r.xlsx", rows, headers=[*HEADERS, "党籍状态"]))
    assert not preview.problems, preview.problems
    assert [r.form.stage for r in preview.rows] == ["probationary", "full"]
    assert preview.column_label("stage") == stage_column
    assert ({"人员类别", "党籍状态"} - {stage_column}) <= set(preview.unmapped_columns())


def test_characters_excel_escapes_are_read_back(store, tmp_path):
    """Excel writes a character XML cannot hold as _xHHHH_ (and a literal “_x” as _x005F_x)."""
    from tests.xlsx_parts import hostile_roster, roster_rows

    rows = roster_rows(1)
    rows[1][1][11] = "村委会_x000D_\n主任 _x005F_x0041_"
    preview = preview_of(store, hostile_roster(write_roster(tmp_path / "g.xlsx", []), tmp_path / "e.xlsx", rows))
    assert preview.rows[0].form.work_unit == "村委会\r\n主任 _x0041_"
