"""The command line in-process (main.main): Chinese help and errors, the registry's reports and
switches, and every command writing through the workspace."""

import argparse
import os
import re
import sys
from datetime import date

import pytest

import main
from models.cli.excel_commands import EXPORTS
from models.cli.main import build_parser
from models.demo import fill_demo
from models.people import citizen_id
from models.people import roster as people
from models.reports import registry
from models.storage.store import Store
from models.workspace import Workspace
from models.workspace.audit import AuditFilter, count_audit
from tests.conftest import TEST_ACTOR, TODAY
from tests.excel_files import person_row, write_roster
from tests.fake_report import register_fake
from tests.pdf_check import read_pdf

ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
# Format names a Chinese user reads as they are (the help speaks of PDF and Excel files), and the
# scheme of a server database's URL, which the user types (postgresql://用户@服务器/库名).
FORMAT_NAMES = {"PDF", "pdf", "Excel", "xlsx", "postgresql"}


@pytest.fixture
def fake_report(monkeypatch):
    """The test-only report, registered for this test."""
    return register_fake(monkeypatch)



def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    """main.main(argv) -> (exit code, stdout, stderr), whether it returns or exits (help, errors)."""
    try:
        code = main.main(list(argv))
    except SystemExit as exc:
        code = exc.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(command path, parser) for the top level and every sub-command."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, (*path, name))


# Environment variables the help names, so scripts can supply the user and passwords.
ENVIRONMENT = ("BRANCHKEEPER_USER", "BRANCHKEEPER_PASSWORD", "BRANCHKEEPER_BACKUP_PASSWORD")


def typed_words(argv: tuple[str, ...] = ()) -> set[str]:
    """Words a user types: the program name, commands, option names, placeholders, report and list
    names, and whatever was on this command line. Any other ASCII word is English prose."""
    texts = [os.path.basename(sys.argv[0]), *argv, *registry.REPORTS, *EXPORTS, *ENVIRONMENT]
    for path, parser in _parsers(build_parser()):
        texts += path
        for action in parser._actions:
            texts += [*action.option_strings, str(action.metavar or "")]
    return {word for text in texts for word in ENGLISH_WORD.findall(text)} | FORMAT_NAMES


def english_words(text: str, argv: tuple[str, ...] = ()) -> set[str]:
    return set(ENGLISH_WORD.findall(text)) - typed_words(argv)


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture
def demo_db(tmp_path):
    db = tmp_path / "demo.db"
    store = Store(db)
    try:
        Workspace(store, TEST_ACTOR, today=lambda: TODAY).run(fill_demo, 30)
    finally:
        store.close()
    return db


def test_every_help_is_chinese(capsys):
    paths = [path for path, _parser in _parsers(build_parser())]
    assert {p[0] for p in paths if p} == {"init", "check", "demo", "report", "score", "import-excel", "export-excel",
                                             "self-test", "backup", "restore", "backups"}
    for path in paths:
        code, out, err = run_cli(capsys, *path, "--help")
        assert code == 0 and not err
        assert out.startswith(f"用法：{os.path.basename(sys.argv[0])}"), out
        assert "选项：" in out and "显示本帮助并退出" in out
        assert not english_words(out), (path, english_words(out))


def test_argument_errors_are_chinese_with_exit_code_2(capsys, tmp_path):
    db = str(tmp_path / "x.db")
    cases = {
        ("demo",): "缺少必需的参数：--db",
        ("demo", "--db"): "参数 --db：后面需要一个值",
        ("demo", "--db", db, "--people", "很多"): "应为 1 到 200000 之间的整数，现在是“很多”",
        ("demo", "--db", db, "--zzz"): "无法识别的参数：--zzz",
        ("nonsense",): "无效的选择“nonsense”",
        ("report", "dues", "--db", db, "--out", "r.pdf"): "没有名为“dues”的报表。可用的报表：roster（党员花名册）",
        ("export-excel", "everyone", "--db", db, "--out", "m.xlsx"): "没有名为“everyone”的名单",
    }
    for argv, message in cases.items():
        code, out, err = run_cli(capsys, *argv)
        assert code == 2 and not out, argv
        assert err.startswith("用法：") and "错误：" in err and message in err, err
        assert not english_words(err, argv), (argv, english_words(err, argv))


