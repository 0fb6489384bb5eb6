"""The command line (DESIGN.md §9): Chinese messages, exit 0 on success, non-zero on failure.

Commands import their modules when they run, so opening the window does not pay for them.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from models import APP_NAME, __version__


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse override; keeps its exit code 2
        self.print_usage(sys.stderr)
        self.exit(2, f"参数有误：{message}\n用法见 main.py --help\n")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="main.py",
        description=f"{APP_NAME}：基层党支部的党员、发展党员、民情台账和报表管理（离线）。不带子命令时打开程序窗口。",
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    parser.add_argument("--version", help="显示版本号并退出", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--db", type=Path, help="使用指定的数据文件（默认在用户数据文件夹中）")
    parser._optionals.title = "选项"
    commands = parser.add_subparsers(dest="command", metavar="子命令", title="子命令")
    demo_parser = commands.add_parser("demo", help="新建一个数据文件并填入演示数据", add_help=False)
    demo_parser.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    demo_parser._optionals.title = "选项"
    demo_parser.add_argument("--db", type=Path, required=True, help="要新建的数据文件")
    demo_parser.add_argument("--people", type=int, metavar="N", default=60, help="在册党员人数（默认60）")
    return parser


def run_demo(db: Path, count: int) -> int:
    from models import demo, people
    from models.instance_lock import AlreadyRunning
    from models.store import StoreError, open_store

    if count < 1 or count > 200_000:
        print("人数应在 1 到 200000 之间", file=sys.stderr)
        return 2
    try:
        lock, store = open_store(db)
    except (AlreadyRunning, StoreError) as exc:
        print(exc, file=sys.stderr)
        return 1
    try:
        with store.session() as session:
            if people.count_members(session, include_archived=True):
                print(f"{db} 里已经有人员数据，演示数据只能填入新的数据文件", file=sys.stderr)
                return 1
            demo.fill(session, count, date.today())
    finally:
        store.close()
        lock.release()
    print(f"已在 {db} 中生成演示数据：在册党员 {count} 人")
    return 0


def run(args: argparse.Namespace) -> int:
    """Run a CLI sub-command; returns the process exit code."""
    if args.command == "demo":
        return run_demo(args.db, args.people)
    raise AssertionError(f"unknown command {args.command}")
