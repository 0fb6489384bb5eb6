"""Every Excel writer under faults: a full disk (ENOSPC) at the moment the file is moved into place
or half-way through writing it, no permission (EACCES, as for a file held open by WPS), a disk
error on flush, a target that is a folder, a folder that is missing or read-only.

Each time the user gets a Chinese message saying what happened and what to do, the file that was
there before is byte for byte as it was, and nothing is left behind in the folder. The faults are
the operating system's: os.replace, os.fsync and zipfile's writes are made to fail as the OS
would; our own code runs as it is.
"""

from __future__ import annotations

import errno
import os
import re
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

import main
from models.core.errors import UserError
from models.excel.audit_export import export_audit
from models.excel.roster_export import export_people, write_problems, write_template
from models.excel.roster_import import Problem
from models.people import roster as people
from models.people.operations import create_member
from models.people.rules import PersonForm
from models.workspace.audit import AuditFilter, list_audit
from tests.conftest import TODAY, db_argument

OLD = b"the export that was here before"
# An abandoned openpyxl writer finishing itself in the garbage collector prints an English
# traceback on the console: a failed save must not leave one behind.
pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")


@pytest.fixture
def writers(store, workspace):
    """Each Excel writer of the program, as `write(path)`."""
    workspace.run(create_member, PersonForm(name="王芳", gender="F", birth_date=TODAY.replace(year=1970),
                                            joined_on=TODAY.replace(year=1995), confirmed_on=TODAY.replace(year=1996),
                                            stage="full"))
    with store.read() as session:
        details = people.details_for(session, [r.id for r in people.list_members(session, people.MemberFilter(), TODAY)],
                                     TODAY)
        audit = list_audit(session, AuditFilter())
    return {
        "roster": lambda path: export_people(details, path, TODAY),
        "template": lambda path: write_template(path, ["第一党小组"]),
        "problems": lambda path: write_problems([Problem(3, "王芳", "入党日期", "不能晚于今天")], path),
        "audit": lambda path: export_audit(audit, path),
    }


WRITERS = ("roster", "template", "problems", "audit")


@pytest.fixture
def folder(tmp_path):
    """Where the files are saved (the database lives beside it, in tmp_path)."""
    path = tmp_path / "导出"
    path.mkdir()
    return path


def os_error(code: int):
    def fail(*_args, **_kwargs):
        raise OSError(code, os.strerror(code))
    return fail


