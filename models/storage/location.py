"""Where the data file sits, and why that may be risky: a network drive, a removable drive (outside
portable mode) or a folder a cloud service synchronises. These are warnings, never refusals — the
window shows them once at start (the user may have good reasons).

Everything the check reads from the system can be injected (the mount table's text, a drive-type
function), so the tests describe any machine.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from pathlib import Path, PurePath, PureWindowsPath

DRIVE_REMOVABLE, DRIVE_REMOTE = 2, 4  # GetDriveTypeW
NETWORK_FS = frozenset({"nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "sshfs", "fuse.sshfs", "9p", "afs",
                        "ncpfs", "ceph", "glusterfs", "fuse.glusterfs", "davfs", "fuse.davfs2", "fuse.rclone",
                        "fuse.s3fs", "lustre", "gpfs", "beegfs", "virtiofs", "vboxsf", "fuse.vmhgfs-fuse"})
REMOVABLE_ROOTS = ("/media/", "/run/media/", "/mnt/usb", "/Volumes/")
# Folders synchronised by a cloud service (a path component named like this).
CLOUD_FOLDER = re.compile(
    r"^(onedrive.*|dropbox.*|google ?drive|my drive|googledrive.*|icloud ?drive|iclouddrive|mobile documents|"
    r"坚果云.*|nutstore.*|百度网盘.*|baidunetdisk.*|baiduyunguanjia.*|wps ?云盘|wps ?cloud.*|腾讯微云.*|微云同步.*|"
    r"weiyun.*|阿里云盘.*|aliyundrive.*|adrive|115.*网盘|天翼云盘.*|ecloud.*|box sync|pcloud.*|mega.*sync)$",
    re.IGNORECASE)


def _windows_root(path: PureWindowsPath) -> str:
    return path.anchor or ""


def _drive_type(root: str) -> int:
    import ctypes  # Windows only

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]


def _read_mounts() -> str:
    try:
        return Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _unescape(field: str) -> str:
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), field)


def mount_of(path: str, mounts: str) -> tuple[str, str, str] | None:
    """(device, mount point, fs type) of the longest mount point holding `path` in /proc/mounts text."""
    best = None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        device, point, fstype = _unescape(fields[0]), _unescape(fields[1]), fields[2]
        inside = path == point or path.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) > len(best[1])):
            best = (device, point, fstype)
    return best


def _sys_removable(device: str) -> bool:
    """/sys/block/<disk>/removable for a partition such as /dev/sdb1 or /dev/mmcblk0p1."""
    name = Path(device).name
    for disk in (name, re.sub(r"p?\d+$", "", name)):
        try:
            if Path(f"/sys/block/{disk}/removable").read_text().strip() == "1":
                return True
        except OSError:
            continue
    return False


def network_message(where: str) -> str:
    return (f"数据文件在网络驱动器上（{where}）。网络断开或两台电脑同时打开时，数据可能损坏。"
            "建议把数据文件放在本机硬盘上，用“备份到…”把备份存到别处。")


def removable_message(where: str) -> str:
    return (f"数据文件在U盘或移动硬盘上（{where}）。程序开着时拔出可能损坏数据，U盘也容易丢失。"
            "建议把数据文件放在本机硬盘上，用“备份到…”把备份存到U盘。")


def cloud_message(folder: str) -> str:
    return (f"数据文件在云同步文件夹“{folder}”中。同步程序可能在程序写入时复制或覆盖它，造成数据损坏或出现冲突副本，"
            "人员信息也会被上传到网上。建议把数据文件放在不同步的文件夹中，用“备份到…”（可设密码）保存备份。")


def cloud_folder(path: PurePath) -> str | None:
    """The first path component named like a cloud-synchronised folder, or None."""
    for part in path.parts[:-1]:
        if CLOUD_FOLDER.match(part.strip()):
            return part
    return None


def location_warnings(db: Path, *, portable: bool, platform: str | None = None, mounts: str | None = None,
                      drive_type: Callable[[str], int] | None = None,
                      removable: Callable[[str], bool] | None = None) -> list[str]:
    """Chinese warnings about where the data file `db` sits (empty when nothing is risky).

    `portable`: the program runs in portable mode (data/ beside it, meant for a USB stick), so a
    removable drive is expected. `platform` ("win32", "linux", "darwin"), `mounts` (/proc/mounts
    text), `drive_type` (GetDriveTypeW) and `removable` (a Linux device's /sys/block flag) are
    injected by tests; by default they are read from this machine."""
    platform = platform or sys.platform
    warnings: list[str] = []
    if platform == "win32":
        path: PurePath = PureWindowsPath(str(db))
        root = _windows_root(path)
        if root.startswith("\\\\"):
            warnings.append(network_message(root.rstrip("\\")))
        elif root:
            kind = (drive_type or _drive_type)(root)
            if kind == DRIVE_REMOTE:
                warnings.append(network_message(root))
            elif kind == DRIVE_REMOVABLE and not portable:
                warnings.append(removable_message(root))
    else:
        path = Path(os.path.abspath(db))
        text = str(path)
        found = mount_of(text, _read_mounts() if mounts is None and platform.startswith("linux") else mounts or "")
        if found is not None and (found[2] in NETWORK_FS or found[2].startswith("nfs")):
            warnings.append(network_message(f"{found[0]} 挂载于 {found[1]}"))
        elif not portable:
            on_removable = text.startswith(REMOVABLE_ROOTS) or (
                found is not None and found[0].startswith("/dev/") and (removable or _sys_removable)(found[0]))
            if on_removable:
                warnings.append(removable_message(found[1] if found else str(path.parent)))
    folder = cloud_folder(path)
    if folder is not None:
        warnings.append(cloud_message(folder))
    return warnings


def _device(folder: Path) -> int | None:
    """The device number (st_dev) of the nearest existing folder holding `folder`, None when unknown."""
    folder = Path(os.path.abspath(folder))
    for candidate in (folder, *folder.parents):
        try:
            if candidate.is_dir():
                return os.stat(candidate).st_dev or None  # 0: Windows could not tell the volume
        except OSError:
            return None
    return None


def _share_or_drive(path: str) -> str:
    """A Windows path's drive (c:) or UNC share (\\\\server\\share), lower case; "" when relative."""
    return PureWindowsPath(path).drive.rstrip("\\").lower()


def same_disk(a: Path, b: Path, *, platform: str | None = None,
              device: Callable[[Path], int | None] | None = None) -> bool:
    """Whether files `a` and `b` sit on the same disk (so a dead disk loses both): the folders holding
    them (or their nearest existing parents) have the same st_dev; on Windows a different drive letter
    or UNC share is another disk too. False when it cannot be told (a folder gone, stat refused).
    `platform` and `device` (a folder's st_dev) are injected by tests."""
    platform = platform or sys.platform
    device = device or _device
    if platform == "win32":
        drive_a, drive_b = _share_or_drive(os.fspath(a)), _share_or_drive(os.fspath(b))
        if drive_a and drive_b and drive_a != drive_b:
            return False
    dev_a, dev_b = device(Path(a).parent), device(Path(b).parent)
    return dev_a is not None and dev_a == dev_b
