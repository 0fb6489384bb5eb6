"""Automatic backups in the window: 定时 after 30 minutes (injected wall clock) when something
changed, none without changes, 退出时 on closing after a change, and a failing backup said in the
status bar and once in a dialog."""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from models.people.branch import BranchInfo, update_branch
from models.storage.backups import BackupFailed
from ui.auto_backup import AutoBackup
from ui.main_window import MainWindow
from views.tabs import create_tabs


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def make_window(qtbot, runner, clock, **kwargs):
    window = MainWindow(runner, create_tabs)
    qtbot.addWidget(window)
    auto = AutoBackup(window, runner.workspace.store, clock=clock, **kwargs)
    window.attach_safety(None, auto)
    window.show()
    return window, auto


def backups(store, label: str) -> list:
    return sorted((store.path.parent / "backups").glob(f"{store.path.stem}-{label}-*.db"))


def change(runner, name: str = "红旗村党支部（新）") -> None:
    runner.run(None, update_branch, BranchInfo(name, "中共红旗村支部委员会", "王建国"))


def test_changes_are_backed_up_after_thirty_minutes(qtbot, runner):
    clock = Clock()
    window, auto = make_window(qtbot, runner, clock)
    change(runner)
    clock.now += 29 * 60
    auto.tick()
    assert auto.job is None
    clock.now += 60
    auto.tick()
    assert auto.job is not None
    qtbot.waitUntil(lambda: auto.job is None, timeout=10_000)
    store = runner.workspace.store
    assert len(backups(store, "定时")) == 1
    assert window.backup_label.text().startswith("上次自动备份 ")
    clock.now += 31 * 60  # no change since: no second backup
    auto.tick()
    assert auto.job is None and len(backups(store, "定时")) == 1
    window.close()
    assert backups(store, "退出时") == []  # nothing changed since the last one


def test_no_changes_no_backup(qtbot, runner):
    clock = Clock()
    window, auto = make_window(qtbot, runner, clock)
    clock.now += 3 * 60 * 60
    auto.tick()
    assert auto.job is None
    window.close()
    assert not (runner.workspace.store.path.parent / "backups").exists()


def test_closing_after_a_change_backs_up(qtbot, runner):
    clock = Clock()
    window, auto = make_window(qtbot, runner, clock)
    change(runner)
    window.close()
    store = runner.workspace.store
    assert len(backups(store, "退出时")) == 1


def test_a_failing_backup_is_said_not_hidden(qtbot, runner):
    clock = Clock()
    calls = []

    def failing(db, label):
        calls.append(label)
        raise BackupFailed(f"无法写入备份：{db.parent / 'backups'}（磁盘空间已满）")

    window, auto = make_window(qtbot, runner, clock, backup=failing)
    change(runner)
    clock.now += 31 * 60
    auto.tick()
    qtbot.waitUntil(lambda: auto.failure_box is not None and auto.failure_box.isVisible(), timeout=10_000)
    assert "自动备份没有成功" in auto.failure_box.text() and "磁盘空间已满" in auto.failure_box.text()
    assert window.backup_label.text() == "自动备份失败"
    auto.failure_box.accept()
    qtbot.waitUntil(lambda: auto.job is None)
    change(runner, "红旗村党支部（再改）")
    clock.now += 31 * 60
    auto.tick()
    qtbot.waitUntil(lambda: auto.job is None and len(calls) == 2, timeout=10_000)
    assert not auto.failure_box.isVisible()  # said once, then the status bar
    shown = []

    def answer():
        for box in [w for w in window.findChildren(QMessageBox) if w.isVisible()]:
            shown.append(box.text())
            box.accept()

    QTimer.singleShot(200, answer)
    window.close()  # the exit backup fails too: said in a dialog before the program ends
    assert calls[-1] == "退出时"
    assert shown and "自动备份没有成功" in shown[0]