def folder_state(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def check_refused(write, target, fragment: str) -> str:
    target.write_bytes(OLD)
    before = folder_state(target.parent)
    with pytest.raises(UserError, match=fragment) as raised:
        write(target)
    assert folder_state(target.parent) == before, "the old file changed or a temporary file was left"
    message = str(raised.value)
    shown = message.replace(target.name, "").replace("Excel", "").replace("WPS", "")
    assert "原来的文件" in message and not re.search(r"[A-Za-z]{3,}", shown), message
    return message


@pytest.mark.parametrize("writer", WRITERS)
def test_a_full_disk_when_moving_into_place(writers, folder, monkeypatch, writer):
    monkeypatch.setattr(os, "replace", os_error(errno.ENOSPC))
    check_refused(writers[writer], folder / "名单.xlsx", "空间已满")


@pytest.mark.parametrize("writer", WRITERS)
def test_a_full_disk_half_way_through_writing(writers, folder, monkeypatch, writer):
    """The first parts reach the disk, then it is full: a half-written temporary file to clean up."""
    real = zipfile.ZipFile.writestr
    calls = []

    def writestr(self, *args, **kwargs):
        calls.append(args[0])
        if len(calls) > 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", writestr)
    check_refused(writers[writer], folder / "名单.xlsx", "空间已满")
    assert len(calls) == 3


@pytest.mark.parametrize("writer", WRITERS)
def test_a_file_held_open_by_another_program(writers, folder, monkeypatch, writer):
    monkeypatch.setattr(os, "replace", lambda *_: (_ for _ in ()).throw(PermissionError(errno.EACCES, "denied")))
    check_refused(writers[writer], folder / "名单.xlsx", "正在Excel/WPS中打开")


def test_a_disk_error_on_flush(writers, folder, monkeypatch):
    monkeypatch.setattr(os, "fsync", os_error(errno.EIO))
    check_refused(writers["roster"], folder / "名单.xlsx", "读写磁盘时出错")


@pytest.mark.parametrize("writer", WRITERS)
def test_a_target_that_is_a_folder(writers, folder, writer):
    target = folder / "名单.xlsx"
    target.mkdir()
    (target / "里面的文件.txt").write_text("留着")
    with pytest.raises(UserError, match="是一个已有的文件夹"):
        writers[writer](target)
    assert [p.name for p in folder.iterdir()] == ["名单.xlsx"] and (target / "里面的文件.txt").read_text() == "留着"


def test_a_missing_folder(writers, folder):
    with pytest.raises(UserError, match="文件夹不存在"):
        writers["roster"](folder / "没有这个文件夹" / "名单.xlsx")
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="the superuser ignores folder permissions; Windows folders have no write bit")
@pytest.mark.parametrize("writer", WRITERS)
def test_a_read_only_folder(writers, folder, writer):
    target = folder / "名单.xlsx"
    target.write_bytes(OLD)
    folder.chmod(0o500)
    try:
        with pytest.raises(UserError, match="没有权限"):
            writers[writer](target)
    finally:
        folder.chmod(0o700)
    assert folder_state(folder) == {"名单.xlsx": OLD}


def test_a_good_save_replaces_the_old_file_and_keeps_its_permissions(writers, folder):
    target = folder / "名单.xlsx"
    target.write_bytes(OLD)
    target.chmod(0o640)
    writers["roster"](target)
    assert [p.name for p in folder.iterdir()] == ["名单.xlsx"]
    assert zipfile.is_zipfile(target) and (target.stat().st_mode & 0o777) == 0o640
    fresh = folder / "新的.xlsx"
    writers["template"](fresh)
    assert sys.platform == "win32" or (fresh.stat().st_mode & 0o777) == 0o644  # not mkstemp's private 0600


def test_the_export_command_explains_a_full_disk(capsys, store, workspace, folder, monkeypatch):
    workspace.run(create_member, PersonForm(name="王芳", gender="F", birth_date=TODAY.replace(year=1970),
                                            joined_on=TODAY.replace(year=1995), confirmed_on=TODAY.replace(year=1996),
                                            stage="full"))
    target = folder / "名单.xlsx"
    target.write_bytes(OLD)
    monkeypatch.setattr(os, "replace", os_error(errno.ENOSPC))
    code = main.main(["export-excel", "members", "--db", db_argument(store), "--out", str(target)])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("错误：") and "空间已满" in err and "Traceback" not in err
    assert folder_state(folder) == {"名单.xlsx": OLD}


def test_a_cancelled_export_leaves_nothing_anywhere(store, workspace, folder):
    from models.core.errors import Cancelled
    from models.demo import fill_demo

    workspace.run(fill_demo, 30)
    with store.read() as session:
        details = people.details_for(session, [r.id for r in people.list_members(session, people.MemberFilter(), TODAY)],
                                     TODAY)
    target = folder / "名单.xlsx"
    target.write_bytes(OLD)
    scratch = Path(tempfile.gettempdir())
    before = set(scratch.glob("openpyxl*"))
    asked = []

    def cancelled() -> bool:  # cancel once the rows have started going into the temporary folder
        asked.append(1)
        return len(asked) > 1

    with pytest.raises(Cancelled):
        export_people(details * 40, target, TODAY, cancelled=cancelled)
    assert folder_state(folder) == {"名单.xlsx": OLD}
    assert set(scratch.glob("openpyxl*")) <= before, "openpyxl's temporary sheet file was left behind"
