"""`export-excel grievances`: the 民情台账 to .xlsx with every field — read back with openpyxl: the
columns, real dates, text that stays text, voided items marked, the period chosen or (by default)
this year's items and every item still open."""

from datetime import date, datetime

import openpyxl
import pytest

import main
from models.excel.grievance_export import COLUMNS, export_grievances
from models.grievances import operations as ops
from models.grievances.forms import GrievanceForm
from models.grievances.ledger import ledger_details
from models.scoring.periods import parse_period
from models.storage.store import Store
from models.workspace import Workspace
from tests.conftest import TEST_ACTOR, TODAY
from tests.models.scoring_fixtures import member


def _register(workspace, responsible_id: int, received_on: date, **extra) -> int:
    values = dict(received_on=received_on, source="walk_in", category="sanitation", urgency="ordinary",
                  content="垃圾池满了", responsible_id=responsible_id, requester="王秀英",
                  requester_phone="13800001111", requester_address="红旗村三组12号", place="三组")
    values.update(extra)
    return workspace.run(ops.register_grievance, GrievanceForm(**values)).value


def _fill(workspace) -> dict[str, int]:
    """Four items of 2026 (one closed and visited, one voided, one whose content looks like a formula)
    and two of 2025 (one closed, one still open)."""
    zhang = member(workspace, "张卫东")
    items = {
        "visited": _register(workspace, zhang, date(2026, 10, 8)),
        "void": _register(workspace, zhang, date(2026, 10, 9), content="登记重了"),
        "formula": _register(workspace, zhang, date(2026, 11, 2), requester="", content="=HYPERLINK(\"x\")水管漏了"),
        "summer": _register(workspace, zhang, date(2026, 7, 6), content="七月的一件"),
        "old_closed": _register(workspace, zhang, date(2025, 11, 3), content="去年办结的"),
        "old_open": _register(workspace, zhang, date(2025, 12, 1), content="去年没办完的"),
    }
    workspace.run(ops.add_progress, items["visited"], date(2026, 10, 9), "已联系环卫所")
    workspace.run(ops.close_grievance, items["visited"], date(2026, 10, 12), "已清运")
    workspace.run(ops.return_visit, items["visited"], date(2026, 10, 15), "satisfied", "", "李委员")
    workspace.run(ops.void_grievance, items["void"], "重复登记")
    workspace.run(ops.close_grievance, items["old_closed"], date(2025, 11, 20), "已办结")
    return items


def _rows(path) -> list[dict[str, object]]:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_every_field_is_written_with_dates_as_dates_and_text_as_text(store, workspace, tmp_path):
    _fill(workspace)
    path = tmp_path / "民情台账.xlsx"
    with store.read() as session:
        export_grievances(ledger_details(session, parse_period("2026Q4"), TODAY), path, "2026年第四季度民情台账")
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    assert sheet.title == "2026年第四季度民情台账"
    assert [c.value for c in sheet[1]] == [name for name, _ in COLUMNS]
    assert sheet.auto_filter.ref == f"A1:AC{sheet.max_row}" and sheet.max_row == 4  # 筛选 arrows over every row
    rows = _rows(path)
    assert [r["编号"] for r in rows] == ["MQ-2026-0001", "MQ-2026-0002", "MQ-2026-0003"]
    visited, voided, formula = rows
    assert visited["登记日期"] == datetime(2026, 10, 8) and visited["办结日期"] == datetime(2026, 10, 12)
    assert (visited["反映人"], visited["联系电话"], visited["住址"]) == ("王秀英", "13800001111", "红旗村三组12号")
    assert (visited["状态"], visited["满意度"], visited["办理结果"], visited["是否逾期"]) == ("已回访", "满意", "已清运", "否")
    assert visited["首次响应日期"] == datetime(2026, 10, 9) and visited["延期次数"] == 0
    assert (voided["状态"], voided["作废原因"]) == ("已作废", "重复登记")
    assert formula["反映人"] == "匿名" and formula["状态"] == "待办理" and formula["剩余工作日"] is not None
    cell = next(c for c in sheet[4] if c.value == formula["反映内容"])
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")  # never a live formula


def test_without_a_period_it_is_this_years_items_and_every_open_one(store, workspace):
    _fill(workspace)
    with store.read() as session:
        serials = [e.row.serial for e in ledger_details(session, None, TODAY)]
        year = [e.row.serial for e in ledger_details(session, parse_period("2025"), TODAY)]
    assert serials == ["MQ-2025-0002", "MQ-2026-0001", "MQ-2026-0002", "MQ-2026-0003", "MQ-2026-0004"]
    assert year == ["MQ-2025-0001", "MQ-2025-0002"]


# ----- the command line -------------------------------------------------------------------------


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main.main(list(argv))
    except SystemExit as exc:
        code = exc.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    path = tmp_path / "grievances.db"
    store = Store(path)
    try:
        _fill(Workspace(store, TEST_ACTOR, today=lambda: TODAY))
    finally:
        store.close()
    return path


def test_export_excel_grievances_for_a_period(db, tmp_path, capsys):
    out = tmp_path / "q3.xlsx"
    code, said, err = run_cli(capsys, "export-excel", "grievances", "--db", str(db), "--out", str(out),
                              "--period", "2026年第三季度")
    assert code == 0, err
    assert said.strip() == f"已导出2026年第三季度的民情台账 1 件（含已作废的）：{out}"
    assert [r["反映内容"] for r in _rows(out)] == ["七月的一件"]
    assert openpyxl.load_workbook(out).worksheets[0].title == "2026年第三季度民情台账"


def test_export_excel_grievances_by_default(db, tmp_path, capsys):
    out = tmp_path / "all.xlsx"
    code, said, err = run_cli(capsys, "export-excel", "grievances", "--db", str(db), "--out", str(out))
    assert code == 0, err
    assert "今年登记的和未办结的民情台账" in said
    assert "去年没办完的" in [r["反映内容"] for r in _rows(out)]


@pytest.mark.parametrize(("argv", "says"), [
    (("members", "--period", "2026"), "导出在册党员不使用 --period"),
    (("grievances", "--period", "2026Q5"), "不是有效的期间"),
    (("grievance",), "没有名为“grievance”的名单"),
])
def test_wrong_export_arguments_are_explained(db, tmp_path, capsys, argv, says):
    out = tmp_path / "x.xlsx"
    code, _, err = run_cli(capsys, "export-excel", argv[0], "--db", str(db), "--out", str(out), *argv[1:])
    assert code == 2 and says in err, err
    assert not out.exists()


def test_the_export_help_lists_the_grievance_ledger(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    code, said, _ = run_cli(capsys, "export-excel", "--help")
    assert code == 0 and "grievances（民情台账）" in said
