"""Writing rosters to .xlsx: the list as the user sees it, the blank template, the problem list."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from operator import attrgetter
from pathlib import Path

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from models.core.codes import MEMBER_STAGES, Education, Gender, label
from models.core.jobs import IsCancelled, Progress, check_cancel
from models.excel.columns import HEADER_OF
from models.excel.output import NEEDS_CELL, data_cell, new_workbook, put
from models.people.roster import PersonDetail

# (field, header, width, kind) — the template and the export share these, so exports re-import.
LAYOUT: tuple[tuple[str, str, int, str], ...] = (
    ("name", HEADER_OF["name"], 10, "text"), ("gender", HEADER_OF["gender"], 6, "code"),
    ("ethnicity", HEADER_OF["ethnicity"], 8, "text"), ("citizen_id", HEADER_OF["citizen_id"], 21, "id"),
    ("birth_date", HEADER_OF["birth_date"], 12, "date"), ("education", HEADER_OF["education"], 11, "code"),
    ("stage", HEADER_OF["stage"], 10, "code"), ("group", HEADER_OF["group"], 13, "text"),
    ("joined_on", HEADER_OF["joined_on"], 12, "date"), ("confirmed_on", HEADER_OF["confirmed_on"], 12, "date"),
    ("work_unit", HEADER_OF["work_unit"], 24, "text"), ("phone", HEADER_OF["phone"], 15, "id"),
    ("address", HEADER_OF["address"], 24, "text"), ("is_mobile", HEADER_OF["is_mobile"], 9, "yesno"),
    ("mobile_destination", HEADER_OF["mobile_destination"], 20, "text"),
    ("mobile_since", HEADER_OF["mobile_since"], 12, "date"),
    ("mobile_contact", HEADER_OF["mobile_contact"], 16, "text"), ("notes", HEADER_OF["notes"], 24, "text"),
)
COMPUTED = (("年龄", 6), ("党龄", 6), ("状态", 16))
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E6E6E6")
DATE_FORMAT = "yyyy-mm-dd"
# The template's example person: a male ID (odd 17th digit) for the example's 男, born 1949-12-31.
EXAMPLE_ID = "110105194912310118"


def _header_cells(sheet, titles: Sequence[str]) -> list[WriteOnlyCell]:
    row = []
    for title in titles:
        cell = data_cell(sheet, title)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
        row.append(cell)
    return row


def export_people(people: Sequence[PersonDetail], path: Path, today: date, progress: Progress | None = None,
                  cancelled: IsCancelled | None = None) -> None:
    """The people in this order, every roster field plus 年龄/党龄/状态, ready to re-import."""
    with new_workbook(path, write_only=True) as book:
        sheet = book.create_sheet("党员")
        widths = [w for _, _, w, _ in LAYOUT] + [w for _, w in COMPUTED]
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "B2"
        sheet.append(_header_cells(sheet, [h for _, h, _, _ in LAYOUT] + [h for h, _ in COMPUTED]))
        for count, person in enumerate(people):
            if count % 1000 == 0:
                check_cancel(cancelled)
                if progress is not None:
                    progress(count / max(len(people), 1), f"已导出 {count} 人…")
            sheet.append(_person_cells(sheet, person))
    if progress is not None:
        progress(1.0, f"已导出 {len(people)} 人")


# Where each roster field's value comes from, computed once: the export builds 10,000s of rows.
_FIELDS = tuple(field for field, _, _, _ in LAYOUT)
_FORM_VALUES = attrgetter(*("group_id" if field == "group" else field for field in _FIELDS))  # group: see below
_GROUP, _ID, _MOBILE = (_FIELDS.index(field) for field in ("group", "citizen_id", "is_mobile"))
_CODED = tuple(_FIELDS.index(field) for field in ("gender", "education", "stage"))


def _person_cells(sheet, person: PersonDetail) -> list[object]:
    """One row for `append`: the roster fields (group by name, codes by label, 是/否, empty text as an
    empty cell) and 年龄/党龄/状态; plain values, a cell only where `NEEDS_CELL` says one is needed."""
    values = [None if value == "" else value for value in _FORM_VALUES(person.form)]
    values[_GROUP] = person.group_name
    for index in _CODED:
        values[index] = label(values[index])
    values[_MOBILE] = "是" if values[_MOBILE] else "否"
    status = "在册" if person.archive is None else f"已{label(person.archive.reason)}"
    values += (person.age, person.party_years, status)
    needs_cell = NEEDS_CELL.search  # text stays text: “=…” never becomes a formula
    row = [data_cell(sheet, value) if isinstance(value, str) and needs_cell(value) else value for value in values]
    row[_ID] = data_cell(sheet, values[_ID])  # text format, so editing in Excel cannot make it a number
    row[_ID].number_format = "@"
    return row  # dates get openpyxl's yyyy-mm-dd format by themselves


TEMPLATE_ROWS = 1000  # rows formatted for typing: IDs and phones as text, dates as dates, drop-downs


def write_template(path: Path, group_names: Sequence[str]) -> None:
    """A blank roster with our headers, an example row, drop-downs and text-formatted ID/phone columns."""
    with new_workbook(path) as book:
        sheet = book.active
        sheet.title = "党员信息"
        for index, (_, header, width, _) in enumerate(LAYOUT, start=1):
            cell = put(sheet.cell(row=1, column=index), header)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            cell.alignment = Alignment(horizontal="center")
            sheet.column_dimensions[get_column_letter(index)].width = width
        _template_example(sheet, group_names)
        _template_choices(book, sheet, group_names)
        sheet.freeze_panes = "B2"


def _template_example(sheet, group_names: Sequence[str]) -> None:
    """Row 2: a person who keeps every roster rule, marked 示例 so that the import skips it."""
    example = {"name": "张三", "gender": "男", "ethnicity": "汉族", "citizen_id": EXAMPLE_ID,
               "birth_date": date(1949, 12, 31), "education": "高中", "stage": "正式党员",
               "group": group_names[0] if group_names else "", "joined_on": date(1975, 7, 1),
               "confirmed_on": date(1976, 7, 1), "work_unit": "红旗村村民委员会 主任", "phone": "13812345678",
               "address": "红旗村一组1号", "is_mobile": "否", "notes": "示例（导入时自动跳过，可删除此行）"}
    grey = Font(color="888888", italic=True)
    for index, (field, _, _, kind) in enumerate(LAYOUT, start=1):
        put(sheet.cell(row=2, column=index), example.get(field)).font = grey
        if kind in ("date", "id"):
            for row in range(2, TEMPLATE_ROWS + 2):  # so Excel keeps IDs and phones as typed
                sheet.cell(row=row, column=index).number_format = DATE_FORMAT if kind == "date" else "@"


def _template_choices(book, sheet, group_names: Sequence[str]) -> None:
    """Drop-down lists from a hidden sheet 可选项 (a group named “=…” stays a name there)."""
    column = {field: get_column_letter(i) for i, (field, _, _, _) in enumerate(LAYOUT, start=1)}
    lists = {"gender": [label(g) for g in Gender], "stage": [label(s) for s in MEMBER_STAGES],
             "education": [label(e) for e in Education], "is_mobile": ["是", "否"]}
    if group_names:
        lists["group"] = list(group_names)
    choices = book.create_sheet("可选项")
    for index, (field, values) in enumerate(lists.items(), start=1):
        for row, value in enumerate(values, start=1):
            put(choices.cell(row=row, column=index), value)
        letter = get_column_letter(index)
        validation = DataValidation(type="list", formula1=f"='可选项'!${letter}$1:${letter}${len(values)}",
                                    allow_blank=True, showErrorMessage=True, errorTitle="请从下拉列表中选择",
                                    error=f"请从下拉列表中选择{HEADER_OF[field]}")
        validation.add(f"{column[field]}2:{column[field]}{TEMPLATE_ROWS + 1}")
        sheet.add_data_validation(validation)
    choices.sheet_state = "hidden"


def write_problems(problems, path: Path) -> None:
    """The rows with problems, to send back to whoever filled the sheet."""
    with new_workbook(path) as book:
        sheet = book.active
        sheet.title = "导入问题"
        titles = ("原行号", "姓名", "字段", "问题")
        for index, (title, width) in enumerate(zip(titles, (8, 12, 16, 80), strict=True), start=1):
            cell = put(sheet.cell(row=1, column=index), title)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            sheet.column_dimensions[get_column_letter(index)].width = width
        for row, problem in enumerate(problems, start=2):
            for column, value in enumerate((problem.row, problem.name, problem.field, problem.message), start=1):
                put(sheet.cell(row=row, column=column), value)
        sheet.freeze_panes = "A2"
