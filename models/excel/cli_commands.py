"""`import-excel` and `export-excel` on the command line: the same report as the GUI preview."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from models.excel.roster_import import ImportPreview

EXPORTS = {"members": "在册党员"}


def describe(preview: ImportPreview) -> list[str]:
    """The preview as lines of Chinese text (the CLI prints them; tests read them)."""
    sheet = preview.sheet
    lines = [f"文件：{preview.path.name}（工作表“{sheet.sheet}”，表头在第 {sheet.header_row} 行）"]
    if preview.unmapped_columns():
        lines.append("不导入的列：" + "、".join(preview.unmapped_columns()))
    lines.append(
        f"数据行 {len(preview.rows)} 行：可导入 {len(preview.rows) - len(preview.problem_rows)} 行"
        f"（新增 {len(preview.new_rows)}，更新已有人员 {len(preview.update_rows)}），"
        f"有问题 {len(preview.problem_rows)} 行；另跳过 {len(preview.skipped)} 行（空行、表尾说明等）"
    )
    if preview.new_groups:
        lines.append("将新建党小组：" + "、".join(preview.new_groups))
    for row in preview.update_rows:
        changes = "、".join(row.changes) if row.changes else "无变化"
        lines.append(f"  第{row.row}行 {row.form.name}：已在册，将更新（{changes}）")
    if preview.problems:
        lines.append("问题：")
        lines += [f"  第{p.row}行 {p.name or '（无姓名）'}　{p.field}：{p.message}" for p in preview.problems]
    return lines


def run_import(file: Path, db: Path, *, dry_run: bool, skip_invalid: bool) -> int:
    """Exit 0 only when every data row was (or, with --dry-run, would be) imported."""
    from models.cli import user_errors
    from models.excel.roster_import import apply_import, read_roster
    from models.store import opened

    def work() -> int:
        with opened(db) as store, store.session() as session:
            preview = read_roster(file, session, date.today())
            print("\n".join(describe(preview)))
            if dry_run:
                print("（试运行，没有写入任何数据）")
                return 0 if not preview.problem_rows else 1
            result = apply_import(session, preview, date.today(), skip_invalid=skip_invalid)
        print(f"已导入：新增 {result.created} 人，更新 {result.updated} 人"
              + (f"；新建党小组 {'、'.join(result.groups_created)}" if result.groups_created else ""))
        if preview.problem_rows:
            print(f"有 {len(preview.problem_rows)} 行因存在问题没有导入", file=sys.stderr)
            return 1
        return 0

    return user_errors(work)


def run_export(what: str, db: Path, out: Path) -> int:
    from models.cli import user_errors
    from models.excel.roster_export import export_people
    from models.people import MemberFilter, details_for, list_members
    from models.store import opened

    if what not in EXPORTS:
        names = "、".join(f"{k}（{v}）" for k, v in EXPORTS.items())
        print(f"没有名为“{what}”的名单。可导出的名单：{names}", file=sys.stderr)
        return 2
    if not out.resolve().parent.is_dir():
        print(f"保存位置的文件夹不存在：{out.resolve().parent}", file=sys.stderr)
        return 1

    def work() -> int:
        today = date.today()
        with opened(db, for_reading=True) as store, store.session() as session:
            ids = [r.id for r in list_members(session, MemberFilter(), today)]
            details = details_for(session, ids, today)
        export_people(details, out, today)
        print(f"已导出{EXPORTS[what]} {len(ids)} 人：{out}")
        return 0

    return user_errors(work)
