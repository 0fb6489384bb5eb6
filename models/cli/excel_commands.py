"""`import-excel` and `export-excel`: the roster (or, with --pipeline, the list of 入党申请人,
积极分子 and 发展对象) from Excel and the lists to Excel, with the same checks and the same import
operations as the window."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from models.cli.common import (
    UsageError,
    add_db_option,
    check_extension,
    check_folder,
    reading,
    run_command,
    workspace_for,
)
from models.core.errors import UserError

if TYPE_CHECKING:
    from models.excel.roster_import import ImportPreview

EXPORTS = {"members": "在册党员", "activists": "发展党员名单", "scores": "积分记录", "grievances": "民情台账"}
WITH_PERIOD = ("scores", "grievances")  # the lists --period applies to


def _export_name(text: str) -> str:
    """argparse `type` for the list to export: a known name, or the names there are."""
    if text not in EXPORTS:
        names = "、".join(f"{k}（{v}）" for k, v in EXPORTS.items())
        raise argparse.ArgumentTypeError(f"没有名为“{text}”的名单。可导出的名单：{names}")
    return text


def _period(text: str) -> str:
    """argparse `type` for --period: a quarter or a year as its code, in Chinese when it is neither."""
    from models.reports.options import period_code

    try:
        return period_code(None, text)
    except UserError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_to(commands: argparse._SubParsersAction) -> None:
    imports = commands.add_parser("import-excel", help="从Excel花名册（.xlsx）导入党员，或导入入党申请人和积极分子",
                                  description="从Excel花名册（.xlsx）导入党员：先检查每一行并报告，"
                                              "全部无误才导入（或用 --skip-invalid 只导入无误的行）。"
                                              "加 --pipeline 则导入入党申请人、入党积极分子和发展对象的名单。")
    imports.add_argument("file", type=Path, metavar="文件.xlsx", help="要导入的Excel文件")
    add_db_option(imports)
    imports.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入任何数据")
    imports.add_argument("--skip-invalid", action="store_true", help="跳过有问题的行，只导入无误的行")
    imports.add_argument("--sheet", metavar="名称",
                         help="要导入的工作表（文件中有几个工作表都是名单时必须指定；隐藏的工作表只在指定时导入）")
    imports.add_argument("--pipeline", action="store_true",
                         help="导入入党申请人、入党积极分子和发展对象（还不是党员的人）的名单，而不是党员花名册："
                              "每人按“阶段”列（或所填的申请入党、确定为入党积极分子、确定为发展对象的日期）"
                              "记入“发展党员”，日期记入其发展党员经历")
    imports.set_defaults(run=run_import)
    exports = commands.add_parser("export-excel", help="把名单导出为Excel（.xlsx）",
                                  description="把名单导出为Excel（.xlsx），表头为中文，日期为真正的日期格式。")
    names = "、".join(f"{k}（{v}）" for k, v in EXPORTS.items())
    exports.add_argument("what", metavar="名单", type=_export_name, help=f"要导出的名单：{names}")
    add_db_option(exports)
    exports.add_argument("--out", type=Path, required=True, metavar="文件.xlsx", help="要保存的Excel文件")
    exports.add_argument("--period", metavar="期间", type=_period,
                         help="期间：季度（如 2026Q3）或年度（如 2026）（只用于 scores 和 grievances）。"
                              "scores 不指定时为上一个已结束的季度；grievances 为这期间登记的民情事项，"
                              "不指定时为今年登记的和以前登记、还没有办结的")
    exports.set_defaults(run=run_export)


def describe(preview: ImportPreview) -> list[str]:
    """The preview as lines of Chinese text (the CLI prints them; tests read them)."""
    from models.excel.development_columns import NOT_YET_MEMBER

    sheet = preview.sheet
    lines = [f"文件：{preview.path.name}（工作表“{sheet.sheet}”，表头在第 {sheet.header_row} 行）"]
    lines += [f"说明：{note}" for note in sheet.notes]
    if preview.unmapped_columns():
        lines.append("不导入的列：" + "、".join(preview.unmapped_columns()))
    lines.append(
        f"数据行 {len(preview.rows)} 行：可导入 {len(preview.rows) - len(preview.problem_rows)} 行"
        f"（新增 {len(preview.new_rows)}，更新已有人员 {len(preview.update_rows)}），"
        f"有问题 {len(preview.problem_rows)} 行；另跳过 {len(preview.skipped)} 行（空行、表尾说明等）"
    )
    if preview.new_groups:
        lines.append("将新建党小组：" + "、".join(preview.new_groups))
    pipeline = _is_pipeline(preview)
    if pipeline:  # a short list: each new person with the stage they get
        from models.development.steps import stage_name

        lines += [f"  第{row.row}行 {row.form.name}：将新增，{stage_name(row.form.stage)}" for row in preview.new_rows]
    for row in preview.update_rows:
        changes = "、".join(row.changes) if row.changes else "无变化"
        lines.append(f"  第{row.row}行 {row.form.name}：{'已录入' if pipeline else '已在册'}，将更新（{changes}）")
    if preview.problems:
        lines.append("问题：")
        lines += [f"  第{p.row}行 {p.name or '（无姓名）'}　{p.field}：{p.message}" for p in preview.problems]
    if not pipeline and any(NOT_YET_MEMBER in p.message for p in preview.problems):
        lines.append("提示：表格中有还不是党员的人（入党申请人、积极分子或发展对象），他们的名单请加 --pipeline 导入")
    return lines


def _is_pipeline(preview: ImportPreview) -> bool:
    from models.excel.pipeline_import import PipelinePreview

    return isinstance(preview, PipelinePreview)


def run_import(args: argparse.Namespace) -> int:
    """Exit 0 only when every data row was (or, with --dry-run, would be) imported."""
    if args.pipeline:
        from models.excel.pipeline_import import import_pipeline as import_rows
        from models.excel.pipeline_import import pipeline_summary as summary
    else:
        from models.excel.roster_import import import_roster as import_rows
        from models.excel.roster_import import import_summary as summary

    def work() -> int:
        with workspace_for(args.db) as workspace:
            if not args.dry_run:  # refused before the sheet is read and its rows listed
                workspace.check(import_rows.permission)
            with workspace.read() as session:
                preview = _read(args, session, workspace.today())
            print("\n".join(describe(preview)))
            if args.dry_run:
                print("（试运行，没有写入任何数据）")
                return 0 if not preview.problem_rows else 1
            result = workspace.run(import_rows, preview, skip_invalid=args.skip_invalid).value
        print(summary(result))
        if preview.problem_rows:
            print(f"有 {len(preview.problem_rows)} 行因存在问题没有导入", file=sys.stderr)
            return 1
        return 0

    return run_command(work)


def _read(args: argparse.Namespace, session, today) -> ImportPreview:
    """The preview of the sheet asked for; a file with several list sheets needs --sheet (exit 2)."""
    from models.excel.workbook import SheetChoiceNeeded, SheetNotFound

    if args.pipeline:
        from models.excel.pipeline_import import read_pipeline as read
    else:
        from models.excel.roster_import import read_roster as read
    try:
        return read(args.file, session, today, sheet=args.sheet)
    except SheetChoiceNeeded as exc:
        example = exc.choices[0].name
        example = f'"{example}"' if any(c.isspace() for c in example) else example
        raise UsageError(f"{exc.finding}。请用 --sheet 指定要导入的工作表，例如 --sheet {example}") from None
    except SheetNotFound as exc:
        raise UsageError(str(exc)) from None


def run_export(args: argparse.Namespace) -> int:
    exporters = {"members": _export_members, "activists": _export_activists, "scores": _export_scores,
                 "grievances": _export_grievances}

    def work() -> int:
        if args.period is not None and args.what not in WITH_PERIOD:
            raise UsageError(f"导出{EXPORTS[args.what]}不使用 --period")
        check_extension(args.out, ".xlsx")
        check_folder(args.out)
        print(exporters[args.what](args))
        return 0

    return run_command(work, "export-excel")


def _export_members(args: argparse.Namespace) -> str:
    from datetime import date

    from models.excel.roster_export import export_people
    from models.people.roster import MemberFilter, details_for, list_members

    today = date.today()
    with reading(args.db) as session:
        ids = [r.id for r in list_members(session, MemberFilter(), today)]
        details = details_for(session, ids, today)
    export_people(details, args.out, today)
    return f"已导出{EXPORTS[args.what]} {len(ids)} 人：{args.out}"


def _export_activists(args: argparse.Namespace) -> str:
    """Everyone in the development pipeline, as the 发展党员 tab lists them."""
    from datetime import date

    from models.development.pipeline import list_pipeline
    from models.excel.pipeline_export import export_pipeline

    with reading(args.db) as session:
        rows = list_pipeline(session, date.today())
    export_pipeline(rows, args.out)
    return f"已导出{EXPORTS[args.what]} {len(rows)} 人：{args.out}"


def _export_scores(args: argparse.Namespace) -> str:
    """A period's score entries, voided ones included."""
    from datetime import date

    from models.excel.pipeline_export import export_scores, period_entries
    from models.reports.options import period_or_default

    period = period_or_default(args.period, date.today())
    with reading(args.db) as session:
        entries = period_entries(session, period)
    export_scores(entries, args.out, f"{period.title}积分记录")
    return f"已导出{period.title}的{EXPORTS[args.what]} {len(entries)} 条（含已作废的）：{args.out}"


def _export_grievances(args: argparse.Namespace) -> str:
    """The 民情台账 with every field: a period's items, or this year's and every item still open;
    voided ones included."""
    from datetime import date

    from models.excel.grievance_export import export_grievances
    from models.grievances.ledger import ledger_details
    from models.scoring.periods import parse_period

    today = date.today()
    period = parse_period(args.period) if args.period else None
    with reading(args.db) as session:
        entries = ledger_details(session, period, today)
    what = f"{period.title}的" if period else "今年登记的和未办结的"
    export_grievances(entries, args.out, f"{period.title}民情台账" if period else EXPORTS[args.what])
    return f"已导出{what}{EXPORTS[args.what]} {len(entries)} 件（含已作废的）：{args.out}"
