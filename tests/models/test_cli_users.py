"""The CLI acts as a named user (issue 14): --user NAME or BRANCHKEEPER_USER, the password from
BRANCHKEEPER_PASSWORD or a prompt, never an argument; a refusal is Chinese with exit code 3; a
database without accounts is worked on as the local 管理员 whatever these say."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CREDENTIALS = ("BRANCHKEEPER_USER", "BRANCHKEEPER_PASSWORD")


def cli(*args: str, user: str | None = None, password: str | None = None, stdin: str | None = None,
        timeout: int = 120) -> subprocess.CompletedProcess:
    """main.py in a subprocess with exactly these credentials in its environment (none when None)."""
    env = {k: v for k, v in os.environ.items() if k not in CREDENTIALS}
    env |= {"PYTHONIOENCODING": "utf-8", "QT_QPA_PLATFORM": "offscreen"}
    if user is not None:
        env["BRANCHKEEPER_USER"] = user
    if password is not None:
        env["BRANCHKEEPER_PASSWORD"] = password
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=timeout, input=stdin if stdin is not None else "")


def rows(db: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(db)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("cli_users") / "demo.db"
    made = cli("demo", "--db", str(db), "--people", "12")
    assert made.returncode == 0, made.stderr
    assert "演示账号：admin，密码：demo1234" in made.stdout and "luru（录入员）" in made.stdout
    return db


@pytest.fixture(scope="module")
def roster(demo, tmp_path_factory) -> Path:
    """The demo's members as an .xlsx (something to import)."""
    out = tmp_path_factory.mktemp("cli_users_xlsx") / "roster.xlsx"
    done = cli("export-excel", "members", "--db", str(demo), "--out", str(out), user="admin", password="demo1234")
    assert done.returncode == 0, done.stderr
    return out


def test_user_from_the_option_or_the_environment(demo, tmp_path):
    out = tmp_path / "a.xlsx"
    logins_before = rows(demo, "SELECT count(*) FROM audit_log WHERE operation = 'user.sign_in'")
    by_option = cli("--user", "luru", "export-excel", "members", "--db", str(demo), "--out", str(out),
                    password="demo1234")
    assert by_option.returncode == 0, by_option.stderr
    by_env = cli("export-excel", "members", "--db", str(demo), "--out", str(out), user="chakan", password="demo1234")
    assert by_env.returncode == 0, by_env.stderr
    # --user wins over the environment
    both = cli("--user", "chakan", "report", "roster", "--db", str(demo), "--out", str(tmp_path / "r.pdf"),
               user="nobody", password="demo1234")
    assert both.returncode == 0, both.stderr
    # Commands that only read check the password without writing: the file is left as it was.
    assert rows(demo, "SELECT count(*) FROM audit_log WHERE operation = 'user.sign_in'") == logins_before
    # --user wins: "nobody" would have been refused (exit 3)


def test_wrong_password_is_exit_3_in_chinese_and_recorded(demo, tmp_path):
    wrong = cli("--user", "luru", "export-excel", "members", "--db", str(demo), "--out", str(tmp_path / "a.xlsx"),
                password="not-it")
    assert wrong.returncode == 3
    assert "错误：以“luru”登录没有成功：用户名或密码不正确" in wrong.stderr and "Traceback" not in wrong.stderr
    assert not (tmp_path / "a.xlsx").exists()
    unknown = cli("--user", "陌生人", "export-excel", "members", "--db", str(demo), "--out", str(tmp_path / "a.xlsx"),
                  password="demo1234")
    assert unknown.returncode == 3 and "用户名或密码不正确" in unknown.stderr
    failed = rows(demo, "SELECT actor, changes FROM audit_log WHERE operation = 'user.sign_in_failed'")
    assert ("luru", '{"reason": "密码不正确", "failed_count": 1}') in failed
    assert any(actor == "陌生人" for actor, _ in failed)
    assert all("not-it" not in changes for _, changes in failed)
    # a good password resets luru's count (so other tests are not kept waiting)
    assert cli("--user", "luru", "export-excel", "members", "--db", str(demo), "--out", str(tmp_path / "b.xlsx"),
               password="demo1234").returncode == 0
    assert rows(demo, "SELECT failed_count FROM app_user WHERE name = 'luru'") == [(0,)]


def test_a_user_is_needed_and_the_password_never_hangs(demo, tmp_path):
    out = str(tmp_path / "a.xlsx")
    nobody = cli("export-excel", "members", "--db", str(demo), "--out", out)
    assert nobody.returncode == 3 and "--user" in nobody.stderr and "BRANCHKEEPER_USER" in nobody.stderr
    no_password = cli("--user", "admin", "export-excel", "members", "--db", str(demo), "--out", out, timeout=60)
    assert no_password.returncode == 3 and "BRANCHKEEPER_PASSWORD" in no_password.stderr
    assert not Path(out).exists()


def test_the_password_is_never_an_argument(demo, tmp_path):
    for args in (["--user", "admin", "--password", "demo1234", "backups", "--db", str(demo)],
                 ["--user", "admin", "backups", "--db", str(demo), "--password", "demo1234"]):
        refused = cli(*args)
        assert refused.returncode == 2 and "--password" in refused.stderr
    usage = cli("--help")
    assert "--user 用户名" in usage.stdout and "BRANCHKEEPER_PASSWORD" in usage.stdout
    assert "--password" not in usage.stdout


def test_a_viewer_cannot_import(demo, roster):
    people = rows(demo, "SELECT count(*) FROM person")
    refused = cli("--user", "chakan", "import-excel", "--db", str(demo), str(roster), password="demo1234")
    assert refused.returncode != 0
    assert "“chakan”没有“导入数据”的权限，没有做任何改动" in refused.stderr
    assert "第2行" not in refused.stdout  # refused first, not after listing every row
    assert rows(demo, "SELECT count(*) FROM person") == people
    assert rows(demo, "SELECT count(*) FROM audit_log WHERE operation = 'members.import'") == [(0,)]
    clerk = cli("--user", "luru", "import-excel", "--db", str(demo), str(roster), password="demo1234")
    assert clerk.returncode == 0, clerk.stderr  # 录入员 may


def test_without_accounts_the_local_user_acts_whatever_is_given(tmp_path):
    db = tmp_path / "new.db"
    made = cli("init", "--db", str(db), user="nobody", password="wrong")
    assert made.returncode == 0, made.stderr
    out = tmp_path / "a.xlsx"
    done = cli("--user", "ghost", "export-excel", "members", "--db", str(db), "--out", str(out), password="x")
    assert done.returncode == 0, done.stderr
    assert rows(db, "SELECT count(*) FROM app_user") == [(0,)]
    assert rows(db, "SELECT count(*) FROM audit_log WHERE entity = 'app_user'") == [(0,)]
