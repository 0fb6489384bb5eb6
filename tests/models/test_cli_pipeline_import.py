"""`import-excel FILE --pipeline`: 入党申请人, 入党积极分子 and 发展对象 from a real .xlsx into the
pipeline through the command line, with the roster import's --dry-run / --skip-invalid / --sheet
behaviour and exit codes, and the blank list (models/excel/pipeline_template.py) filled and imported."""

from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from models.core.codes import Stage
from models.development.pipeline import list_pipeline
from models.excel.pipeline_template import write_pipeline_template
from models.people import roster as people
from models.people.citizen_id import make
from models.people.entities import Person, PersonEvent
from models.storage.store import Store
from models.workspace.audit import AuditFilter, count_audit
from tests.models.test_cli import run_cli

HEADERS = ["序号", "姓名", "性别", "身份证号", "类别", "申请入党时间", "确定为入党积极分子时间", "确定为发展对象时间"]
ZHANG = [1, "张小军", "男", make("411421", date(2000, 4, 5), 11), "入党申请人", "2026-03-20", None, None]
LIU = [2, "刘芳", "女", make("411421", date(1998, 6, 1), 12), "入党积极分子", "2025-03-01", "2025-09-01", None]
ZHAO = [3, "赵强", "男", make("411421", date(1995, 2, 3), 13), "发展对象", "2023-03-01", "2023-09-15", "2025-10-10"]
# 入党积极分子 without the date they became one
WRONG = [4, "孙丽", "女", make("411421", date(1997, 8, 8), 14), "入党积极分子", "2025-03-01", None, None]


def write_list(path, rows, sheets=("入党积极分子名册",)):
    book = Workbook()
    book.remove(book.active)
    for name in sheets:
        sheet = book.create_sheet(name)
        sheet.append(HEADERS)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "d.db"
    Store(path).close()
    return path


def pipeline(db) -> dict[str, str]:
    store = Store(db)
    try:
        with store.read() as session:
            assert people.count_members(session) == 0  # none of them is a member
            return {r.name: r.stage for r in list_pipeline(session, date.today())}
    finally:
        store.close()


def stored(db) -> tuple[int, int, int]:
    store = Store(db)
    try:
        with store.read() as session:
            return (session.query(Person).count(), session.query(PersonEvent).count(),
                    count_audit(session, AuditFilter()))
    finally:
        store.close()


def test_pipeline_import_puts_each_person_in_the_pipeline_at_their_stage(capsys, db, tmp_path):
    path = write_list(tmp_path / "p.xlsx", [ZHANG, LIU, ZHAO])
    code, out, err = run_cli(capsys, "import-excel", str(path), "--db", str(db), "--pipeline")
    assert code == 0, err
    assert "  第2行 张小军：将新增，入党申请人" in out and "  第4行 赵强：将新增，发展对象" in out
    assert "已导入入党申请人、积极分子和发展对象：新增 3 人，更新 0 人；记入发展党员经历 6 项" in out
    assert pipeline(db) == {"张小军": Stage.APPLICANT, "刘芳": Stage.ACTIVIST, "赵强": Stage.CANDIDATE}
    store = Store(db)
    with store.read() as session:
        assert count_audit(session, AuditFilter(operation="pipeline.import")) == 3 + 6
    store.close()


def test_dry_run_reports_and_writes_nothing(capsys, db, tmp_path):
    path = write_list(tmp_path / "p.xlsx", [ZHANG, LIU])
    code, out, err = run_cli(capsys, "import-excel", str(path), "--db", str(db), "--pipeline", "--dry-run")
    assert code == 0, err
    assert "可导入 2 行（新增 2，更新已有人员 0）" in out and "第3行 刘芳：将新增，入党积极分子" in out
    assert "（试运行，没有写入任何数据）" in out
    assert stored(db) == (0, 0, 0)


def test_a_row_with_a_problem_is_named_and_nothing_is_written(capsys, db, tmp_path):
    path = write_list(tmp_path / "p.xlsx", [ZHANG, WRONG])
    code, out, err = run_cli(capsys, "import-excel", str(path), "--db", str(db), "--pipeline")
    assert code == 1
    assert "  第3行 孙丽　确定为入党积极分子时间：入党积极分子请填写确定为入党积极分子时间" in out
    assert "有 1 行存在问题，没有导入任何数据" in err
    assert stored(db) == (0, 0, 0)
    code, out, _err = run_cli(capsys, "import-excel", str(path), "--db", str(db), "--pipeline", "--dry-run")
    assert code == 1 and "第3行 孙丽" in out and stored(db) == (0, 0, 0)
    code, out, err = run_cli(capsys, "import-excel", str(path), "--db", str(db), "--pipeline", "--skip-invalid")
    assert code == 1 and "新增 1 人" in out and "有 1 行因存在问题没有导入" in err
    assert pipeline(db) == {"张小军": Stage.APPLICANT}


def test_several_lists_need_a_sheet_named(capsys, db, tmp_path):
    path = write_list(tmp_path / "两组.xlsx", [ZHANG], sheets=("一组", "二组"))
    code, _out, err = run_cli(capsys, "import-excel", str(path), "--db", str(db), "--pipeline")
    assert code == 2 and "文件中有 2 个工作表都像是名单" in err and "--sheet 一组" in err
    assert stored(db) == (0, 0, 0)
    code, out, err = run_cli(capsys, "import-excel", str(path), "--db", str(db), "--pipeline", "--sheet", "二组")
    assert code == 0 and "工作表“二组”" in out, err


def test_the_roster_import_of_such_a_list_points_to_pipeline(capsys, db, tmp_path):
    path = write_list(tmp_path / "p.xlsx", [ZHANG, LIU])
    code, out, _err = run_cli(capsys, "import-excel", str(path), "--db", str(db))
    assert code == 1 and "他们的名单请加 --pipeline 导入" in out
    assert stored(db) == (0, 0, 0)


def test_the_blank_list_filled_in_imports(capsys, db, tmp_path):
    path = tmp_path / "模板.xlsx"
    write_pipeline_template(path)
    book = load_workbook(path)
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    assert {"姓名", "公民身份号码", "阶段", "申请入党日期", "确定为入党积极分子日期", "确定为发展对象日期",
            "培养联系人", "入党介绍人"} <= set(headers)
    person = {"姓名": "周婷", "性别": "女", "公民身份号码": make("411421", date(1999, 9, 9), 22), "阶段": "入党积极分子",
              "申请入党日期": date(2025, 4, 1), "确定为入党积极分子日期": date(2025, 10, 8), "联系电话": "13812345670"}
    for column, header in enumerate(headers, start=1):
        sheet.cell(row=3, column=column, value=person.get(header))
    book.save(path)
    code, out, err = run_cli(capsys, "import-excel", str(path), "--db", str(db), "--pipeline")
    assert code == 0, err
    assert "另跳过 1 行" in out and "第3行 周婷：将新增，入党积极分子" in out
    assert pipeline(db) == {"周婷": Stage.ACTIVIST}