def test_every_command_without_its_arguments_answers_in_chinese(capsys):
    for path, parser in _parsers(build_parser()):
        required = [a for a in parser._actions if a.required and not isinstance(a, argparse._SubParsersAction)]
        if not path or not required:
            continue
        code, out, err = run_cli(capsys, *path)
        assert code == 2 and not out, path
        assert err.startswith(f"用法：{os.path.basename(sys.argv[0])} {' '.join(path)}"), err
        assert "错误：缺少必需的参数：" in err and f"（查看说明：{os.path.basename(sys.argv[0])}" in err, err
        assert not english_words(err, path), (path, english_words(err, path))


def test_version_and_a_wrong_sub_command_are_chinese(capsys):
    code, out, _err = run_cli(capsys, "--version")
    assert code == 0 and out.startswith("支部管家 ")
    code, _out, err = run_cli(capsys, "chek", "--db", "x.db")
    assert code == 2 and "无效的选择“chek”（可选：init、check、demo" in err, err
    assert not english_words(err, ("chek", "x.db"))


def test_the_program_name_is_the_one_it_was_started_by(capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["/opt/branchkeeper/BranchKeeperCLI.exe"])
    code, out, _err = run_cli(capsys, "report", "--help")
    assert code == 0 and out.startswith("用法：BranchKeeperCLI.exe report")
    _code, _out, err = run_cli(capsys, "demo")
    assert "（查看说明：BranchKeeperCLI.exe demo -h）" in err


def test_report_help_lists_the_registry_and_its_switches(capsys, fake_report):
    _code, out, _err = run_cli(capsys, "report", "--help")
    for report in registry.all_reports():
        assert f"{report.code}（{report.title}）" in out
    for option in registry.all_options():
        assert option.flag in out
    assert "--with-notes" in out and "在表后附上填表说明（用于：测试报表）" in out


def test_a_registered_report_is_made_with_the_switches_it_declares(capsys, demo_db, tmp_path, fake_report):
    out = tmp_path / "fake.pdf"
    code, stdout, err = run_cli(capsys, "report", "fake", "--db", str(demo_db), "--out", str(out),
                                "--with-notes", "--group", "第一党小组")
    assert code == 0, err
    assert f"已生成测试报表：{out}" in stdout
    text = read_pdf(out.read_bytes()).text
    assert "masked=False" in text and "with_notes=True" in text and "group_id=1" in text


def test_report_roster_and_person_card(capsys, demo_db, tmp_path):
    out = tmp_path / "roster.pdf"
    code, stdout, err = run_cli(capsys, "report", "roster", "--db", str(demo_db), "--out", str(out), "--masked",
                                "--group", "第一党小组")
    assert code == 0, err
    assert "党员花名册（公示用）" in read_pdf(out.read_bytes()).text
    store = Store(demo_db)
    with store.read() as session:
        wang = people.list_members(session, people.MemberFilter(text="王建国"), TODAY)[0]
        number = people.get_person(session, wang.id, TODAY).form.citizen_id
    store.close()
    card = tmp_path / "card.pdf"
    code, stdout, err = run_cli(capsys, "report", "person", "--db", str(demo_db), "--out", str(card), "--id", number)
    assert code == 0, err
    assert "王建国" in read_pdf(card.read_bytes()).text


def test_report_options_are_checked_against_the_report(capsys, demo_db, tmp_path):
    out = str(tmp_path / "r.pdf")
    base = ("--db", str(demo_db), "--out", out)
    code, _out, err = run_cli(capsys, "report", "person", *base)
    assert code == 2 and "错误：生成党员基本信息卡需要用 --id 指定此人的公民身份号码" in err
    code, _out, err = run_cli(capsys, "report", "roster", *base, "--id", "11010519491231002X")
    assert code == 2 and "错误：党员花名册不使用 --id" in err
    code, _out, err = run_cli(capsys, "report", "roster", *base, "--group", "第九党小组")
    assert code == 1 and "没有名为“第九党小组”的党小组" in err
    assert not (tmp_path / "r.pdf").exists()


