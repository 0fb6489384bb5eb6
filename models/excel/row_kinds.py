"""Rows of a roster sheet that are not people, and cells that cannot be read as they stand.

Other systems' templates and hand-made rosters carry footers (填表人：…), instructions inside the
data area (often a merged block: "注意：1、红色字段为必填字段；2、导入前请删除注意事项…"), the
template's example row and numbered empty lines; these are skipped with a reason. A cell longer
than its field can be is a problem of that field. Where several columns could hold the stage, the
one whose values read as stages is used.
"""

from __future__ import annotations

import re

from models.excel import cells
from models.excel.columns import field_for_header, normalize_header
from models.excel.workbook import SheetRows
from models.excel.xlsx_xml import CELL_LIMIT, TooLong

FOOTER_WORDS = ("填表人", "审核人", "制表人", "填报人", "负责人", "联系人", "合计", "总计", "注：", "注:", "说明：",
                "填表日期", "填报日期")
EXAMPLE_MARK = "示例"
# Instructions other systems' templates put inside the data area, often a merged block:
# "注意：1、红色字段为必填字段；2、导入前请删除注意事项…".
INSTRUCTIONS = re.compile(r"(注意事项|注意|填表说明|填写说明|填报说明|导入说明|说明|备注|提示|温馨提示|特别提示|注)\s*[:：]"
                          r"|(注意事项|填表说明|填写说明|填报说明|导入说明)")
ENUMERATED = re.compile(r"[1１一][、.．)）]")
TEXT_LIMIT = 1000  # characters in a roster field (备注 may hold as much as a cell can)
STAGE_FIRST = "党籍状态"  # where a sheet has it, 人员类别 may be a staff category (普通编制)


def cell(values: tuple, index: int | None) -> object:
    return values[index] if index is not None and index < len(values) else None


def choose_stage_column(mapping: dict[int, str], sheet: SheetRows) -> dict[int, str]:
    """When several columns could hold the stage (人员类别, 党籍状态, 政治面貌…), the one whose
    values read as 正式党员/预备党员 wins, 党籍状态 on a tie: in sheets that have 党籍状态,
    人员类别 often holds a staff category such as 普通编制."""
    candidates = [i for i, h in enumerate(sheet.headers) if field_for_header(h) == "stage"]
    if len(candidates) < 2:
        return mapping

    def score(index: int) -> tuple[int, bool]:
        readable = 0
        for _, values in sheet.rows[:500]:
            try:
                readable += bool(cells.stage(cell(values, index)))
            except cells.CellError:
                pass
        return readable, normalize_header(sheet.headers[index]) == STAGE_FIRST

    best = max(candidates, key=score)
    chosen = {i: f for i, f in mapping.items() if f != "stage"}
    chosen[best] = "stage"
    return dict(sorted(chosen.items()))


def too_long(values: tuple, columns: dict[str, int], problems: dict[str, str]) -> tuple:
    """A cell longer than its field can be is a problem of that field and is then read as empty
    (a cell of millions of characters was never kept: the reader holds only its length)."""
    for name, index in columns.items():
        value = cell(values, index)
        length = value.length if isinstance(value, TooLong) else len(value) if isinstance(value, str) else 0
        if length > (CELL_LIMIT if name == "notes" else TEXT_LIMIT):
            problems[name] = f"单元格内容过长（{length}字），请检查"
            values = (*values[:index], None, *values[index + 1:])
    return values


def skip_reason(values: tuple, columns: dict[str, int]) -> str | None:
    """Why this row is not a person (None when it should be read as one)."""
    filled = [v for v in values if v is not None and str(v).strip() != ""]
    if not filled:
        return "空行"
    first = str(filled[0]).strip()
    if any(first.startswith(word) for word in FOOTER_WORDS):
        return f"表尾说明（{first[:12]}）"
    if INSTRUCTIONS.match(first) or (len(filled) == 1 and len(first) >= 40 and ENUMERATED.search(first)):
        return f"填表说明（{first[:12]}{'…' if len(first) > 12 else ''}）"
    if str(cell(values, columns.get("notes")) or "").strip().startswith(EXAMPLE_MARK):
        return "模板中的示例行"
    no_person = cell(values, columns.get("name")) in (None, "") and cell(values, columns.get("citizen_id")) in (None, "")
    if no_person and len(filled) <= 1:
        return "只有序号，没有人员信息"
    return None
