"""Warnings about where the data file sits: a network drive, a removable drive outside portable mode,
a cloud-synced folder — with the machine described by injected mount tables and drive types."""

from pathlib import Path

from models.storage.location import DRIVE_REMOTE, DRIVE_REMOVABLE, location_warnings, mount_of

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
