"""Backups of the data file (docs/data-safety.md): automatic ones in backups/ beside the data, kept
by a rotation like Anki's; copies that leave the PC (备份到…), encrypted when the user gives a
password; and restoring one, checked first and switched in atomically.

Every copy is made with SQLite's online backup API (safe while the program writes), written under
a temporary name, checked with integrity_check, made owner-only (0600) and only then given its
name, so a full disk or a kill never leaves something that looks like a backup but is not.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from models.core.codes import Stage
from models.core.faults import fault_message
from models.storage import backup_crypto
from models.storage.backup import (
    CopyDamaged,
    backup_path,
    checked_copy,
    connect_existing,
    connect_read_only,
    integrity_problems,
    is_damaged,
    remove_partial,
    retire_journal,
)
from models.storage.datafile import probe
from models.storage.errors import NewerVersion, StoreError
from models.storage.file_modes import fsync_folder, make_private_folder, secure_data_file, secure_file
from models.storage.rotation import NEVER_ROTATED, automatic_backups, parse_name, rotate
from models.storage.rotation import rotation_keeps as rotation_keeps  # part of this module's API

# Labels (Chinese, part of the file name) of the automatic backups.
STARTUP = "启动时"
ON_EXIT = "退出时"
PERIODIC = "定时"
MANUAL = "手动"  # 立即备份 in 设置 → 数据安全
BEFORE_UPGRADE = "升级前"
BEFORE_RESTORE = "恢复前"
BEFORE_REPAIR = "修复前"
DAMAGED = "损坏的文件"  # a damaged data file set aside (raw copy) before a restore replaces it
EXPORT_LABEL = "备份"  # the name given to 备份到… when a folder is chosen

ENCRYPTED_SUFFIX = ".bkbak"  # 备份到… with a password; without one the copy is a plain .db


class BackupFailed(StoreError):
    """A backup could not be written or did not pass its check; the message says why (Chinese)."""


class BadBackup(StoreError):
    """The file chosen to restore is no sound 支部管家 backup (damaged, tampered, not ours)."""


class PasswordNeeded(StoreError):
    """The backup is encrypted and no password was given."""


class WrongPassword(StoreError):
    """The password does not open this encrypted backup (or the file was altered)."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime
    size: int  # bytes
    label: str  # 启动时 / 定时 / 导入前 … ("" for a file chosen by hand)
    encrypted: bool
    people: int | None  # in-roster people; None when unknown (encrypted, unreadable)


@dataclass(frozen=True)
class Restored:
    db: Path
    before: Path | None  # the backup of the database that was replaced (None when there was none)
    set_aside: Path | None  # a damaged file moved out of the way, when there was one


def backup_folder(db: Path) -> Path:
    """backups/ beside the data file."""
    return Path(db).parent / "backups"


def _label(label: str) -> str:
    """A label as part of a file name: no '-' (it separates the name's parts) and nothing a file
    system refuses."""
    return re.sub(r'[-\s/\\:*?"<>|]', "", label) or "备份"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, CopyDamaged):
        return (f"复制出的副本没有通过数据库检查（{len(exc.problems)} 处问题），已删除这份副本。"
                "数据文件本身可能已损坏，请在“设置”中检查数据库。")
    return fault_message(exc) or f"{type(exc).__name__}: {exc}"


def _copy_into(db: Path, partial: Path, verify: bool = True) -> None:
    origin = connect_existing(db)
    try:
        checked_copy(origin, partial, verify=verify)
    finally:
        origin.close()


def make_backup(db: Path, label: str, *, folder: Path | None = None, now: datetime | None = None,
                verify: bool = True) -> Path:
    """Copy the live database into backups/ (online backup API), check it, then rotate the folder.
    Raises BackupFailed (Chinese) when the copy cannot be written or fails its check. `verify=False`
    only for the copy taken before repairing damaged indexes (the copy has the same damage)."""
    db, now = Path(db), now or datetime.now()
    folder = Path(folder) if folder else backup_folder(db)
    target: Path | None = None
    try:
        if not db.is_file():
            raise BackupFailed(f"没有做成备份：找不到数据文件 {db}")
        make_private_folder(folder)
        target = backup_path(db, _label(label), folder, now)
        partial = target.with_name(target.name + ".partial")
        try:
            _copy_into(db, partial, verify)
            os.replace(partial, target)
        except BaseException:
            remove_partial(partial)
            raise
        fsync_folder(folder)
    except BackupFailed:
        raise
    except (OSError, sqlite3.Error, CopyDamaged) as exc:
        where = target.name if target else str(folder)
        raise BackupFailed(f"没有做成数据文件“{db.name}”的备份（{where}）：{_reason(exc)}") from exc
    rotate(folder, now)
    return target


