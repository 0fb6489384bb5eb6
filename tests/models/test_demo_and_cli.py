"""The demo data, and the command line run as a user would (a real process)."""

import os
import subprocess
import sys
from pathlib import Path

from models.core.codes import Stage
from models.core.dates import full_years
from models.demo import fill_demo
from models.people import roster as people
from models.people.branch import get_branch, list_groups
from models.people.citizen_id import is_valid
from models.workspace import Entity
from models.workspace.audit import AuditFilter, count_audit
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]


def run_main(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=120)


def test_demo_data_is_realistic_consistent_and_audited(store, workspace):
    outcome = workspace.run(fill_demo, 200)
    assert outcome.changes.touches(Entity.BRANCH, Entity.GROUP, Entity.PERSON)
    with store.read() as session:
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
        assert count_audit(session, AuditFilter(operation=fill_demo.name, actor="测试员")) >= len(everyone)


def test_cli_version_demo_and_report_in_a_real_process(tmp_path):
    version = run_main("--version")
    assert version.returncode == 0 and "支部管家" in version.stdout
    db = tmp_path / "d.db"
    made = run_main("demo", "--db", str(db), "--people", "30")
    assert made.returncode == 0, made.stderr
    assert "在册党员 30 人" in made.stdout
    again = run_main("demo", "--db", str(db))
    assert again.returncode == 1 and "已经有数据" in again.stderr
    out = tmp_path / "roster.pdf"
    report = run_main("report", "roster", "--db", str(db), "--out", str(out), "--masked")
    assert report.returncode == 0, report.stderr
    assert out.stat().st_size > 0
    wrong = run_main("demo", "--db", str(tmp_path / "x.db"), "--people", "很多")
    assert wrong.returncode == 2 and wrong.stderr.startswith("用法：main.py demo")
    assert "错误：参数 --people：应为 1 到 200000 之间的整数，现在是“很多”" in wrong.stderr


def test_output_is_utf8_even_under_a_cp1252_console():
    """The Windows build printed Chinese to a pipe under a cp1252 console and died with
    UnicodeEncodeError: output is switched to UTF-8 before anything is printed."""
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "PYTHONUTF8": "0", "QT_QPA_PLATFORM": "offscreen"}
    for args, code in ((["--help"], 0), (["report", "roster", "--db", "无此文件.db", "--out", "r.pdf"], 1)):
        result = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, env=env,
                                timeout=120)
        assert result.returncode == code, result.stderr
        text = (result.stdout + result.stderr).decode("utf-8")  # strict: every byte is UTF-8
        assert "Traceback" not in text and "UnicodeEncodeError" not in text
        assert ("用法：main.py" in text) if code == 0 else ("找不到数据文件" in text and "无此文件.db" in text)


def test_self_test_passes_from_source():
    result = run_main("self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "自检通过" in result.stdout and "FAIL" not in result.stdout
    assert "[通过 PASS] 操作记录 audit log" in result.stdout
    # every file under a folder named like a branch's own (Chinese, a space), the output UTF-8
    assert "[通过 PASS] 数据库与迁移 database and migrations：revision" in result.stdout
    assert str(Path("张三", "桌面", "支部 数据")) in result.stdout
    assert "[通过 PASS] 中文输出 Chinese output" in result.stdout
    assert "[通过 PASS] 数据位置 data location" in result.stdout
