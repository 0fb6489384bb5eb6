"""The command line as a newcomer reads it (new-user trial, item 11): what the program does, report
help in the command line's words, unknown options named, help hints that name the sub-command,
output files with the right extension, and 扩展名 in the file checks."""

import re

import pytest

from models.cli.common import UsageError, check_extension
from models.cli.parsing import wrap
from models.excel.file_check import WorkbookError, check_signature
from models.reports import registry
from tests.models.test_cli import english_words, run_cli


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")


def test_the_description_claims_only_what_exists(capsys):
    _code, out, _err = run_cli(capsys, "--help")
    assert "民情台账" not in out
    assert "党员名册、发展党员、积分和报表" in out


def test_report_help_speaks_of_switches_not_clicks(capsys):
    code, out, _err = run_cli(capsys, "report", "--help")
    assert code == 0
    assert "。；" not in out and "。，" not in out  # descriptions are lines now, not glued with ；
    assert "请勾选" not in out and "点“" not in out and "勾选" not in out
    assert "张贴公示时加--masked" in re.sub(r"\s+", "", out)  # wherever the line breaks
    for report in registry.all_reports():  # one line each, starting with how it is typed
        assert f"\n  {report.code}（{report.title}）：" in out
    assert not english_words(out)


def test_an_unknown_option_is_named_instead_of_the_value_after_it(capsys, tmp_path):
    db = str(tmp_path / "x.db")
    cases = {
        ("--dbb", "x"): ("--dbb", "是不是 --db", "main"),
        ("report", "--dbb", "x"): ("--dbb", "是不是 --db", "report"),
        ("report", "roster", "--dbb", db, "--out", "a.pdf"): ("--dbb", "是不是 --db", "report"),
        ("report", "roster", "--db", db, "--out", "a.pdf", "--grop", "一组"): ("--grop", "是不是 --group", "report"),
        ("demo", "--db", db, "--zzz"): ("--zzz", "", "demo"),
    }
    for argv, (option, guess, command) in cases.items():
        code, out, err = run_cli(capsys, *argv)
        assert code == 2 and not out, argv
        assert f"错误：无法识别的参数：{option}（没有这个选项" in err, err
        assert guess in err and "无效的选择" not in err and "缺少必需的参数" not in err, err
        hint = "-h）" if command == "main" else f" {command} -h）"
        assert err.rstrip().endswith(hint), err


def test_errors_inside_a_sub_command_point_to_its_own_help(capsys, tmp_path):
    base = ("--db", str(tmp_path / "x.db"), "--out", str(tmp_path / "a.pdf"))
    code, _out, err = run_cli(capsys, "report", "roster", *base, "extra")
    assert code == 2 and "无法识别的参数：extra" in err and err.rstrip().endswith(" report -h）"), err
    code, _out, err = run_cli(capsys, "report", "roster", *base, "--id", "11010519491231002X")
    assert code == 2 and "党员花名册不使用 --id" in err and err.rstrip().endswith(" report -h）"), err


@pytest.mark.parametrize(("out", "message"), [
    ("a.txt", "--out 要保存的是PDF文件，文件名应以 .pdf 结尾，如 a.pdf（现在是“a.txt”）"),
    ("花名册", "文件名应以 .pdf 结尾，如 花名册.pdf（现在是“花名册”）"),
    ("roster.xlsx", "如 roster.pdf"),
])
def test_a_report_is_saved_only_as_pdf(capsys, tmp_path, out, message):
    code, stdout, err = run_cli(capsys, "report", "roster", "--db", str(tmp_path / "none.db"),
                                "--out", str(tmp_path / out))
    assert code == 2 and not stdout and message in err, err  # refused before the data file is opened
    assert "找不到数据文件" not in err
    assert not (tmp_path / out).exists()


def test_the_shared_extension_check_for_excel(tmp_path):
    check_extension(tmp_path / "名单.xlsx", ".xlsx")
    check_extension(tmp_path / "名单.XLSX", ".xlsx")
    with pytest.raises(UsageError, match=r"--out 要保存的是Excel文件，文件名应以 \.xlsx 结尾，如 x\.xlsx（现在是“x\.csv”）"):
        check_extension(tmp_path / "x.csv", ".xlsx")


def test_help_lines_never_start_with_closing_punctuation():
    for width in range(20, 60):
        for line in wrap("生成PDF报表，保存为 --out 给出的 .pdf 文件。按党小组分组，末尾有人数统计。", width)[1:]:
            assert line[:1] not in "，。、；：）", (width, line)


def test_a_renamed_text_file_is_described_by_its_extension(tmp_path):
    notes = tmp_path / "花名册.md"
    notes.write_text("姓名,性别\n王建国,男\n", encoding="utf-8")
    with notes.open("rb") as handle, pytest.raises(WorkbookError) as caught:
        check_signature(handle, notes)
    assert "这个文件扩展名是.md，内容却是" in str(caught.value) and "名字是" not in str(caught.value)
