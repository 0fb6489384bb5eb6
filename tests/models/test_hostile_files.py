"""Damaged and hostile spreadsheets: a corpus of ~28 damaged versions of a good roster, read through
the models and through the `import-excel` command; huge, far-reaching and several-sheet workbooks.

Whatever the file, reading it raises nothing but a UserError with a Chinese message, the command
exits non-zero with that message and no traceback, and the database stays exactly as it was.
Memory stays flat: a 20-million-character cell or 200,000 formatted empty rows are measured in a
fresh interpreter (ru_maxrss)."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

import main
from models.core.errors import UserError
from models.excel.roster_import import read_roster
from models.excel.workbook import EMPTY_RUN, MAX_ROWS, SheetChoiceNeeded, SheetNotFound
from models.people import roster as people
from models.people.operations import create_member
from models.people.rules import PersonForm
from tests.conftest import TODAY, db_argument
from tests.excel_files import several_sheets
from tests.xlsx_parts import (
    SHEET,
    STRINGS,
    big_cell_sheet,
    damaged_corpus,
    good_roster,
    hostile_roster,
    junk_rows,
    rewrite,
    roster_rows,
    styled_empty_sheet,
)

ROOT = Path(__file__).resolve().parents[2]
# Names of formats and programs a user reads as they are; any other ASCII word is English prose.
ALLOWED_WORDS = {"Excel", "WPS", "xlsx", "xls", "xlsb", "CSV", "HTML", "XML", "Word", "docx", "PowerPoint"}
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("damaged")
    return damaged_corpus(good_roster(folder / "good.xlsx"), folder)


def preview_of(store, path, **options):
    with store.read() as session:
        return read_roster(path, session, TODAY, **options)


def english_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in ALLOWED_WORDS}


def dump(store) -> list[tuple[str, list[str]]]:
    """Every row of every table of the test's database, to compare before and after."""
    with store.read() as session:
        tables = sorted(inspect(session.connection()).get_table_names())
        return [(table, sorted(repr(tuple(row)) for row in session.execute(text(f'SELECT * FROM "{table}"'))))
                for table in tables]


def test_the_corpus_is_made_from_a_roster_that_reads(store, tmp_path):
    preview = preview_of(store, good_roster(tmp_path / "good.xlsx"))
    assert [r.form.name for r in preview.new_rows] == ["王建国", "李秀兰", "张喆"]


def test_every_damaged_file_gets_a_chinese_message_and_nothing_else(store, workspace, corpus):
    workspace.run(create_member, PersonForm(name="原有人", gender="M", birth_date=TODAY.replace(year=1970),
                                            joined_on=TODAY.replace(year=2000), confirmed_on=TODAY.replace(year=2001),
                                            stage="full"))
    before = dump(store)
    outcomes = {}
    for name, path in corpus.items():
        try:
            preview = preview_of(store, path)
        except UserError as exc:
            message = str(exc)
            assert CHINESE.search(message) and not english_words(message), f"{name}: {message}"
            assert "Traceback" not in message and "Error" not in message, f"{name}: {message}"
            outcomes[name] = message
        else:  # damage the reader can see past must still leave a usable preview, never a crash
            outcomes[name] = f"read: {len(preview.rows)} rows"
    assert dump(store) == before
    readable = {n for n, o in outcomes.items() if o.startswith("read:")}
    assert readable <= {"huge_dimension_far_cell"}, outcomes
    assert len(corpus) - len(readable) >= 25


@pytest.mark.parametrize(("name", "fragment"), [
    ("empty", "空的"), ("truncated_half", "不完整"), ("flipped_sheet_data", "压缩数据出错"),
    ("no_workbook_xml", "缺少工作簿结构"), ("no_sheet_part", "缺少工作表"), ("sheet_xml_cut", "工作表“党员花名册”"),
    ("strings_broken", "文字部分"), ("styles_broken", "样式部分"), ("content_types_missing", "缺少文件目录"),
    ("entity_bomb", "恶意"), ("csv_renamed", "CSV"), ("html_renamed", "网页"), ("password_ole", "密码"),
    ("word_document", "Word文档"), ("encrypted_zip_entry", "密码"), ("xlsb_renamed", "二进制工作簿"),
])
def test_each_kind_of_damage_is_named(store, corpus, name, fragment):
    with pytest.raises(UserError, match=fragment):
        preview_of(store, corpus[name])


def test_the_import_command_explains_every_damaged_file_in_chinese(capsys, store, corpus):
    before = dump(store)
    for name, path in corpus.items():
        if name == "huge_dimension_far_cell":  # readable (see above): it would import its three people
            continue
        code = main.main(["import-excel", str(path), "--db", db_argument(store)])
        out, err = capsys.readouterr()
        shown = (out + err).replace(str(path), "").replace(str(path.parent), "")
        assert code == 1, f"{name}: {code} {shown}"
        assert err.startswith("错误：") and CHINESE.search(err), f"{name}: {err}"
        assert "Traceback" not in shown and not english_words(shown), f"{name}: {shown}"
    assert dump(store) == before