def _count_people(connection: sqlite3.Connection) -> int | None:
    """在册党员 as the 党员 tab counts them (正式 and 预备, not archived): the number a secretary
    recognises his branch by; applicants and activists are not members."""
    members = ", ".join(f"'{stage.value}'" for stage in (Stage.PROBATIONARY, Stage.FULL))
    try:
        return int(connection.execute(
            f"SELECT count(*) FROM person WHERE archive_reason IS NULL AND stage IN ({members})").fetchone()[0])
    except sqlite3.Error:
        return None


def _people_in(path: Path) -> int | None:
    try:
        connection = connect_read_only(path)
    except sqlite3.Error:
        return None
    try:
        return _count_people(connection)
    finally:
        connection.close()


def list_backups(db: Path) -> list[BackupInfo]:
    """The backups in backups/ beside `db`, newest first, with their people count."""
    db = Path(db)
    found = []
    for path, named in automatic_backups(backup_folder(db)):
        if named.stem != db.stem:
            continue
        try:
            size = path.stat().st_size
        except OSError:
            continue
        found.append(BackupInfo(path, named.made_at.replace(microsecond=0), size, named.label, False, _people_in(path)))
    found.sort(key=lambda info: (info.made_at, info.path.name), reverse=True)
    return found


def _made_at(path: Path) -> datetime:
    named = parse_name(path.name)
    return named.made_at.replace(microsecond=0) if named else datetime.fromtimestamp(path.stat().st_mtime).replace(
        microsecond=0)


def _not_ours(path: Path, why: str) -> BadBackup:
    return BadBackup(f"“{path.name}”不是可以使用的支部管家备份（{why}）。\n文件位置：{path}\n请换一份备份。")


def _decrypt(backup: Path, target: Path, password: str | None) -> None:
    if not password:
        raise PasswordNeeded(f"备份“{backup.name}”是加密的，请输入备份时设置的密码。")
    try:
        backup_crypto.decrypt_file(backup, target, password)
    except backup_crypto.CryptoRefused as exc:
        if exc.wrong_password:
            raise WrongPassword(f"密码不正确，无法打开加密的备份“{backup.name}”。请输入备份时设置的密码。") from None
        raise _not_ours(backup, exc.why) from None
    except OSError as exc:
        raise _not_ours(backup, _reason(exc)) from exc


def describe_backup(path: Path, password: str | None = None) -> BackupInfo:
    """What a backup file holds (for one chosen by hand, e.g. on a USB stick). An encrypted one's
    people count needs the password (None without it; WrongPassword with a wrong one). Raises
    BadBackup for a file that is no 支部管家 backup."""
    path = Path(path)
    if not path.is_file():
        raise BadBackup(f"找不到备份文件：{path}")
    named = parse_name(path.name)
    label = named.label if named else ""
    size, made_at = path.stat().st_size, _made_at(path)
    if backup_crypto.is_encrypted(path):
        try:
            backup_crypto.read_header(path)
        except backup_crypto.CryptoRefused as exc:
            raise _not_ours(path, exc.why) from None
        if password is None:
            return BackupInfo(path, made_at, size, label, True, None)
        with tempfile.TemporaryDirectory(prefix="branchkeeper-") as folder:
            plain = Path(folder) / "backup.db"
            _decrypt(path, plain, password)
            _check_ours(plain, path)
            return BackupInfo(path, made_at, size, label, True, _people_in(plain))
    _check_ours(path, path)
    return BackupInfo(path, made_at, size, label, False, _people_in(path))


def _check_ours(copy: Path, shown: Path) -> str:
    """The schema revision of `copy` (a file named `shown` to the user); BadBackup when not ours."""
    try:
        return probe(copy, quick_check=False)
    except NewerVersion as exc:
        raise BadBackup(f"备份“{shown.name}”由更新版本的支部管家创建（数据格式 {exc.revision}），"
                        "这个版本无法使用它。请安装新版本的支部管家后再恢复。") from None
    except StoreError:
        raise _not_ours(shown, "里面没有支部管家的数据，或文件已严重损坏") from None


def export_backup(db: Path, out: Path, password: str | None = None) -> Path:
    """备份到…: a checked copy at `out` (a plain .db, or ENCRYPTED_SUFFIX with AES-GCM when a password
    is given). `out` may be a folder: the copy is then named `<stem>-备份-<date-time>.db`. Returns the
    file written (with a password, a name ending .db becomes ENCRYPTED_SUFFIX). Raises BackupFailed."""
    db, out = Path(db), Path(out)
    if out.is_dir():
        out = backup_path(db, EXPORT_LABEL, out)
    if password and out.suffix.lower() in ("", ".db"):
        out = out.with_suffix(ENCRYPTED_SUFFIX)
    partial = out.with_name(out.name + ".partial")
    plain = db.with_name(f".{db.name}.exporting")  # the plain copy stays beside the data, never on the stick
    try:
        if not db.is_file():
            raise BackupFailed(f"没有做成备份：找不到数据文件 {db}")
        if not out.parent.is_dir():
            raise BackupFailed(f"没有做成备份：文件夹不存在（{out.parent}），请检查U盘是否已插好。")
        remove_partial(partial)
        if password:
            remove_partial(plain)
            _copy_into(db, plain)
            backup_crypto.encrypt_file(plain, partial, password)
            secure_file(partial)
        else:
            _copy_into(db, partial)
        os.replace(partial, out)
        fsync_folder(out.parent)
        return out
    except BackupFailed:
        raise
    except (OSError, sqlite3.Error, CopyDamaged) as exc:
        remove_partial(partial)
        raise BackupFailed(f"没有做成备份“{out.name}”：{_reason(exc)}") from exc
    finally:
        remove_partial(plain)


