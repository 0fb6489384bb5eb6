"""The CLI's backup, restore, backups and check commands on real demo databases (with the demo's
accounts admin / luru (录入员) / chakan (查看), password demo1234): plain and encrypted copies,
the list, restoring (checked first, the current file backed up, audited), refusals that leave the
database as it was, the roles, and check's exit codes (reminders are not errors)."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, datetime, time, timedelta

import pytest

from models.demo import fill_demo
from models.people.roster import count_members
from models.settings.safety import last_offsite_backup
from models.storage.backups import describe_backup, make_backup
from models.storage.instance_lock import InstanceLock
from models.storage.store import Store
from models.workspace import Workspace
from models.workspace.audit import AuditFilter, list_audit
from tests.conftest import TEST_ACTOR, TODAY
from tests.models.test_cli import english_words, run_cli
from tests.models.test_location_warnings import other_disk

PASSWORD_ENV = "BRANCHKEEPER_BACKUP_PASSWORD"
TODAY_NOON = datetime.combine(date.today(), time(12))


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    db = tmp_path_factory.mktemp("template") / "branch.db"
    store = Store(db)
    try:
        Workspace(store, TEST_ACTOR, today=lambda: TODAY).run(fill_demo, 30)
    finally:
        store.close()
    return db


@pytest.fixture
def db(template, tmp_path):
    path = tmp_path / "数据" / "branch.db"
    path.parent.mkdir()
    shutil.copy(template, path)
    return path


@pytest.fixture(autouse=True)
def signed_in(monkeypatch):
    monkeypatch.setenv("BRANCHKEEPER_USER", "admin")
    monkeypatch.setenv("BRANCHKEEPER_PASSWORD", "demo1234")
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture
def stick(tmp_path, monkeypatch):
    """A folder on another disk than the data file (a USB stick)."""
    yield from other_disk(tmp_path, monkeypatch)


def type_at_a_terminal(monkeypatch, answer) -> None:
    """A person at a terminal typing `answer(prompt)` at each password prompt (stdin is a pipe here)."""
    import sys

    monkeypatch.setattr("getpass.getpass", answer)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)


def _members(path) -> int:
    store = Store(path, create=False)
    try:
        with store.read() as session:
            return count_members(session)
    finally:
        store.close()


def _audit(path, operation: str):
    store = Store(path, create=False)
    try:
        with store.read() as session:
            return [row for row in list_audit(session, AuditFilter()) if row.operation == operation]
    finally:
        store.close()


def _archive_everyone(path) -> None:
    """A change after the backup (as if made in the window), so a restore visibly brings the data back."""
    connection = sqlite3.connect(path)
    connection.execute("DELETE FROM person_event")
    connection.execute("DELETE FROM person WHERE id > 5")
    connection.commit()
    connection.close()


def _files(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and "logs" not in p.parts}


def test_backup_writes_a_checked_copy_and_records_it(capsys, db, stick):
    out = stick / "U盘" / "支部备份.db"
    out.parent.mkdir()
    code, stdout, err = run_cli(capsys, "backup", "--db", str(db), "--out", str(out))
    assert code == 0, err
    assert f"已备份到：{out}（" in stdout and " MB）" in stdout and "提醒" not in stdout
    assert _members(out) == _members(db) > 0
    [row] = _audit(db, "backup.recorded")
    assert row.actor == "admin" and row.changes == {"folder": str(out.parent), "file": "支部备份.db",
                                                    "encrypted": False, "same_disk": False}
    store = Store(db, create=False)
    with store.read() as session:
        assert last_offsite_backup(session) is not None
    store.close()
    assert not english_words(stdout.replace(str(stick), ""), ("backup",))


def test_a_backup_to_a_folder_on_the_data_files_disk_is_a_reminder_not_a_copy_off_the_pc(capsys, db, tmp_path):
    documents = tmp_path / "Documents"
    documents.mkdir()
    code, stdout, err = run_cli(capsys, "backup", "--db", str(db), "--out", str(documents))
    assert code == 0, err
    [written] = documents.glob("branch-备份-*.db")
    assert f"已备份到：{written}（" in stdout and _members(written) == _members(db)
    assert "提醒：备份已保存，但它和数据文件在同一块磁盘上，电脑坏了会一起丢失；请再备份到U盘。" in stdout
    [row] = _audit(db, "backup.recorded")
    assert row.changes == {"folder": str(documents), "file": written.name, "encrypted": False, "same_disk": True}
    store = Store(db, create=False)
    with store.read() as session:
        assert last_offsite_backup(session) is None  # the 30-day reminder still counts
    store.close()


def test_an_encrypted_backup_asks_the_password_twice_and_is_unreadable_without_it(capsys, db, tmp_path, monkeypatch):
    typed = iter(["secret99", "secret99"])
    type_at_a_terminal(monkeypatch, lambda prompt="": next(typed))
    out = tmp_path / "支部备份.db"
    code, stdout, err = run_cli(capsys, "backup", "--db", str(db), "--out", str(out), "--encrypt")
    assert code == 0, err
    written = tmp_path / "支部备份.bkbak"
    assert f"已备份到：{written}" in stdout and "忘记密码就无法" in stdout
    assert written.exists() and not out.exists()
    data = written.read_bytes()
    assert not data.startswith(b"SQLite format 3") and b"secret99" not in data
    [row] = _audit(db, "backup.recorded")
    assert row.changes["encrypted"] is True and "secret99" not in str(row.changes)


def test_mismatched_or_short_backup_passwords_write_nothing(capsys, db, tmp_path, monkeypatch):
    typed = iter(["secret99", "secret98"])
    type_at_a_terminal(monkeypatch, lambda prompt="": next(typed))
    code, _out, err = run_cli(capsys, "backup", "--db", str(db), "--out", str(tmp_path / "a.bkbak"), "--encrypt")
    assert code == 1 and "两次输入的备份密码不一致" in err
    monkeypatch.setenv(PASSWORD_ENV, "123")
    code, _out, err = run_cli(capsys, "backup", "--db", str(db), "--out", str(tmp_path / "a.bkbak"), "--encrypt")
    assert code == 1 and "至少要 6 个字符" in err
    assert not list(tmp_path.glob("a*")) and not _audit(db, "backup.recorded")


def test_a_wrong_output_name_is_a_usage_error(capsys, db, tmp_path):
    code, _out, err = run_cli(capsys, "backup", "--db", str(db), "--out", str(tmp_path / "备份.zip"))
    assert code == 2 and "应以 .db 结尾，如 备份.db" in err


def test_a_viewer_may_not_back_up_a_clerk_may(capsys, db, tmp_path, monkeypatch):
    monkeypatch.setenv("BRANCHKEEPER_USER", "chakan")
    code, _out, err = run_cli(capsys, "backup", "--db", str(db), "--out", str(tmp_path / "a.db"))
    assert code == 1 and "“chakan”没有“备份数据”的权限" in err, err
    assert not (tmp_path / "a.db").exists() and not _audit(db, "backup.recorded")
    monkeypatch.setenv("BRANCHKEEPER_USER", "luru")
    assert run_cli(capsys, "backup", "--db", str(db), "--out", str(tmp_path / "a.db"))[0] == 0
    assert (tmp_path / "a.db").exists()


def test_a_wrong_sign_in_is_exit_code_3(capsys, db, tmp_path, monkeypatch):
    monkeypatch.setenv("BRANCHKEEPER_PASSWORD", "wrong-one")
    code, _out, err = run_cli(capsys, "backup", "--db", str(db), "--out", str(tmp_path / "a.db"))
    assert code == 3 and "登录没有成功" in err
    assert not (tmp_path / "a.db").exists()


def test_backups_lists_newest_first_with_people(capsys, db):
    older = make_backup(db, "定时", now=TODAY_NOON - timedelta(hours=3))
    newer = make_backup(db, "退出时", now=TODAY_NOON)
    code, stdout, err = run_cli(capsys, "backups", "--db", str(db))
    assert code == 0, err
    lines = stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("时间"))
    assert lines[header].split() == ["时间", "类型", "大小", "人数", "文件名"]
    assert newer.name in lines[header + 1] and "退出时" in lines[header + 1]
    assert older.name in lines[header + 2] and str(describe_backup(older).people) in lines[header + 2].split()
    assert "共 2 个备份" in stdout


def test_backups_of_a_missing_data_file_are_still_listed(capsys, db):
    copy = make_backup(db, "定时", now=TODAY_NOON)
    db.unlink()
    code, stdout, _err = run_cli(capsys, "backups", "--db", str(db))
    assert code == 0 and "找不到数据文件" in stdout and copy.name in stdout and "restore" in stdout
    shutil.rmtree(db.parent / "backups")
    code, _out, err = run_cli(capsys, "backups", "--db", str(db))
    assert code == 1 and "也没有备份" in err


def test_restore_brings_the_backup_back_keeping_the_current_file(capsys, db, tmp_path):
    out = tmp_path / "备份.db"
    assert run_cli(capsys, "backup", "--db", str(db), "--out", str(out))[0] == 0
    members = _members(db)
    _archive_everyone(db)
    assert _members(db) < members
    code, stdout, err = run_cli(capsys, "restore", str(out), "--db", str(db))
    assert code == 0, err
    assert _members(db) == members
    assert f"在册党员 {describe_backup(out).people} 人" in stdout and "恢复前的数据文件已备份到" in stdout
    [before] = (db.parent / "backups").glob("branch-恢复前-*.db")
    assert str(before) in stdout and _members(before) < members
    [row] = _audit(db, "backup.restored")
    assert row.actor == "admin" and row.summary == "从备份恢复：备份.db"
    assert not english_words(stdout.replace(str(tmp_path), ""), ("restore",))


def test_restore_of_an_encrypted_backup_needs_its_password(capsys, db, tmp_path, monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, "secret99")
    assert run_cli(capsys, "backup", "--db", str(db), "--out", str(tmp_path / "备份.bkbak"), "--encrypt")[0] == 0
    members = _members(db)
    _archive_everyone(db)
    before = _files(db.parent)
    monkeypatch.setenv(PASSWORD_ENV, "secret98")
    code, stdout, err = run_cli(capsys, "restore", str(tmp_path / "备份.bkbak"), "--db", str(db))
    assert code == 1 and "密码不正确" in err and not stdout
    assert _files(db.parent) == before  # untouched: no switch, no 恢复前 copy
    monkeypatch.delenv(PASSWORD_ENV)
    type_at_a_terminal(monkeypatch, lambda prompt="": "secret99")
    code, stdout, err = run_cli(capsys, "restore", str(tmp_path / "备份.bkbak"), "--db", str(db))
    assert code == 0, err
    assert _members(db) == members


def test_restore_to_a_missing_path_creates_the_database(capsys, db, tmp_path):
    target = tmp_path / "新位置" / "branch.db"
    target.parent.mkdir()
    code, stdout, err = run_cli(capsys, "restore", str(db), "--db", str(target))
    assert code == 0, err
    assert "已经新建" in stdout and _members(target) == _members(db)
    assert len(_audit(target, "backup.restored")) == 1


def test_restore_is_refused_while_the_window_has_the_file_open(capsys, db, tmp_path):
    copy = make_backup(db, "定时", now=TODAY_NOON)
    before = db.read_bytes()
    with InstanceLock(db):
        code, _out, err = run_cli(capsys, "restore", str(copy), "--db", str(db))
    assert code == 1 and "请先关闭程序窗口" in err, err
    assert db.read_bytes() == before and not list((db.parent / "backups").glob("*恢复前*"))


def test_a_clerk_may_not_restore(capsys, db, tmp_path, monkeypatch):
    copy = make_backup(db, "定时", now=TODAY_NOON)
    monkeypatch.setenv("BRANCHKEEPER_USER", "luru")
    before = db.read_bytes()
    code, _out, err = run_cli(capsys, "restore", str(copy), "--db", str(db))
    assert code == 1 and "“luru”没有“从备份恢复”的权限" in err, err
    assert not list((db.parent / "backups").glob("*恢复前*")) and not _audit(db, "backup.restored")
    assert _members(db) > 0 and db.read_bytes() != b"" and before


def test_a_file_that_is_no_backup_is_refused(capsys, db, tmp_path):
    fake = tmp_path / "假的.db"
    fake.write_bytes(b"not a database at all" * 100)
    before = _files(db.parent)
    code, _out, err = run_cli(capsys, "restore", str(fake), "--db", str(db))
    assert code == 1 and "不是可以使用的支部管家备份" in err, err
    assert _files(db.parent) == before


def test_check_is_0_with_an_overdue_grievance_and_no_copy_off_the_pc(capsys, db):
    connection = sqlite3.connect(db)
    changed = connection.execute("UPDATE grievance SET deadline = '2020-01-10' WHERE status IN "
                                 "('new', 'handling', 'referred', 'to_check')").rowcount
    connection.execute("UPDATE audit_log SET at = '2020-01-01 08:00:00.000000'")  # in use for years
    connection.commit()
    connection.close()
    assert changed > 0
    code, stdout, err = run_cli(capsys, "check", "--db", str(db))
    assert code == 0, stdout + err
    assert "结论：数据文件完好" in stdout and "提醒：还没有备份到U盘或其他文件夹过" in stdout


def test_check_is_1_for_broken_data_and_for_a_broken_link(capsys, db):
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA foreign_keys = OFF")
    connection.execute("UPDATE person_event SET person_id = 99999 WHERE id = (SELECT min(id) FROM person_event)")
    connection.commit()
    connection.close()
    code, stdout, _err = run_cli(capsys, "check", "--db", str(db))
    assert code == 1 and "记录之间的关联：发现" in stdout and "经历事件应属于一个存在的人员" in stdout


def test_check_repair_is_for_an_admin_and_backs_up_first(capsys, db, monkeypatch):
    connection = sqlite3.connect(db)
    assert connection.execute("UPDATE score_tally SET base = base + 5").rowcount > 0  # the tally no longer adds up
    connection.commit()
    connection.close()
    monkeypatch.setenv("BRANCHKEEPER_USER", "chakan")
    code, stdout, _err = run_cli(capsys, "check", "--db", str(db))
    assert code == 1 and "积分汇总：有" in stdout  # checking needs no sign-in and changes nothing
    before = db.read_bytes()
    code, _out, err = run_cli(capsys, "check", "--db", str(db), "--repair")
    assert code == 1 and "“chakan”没有“修改设置”的权限，不能修复数据文件" in err, err
    assert not (db.parent / "backups").exists()
    monkeypatch.setenv("BRANCHKEEPER_USER", "admin")
    code, stdout, err = run_cli(capsys, "check", "--db", str(db), "--repair")
    assert code == 0 and "已按积分记录重新计算积分汇总" in stdout, stdout + err
    [copy] = (db.parent / "backups").glob("branch-修复前-*.db")
    assert str(copy) in stdout and before != db.read_bytes()
    assert run_cli(capsys, "check", "--db", str(db))[0] == 0
