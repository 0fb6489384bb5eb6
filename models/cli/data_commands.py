"""`init` (a new, empty data file) and `check` (is the data file sound? `--repair` mends damaged
indexes after taking a copy)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from models.cli.common import add_db_option, file_only, log_folder_for, run_command, workspace_for
from models.core.errors import UserError


def add_to(commands: argparse._SubParsersAction) -> None:
    init = commands.add_parser("init", help="新建一个空的数据文件",
                               description="新建一个空的数据文件。文件已经存在时不做任何改动。")
    add_db_option(init, "要新建的数据文件")
    init.add_argument("--branch", metavar="支部名称", help="支部名称，如 红旗村党支部（也可以以后在程序窗口中填写）")
    init.set_defaults(run=run_init)
    check = commands.add_parser(
        "check", help="检查数据文件是否完好",
        description="检查数据文件：数据库完整性、记录之间的关联、党员数据的规则、积分汇总。"
                    "发现问题时退出码为 1。加 --repair 时，先把文件复制一份（放在数据文件旁边的备份文件夹中），"
                    "再修复损坏的索引、按积分记录重新计算积分汇总。")
    add_db_option(check, "要检查的数据文件")
    check.add_argument("--repair", action="store_true", help="修复损坏的索引、重新计算积分汇总（修复前先复制一份）")
    check.set_defaults(run=run_check)


def run_init(args: argparse.Namespace) -> int:
    from models.people.branch import BranchInfo, suggest_full_name, update_branch

    def work() -> int:
        path = file_only(args.db, "init 命令").resolve()
        if path.exists():
            raise UserError(f"数据文件已经存在，没有改动它：{path}")
        try:
            with workspace_for(path, create=True) as workspace:
                if args.branch:
                    workspace.run(update_branch, BranchInfo(args.branch, suggest_full_name(args.branch), ""))
        except BaseException:
            path.unlink(missing_ok=True)  # the file this command made a moment ago: all or nothing
            raise
        print(f"已新建数据文件：{path}")
        return 0

    return run_command(work)


def run_check(args: argparse.Namespace) -> int:
    """Exit 0 when the file is sound (or was repaired) and its data keeps the rules; else 1."""

    def work() -> int:
        from models.storage.datafile import probe

        path = file_only(args.db, "check 命令").resolve()
        revision = probe(path, quick_check=False)
        print(f"检查数据文件：{path}")
        repairer = Repairer(path) if args.repair else None
        if not _database_sound(path, repairer):
            print("结论：数据文件已损坏，没有改动它。用 backups 命令可以列出自动备份，"
                  "用 restore 命令恢复其中最近的完好备份（恢复前会先把现在的文件另存一份）。")
            return 1
        findings = _links(path) + _rules(path, revision, repairer)
        if findings:
            print(f"结论：发现 {len(findings)} 处数据问题（见上）。数据文件没有被改动，请在程序中核对并更正这些人员的信息。")
            return 1
        print("结论：数据文件完好。")
        return 0

    return run_command(work)


class Repairer:
    """Who repairs (--repair rewrites indexes and the score tally): signed in — only when there is
    something to repair, so a check that finds nothing to mend writes nothing, not even a 登录 row —
    and a 管理员 (修改设置, like `scoring.rebuild_tally`) where the database has accounts."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._actor = None

    def actor(self):
        from models.cli.common import command_actor
        from models.storage.store import Store
        from models.workspace import Permission

        if self._actor is None:
            store = Store(self.path, upgrade=False, create=False)
            try:
                actor = command_actor(store, record=False)  # the copy comes first; a check writes nothing
            finally:
                store.close()
            if not actor.may(Permission.SETTINGS_EDIT):
                raise UserError(f"“{actor.name}”没有“修改设置”的权限，不能修复数据文件（--repair），没有做任何改动。"
                                "不加 --repair 可以只检查。")
            self._actor = actor
        return self._actor


