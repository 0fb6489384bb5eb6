"""A damaged data file at start: the explanation, and the offer to restore the newest good backup or
one chosen by hand (恢复最近的备份 / 选择其他备份文件… / 退出); and the window's own restore
(MainWindow.restart_with_restore), done once the window has closed (ui/app.py runs both)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox

from models import APP_NAME
from models.core.faults import fault_message
from models.storage.backups import BackupInfo, describe_backup, newest_good_backup, restore_backup
from models.storage.check import DatabaseDamaged
from models.storage.instance_lock import AlreadyRunning, InstanceLock
from models.storage.store import Store, StoreError

if TYPE_CHECKING:
    from models.workspace import Actor
    from ui.main_window import NextStep

BACKUP_FILTER = "支部管家备份 (*.db *.bkbak);;所有文件 (*)"


def _newest_good(path: Path) -> BackupInfo | None:
    try:
        return newest_good_backup(path)
    except Exception:  # noqa: BLE001 - no usable backups folder: the offer is simply not made
        return None


def _when(info: BackupInfo) -> str:
    people = f"，共 {info.people} 人" if info.people is not None else ""
    return f"{info.made_at:%Y年%m月%d日 %H:%M}{people}"


def damaged_text(path: Path, exc: StoreError, backup: BackupInfo | None) -> str:
    """What happened (said once), that the file is kept as it is, and what each button does."""
    if isinstance(exc, DatabaseDamaged):
        what = f"数据文件“{path.name}”已损坏（检查发现 {len(exc.damage.problems)} 处问题），没有打开。"
    else:  # NotADataFile: its own first sentence, without its advice
        what = str(exc).splitlines()[0].split("，没有打开它")[0] + "，没有打开。"
    offer = ("在数据文件旁边的 backups 文件夹中没有找到完好的备份。" if backup is None else
             f"最近的完好备份：{_when(backup)}。\n· 恢复最近的备份：先把损坏的文件另存一份，再用这个备份代替它。")
    return (f"{what}\n文件位置：{path}\n\n这个文件保持原样，程序没有改动它。\n\n{offer}\n"
            "· 选择其他备份文件…：用U盘或其他位置的备份恢复，做法相同。\n· 退出：什么也不改。"
            "可以把这个文件交给技术支持人员。\n\n恢复后，备份之后录入的内容需要重新录入。")


def offer_restore(path: Path, exc: StoreError) -> tuple[InstanceLock, Store] | int:
    """A damaged data file at start: explained, and 恢复最近的备份 / 选择其他备份文件… / 退出 (the
    default). A chosen file that is cancelled or refused comes back to this question."""
    newest = _newest_good(path)
    while True:
        box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, damaged_text(path, exc, newest))
        restore = box.addButton("恢复最近的备份", QMessageBox.ButtonRole.AcceptRole) if newest else None
        other = box.addButton("选择其他备份文件…", QMessageBox.ButtonRole.ActionRole)
        box.setDefaultButton(box.addButton("退出", QMessageBox.ButtonRole.RejectRole))
        box.exec()
        if newest is not None and box.clickedButton() is restore:
            return restore_at_start(path, newest, None)
        if box.clickedButton() is not other:
            return 1
        chosen = choose_backup()
        if chosen is not None:
            return restore_at_start(path, *chosen)


def choose_backup() -> tuple[BackupInfo, str | None] | None:
    """A backup file chosen by hand (a USB stick), its password asked when it is encrypted (again
    after a wrong one), and what it holds confirmed; None when cancelled or refused."""
    from models.storage.backups import PasswordNeeded, WrongPassword

    name, _ = QFileDialog.getOpenFileName(None, "选择备份文件", "", BACKUP_FILTER)
    if not name:
        return None
    password: str | None = None
    while True:
        try:
            info = describe_backup(Path(name), password)
            if not info.encrypted or password is not None:
                break
            problem = f"备份“{info.path.name}”是加密的，请输入备份时设置的密码。"
        except (PasswordNeeded, WrongPassword) as error:
            problem = str(error)
        except (StoreError, OSError) as error:
            QMessageBox.warning(None, APP_NAME, f"不能用这个文件恢复：{fault_message(error) or error}")
            return None
        password, ok = QInputDialog.getText(None, "备份密码", problem, QLineEdit.EchoMode.Password)
        if not ok:  # Esc: back to the question about the damaged file
            return None
    box = QMessageBox(QMessageBox.Icon.Question, APP_NAME,
                      f"用这个备份恢复数据文件吗？\n\n备份文件：{info.path}\n备份时间：{_when(info)}\n\n"
                      "损坏的文件会先另存一份，再用这个备份代替它。")
    yes = box.addButton("恢复", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(box.addButton("取消", QMessageBox.ButtonRole.RejectRole))
    box.exec()
    return (info, password) if box.clickedButton() is yes else None


def restore_at_start(path: Path, backup: BackupInfo, password: str | None) -> tuple[InstanceLock, Store] | int:
    """Restore `backup` over the damaged data file (set aside first) and open it; 1 when refused."""
    lock = InstanceLock(path)
    try:
        lock.acquire()
    except (StoreError, AlreadyRunning) as error:
        QMessageBox.critical(None, APP_NAME, str(error))
        return 1
    try:
        restored = restore_backup(backup.path, path, password)
        store = Store(path, create=False)
    except StoreError as error:
        lock.release()
        QMessageBox.critical(None, APP_NAME, f"没有恢复成功：{error}\n\n数据文件保持原样。")
        return 1
    except BaseException:
        lock.release()
        raise
    _record_restore(store, backup, restored, None)
    QMessageBox.information(None, APP_NAME, restored_text(backup, restored))
    return lock, store


def restored_text(backup: BackupInfo | None, restored) -> str:
    when = f"（{backup.made_at:%Y年%m月%d日 %H:%M}）" if backup is not None else ""
    text = f"已用备份{when}恢复数据文件：\n{restored.db}"
    if restored.set_aside is not None:
        text += f"\n\n损坏的文件另存在：\n{restored.set_aside}"
    if restored.before is not None:
        text += f"\n\n恢复前的数据已备份到：\n{restored.before}"
    return text


def _record_restore(store: Store, backup: BackupInfo | None, restored, actor: Actor | None) -> None:
    """The audit row 从备份恢复 in the restored database (by the 管理员 who restored; at a damaged
    start, before anyone signed in, by the local user)."""
    from models.settings.safety import record_restore
    from models.workspace import Workspace, local_actor

    made_at = backup.made_at if backup is not None else None
    people = backup.people if backup is not None else None
    Workspace(store, actor or local_actor()).run(record_restore, restored.db if backup is None else backup.path,
                                                 made_at, people, restored.before, restored.set_aside)


def restore_in_place(store: Store, step: NextStep, actor: Actor) -> Store:
    """MainWindow.restart_with_restore, after the window closed: the store closed (the instance lock
    kept), the backup switched in, the restored file opened; the old file again if refused."""
    from models.workspace import Permission

    path = store.path
    if not actor.may(Permission.BACKUP_RESTORE):
        QMessageBox.warning(None, APP_NAME, f"“{actor.name}”没有“从备份恢复”的权限，没有做任何改动。")
        return store
    try:
        backup = describe_backup(step.backup, step.password)
    except Exception:  # noqa: BLE001 - only for the message; restore_backup checks the file itself
        backup = None
    store.close()
    try:
        restored = restore_backup(step.backup, path, step.password)
    except StoreError as exc:
        QMessageBox.warning(None, APP_NAME, f"没有恢复：{exc}\n\n当前的数据没有改动。")
        return Store(path, create=False)
    store = Store(path, create=False)
    _record_restore(store, backup, restored, actor)
    QMessageBox.information(None, APP_NAME, restored_text(backup, restored) + "\n\n请重新登录。")
    return store
