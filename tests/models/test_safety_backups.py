"""Operations flagged backup_before copy the data file first; a backup that fails stops the operation
before it starts, with nothing changed."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from models.excel.pipeline_import import import_pipeline
from models.excel.roster_import import import_roster
from models.people.entities import Person
from models.people.operations import create_member
from models.people.rules import PersonForm
from models.scoring.entries import add_entries, approve_entries
from models.scoring.tally import rebuild_tally
from models.storage.backups import BackupFailed, list_backups
from models.workspace.entities import AuditEntry
from models.workspace.operations import BATCH_BACKUP_ROWS


def test_the_risky_operations_are_flagged():
    assert import_roster.wants_backup(object()) and import_pipeline.wants_backup(object())
    assert rebuild_tally.wants_backup()
    assert approve_entries.wants_backup(list(range(BATCH_BACKUP_ROWS + 1)))
    assert not approve_entries.wants_backup(list(range(BATCH_BACKUP_ROWS)))
    from models.scoring.entries import EntryForm

    assert add_entries.wants_backup(EntryForm(person_ids=tuple(range(BATCH_BACKUP_ROWS + 1))))
    assert not add_entries.wants_backup(EntryForm(person_ids=(1, 2)))
    assert not create_member.wants_backup(PersonForm(name="张三"))


@pytest.mark.file_only
def test_a_flagged_operation_backs_up_first(workspace):
    outcome = workspace.run(rebuild_tally)
    (copy,) = list_backups(workspace.store.path)
    assert copy.label == "重新计算积分汇总" and outcome.changes is not None


def _counts(workspace) -> tuple[int, int]:
    with workspace.read() as session:
        return (session.scalar(select(func.count()).select_from(Person)),
                session.scalar(select(func.count()).select_from(AuditEntry)))


@pytest.mark.file_only
def test_a_failing_backup_stops_the_operation_with_nothing_changed(workspace):
    (Path(workspace.store.path).parent / "backups").write_text("a file, not a folder")
    before = _counts(workspace)
    with pytest.raises(BackupFailed) as refused:
        workspace.run(rebuild_tally)
    assert "没有做成" in str(refused.value)
    assert _counts(workspace) == before
    assert (Path(workspace.store.path).parent / "backups").read_text() == "a file, not a folder"