def _database_sound(path: Path, repairer: Repairer | None) -> bool:
    """SQLite's full check, printed; with `repair`, damaged indexes rebuilt after a copy."""
    from models.core.error_log import append_lines
    from models.storage.check import find_damage, repair_indexes
    from models.storage.instance_lock import AlreadyRunning, InstanceLock

    damage = find_damage(path)
    if damage is None:
        print("数据库完整性：通过")
        return True
    log = append_lines(log_folder_for(path), f"check {path.name}", damage.problems)
    print(f"数据库完整性：发现 {len(damage.problems)} 处问题" + (f"（详细情况已记录在：{log}）" if log else ""))
    if not (repairer and damage.repairable):
        print(damage.explain(), file=sys.stderr)
        return False
    repairer.actor()
    try:
        with InstanceLock(path):
            copy = repair_indexes(damage)
    except AlreadyRunning:
        raise UserError("支部管家的程序窗口正打开着这个数据文件。请先关闭程序窗口，再运行 check --repair。") from None
    print(f"已修复损坏的索引（{len(damage.indexes)} 个），复查通过。修复前的副本保存在：{copy}")
    return True


def _links(path: Path) -> list[str]:
    from models.storage.check import foreign_key_problems

    problems = foreign_key_problems(path)
    print("记录之间的关联：" + (f"发现 {len(problems)} 处问题" if problems else "通过"))
    for line in problems:
        print(f"  {line}")
    return problems


def _rules(path: Path, revision: str, repairer: Repairer | None) -> list[str]:
    """The roster's rules and the score tables, read in one session of one opening of the file."""
    from datetime import date

    from models.checkup import data_findings
    from models.storage import migrations
    from models.storage.store import Store

    if revision != migrations.HEAD:
        print("党员数据规则：数据文件是旧版本的格式，用程序打开一次（会先备份再自动升级）后再检查")
        return []
    store = Store(path, upgrade=False, create=False)
    try:
        with store.read() as session:
            found = data_findings(session, date.today())
    finally:
        store.close()
    # Every kind find_inconsistencies reports is data the program's own operations never write (an
    # unknown code, half an archive, dates in the wrong order, an orphan event, an ID number failing
    # its check): broken data, exit 1. What is merely due or overdue (a 民情事项 past its limit, a
    # development step late, no copy off the PC) is a reminder, printed and exit 0.
    print("党员数据规则：" + (f"发现 {len(found.rules)} 处问题" if found.rules else "通过"))
    for line in found.rules:
        print(f"  {line}")
    problems = found.rules + _tally(path, found.tally, found.totals, repairer)
    for reminder in found.reminders:
        print(f"提醒：{reminder}（这是提醒，不是数据问题）")
    return problems


def _tally(path: Path, wrong: list, totals: list, repairer: Repairer | None) -> list[str]:
    """The score tally against the entries it sums, and the quarter totals against the tally; with
    `repair`, both recomputed after a copy of the file."""
    from models.scoring.tally import rebuild_tally
    from models.storage.backups import BEFORE_REPAIR, make_backup

    if not wrong and not totals:
        print("积分汇总：通过")
        return []
    if wrong:
        print(f"积分汇总：有 {len(wrong)} 处与积分记录不一致（排名和得分会算错；积分记录本身没有问题）")
    for (quarter, person_id, rule_id), have, should in wrong[:10]:
        print(f"  {quarter} 人员编号 {person_id} 规则编号 {rule_id}：汇总 {have.base + have.adjusted} 分，"
              f"按记录应为 {should.base + should.adjusted} 分")
    if totals:
        print(f"季度得分：有 {len(totals)} 处与积分汇总不一致（排名会算错；积分记录本身没有问题）")
    for (quarter, person_id), _, _ in totals[:10]:
        print(f"  {quarter} 人员编号 {person_id}")
    if repairer is None:
        print("  用 check --repair 可按积分记录重新计算积分汇总（先复制一份数据文件）")
        return [f"积分汇总有 {len(wrong) + len(totals)} 处不一致"]
    from models.storage.store import opened
    from models.workspace import Workspace

    actor = repairer.actor()
    with opened(path) as store:  # locked: refused while the window has the file open
        copy = make_backup(path, BEFORE_REPAIR)  # checked, kept by the rotation; BackupFailed stops the repair
        Workspace(store, actor).run(rebuild_tally)
    print(f"已按积分记录重新计算积分汇总。修复前的副本保存在：{copy}")
    return []