def test_a_wrong_check_digit_says_so_instead_of_not_found(capsys, demo_db, tmp_path):
    number = citizen_id.make("110105", date(1949, 12, 31), 2)
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    base = ("report", "person", "--db", str(demo_db), "--out", str(tmp_path / "p.pdf"))
    code, _out, err = run_cli(capsys, *base, "--id", wrong)
    assert code == 1 and "校验位不对" in err and "找不到" not in err
    code, _out, err = run_cli(capsys, *base, "--id", number)
    assert code == 1 and f"找不到公民身份号码为 {number} 的人员" in err


def test_reports_explain_missing_files_folders_and_branch(capsys, tmp_path):
    empty = tmp_path / "empty.db"
    Store(empty).close()
    code, _out, err = run_cli(capsys, "report", "roster", "--db", str(empty), "--out", str(tmp_path / "r.pdf"))
    assert code == 1 and "支部信息" in err and not (tmp_path / "r.pdf").exists()
    code, _out, err = run_cli(capsys, "report", "roster", "--db", str(empty), "--out", str(tmp_path / "no" / "r.pdf"))
    assert code == 1 and "文件夹不存在" in err
    code, _out, err = run_cli(capsys, "report", "roster", "--db", str(tmp_path / "none.db"), "--out", "r.pdf")
    assert code == 1 and "找不到数据文件" in err


def test_demo_writes_through_the_workspace_and_only_into_a_new_file(capsys, tmp_path):
    db = tmp_path / "d.db"
    code, out, err = run_cli(capsys, "demo", "--db", str(db), "--people", "12")
    assert code == 0 and "在册党员 12 人" in out, err
    store = Store(db)
    with store.read() as session:
        assert people.count_members(session) == 12
        assert count_audit(session, AuditFilter(operation=fill_demo.name)) >= 12
    store.close()
    code, _out, err = run_cli(capsys, "demo", "--db", str(db))
    assert code == 1 and "已经有数据" in err
    code, _out, err = run_cli(capsys, "demo", "--db", str(tmp_path / "no" / "x.db"))
    assert code == 1 and "文件夹不存在" in err


def test_import_and_export_excel(capsys, demo_db, tmp_path):
    exported = tmp_path / "members.xlsx"
    code, out, err = run_cli(capsys, "export-excel", "members", "--db", str(demo_db), "--out", str(exported))
    assert code == 0 and "已导出在册党员 30 人" in out, err
    target = tmp_path / "new.db"
    code, _out, err = run_cli(capsys, "import-excel", str(exported), "--db", str(target))
    assert code == 1 and "找不到数据文件" in err and not target.exists()  # only demo makes a new file
    Store(target).close()
    code, out, err = run_cli(capsys, "import-excel", str(exported), "--db", str(target), "--dry-run")
    assert code == 0 and "试运行" in out, err
    code, out, err = run_cli(capsys, "import-excel", str(exported), "--db", str(target))
    assert code == 0 and "已导入：新增 30 人" in out, err
    store = Store(target)
    with store.read() as session:
        assert people.count_members(session) == 30
        assert count_audit(session, AuditFilter(operation="members.import")) >= 30
    store.close()


def test_import_with_problem_rows(capsys, tmp_path):
    db = tmp_path / "d.db"
    Store(db).close()
    rows = [person_row(1, "王建国", date(1970, 1, 1), 11, date(1995, 7, 1), date(1996, 7, 1)),
            person_row(2, "", date(1980, 1, 1), 13, date(2005, 7, 1), date(2006, 7, 1))]
    sheet = write_roster(tmp_path / "r.xlsx", rows)
    code, out, err = run_cli(capsys, "import-excel", str(sheet), "--db", str(db))
    assert code == 1 and "没有导入任何数据" in err and "问题：" in out
    code, out, err = run_cli(capsys, "import-excel", str(sheet), "--db", str(db), "--skip-invalid")
    assert code == 1 and "已导入：新增 1 人" in out and "有 1 行因存在问题没有导入" in err