# --------------------------------------------------------------------------- huge and hostile


def test_formatted_empty_rows_end_the_table(store, tmp_path):
    good = good_roster(tmp_path / "good.xlsx")
    path = rewrite(good, tmp_path / "styled.xlsx", {SHEET: styled_empty_sheet(roster_rows(3), 5, 200_000)})
    preview = preview_of(store, path)
    assert len(preview.new_rows) == 3 and not preview.problems and not preview.skipped
    assert not preview.sheet.notes


def test_content_below_a_long_gap_is_reported_not_read_silently(store, tmp_path):
    rows = [*roster_rows(3), (5 + EMPTY_RUN + 10, ["王后来", "男"])]
    path = hostile_roster(good_roster(tmp_path / "good.xlsx"), tmp_path / "gap.xlsx", rows)
    preview = preview_of(store, path)
    assert len(preview.rows) == 3
    assert preview.sheet.notes == [f"第{5 + EMPTY_RUN + 10}行起还有内容，但与上面的表格隔了 {EMPTY_RUN + 10} 个空行，"
                                   "没有读取。如果那也是名单，请删去中间的空行后重新导入"]


def test_content_after_formatted_empty_rows_is_reported(store, tmp_path):
    good = good_roster(tmp_path / "good.xlsx")
    sheet = styled_empty_sheet(roster_rows(3), 5, 3000, after=[(6000, ["王后来", "男"])])
    preview = preview_of(store, rewrite(good, tmp_path / "late.xlsx", {SHEET: sheet}))
    assert len(preview.rows) == 3
    assert preview.sheet.notes == ["第6000行起还有内容，但与上面的表格隔了 5995 个空行，没有读取。"
                                   "如果那也是名单，请删去中间的空行后重新导入"]


def test_junk_rows_beyond_any_roster_are_refused_without_reading_them_all(store, tmp_path):
    rows = [*roster_rows(3), *junk_rows(5, MAX_ROWS + 10, "text")]
    path = hostile_roster(good_roster(tmp_path / "good.xlsx"), tmp_path / "junk.xlsx", rows)
    with pytest.raises(UserError, match=f"超过 {MAX_ROWS} 行"):
        preview_of(store, path)


def test_a_cell_at_the_far_edge_of_the_grid_costs_nothing(store, tmp_path):
    rows = [*roster_rows(3), *junk_rows(5, 300, "far")]
    path = hostile_roster(good_roster(tmp_path / "good.xlsx"), tmp_path / "far.xlsx", rows,
                          dimension="A1:XFD1048576")
    preview = preview_of(store, path)
    assert len(preview.new_rows) == 3 and max(len(v) for _, v in preview.sheet.rows) <= len(preview.sheet.headers)


@pytest.mark.parametrize("shared", [True, False])
def test_a_huge_cell_is_a_problem_of_its_row_and_field(store, tmp_path, shared):
    path = rewrite(good_roster(tmp_path / "good.xlsx"), tmp_path / "big.xlsx", big_cell_sheet(3_000_000, shared=shared))
    preview = preview_of(store, path)
    row = preview.rows[0]
    assert [(p.field, p.message) for p in row.problems] == [("备注", "单元格内容过长（3000000字），请检查")]
    assert row.form.notes == "" and preview.rows[1].ok
    assert all(len(str(v)) < 100 for v in preview.sheet.rows[0][1])  # the text itself was never kept


def test_a_part_that_unpacks_to_far_more_than_a_roster_is_refused_before_reading(store, tmp_path, monkeypatch):
    from models.excel import xlsx_reader

    monkeypatch.setattr(xlsx_reader, "PART_LIMIT", 200_000)  # the real limit is 1 GB: too big to write here
    path = rewrite(good_roster(tmp_path / "good.xlsx"), tmp_path / "bomb.xlsx",
                   {SHEET: styled_empty_sheet(roster_rows(3), 5, 5000)})
    with pytest.raises(UserError, match="工作表“党员花名册”解压后有 0 MB，大得异常"):
        preview_of(store, path)


def test_a_field_longer_than_a_thousand_characters_is_a_problem(store, tmp_path):
    rows = roster_rows(2)
    rows[1][1][13] = "一组" * 600  # 家庭住址 of 1,200 characters
    path = hostile_roster(good_roster(tmp_path / "good.xlsx"), tmp_path / "long.xlsx", rows)
    problems = [(p.row, p.field, p.message) for p in preview_of(store, path).problems]
    assert problems == [(2, "家庭住址", "单元格内容过长（1200字），请检查")]


MEASURE = textwrap.dedent("""
    import resource, sys, time
    sys.path.insert(0, {root!r})
    from models.excel.workbook import read_sheet
    start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    began = time.perf_counter()
    result = read_sheet({path!r})
    took = time.perf_counter() - began
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - start) / 1024
    print(len(result.rows), round(grown), round(took, 2))
""")


