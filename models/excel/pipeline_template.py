"""The blank list of 入党申请人, 入党积极分子 and 发展对象 to fill and import (read_pipeline reads its headers)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from models.excel.output import new_workbook, put
from models.excel.roster_export import DATE_FORMAT, HEADER_FILL, HEADER_FONT, TEMPLATE_ROWS

# (header, width, kind, the example row's value): an activist, marked 示例 so that the import skips it.
PIPELINE_LAYOUT = (
    ("姓名", 10, "text", "李四"), ("性别", 6, "text", "男"), ("民族", 8, "text", "汉族"),
    ("公民身份号码", 21, "id", "110105200105010117"), ("学历", 11, "text", "高中"), ("阶段", 13, "stage", "入党积极分子"),
    ("党小组", 13, "text", ""), ("申请入党日期", 13, "date", date(2025, 3, 1)),
    ("确定为入党积极分子日期", 15, "date", date(2025, 9, 1)), ("确定为发展对象日期", 15, "date", None),
    ("培养联系人", 14, "text", "王五、赵六"), ("入党介绍人", 14, "text", ""), ("工作单位及职务", 20, "text", "务农"),
    ("联系电话", 15, "id", "13812345678"), ("家庭住址", 22, "text", "红旗村一组1号"),
    ("备注", 30, "text", "示例（导入时自动跳过，可删除此行）"))
STAGES = ("入党申请人", "入党积极分子", "发展对象")


def write_pipeline_template(path: Path) -> None:
    """Headers, an example row, 阶段 as a drop-down, ID and phone columns as text, dates as dates."""
    with new_workbook(path) as book:
        sheet = book.active
        sheet.title = "入党申请人和积极分子"
        grey = Font(color="888888", italic=True)
        for index, (header, width, kind, example) in enumerate(PIPELINE_LAYOUT, start=1):
            cell = put(sheet.cell(row=1, column=index), header)
            cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, Alignment(horizontal="center")
            sheet.column_dimensions[get_column_letter(index)].width = width
            put(sheet.cell(row=2, column=index), example).font = grey
            if kind in ("date", "id"):  # so Excel keeps IDs and phones as typed
                for row in range(2, TEMPLATE_ROWS + 2):
                    sheet.cell(row=row, column=index).number_format = DATE_FORMAT if kind == "date" else "@"
            elif kind == "stage":
                choice = DataValidation(type="list", formula1=f'"{",".join(STAGES)}"', allow_blank=True,
                                        showErrorMessage=True, error="请从下拉列表中选择阶段")
                choice.add(f"{get_column_letter(index)}2:{get_column_letter(index)}{TEMPLATE_ROWS + 1}")
                sheet.add_data_validation(choice)
        sheet.freeze_panes = "B2"
