"""The command line (DESIGN.md §9): Chinese messages, exit 0 on success, non-zero on failure.

Commands import their modules when they run, so opening the window does not pay for them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
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
    report_parser = commands.add_parser("report", help="生成PDF报表（roster 党员花名册；person 党员基本信息卡）",
                                        add_help=False)
    report_parser.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    report_parser._optionals.title = "选项"
    report_parser.add_argument("name", metavar="报表名称", help="roster（党员花名册）或 person（党员基本信息卡）")
    report_parser.add_argument("--db", type=Path, required=True, help="数据文件")
    report_parser.add_argument("--out", type=Path, required=True, help="要保存的PDF文件")
    report_parser.add_argument("--masked", action="store_true", help="隐去身份证号和电话的中间几位（用于张贴公示）")
    report_parser.add_argument("--include-archived", action="store_true", help="花名册中包括已归档（转出、去世等）人员")
    report_parser.add_argument("--group", metavar="党小组", help="只打印这个党小组（默认全部）")
    report_parser.add_argument("--id", metavar="身份证号", help="person 报表：此人的公民身份号码")
    import_parser = commands.add_parser("import-excel", help="从Excel花名册（.xlsx）导入党员", add_help=False)
    import_parser.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    import_parser._optionals.title = "选项"
    import_parser.add_argument("file", type=Path, metavar="文件.xlsx", help="要导入的Excel文件")
    import_parser.add_argument("--db", type=Path, required=True, help="数据文件")
    import_parser.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入任何数据")
    import_parser.add_argument("--skip-invalid", action="store_true", help="跳过有问题的行，只导入无误的行")
    export_parser = commands.add_parser("export-excel", help="把名单导出为Excel（.xlsx）", add_help=False)
    export_parser.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    export_parser._optionals.title = "选项"
    export_parser.add_argument("what", metavar="名单", help="members（在册党员）")
    export_parser.add_argument("--db", type=Path, required=True, help="数据文件")
    export_parser.add_argument("--out", type=Path, required=True, help="要保存的.xlsx文件")
    self_test = commands.add_parser("self-test", help="自检：在临时文件夹中把各项功能完整运行一遍", add_help=False)
    self_test.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    return parser


def user_errors(work: Callable[[], int]) -> int:
    """Run a command; an expected failure prints its Chinese message and exits 1."""
    from models.jobs import UserError

    try:
        return work()
    except UserError as exc:
        print(exc, file=sys.stderr)
        return 1


def run_report(args: argparse.Namespace) -> int:
    from models.reports.catalog import REPORT_TITLES, write_pdf
    from models.store import opened

    if args.name not in REPORT_TITLES:
        names = "、".join(f"{code}（{title}）" for code, title in REPORT_TITLES.items())
        print(f"没有名为“{args.name}”的报表。可用的报表：{names}", file=sys.stderr)
        return 2
    if args.name == "person" and not args.id:
        print("打印党员基本信息卡需要用 --id 指定此人的公民身份号码", file=sys.stderr)
        return 2
    if not args.out.resolve().parent.is_dir():
        print(f"保存位置的文件夹不存在：{args.out.resolve().parent}", file=sys.stderr)
        return 1

    def work() -> int:
        with opened(args.db, for_reading=True) as store, store.session() as session:
            data = _build_report(session, args)
        write_pdf(data, args.out)
        print(f"已生成{REPORT_TITLES[args.name]}：{args.out}")
        return 0

    return user_errors(work)


def _build_report(session, args: argparse.Namespace) -> bytes:
    from models.branch import list_groups
    from models.people import find_by_citizen_id
    from models.reports.document import ReportError

    today = date.today()
    if args.name == "person":
        from models.reports.person_card import build_person_card

        person_id = find_by_citizen_id(session, args.id)
        if person_id is None:
            raise ReportError(f"找不到公民身份号码为 {args.id} 的人员")
        return build_person_card(session, person_id, today)
    from models.reports.roster import RosterOptions, build_roster

    group_id = None
    if args.group:
        group_id = next((g.id for g in list_groups(session) if g.name == args.group.strip()), None)
        if group_id is None:
            names = "、".join(g.name for g in list_groups(session)) or "（还没有党小组）"
            raise ReportError(f"没有名为“{args.group}”的党小组。现有：{names}")
    options = RosterOptions(group_id=group_id, include_archived=args.include_archived, masked=args.masked)
    return build_roster(session, options, today)


def run_demo(db: Path, count: int) -> int:
    from models import demo, people
    from models.store import opened

    if count < 1 or count > 200_000:
        print("人数应在 1 到 200000 之间", file=sys.stderr)
        return 2

    def work() -> int:
        with opened(db) as store, store.session() as session:
            if people.count_members(session, include_archived=True):
                print(f"{db} 里已经有人员数据，演示数据只能填入新的数据文件", file=sys.stderr)
                return 1
            demo.fill(session, count, date.today())
        print(f"已在 {db} 中生成演示数据：在册党员 {count} 人")
        return 0

    return user_errors(work)


def run(args: argparse.Namespace) -> int:
    """Run a CLI sub-command; returns the process exit code."""
    if args.command == "demo":
        return run_demo(args.db, args.people)
    if args.command == "report":
        return run_report(args)
    if args.command == "import-excel":
        from models.excel.cli_commands import run_import

        return run_import(args.file, args.db, dry_run=args.dry_run, skip_invalid=args.skip_invalid)
    if args.command == "export-excel":
        from models.excel.cli_commands import run_export

        return run_export(args.what, args.db, args.out)
    raise AssertionError(f"unknown command {args.command}")