def measured(path: Path) -> tuple[int, float, float]:
    """(rows read, MB the peak resident memory grew by, seconds) in a fresh interpreter: from
    after the program's modules are loaded to after the sheet is read."""
    warm = "import models.excel.workbook, openpyxl.reader.excel, openpyxl.styles.stylesheet\n"
    code = warm + MEASURE.format(root=str(ROOT), path=str(path))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300)
    rows, grown, took = done.stdout.split()
    return int(rows), float(grown), float(took)


@pytest.mark.skipif(sys.platform == "win32", reason="resource.getrusage is Unix-only")
def test_memory_stays_flat_for_huge_sheets_and_cells(tmp_path):
    good = good_roster(tmp_path / "good.xlsx")
    styled = rewrite(good, tmp_path / "styled.xlsx", {SHEET: styled_empty_sheet(roster_rows(3), 5, 200_000)})
    big = rewrite(good, tmp_path / "big.xlsx", big_cell_sheet(20_000_000, shared=True))
    rows, grown, took = measured(styled)
    assert rows == 3 and grown < 40 and took < 10, (rows, grown, took)
    rows, grown, took = measured(big)
    assert rows == 2 and grown < 40, (rows, grown, took)  # the old reader held the cell: 40 MB and more


# --------------------------------------------------------------------------- several sheets


def test_several_roster_sheets_ask_which(store, tmp_path):
    path = several_sheets(tmp_path)
    with pytest.raises(SheetChoiceNeeded) as raised:
        preview_of(store, path)
    assert [(c.name, c.hidden, c.header_row) for c in raised.value.choices] == [("一组", False, 1), ("二组", False, 1)]
    assert "2 个工作表都像是党员名单：“一组”、“二组”" in str(raised.value)
    preview = preview_of(store, path, sheet="二组")
    assert preview.sheet.sheet == "二组" and [r.form.name for r in preview.rows] == ["张喆", "赵堃", "刘桂芳"]


def test_a_hidden_roster_sheet_is_passed_over_and_said_so(store, tmp_path):
    path = several_sheets(tmp_path, hidden=("一组",))
    preview = preview_of(store, path)
    assert preview.sheet.sheet == "二组"
    assert preview.sheet.notes == ["隐藏的工作表“一组”中也有名单的表头，没有读取（隐藏的工作表只在指定时才导入）"]
    named = preview_of(store, path, sheet="一组")
    assert [r.form.name for r in named.rows] == ["王建国", "李秀兰"]
    assert named.sheet.notes == ["工作表“一组”是隐藏的，按指定读取了它"]


def test_a_roster_only_on_a_hidden_sheet_is_never_read_without_asking(store, tmp_path):
    path = several_sheets(tmp_path, hidden=("一组", "二组"))
    with pytest.raises(SheetChoiceNeeded, match="只在隐藏的工作表中找到：“一组（隐藏）”、“二组（隐藏）”"):
        preview_of(store, path)


def test_a_sheet_named_that_is_not_there(store, tmp_path):
    with pytest.raises(SheetNotFound, match="没有名为“三组”的工作表。文件中的工作表：“一组”、“二组”、“说明”"):
        preview_of(store, several_sheets(tmp_path), sheet="三组")
    with pytest.raises(UserError, match="工作表“说明”中没有找到表头行"):
        preview_of(store, several_sheets(tmp_path), sheet="说明")


def test_the_command_takes_sheet_and_lists_the_sheets_without_it(capsys, store, tmp_path):
    path = several_sheets(tmp_path)
    code = main.main(["import-excel", str(path), "--db", db_argument(store), "--dry-run"])
    err = capsys.readouterr().err
    assert code == 2
    assert "“一组”、“二组”" in err and "--sheet 一组" in err  # the option the user types; no other English
    assert not english_words(err.replace(str(path), "").replace("--sheet", ""))
    code = main.main(["import-excel", str(path), "--db", db_argument(store), "--sheet", "二组"])
    out = capsys.readouterr().out
    assert code == 0 and "工作表“二组”" in out and "新增 3 人" in out
    with store.read() as session:
        assert sorted(r.name for r in people.list_members(session, people.MemberFilter(), TODAY)) == [
            "刘桂芳", "张喆", "赵堃"]
    code = main.main(["import-excel", str(path), "--db", db_argument(store), "--sheet", "三组"])
    assert code == 2 and "没有名为“三组”的工作表" in capsys.readouterr().err


def test_the_command_says_which_hidden_sheet_it_passed_over(capsys, store, tmp_path):
    code = main.main(["import-excel", str(several_sheets(tmp_path, hidden=("一组",))), "--db", db_argument(store),
                      "--dry-run"])
    out = capsys.readouterr().out
    assert code == 0 and "工作表“二组”" in out
    assert "说明：隐藏的工作表“一组”中也有名单的表头，没有读取（隐藏的工作表只在指定时才导入）" in out


def test_strings_part_of_a_roster_is_shared_like_excel_writes_it(tmp_path):
    from tests.xlsx_parts import read_part

    good = good_roster(tmp_path / "good.xlsx")
    assert b't="s"' in read_part(good, SHEET) and b"<si><t>" in read_part(good, STRINGS)
