"""same_disk (is a copy off the data file's disk?) on this machine's real folders and on injected
Windows drives; warnings about where the data file sits: a network drive, a removable drive outside portable mode,
a cloud-synced folder — with the machine described by injected mount tables and drive types."""

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import models.storage.location as location
from models.storage.location import DRIVE_REMOTE, DRIVE_REMOVABLE, location_warnings, mount_of, same_disk

MOUNTS = """/dev/sda2 / ext4 rw,relatime 0 0
/dev/sdb1 /mnt/stick vfat rw 0 0
nas:/volume1/party /mnt/nas nfs4 rw 0 0
//server/share /mnt/office\\040share cifs rw 0 0
/dev/sdc1 /run/media/zhang/KINGSTON exfat rw 0 0
tmpfs /run tmpfs rw 0 0
"""


def _linux(path: str, portable: bool = False, removable=lambda device: device == "/dev/sdb1") -> list[str]:
    return location_warnings(Path(path), portable=portable, platform="linux", mounts=MOUNTS, removable=removable)


def test_a_local_disk_is_fine():
    assert _linux("/home/zhang/支部/branch.db") == []
    assert location_warnings(Path(r"C:\Users\张\AppData\Roaming\branch.db"), portable=False, platform="win32",
                             drive_type=lambda root: 3) == []


def test_network_drives():
    for path in ("/mnt/nas/支部/branch.db", "/mnt/office share/branch.db"):
        (warning,) = _linux(path)
        assert "网络驱动器" in warning
    assert "nas:/volume1/party" in _linux("/mnt/nas/branch.db")[0]
    (unc,) = location_warnings(Path(r"\\办公室电脑\共享\branch.db"), portable=False, platform="win32",
                               drive_type=lambda root: 3)
    assert "网络驱动器" in unc
    (mapped,) = location_warnings(Path(r"Z:\支部\branch.db"), portable=True, platform="win32",
                                  drive_type=lambda root: DRIVE_REMOTE if root == "Z:\\" else 3)
    assert "网络驱动器" in mapped and "Z:" in mapped


def test_removable_drives_warn_only_outside_portable_mode():
    for path in ("/mnt/stick/branch.db", "/run/media/zhang/KINGSTON/branch.db", "/media/u/STICK/branch.db"):
        (warning,) = _linux(path)
        assert "U盘或移动硬盘" in warning, path
        assert _linux(path, portable=True) == []
    assert _linux("/mnt/stick/branch.db", removable=lambda device: False) == []  # a fixed second disk
    usb = dict(platform="win32", drive_type=lambda root: DRIVE_REMOVABLE)
    assert "U盘" in location_warnings(Path(r"E:\branch.db"), portable=False, **usb)[0]
    assert location_warnings(Path(r"E:\支部管家\data\branch.db"), portable=True, **usb) == []


def test_cloud_synced_folders():
    for folder in ("OneDrive", "OneDrive - 某某乡人民政府", "Dropbox", "Google Drive", "iCloud Drive", "坚果云",
                   "Nutstore", "百度网盘", "BaiduNetdisk", "WPS云盘", "腾讯微云"):
        (warning,) = _linux(f"/home/zhang/{folder}/支部/branch.db")
        assert f"云同步文件夹“{folder}”" in warning
    windows = location_warnings(Path(r"C:\Users\张\OneDrive\文档\branch.db"), portable=False, platform="win32",
                                drive_type=lambda root: 3)
    assert len(windows) == 1 and "OneDrive" in windows[0]
    assert _linux("/home/zhang/我的文档/OneDrive.db") == []  # the file's own name is not a folder
    both = location_warnings(Path(r"Z:\Dropbox\branch.db"), portable=False, platform="win32",
                             drive_type=lambda root: DRIVE_REMOTE)
    assert len(both) == 2


def test_the_longest_mount_point_wins():
    assert mount_of("/mnt/nas/x", MOUNTS)[2] == "nfs4"
    assert mount_of("/mnt/nasty/x", MOUNTS)[1] == "/"


def other_disk(tmp_path: Path, monkeypatch) -> Iterator[Path]:
    """A folder on another disk than tmp_path (a USB stick, for the tests of 备份到…): a real folder in
    /dev/shm (a RAM disk) where there is one, else a folder whose device number is reported as another."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK) and shm.stat().st_dev != tmp_path.stat().st_dev:
        folder = Path(tempfile.mkdtemp(prefix="branchkeeper-stick-", dir=shm))
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    folder = tmp_path / "stick"
    folder.mkdir()
    real = location._device

    def device(path: Path) -> int | None:
        found = real(path)
        inside = Path(os.path.abspath(path)).is_relative_to(folder)
        return None if found is None else (found + 1 if inside else found)

    monkeypatch.setattr(location, "_device", device)
    yield folder


def test_same_disk_on_this_machine(tmp_path, monkeypatch):
    db = tmp_path / "数据" / "branch.db"
    db.parent.mkdir()
    assert same_disk(db, tmp_path / "备份.db")  # the Documents folder beside the data: same disk
    assert same_disk(db, tmp_path / "not-yet" / "deeper" / "备份.db")  # nearest existing folder counts
    for stick in other_disk(tmp_path, monkeypatch):  # runs once, then removes the folder
        assert not same_disk(db, stick / "备份.db")


def test_same_disk_is_false_when_it_cannot_be_told():
    assert not same_disk(Path("/a/branch.db"), Path("/b/copy.db"), platform="linux", device=lambda path: None)
    assert not same_disk(Path("/a/branch.db"), Path("/b/copy.db"), platform="linux",
                         device=lambda path: 7 if path == Path("/a") else None)


def test_same_disk_on_windows_compares_drives_and_shares():
    def same(a: str, b: str) -> bool:
        return same_disk(Path(a), Path(b), platform="win32", device=lambda path: 42)  # st_dev alone says same

    assert same(r"C:\Users\张\Documents\branch.db", r"c:\Users\张\Documents\备份.db")
    assert not same(r"C:\Users\张\branch.db", r"E:\支部备份.db")
    assert not same(r"C:\Users\张\branch.db", r"\\nas\party\支部备份.db")
    assert not same(r"\\nas\party\branch.db", r"\\nas\other\支部备份.db")
    assert same(r"\\NAS\party\branch.db", r"\\nas\party\备份\支部备份.db")
