"""The safety settings (setting key "safety"): defaults, ranges, audited changes by 管理员 only; the
record of 备份到… (never the password) and the start-up reminder 上次备份到U盘：N 天前."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from models.core.codes import Role
from models.core.errors import PermissionDenied, ValidationError
from models.settings.entities import Setting
from models.settings.safety import (
    SafetySettings,
    get_safety,
    last_offsite_backup,
    offsite_days,
    offsite_reminder,
    record_offsite_backup,
    record_restore,
    update_safety,
)
from models.workspace import Entity, Workspace, role_actor
from models.workspace.audit import AuditFilter, describe_changes, list_audit
from tests.conftest import TODAY

NOON = datetime(TODAY.year, TODAY.month, TODAY.day, 12, 0)


def _at(workspace: Workspace, moment: datetime) -> Workspace:
    return Workspace(workspace.store, workspace.actor, today=moment.date, now=lambda: moment)


def _audit(workspace: Workspace, operation: str):
    with workspace.read() as session:
        return [row for row in list_audit(session, AuditFilter()) if row.operation == operation]


def test_defaults_when_nothing_is_stored(workspace):
    with workspace.read() as session:
        assert get_safety(session) == SafetySettings(idle_lock_minutes=10, offsite_reminder_days=30)
        assert last_offsite_backup(session) is None and offsite_days(session, TODAY) is None


def test_a_change_is_stored_and_audited_per_value(workspace):
    workspace.run(update_safety, SafetySettings(idle_lock_minutes=15, offsite_reminder_days=30))
    with workspace.read() as session:
        assert get_safety(session).idle_lock_minutes == 15
        assert json.loads(session.get(Setting, "safety").value) == {"idle_lock_minutes": 15,
                                                                    "offsite_reminder_days": 30}
    rows = _audit(workspace, "safety.settings")
    assert len(rows) == 1 and rows[0].entity == Entity.SETTING
    assert describe_changes(rows[0]) == "无操作自动锁定（分钟）：10 → 15"
    workspace.run(update_safety, SafetySettings(idle_lock_minutes=15, offsite_reminder_days=30))
    assert len(_audit(workspace, "safety.settings")) == 1  # nothing changed, nothing recorded


@pytest.mark.parametrize("settings,field,message", [
    (SafetySettings(idle_lock_minutes=0), "idle_lock_minutes", "无操作自动锁定（分钟）：应在 1 到 240 之间，现在是 0"),
    (SafetySettings(idle_lock_minutes=241), "idle_lock_minutes", "应在 1 到 240 之间"),
    (SafetySettings(offsite_reminder_days=366), "offsite_reminder_days", "提醒备份到U盘（天）：应在 1 到 365 之间"),
    (SafetySettings(offsite_reminder_days="30"), "offsite_reminder_days", "应为整数"),  # type: ignore[arg-type]
])
def test_values_out_of_range_are_refused_naming_the_field(workspace, settings, field, message):
    with pytest.raises(ValidationError) as caught:
        workspace.run(update_safety, settings)
    assert field in caught.value.errors and message in str(caught.value)
    with workspace.read() as session:
        assert session.get(Setting, "safety") is None
    assert not _audit(workspace, "safety.settings")


def test_a_value_edited_by_hand_out_of_range_falls_back_to_its_default(workspace, store):
    with store.transaction() as session:
        session.add(Setting(key="safety", value='{"idle_lock_minutes": 100000, "offsite_reminder_days": 7}'))
    with workspace.read() as session:
        assert get_safety(session) == SafetySettings(idle_lock_minutes=10, offsite_reminder_days=7)


@pytest.mark.parametrize("role", [Role.CLERK, Role.VIEWER])
def test_only_an_admin_changes_the_safety_settings(store, role):
    worker = Workspace(store, role_actor("小李", role, 2))
    with pytest.raises(PermissionDenied, match="没有“修改设置”的权限，没有做任何改动"):
        worker.run(update_safety, SafetySettings(idle_lock_minutes=30))
    with store.read() as session:
        assert get_safety(session).idle_lock_minutes == 10


def test_an_offsite_backup_is_remembered_without_its_password(workspace, tmp_path):
    out = tmp_path / "U盘" / "支部备份.bkbak"
    _at(workspace, NOON).run(record_offsite_backup, out, True, True)
    with workspace.read() as session:
        assert last_offsite_backup(session) == NOON
        assert offsite_days(session, TODAY + timedelta(days=3)) == 3
    [row] = _audit(workspace, "backup.recorded")
    assert row.entity == Entity.BACKUP and row.summary == f"备份到 {out.parent}"
    assert row.changes == {"folder": str(out.parent), "file": "支部备份.bkbak", "encrypted": True,
                           "same_disk": False}
    assert "设置了密码：是" in describe_changes(row) and "与数据文件在同一磁盘：否" in describe_changes(row)
    workspace.run(update_safety, SafetySettings(idle_lock_minutes=20))  # keeps the date beside the settings
    with workspace.read() as session:
        assert last_offsite_backup(session) == NOON


def test_a_viewer_may_not_record_a_backup_a_clerk_may(store, tmp_path):
    with pytest.raises(PermissionDenied, match="备份数据"):
        Workspace(store, role_actor("小王", Role.VIEWER, 3)).run(record_offsite_backup, tmp_path / "a.db", False, True)
    Workspace(store, role_actor("小李", Role.CLERK, 2)).run(record_offsite_backup, tmp_path / "a.db", False, True)
    with store.read() as session:
        assert last_offsite_backup(session) is not None


def test_a_copy_on_the_data_files_disk_is_audited_but_does_not_quiet_the_reminder(workspace, tmp_path):
    old = NOON - timedelta(days=40)
    _at(workspace, old).run(record_offsite_backup, tmp_path / "U盘" / "a.db", False, True)
    out = tmp_path / "Documents" / "支部备份.db"
    _at(workspace, NOON).run(record_offsite_backup, out, False, False)
    with workspace.read() as session:
        assert last_offsite_backup(session) == old  # the copy beside the data did not leave the disk
        assert offsite_reminder(session, TODAY) == "上次备份到U盘：40 天前"
    row = _audit(workspace, "backup.recorded")[0]  # newest first
    assert row.summary == f"备份到 {out.parent}（与数据文件在同一磁盘）"
    assert row.changes == {"folder": str(out.parent), "file": "支部备份.db", "encrypted": False, "same_disk": True}
    assert "与数据文件在同一磁盘：是" in describe_changes(row)


def test_the_reminder_counts_days_since_the_last_copy_off_the_pc(workspace, tmp_path):
    _at(workspace, NOON).run(record_offsite_backup, tmp_path / "a.db", False, True)
    with workspace.read() as session:
        assert offsite_reminder(session, TODAY + timedelta(days=29)) is None
        assert offsite_reminder(session, TODAY + timedelta(days=30)) == "上次备份到U盘：30 天前"
        assert offsite_reminder(session, TODAY + timedelta(days=45)) == "上次备份到U盘：45 天前"
    workspace.run(update_safety, SafetySettings(offsite_reminder_days=60))
    with workspace.read() as session:
        assert offsite_reminder(session, TODAY + timedelta(days=45)) is None


def test_a_database_never_copied_off_is_reminded_once_in_use_that_long(workspace):
    with workspace.read() as session:
        assert offsite_reminder(session, TODAY) is None  # nothing recorded yet: a new file is not nagged
    _at(workspace, NOON).run(update_safety, SafetySettings(idle_lock_minutes=12))  # first use today
    with workspace.read() as session:
        assert offsite_reminder(session, TODAY + timedelta(days=10)) is None
        assert offsite_reminder(session, TODAY + timedelta(days=30)) == "还没有备份到U盘或其他文件夹过"


def test_a_restore_is_recorded_in_the_restored_database(workspace, tmp_path):
    made = datetime(2026, 11, 20, 8, 30)
    workspace.run(record_restore, tmp_path / "branch-定时-20261120-083000.db", made, 42,
                  tmp_path / "backups" / "branch-恢复前-20261122-120000.db", None)
    [row] = _audit(workspace, "backup.restored")
    assert row.entity == Entity.BACKUP and row.summary == "从备份恢复：branch-定时-20261120-083000.db"
    text = describe_changes(row)
    assert "备份时间：2026-11-20 08:30:00" in text and "在册人员人数：42" in text and "恢复前的数据库备份在" in text
