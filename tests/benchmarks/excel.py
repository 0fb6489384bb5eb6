"""Benchmark (on demand): importing and exporting a large roster.

    uv run python tests/benchmarks/excel.py [--rows 10000]

Writes a roster .xlsx of realistic rows, times a bare openpyxl read-only pass over it, then our
import end to end (read, check, write to an empty database through the write path: the
members.import operation with its audit rows and person events) and the export of the same
people. Each figure is the median of --repeat runs, each beside its baseline.
"""

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from openpyxl import Workbook, load_workbook  # noqa: E402
from sqlalchemy import text  # noqa: E402

from models.excel.roster_export import export_people  # noqa: E402
from models.excel.roster_import import import_roster, read_roster  # noqa: E402
from models.people.citizen_id import make  # noqa: E402
from models.people.roster import MemberFilter, details_for, list_members  # noqa: E402
from models.storage.store import Store  # noqa: E402
from models.workspace import Workspace, local_actor  # noqa: E402

HEADERS = ["序号", "姓名", "性别", "民族", "身份证号", "出生日期", "学历", "人员类别", "党小组", "入党日期",
           "转正日期", "工作单位及职务", "联系电话", "家庭住址"]


def write_file(path: Path, rows: int, today: date) -> None:
    """A roster of `rows` people, every ID unique (a clash takes the next free sequence number)."""
    rng = random.Random(7)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("党员花名册")
    sheet.append(["中共红旗村支部委员会党员花名册"])
    sheet.append(HEADERS)
    surnames, given = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "建国军伟强磊洋勇杰涛明超芳娜敏静丽艳娟霞秀英"
    seen: set[str] = set()
    for n in range(rows):
        birth = today - timedelta(days=rng.randint(25 * 365, 85 * 365))
        male = rng.random() < 0.7
        seq = 2 * rng.randrange(500) + (1 if male else 0)  # odd 17th digit: male
        number = make("411323", birth, seq)
        while number in seen:
            seq = (seq + 2) % 1000
            number = make("411323", birth, seq)
        seen.add(number)
        joined = birth + timedelta(days=rng.randint(19 * 365, 24 * 365))
        sheet.append([n + 1, rng.choice(surnames) + rng.choice(given) + rng.choice(given), "男" if male else "女",
                      "汉族", number, birth, "高中", "正式党员", f"第{'一二三四'[n % 4]}党小组",
                      joined.strftime("%Y.%m.%d"), joined + timedelta(days=366), "红旗村 务农",
                      f"138{rng.randrange(10**8):08d}", f"红旗村{n % 9 + 1}组{n % 120 + 1}号"])
    book.save(path)


def timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    today = date.today()
    ratios, imports, bares, exports, audit_rows = [], [], [], [], 0
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "roster.xlsx"
        write_file(source, args.rows, today)

        def bare():
            book = load_workbook(source, read_only=True, data_only=True)
            count = sum(1 for _ in book.active.iter_rows(values_only=True))
            book.close()
            return count

        for run in range(args.repeat):
            _, bare_time = timed(bare)
            store = Store(Path(folder) / f"bench{run}.db")
            workspace = Workspace(store, local_actor())

            def ours(workspace=workspace):
                with workspace.read() as session:
                    preview = read_roster(source, session, today)
                assert not preview.problems, preview.problems[:3]
                return workspace.run(import_roster, preview).value

            result, import_time = timed(ours)
            with store.read() as session:
                audit_rows = session.execute(text("SELECT count(*) FROM audit_log")).scalar()
                ids = [r.id for r in list_members(session, MemberFilter(), today)]

                def export(session=session, ids=ids):
                    export_people(details_for(session, ids, today), Path(folder) / "out.xlsx", today)

                _, export_time = timed(export)
            store.close()
            bares.append(bare_time)
            imports.append(import_time)
            ratios.append(import_time / bare_time)
            exports.append(export_time)
            print(f"run {run + 1}: bare {bare_time:.2f} s, import {import_time:.2f} s ({import_time / bare_time:.2f}x, "
                  f"{result.created} people, {audit_rows} audit rows), export {export_time:.2f} s")
    print(f"{args.rows} rows, median of {args.repeat}: bare openpyxl read-only pass {median(bares):.2f} s; "
          f"import through the write path {median(imports):.2f} s = {median(ratios):.2f}x (max {max(ratios):.2f}x); "
          f"export {median(exports):.2f} s")


if __name__ == "__main__":
    main()
