"""`report`: any report in the registry to a PDF file. Its switches (--group, --masked, --id …) are
the options the reports declare; which report takes which is checked against the registry."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from models.cli.common import UsageError, add_db_option, check_extension, check_folder, reading, run_command
from models.reports import registry
from models.reports.declaration import Report, ReportError


def _report_code(text: str) -> str:
    """argparse `type` for the report name: a registered code, or the list of them."""
    try:
        return registry.get_report(text).code
    except ReportError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


# Sentences of a report's description that speak of the window (勾选…, 点“打印信息卡”); the
# command line says instead which switch does it.
_WINDOW_WORDS = ("勾选", "点“", "选中")


def command_line_text(report: Report) -> str:
    """The report's description as the command line says it: without the window's clicks, with
    the switch that makes it fit for posting."""
    sentences = [s + "。" for s in report.description.split("。") if s.strip()]
    text = "".join(s for s in sentences if not any(word in s for word in _WINDOW_WORDS))
    for option in report.options:
        if option.public_when_set:
            text += f"张贴公示时加 {option.flag}。"
    return text


def description() -> str:
    """The `report` command's description: one line per report (its code, title and what it holds)."""
    lines = [f"  {r.code}（{r.title}）：{command_line_text(r)}" for r in registry.all_reports()]
    return "\n".join(["生成PDF报表，保存为 --out 给出的 .pdf 文件。可用的报表：", *lines])


def add_to(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("report", help="生成PDF报表", description=description())
    codes = "、".join(r.code for r in registry.all_reports())
    parser.add_argument("name", metavar="报表", type=_report_code, help=f"报表名称（见上面的列表）：{codes}")
    add_db_option(parser)
    parser.add_argument("--out", type=Path, required=True, metavar="文件.pdf", help="要保存的PDF文件")
    for option in registry.all_options():
        users = "、".join(r.title for r in registry.users_of(option))
        help_text = f"{option.help}（用于：{users}）"
        if option.is_flag:
            parser.add_argument(option.flag, dest=option.key, action="store_const", const=True, help=help_text)
        else:
            parser.add_argument(option.flag, dest=option.key, metavar=option.metavar, help=help_text)
    parser.set_defaults(run=run_report)


def given_options(report: Report, args: argparse.Namespace) -> dict[str, object]:
    """The options typed on the command line (as typed), checked against what `report` takes."""
    given = {o.key: getattr(args, o.key) for o in registry.all_options() if getattr(args, o.key) is not None}
    unused = [o.flag for o in registry.all_options() if o.key in given and not report.takes(o.key)]
    if unused:
        raise UsageError(f"{report.title}不使用 {'、'.join(unused)}")
    missing = [o for o in report.options if o.required and o.key not in given]
    if missing:
        needs = "；".join(f"用 {o.flag} 指定{o.help}" for o in missing)
        raise UsageError(f"生成{report.title}需要{needs}")
    return given


def run_report(args: argparse.Namespace) -> int:
    from models.reports.options import value_from_text
    from models.reports.output import write_pdf

    def work() -> int:
        report = registry.get_report(args.name)
        check_extension(args.out, ".pdf")
        given = given_options(report, args)
        check_folder(args.out)
        with reading(args.db) as session:
            values = {o.key: value_from_text(o, session, given[o.key]) for o in report.options if o.key in given}
            data = report.build(session, values, date.today())
        write_pdf(data, args.out)
        print(f"已生成{report.title}：{args.out}")
        return 0

    return run_command(work, "report")
