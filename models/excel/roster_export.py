"""Writing rosters to .xlsx: the list as the user sees it, the blank template, the problem list."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from models.core.codes import MEMBER_STAGES, Education, Gender, label
from models.core.jobs import IsCancelled, Progress, check_cancel
from models.excel.columns import HEADER_OF
from models.excel.output import save_workbook
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


def _value(person: PersonDetail, field: str) -> object:
    form = person.form
    if field == "group":
        return person.group_name
    value = getattr(form, field)
    if field in ("gender", "education", "stage"):
        return label(value)
    if field == "is_mobile":
        return "是" if value else "否"
    return value if value not in (None, "") else None


def _header_cells(sheet, titles: Sequence[str]) -> list[WriteOnlyCell]:
    row = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
        row.append(cell)
    return row


def export_people(people: Sequence[PersonDetail], path: Path, today: date, progress: Progress | None = None,
                  cancelled: IsCancelled | None = None) -> None:
    """The people in this order, every roster field plus 年龄/党龄/状态, ready to re-import."""
    book = Workbook(write_only=True)
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
        row = []
        for field, _, _, _ in LAYOUT:
            value = _value(person, field)
            if field == "citizen_id" and value:  # text format, so editing in Excel cannot make it a number
                value = WriteOnlyCell(sheet, value=value)
                value.number_format = "@"
            row.append(value)  # dates get openpyxl's yyyy-mm-dd format by themselves
        status = "在册" if person.archive is None else f"已{label(person.archive.reason)}"
        row += [person.age, person.party_years, status]
        sheet.append(row)
    save_workbook(book, path)
    if progress is not None:
        progress(1.0, f"已导出 {len(people)} 人")


def write_template(path: Path, group_names: Sequence[str]) -> None:
    """A blank roster with our headers, an example row, drop-downs and text-formatted ID/phone columns."""
    book = Workbook()
    sheet = book.active
    sheet.title = "党员信息"
    for index, (_, header, width, _) in enumerate(LAYOUT, start=1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    example = {"name": "张三", "gender": "男", "ethnicity": "汉族", "citizen_id": "11010519491231002X",
               "birth_date": date(1949, 12, 31), "education": "高中", "stage": "正式党员",
               "group": group_names[0] if group_names else "", "joined_on": date(1975, 7, 1),
               "confirmed_on": date(1976, 7, 1), "work_unit": "红旗村村民委员会 主任", "phone": "13812345678",
               "address": "红旗村一组1号", "is_mobile": "否", "notes": "示例（导入时自动跳过，可删除此行）"}
    grey = Font(color="888888", italic=True)
    rows = 1000
    for index, (field, _, _, kind) in enumerate(LAYOUT, start=1):
        cell = sheet.cell(row=2, column=index, value=example.get(field))
        cell.font = grey
        if kind in ("date", "id"):
            for row in range(2, rows + 2):  # so Excel keeps IDs and phones as typed
                sheet.cell(row=row, column=index).number_format = DATE_FORMAT if kind == "date" else "@"
    column = {field: get_column_letter(i) for i, (field, _, _, _) in enumerate(LAYOUT, start=1)}
    lists = {"gender": [label(g) for g in Gender], "stage": [label(s) for s in MEMBER_STAGES],
             "education": [label(e) for e in Education], "is_mobile": ["是", "否"]}
    if group_names:
        lists["group"] = list(group_names)
    choices = book.create_sheet("可选项")
    for index, (field, values) in enumerate(lists.items(), start=1):
        for row, value in enumerate(values, start=1):
            choices.cell(row=row, column=index, value=value)
        letter = get_column_letter(index)
        validation = DataValidation(type="list", formula1=f"='可选项'!${letter}$1:${letter}${len(values)}",
                                    allow_blank=True, showErrorMessage=True, errorTitle="请从下拉列表中选择",
                                    error=f"请从下拉列表中选择{HEADER_OF[field]}")
        validation.add(f"{column[field]}2:{column[field]}{rows + 1}")
        sheet.add_data_validation(validation)
    choices.sheet_state = "hidden"
    sheet.freeze_panes = "B2"
    save_workbook(book, path)


def write_problems(problems, path: Path) -> None:
    """The rows with problems, to send back to whoever filled the sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = "导入问题"
    titles = ("原行号", "姓名", "字段", "问题")
    for index, (title, width) in enumerate(zip(titles, (8, 12, 16, 80), strict=True), start=1):
        cell = sheet.cell(row=1, column=index, value=title)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = width
    for problem in problems:
        sheet.append([problem.row, problem.name, problem.field, problem.message])
    sheet.freeze_panes = "A2"
    save_workbook(book, path)
