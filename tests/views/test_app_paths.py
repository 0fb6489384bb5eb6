"""Where the data file lives: portable data/ beside the program, else the per-user folder."""

from ui.app import make_application
from ui.app_paths import DB_FILE_NAME, default_db_path


def test_portable_mode_when_data_folder_sits_beside_the_program(tmp_path):
    (tmp_path / "data").mkdir()
    assert default_db_path(tmp_path) == tmp_path / "data" / DB_FILE_NAME


def test_per_user_folder_otherwise(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    make_application()
    path = default_db_path(tmp_path / "program")
    assert path.name == DB_FILE_NAME
    assert path.parent.is_dir() and "BranchKeeper" in str(path.parent)
