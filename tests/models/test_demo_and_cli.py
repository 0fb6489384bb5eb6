"""The demo data and the command line, run as a user would (a real process)."""

import os
import subprocess
import sys
from pathlib import Path

from models import demo, people
from models.branch import get_branch, list_groups
from models.citizen_id import is_valid
from models.codes import Stage
from models.dates import full_years
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]


def run_main(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=120)


def test_demo_data_is_realistic_and_consistent(store):
    with store.session() as session:
        demo.fill(session, 200, TODAY)
        assert get_branch(session).full_name == "中共红旗村支部委员会"
        assert len(list_groups(session)) >= 3
        active = people.list_members(session, people.MemberFilter(), TODAY)
        everyone = people.list_members(session, people.MemberFilter(include_archived=True), TODAY)
        assert len(active) == 200
        assert len(everyone) > 200  # some archived people besides
        assert any(r.stage == Stage.PROBATIONARY for r in active)
        assert any(r.is_mobile for r in active)
        assert "王建国" in {r.name for r in active} and "李䶮" in {r.name for r in active}
        for row in everyone:
            form = people.get_person(session, row.id, TODAY).form
            assert is_valid(form.citizen_id)
            assert full_years(form.birth_date, form.joined_on) >= 18
            assert form.joined_on <= TODAY
            assert form.confirmed_on is None or form.confirmed_on > form.joined_on


def test_cli_version_and_demo(tmp_path):
    version = run_main("--version")
    assert version.returncode == 0 and "支部管家" in version.stdout
    db = tmp_path / "d.db"
    made = run_main("demo", "--db", str(db), "--people", "30")
    assert made.returncode == 0, made.stderr
    assert "在册党员 30 人" in made.stdout
    again = run_main("demo", "--db", str(db))
    assert again.returncode == 1 and "已经有人员数据" in again.stderr


def test_cli_bad_arguments_are_explained_in_chinese(tmp_path):
    result = run_main("demo", "--db", str(tmp_path / "x.db"), "--people", "很多")
    assert result.returncode == 2 and "参数有误" in result.stderr
    missing = run_main("demo", "--db", str(tmp_path / "no-such-folder" / "x.db"))
    assert missing.returncode == 1 and "文件夹不存在" in missing.stderr


def test_cli_reports(tmp_path):
    from tests.pdf_check import read_pdf

    db = tmp_path / "d.db"
    assert run_main("demo", "--db", str(db), "--people", "20").returncode == 0
    out = tmp_path / "roster.pdf"
    made = run_main("report", "roster", "--db", str(db), "--out", str(out), "--masked")
    assert made.returncode == 0, made.stderr
    assert "党员花名册" in read_pdf(out.read_bytes()).text
    unknown = run_main("report", "dues", "--db", str(db), "--out", str(out))
    assert unknown.returncode == 2 and "没有名为“dues”的报表" in unknown.stderr
    nobody = run_main("report", "person", "--db", str(db), "--id", "11010519491231002X", "--out", str(out))
    assert nobody.returncode == 1 and "找不到公民身份号码" in nobody.stderr
    nowhere = run_main("report", "roster", "--db", str(db), "--out", str(tmp_path / "no" / "r.pdf"))
    assert nowhere.returncode == 1 and "文件夹不存在" in nowhere.stderr


def test_cli_report_on_an_empty_database_explains(tmp_path):
    db = tmp_path / "empty.db"
    from models.store import Store

    Store(db).close()
    result = run_main("report", "roster", "--db", str(db), "--out", str(tmp_path / "r.pdf"))
    assert result.returncode == 1 and "支部信息" in result.stderr
    assert not (tmp_path / "r.pdf").exists()


def test_self_test_passes_from_source():
    result = run_main("self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "自检通过" in result.stdout and "FAIL" not in result.stdout
