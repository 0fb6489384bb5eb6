"""`demo`: a new data file filled with realistic demo data, through the write path."""

from __future__ import annotations

import argparse

from models.cli.common import add_db_option, int_between, run_command, shown, workspace_for
from models.core.errors import UserError

DEFAULT_PEOPLE = 60
TOWNSHIP_FROM = 2_000  # models.demo.township.TOWNSHIP_FROM (not imported here: `--help` stays quick)
TOWNSHIP_GROUPS = "每 2500 人一个村的 5 个党小组，最多 40 个村"


def add_to(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("demo", help="新建一个数据文件并填入演示数据",
                                 description="新建一个数据文件，填入一个村党支部的演示数据（党小组、党员、流动和已归档人员）。")
    add_db_option(parser, "要新建的数据文件")
    parser.add_argument("--people", type=int_between(1, 200_000), metavar="人数", default=DEFAULT_PEOPLE,
                        help=f"在册党员人数（默认 {DEFAULT_PEOPLE}）")
    parser.add_argument("--township", action="store_true",
                        help=f"生成一个乡镇党委的演示数据（{TOWNSHIP_GROUPS}；人数超过 {TOWNSHIP_FROM} 时自动如此）：每人约 "
                             "10 条积分记录，每两人 1 件民情，三年的数据")
    parser.set_defaults(run=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    from models.access.accounts import is_demo
    from models.demo import fill_demo
    from models.people.branch import get_branch
    from models.people.roster import count_members

    def work() -> int:
        with workspace_for(args.db, create=True) as workspace:
            with workspace.read() as session:
                used = get_branch(session) is not None or count_members(session, include_archived=True)
            if used:
                raise UserError(f"{shown(args.db)} 里已经有数据，演示数据只能填入新的数据文件")
            if args.township or args.people > TOWNSHIP_FROM:
                from models.demo.township import fill_township

                sizes = workspace.run(fill_township, args.people).value
                summary = (f"乡镇党委，{sizes.branches} 个村的党小组，在册党员 {sizes.people} 人，"
                           f"积分记录 {sizes.entries} 条，民情 {sizes.grievances} 件")
            else:
                workspace.run(fill_demo, args.people)
                summary = f"在册党员 {args.people} 人"
            with workspace.read() as session:
                accounts = is_demo(session)
        print(f"已在 {shown(args.db)} 中生成演示数据：{summary}")
        if accounts:
            print_demo_accounts()
        return 0

    return run_command(work, "demo")


def print_demo_accounts() -> None:
    """The demo's accounts, so whoever tries the demo can sign in (README: 演示数据)."""
    from models.access.accounts import DEMO_PASSWORD, DEMO_USER
    from models.core.codes import label
    from models.demo.accounts import DEMO_ACCOUNTS

    print(f"演示账号：{DEMO_USER}，密码：{DEMO_PASSWORD}（管理员）")
    others = "；".join(f"{name}（{label(role)}）" for name, role in DEMO_ACCOUNTS if name != DEMO_USER)
    print(f"其他演示账号：{others}，密码同样是 {DEMO_PASSWORD}")
