"""Owner-only files (POSIX): the data file, its -wal/-shm and backups 0600, the folders 0700."""

import os
import stat
from pathlib import Path

import pytest

from models.storage.backups import export_backup, make_backup
from models.storage.store import create_database, open_store

pytestmark = [pytest.mark.skipif(os.name != "posix", reason="POSIX file modes"), pytest.mark.file_only]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_is_owner_only(tmp_path):
    folder = tmp_path / "数据"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    create_database(folder / "branch.db")
    assert _mode(folder / "branch.db") == 0o600 and _mode(folder) == 0o700


def test_opening_tightens_a_loose_file_and_its_wal(tmp_path):
    folder = tmp_path / "数据"
    folder.mkdir()
    path = folder / "branch.db"
    create_database(path)
    path.chmod(0o644)
    folder.chmod(0o775)
    lock, store = open_store(path)
    try:
        with store.read() as session:
            session.connection().exec_driver_sql("SELECT 1")
        for side in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            if side.exists():
                assert _mode(side) == 0o600, side
        assert _mode(folder) == 0o700
    finally:
        store.close()
        lock.release()


def test_a_mode_already_tighter_is_left_and_a_refused_chmod_does_not_stop_opening(tmp_path, monkeypatch):
    path = tmp_path / "branch.db"
    create_database(path)
    path.chmod(0o400)  # read-only for the owner: never loosened to 0600
    from models.storage import file_modes

    assert file_modes.secure_file(path) is None and _mode(path) == 0o400
    path.chmod(0o644)

    def refuse(self, mode):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(Path, "chmod", refuse)
    lock, store = open_store(path)
    store.close()
    lock.release()
    assert _mode(path) == 0o644


def test_backups_and_their_folder_are_owner_only(tmp_path, store):
    made = make_backup(store.path, "定时")
    out = export_backup(store.path, tmp_path / "copy.db", "secret12")
    assert _mode(made) == 0o600 and _mode(made.parent) == 0o700 and _mode(out) == 0o600