def _set_aside(db: Path) -> Path:
    """A raw copy of a damaged data file (and its -wal) in backups/, label DAMAGED, never rotated."""
    folder = backup_folder(db)
    make_private_folder(folder)
    target = backup_path(db, DAMAGED, folder)
    partial = target.with_name(target.name + ".partial")
    try:
        shutil.copyfile(db, partial)
        secure_file(partial)
        os.replace(partial, target)
        wal = Path(f"{db}-wal")
        if wal.exists():
            shutil.copyfile(wal, f"{target}-wal")
            secure_file(Path(f"{target}-wal"))
        fsync_folder(folder)
    except OSError as exc:
        remove_partial(partial)
        raise BackupFailed(f"无法把损坏的数据文件“{db.name}”复制到 {folder}：{_reason(exc)}") from exc
    return target


def restore_backup(backup: Path, db: Path, password: str | None = None) -> Restored:
    """Verify `backup`, back up the current `db` (when there is one), then switch atomically. The
    caller holds the data file's lock with no store open on it. Raises BadBackup, PasswordNeeded,
    WrongPassword, BackupFailed; the current database is untouched when any is raised.

    The backup is decrypted or copied to `.<name>.restoring` beside `db` and checked there (ours, a
    known schema revision — an older one is upgraded by the next open — and integrity_check); the
    current file is backed up (恢复前) or, when damaged, copied aside raw (损坏的文件); its WAL is
    retired; then the checked copy is fsynced and renamed over `db`. A kill at any moment leaves
    the old or the new database, never a mix. A missing `db` is created."""
    backup, db = Path(backup), Path(db).absolute()
    if not backup.is_file():
        raise BadBackup(f"找不到备份文件：{backup}")
    if not db.parent.is_dir():
        make_private_folder(db.parent)
    temp = db.with_name(f".{db.name}.restoring")
    remove_partial(temp)
    try:
        _prepare(backup, temp, password)
        before = set_aside = None
        if db.exists():
            damaged = is_damaged(db)
            try:
                before = None if damaged else make_backup(db, BEFORE_RESTORE)
            except BackupFailed as exc:  # damage the read-only look missed (in the -wal): copy it raw
                if not isinstance(exc.__cause__, CopyDamaged | sqlite3.DatabaseError) or isinstance(
                        exc.__cause__, sqlite3.OperationalError):
                    raise
                damaged = True
            if damaged:
                set_aside = _set_aside(db)
            retire_journal(db, damaged)
        os.replace(temp, db)
        fsync_folder(db.parent)
    except (OSError, sqlite3.Error) as exc:
        raise BackupFailed(f"没有从备份“{backup.name}”恢复：{_reason(exc)}") from exc
    finally:
        remove_partial(temp)
    secure_data_file(db)
    return Restored(db, before, set_aside)


def _prepare(backup: Path, temp: Path, password: str | None) -> None:
    """The backup decrypted or copied to `temp`, checked: ours, a known revision, integrity_check."""
    if backup_crypto.is_encrypted(backup):
        _decrypt(backup, temp, password)
        secure_file(temp)
        _check_ours(temp, backup)
        connection = connect_read_only(temp)
        try:
            problems = integrity_problems(connection)
        finally:
            connection.close()
        if problems:
            raise BadBackup(f"备份“{backup.name}”已损坏（数据库检查发现 {len(problems)} 处问题），不能用来恢复。")
        return
    try:
        source = connect_read_only(backup)
    except sqlite3.Error as exc:
        raise _not_ours(backup, "文件无法作为数据库打开") from exc
    try:
        checked_copy(source, temp)
    except CopyDamaged as exc:
        raise BadBackup(f"备份“{backup.name}”已损坏（数据库检查发现 {len(exc.problems)} 处问题），不能用来恢复。") from None
    except sqlite3.DatabaseError:
        raise _not_ours(backup, "文件内容不是数据库，或已严重损坏") from None
    finally:
        source.close()
    _check_ours(temp, backup)


def newest_good_backup(db: Path) -> BackupInfo | None:
    """The newest backup of `db` that passes integrity_check (for a damaged data file)."""
    for info in list_backups(db):
        if info.label in NEVER_ROTATED or info.people is None:
            continue
        try:
            probe(info.path, quick_check=False)
            connection = connect_read_only(info.path)
        except (StoreError, sqlite3.Error):
            continue
        try:
            if not integrity_problems(connection):
                return info
        finally:
            connection.close()
    return None
