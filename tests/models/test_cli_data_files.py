"""The command line and the data file (issue 11, items 7–9): only `demo` and `init` make a new
file; every other command answers 找不到数据文件 for a missing one and refuses, by its name, an
empty, foreign or newer file and a damaged one — writing nothing; `check` finds damage and broken
data (exit 1) and `check --repair` mends a damaged index after taking a copy."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from models.people.branch import get_branch
from models.storage.instance_lock import InstanceLock
from models.storage.store import Store
from tests.database_damage import break_index_entry, files_in, make_demo_file, set_revision
from tests.models.test_cli import english_words, run_cli


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return make_demo_file(tmp_path_factory.mktemp("template") / "demo.db")


@pytest.fixture
def demo(template, tmp_path):
    path = tmp_path / "branch.db"
    shutil.copy(template, path)
    return path


@pytest.fixture(autouse=True)
def sheet(template, tmp_path_factory, capsys):
    """A roster exported from the demo file, for the import commands (made once)."""
    path = tmp_path_factory.getbasetemp() / "members.xlsx"
    if not path.exists():
        assert run_cli(capsys, "export-excel", "members", "--db", str(template), "--out", str(path))[0] == 0
    return path


def commands(db, out_dir, sheet) -> dict[str, tuple[str, ...]]:
    """Every command that works on an existing data file, with its arguments."""
    db = str(db)
    return {
        "report": ("report", "roster", "--db", db, "--out", str(out_dir / "r.pdf")),
        "export": ("export-excel", "members", "--db", db, "--out", str(out_dir / "m.xlsx")),
        "import": ("import-excel", str(sheet), "--db", db),
        "dry-run": ("import-excel", str(sheet), "--db", db, "--dry-run"),
        "check": ("check", "--db", db),
        "repair": ("check", "--db", db, "--repair"),
    }


def _data_files(folder) -> dict[str, bytes]:
    return {name: data for name, data in files_in(folder).items() if not name.startswith("logs")}


@pytest.mark.parametrize("name", ["report", "export", "import", "dry-run", "check", "repair"])
def test_a_mistyped_db_is_not_found_and_not_created(capsys, tmp_path, sheet, name):
    missing = tmp_path / "branhc.db"
    argv = commands(missing, tmp_path, sheet)[name]
    code, _out, err = run_cli(capsys, *argv)
    assert code == 1 and f"找不到数据文件：{missing}" in err, err
    assert not english_words(err, argv)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("content,why", [(b"", "大小为 0 字节"), (b"PK\x03\x04 not a database" * 50, "不是数据库")])
@pytest.mark.parametrize("name", ["report", "export", "import", "dry-run", "check", "repair", "demo", "init"])
def test_an_empty_or_foreign_file_is_refused_by_name_and_left_alone(capsys, tmp_path, sheet, name, content, why):
    path = tmp_path / "支部.db"
    path.write_bytes(content)
    argv = {**commands(path, tmp_path, sheet), "demo": ("demo", "--db", str(path)),
            "init": ("init", "--db", str(path))}[name]
    code, _out, err = run_cli(capsys, *argv)
    assert code == 1, err
    assert ("“支部.db”不是支部管家的数据文件" in err and why in err) or (name == "init" and "已经存在" in err), err
    assert files_in(tmp_path) == {"支部.db": content}


@pytest.mark.parametrize("name", ["report", "export", "import", "dry-run", "check", "repair"])
def test_a_file_from_a_newer_release_is_refused_untouched(capsys, demo, tmp_path, sheet, name):
    set_revision(demo, "0099")
    before = files_in(tmp_path)
    code, _out, err = run_cli(capsys, *commands(demo, tmp_path, sheet)[name])
    assert code == 1 and "这个数据文件由更新版本的支部管家创建" in err and "请安装新版本" in err, err
    assert "Traceback" not in err
    assert files_in(tmp_path) == before


@pytest.mark.parametrize("name", ["report", "export", "import", "dry-run"])
def test_commands_refuse_a_file_with_a_damaged_index(capsys, demo, tmp_path, sheet, name):
    break_index_entry(demo)
    before = _data_files(tmp_path)
    code, out, err = run_cli(capsys, *commands(demo, tmp_path, sheet)[name])
    assert code == 1 and "索引" in err and "已损坏" in err and "check --repair" in err, err
    assert "已导出" not in out and "已生成" not in out and "已导入" not in out
    assert _data_files(tmp_path) == before  # no PDF, no workbook, no write


def test_check_finds_the_damage_and_repair_mends_it_keeping_a_copy(capsys, demo, tmp_path):
    code, out, _err = run_cli(capsys, "export-excel", "members", "--db", str(demo), "--out", str(tmp_path / "a.xlsx"))
    everyone = out.split("在册党员 ")[1].split(" 人")[0]
    break_index_entry(demo)
    code, out, err = run_cli(capsys, "check", "--db", str(demo))
    assert code == 1 and "数据库完整性：发现 1 处问题" in out and "check --repair" in err
    # Paths and the names of the folders beside the data file are names, not prose.
    assert not english_words((out + err).replace(str(tmp_path), ""), ("check", "--repair", "backups", "logs/error.log"))
    assert "missing from index" in (tmp_path / "logs" / "error.log").read_text(encoding="utf-8")
    with InstanceLock(demo):  # the window has the file open: repairing now is refused
        code, _out, err = run_cli(capsys, "check", "--db", str(demo), "--repair")
        assert code == 1 and "请先关闭程序窗口" in err
    assert not list((tmp_path / "backups").glob("*.db")) if (tmp_path / "backups").exists() else True
    code, out, err = run_cli(capsys, "check", "--db", str(demo), "--repair")
    assert code == 0 and "已修复损坏的索引" in out and "结论：数据文件完好" in out, out + err
    copies = list((tmp_path / "backups").glob("branch-修复前-*.db"))
    assert len(copies) == 1 and str(copies[0]) in out
    code, out, _err = run_cli(capsys, "export-excel", "members", "--db", str(demo), "--out", str(tmp_path / "b.xlsx"))
    assert code == 0 and f"在册党员 {everyone} 人" in out
    assert run_cli(capsys, "check", "--db", str(demo))[0] == 0


def test_check_reports_broken_data_with_exit_code_1(capsys, demo):
    code, out, _err = run_cli(capsys, "check", "--db", str(demo))
    assert code == 0 and "党员数据规则：通过" in out and "记录之间的关联：通过" in out
    connection = sqlite3.connect(demo)
    connection.execute("UPDATE person SET stage = 'member' WHERE id = 3")
    connection.commit()
    connection.close()
    before = demo.read_bytes()
    code, out, err = run_cli(capsys, "check", "--db", str(demo), "--repair")
    assert code == 1 and "党籍状态代码无法识别" in out and "发现 1 处数据问题" in out, out + err
    assert demo.read_bytes() == before


def test_init_makes_a_new_file_only(capsys, tmp_path):
    path = tmp_path / "新支部.db"
    code, out, err = run_cli(capsys, "init", "--db", str(path), "--branch", "红旗村党支部")
    assert code == 0 and f"已新建数据文件：{path}" in out, err
    store = Store(path, create=False)
    with store.read() as session:
        assert get_branch(session).full_name == "中共红旗村支部委员会"
    store.close()
    before = path.read_bytes()
    code, _out, err = run_cli(capsys, "init", "--db", str(path))
    assert code == 1 and "数据文件已经存在，没有改动它" in err
    assert path.read_bytes() == before
    code, out, err = run_cli(capsys, "init", "--db", str(tmp_path / "无" / "x.db"))
    assert code == 1 and "文件夹不存在" in err
    code, out, err = run_cli(capsys, "init", "--db", str(tmp_path / "y.db"), "--branch", "村" * 61)
    assert code == 1 and "支部名称：名称太长" in err and not (tmp_path / "y.db").exists()
