"""Writing real .xlsx files for tests, shaped like the rosters branches really keep."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook

from models.people.citizen_id import make

HEADERS = ["序号", "姓 名", "性别", "民族", "身份证号", "出生日期", "文化程度", "人员类别", "所在党支部", "入党时间",
           "转正时间", "工作岗位", "联系电话", "家庭住址"]


def person_row(number: int, name: str, birth: date, seq: int, joined, confirmed, **extra) -> list:
    values = {"序号": number, "姓 名": name, "性别": "男" if seq % 2 else "女", "民族": "汉族",
              "身份证号": make("411421", birth, seq), "出生日期": datetime(birth.year, birth.month, birth.day),
              "文化程度": "高中", "人员类别": "正式党员" if confirmed else "预备党员", "所在党支部": "红旗村党支部",
              "入党时间": joined, "转正时间": confirmed, "工作岗位": "务农", "联系电话": "13812345678",
              "家庭住址": "一组1号"}
    values.update(extra)
    return [values.get(h) for h in HEADERS]


def write_roster(path: Path, rows: list[list], *, title: str | None = "中共红旗村支部委员会党员花名册",
                 headers: list[str] = HEADERS, before_header: list[list] | None = None,
                 after: list[list] | None = None) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "党员花名册"
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    for extra in before_header or []:
        sheet.append(extra)
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    for row in after or []:
        sheet.append(row)
    book.save(path)
    return path


def several_sheets(tmp_path: Path, *, hidden: tuple[str, ...] = (), names=("一组", "二组", "说明")) -> Path:
    """A workbook with roster sheets 一组 (王建国…) and 二组 (three other people) and a sheet of notes."""
    book = Workbook()
    book.remove(book.active)
    people_of = {names[0]: ("王建国", "李秀兰"), names[1]: ("张喆", "赵堃", "刘桂芳")}
    for index, name in enumerate(names):
        sheet = book.create_sheet(name)
        if name in people_of:
            sheet.append(HEADERS)
            for n, person in enumerate(people_of[name], start=1):
                sheet.append(person_row(n, person, date(1950 + index * 5 + n, 3, 12), index * 20 + n * 2 + 1,
                                        "1985-07-01", "1986-07-01"))
        else:
            sheet.append(["填表说明：每个党小组一个工作表"])
        if name in hidden:
            sheet.sheet_state = "hidden"
    path = tmp_path / "several.xlsx"
    book.save(path)
    return path
