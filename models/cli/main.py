"""The command line (README: 命令行): one parser with a sub-command per module, Chinese messages,
exit 0 on success and non-zero on failure.

Each command module adds its sub-parser with `add_to(commands)` and sets `run`, the function the
command runs; commands import their heavier modules only when they run, so opening the window
does not pay for them.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from models import APP_NAME, __version__
from models.cli import data_commands, demo_commands, excel_commands, report_commands, score_commands
from models.cli.common import report_failure
from models.cli.parsing import ChineseArgumentParser

_COMMANDS = (data_commands, demo_commands, report_commands, score_commands, excel_commands)


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        description=f"{APP_NAME}：基层党支部的党员名册、发展党员、积分和报表管理（离线）。不带子命令时打开程序窗口。")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}", help="显示版本号并退出")
    parser.add_argument("--db", type=Path, metavar="数据文件", help="使用指定的数据文件（默认在用户数据文件夹中）")
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
        return args.run(args)
    except Exception as exc:  # noqa: BLE001 - the user never sees a traceback
        return report_failure(exc, getattr(args, "db", None))
