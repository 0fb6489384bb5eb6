"""Large roster workbooks for the trials, written with tests/excel_files.py."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from models.people.citizen_id import make
from tests.excel_files import person_row, write_roster

SURNAMES, GIVEN = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "建国军伟强磊洋勇杰涛明超芳娜敏静丽艳娟霞秀英"


def big_roster(path: Path, rows: int, *, area: str = "411421", first_birth: date = date(1930, 1, 1)) -> Path:
    """`rows` valid members, each born a day after the last (so every ID differs), joined 1990."""
    people = []
    for i in range(rows):
        birth = first_birth + timedelta(days=i)
        name = SURNAMES[i % 20] + GIVEN[(i // 20) % 22] + GIVEN[(i // 440) % 22]
        people.append(person_row(i + 1, name, birth, i % 1000, "1990-07-01", "1991-07-01",
                                 **{"身份证号": make(area, birth, i % 1000)}))
    return write_roster(path, people)
