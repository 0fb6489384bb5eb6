"""The command line (README: 命令行): one parser with a sub-command per module, Chinese messages,
exit 0 on success and non-zero on failure.

Each command module adds its sub-parser with `add_to(commands)` and sets `run`, the function the
command runs; commands import their heavier modules only when they run, so opening the window
does not pay for them.
"""

from __future__ import annotations

import argparse
import sys

from models import APP_NAME, __version__
from models.cli import backup_commands, data_commands, demo_commands, excel_commands, report_commands, score_commands
from models.cli.common import acting_as, database, exit_code, report_failure
from models.cli.parsing import ChineseArgumentParser
from models.core.errors import UserError

_COMMANDS = (data_commands, demo_commands, backup_commands, report_commands, score_commands, excel_commands)


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        description=f"{APP_NAME}：基层党支部的党员名册、发展党员、积分和报表管理（离线）。不带子命令时打开程序窗口。")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}", help="显示版本号并退出")
    parser.add_argument("--db", type=database, metavar="数据文件",
                        help="使用指定的数据文件（默认在用户数据文件夹中）；程序窗口暂时只能打开数据文件")
    parser.add_argument("--user", metavar="用户名",
                        help="以这个用户的身份执行子命令（也可用环境变量 BRANCHKEEPER_USER）；密码取自环境变量 "
                             "BRANCHKEEPER_PASSWORD，没有时提示输入，不能写在命令里。数据文件还没有用户账号时不需要")
    commands = parser.add_subparsers(dest="command", metavar="子命令", title="子命令",
                                     help="下列之一；每个子命令加 -h 可看它的说明")
    for module in _COMMANDS:
        module.add_to(commands)
    commands.add_parser("self-test", help="自检：在临时文件夹中把各项功能完整运行一遍",
                        description="自检：在临时文件夹中把数据库、演示数据、Excel、报表、打印和程序窗口完整运行一遍。")
    return parser


def run(args: argparse.Namespace) -> int:
    """Run the parsed sub-command (one of the models' commands); returns the process exit code.
    Whatever a command did not expect (a full disk, a bug) is logged and explained in Chinese."""
    try:
        with acting_as(getattr(args, "user", None)):
            return args.run(args)
    except UserError as exc:  # e.g. signing in, outside a command's own run_command: exit 3
        print(f"错误：{exc}", file=sys.stderr)
        return exit_code(exc)
    except Exception as exc:  # noqa: BLE001 - the user never sees a traceback
        return report_failure(exc, getattr(args, "db", None))
