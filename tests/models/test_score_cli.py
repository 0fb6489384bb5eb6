"""The command line of issue 12: `report ranking|scores|pipeline|stars`, `score add` (one person or a
batch, one operation) and `export-excel activists|scores`, with good and bad arguments: Chinese
messages, exit codes, nothing written on a refusal, and the files read back."""

import re
from datetime import date

import openpyxl
import pytest

import main
from models.people import citizen_id
from models.scoring.entities import ScoreEntry
from models.storage.store import Store
from models.workspace import Workspace
from models.workspace.audit import AuditFilter, count_audit
from tests.conftest import TEST_ACTOR, TODAY
from tests.models.scoring_data import fill_scored
from tests.pdf_check import read_pdf


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main.main(list(argv))
    except SystemExit as exc:
        code = exc.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture
def db(tmp_path):
    """A data file with activists, members and entries (tests.models.scoring_data), and what is in it."""
    path = tmp_path / "scored.db"
    store = Store(path)
    try:
        scored = fill_scored(Workspace(store, TEST_ACTOR, today=lambda: TODAY))
    finally:
        store.close()
    return path, scored


def _entries(path) -> list[ScoreEntry]:
    from sqlalchemy import select

    store = Store(path)
    try:
        with store.read() as session:
            return list(session.scalars(select(ScoreEntry).order_by(ScoreEntry.id)))
    finally:
        store.close()


def _wrong_check_digit(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


# ----- report ----------------------------------------------------------------------------------


def test_report_ranking_for_a_quarter(capsys, db, tmp_path):
    path, _scored = db
    out = tmp_path / "公示.pdf"
    code, stdout, err = run_cli(capsys, "report", "ranking", "--period", "2026Q3", "--db", str(path), "--out", str(out))
    assert code == 0, err
    assert f"已生成入党积极分子积分排名公示：{out}" in stdout
    text = read_pdf(out.read_bytes()).text
    assert "2026年第三季度入党积极分子积分排名公示" in text and "刘小明" in text
    out2 = tmp_path / "公示2.pdf"
    code, _out, err = run_cli(capsys, "report", "ranking", "--period", "2026Q3", "--notice-from", "2026-10-08",
                              "--db", str(path), "--out", str(out2))
    assert code == 0, err
    # five working days: 8, 9, Saturday the 10th (a make-up workday after 国庆), 12 and 13 October
    assert "2026年10月8日至2026年10月13日" in re.sub(r"\s+", "", read_pdf(out2.read_bytes()).text)


def test_report_scores_pipeline_and_stars(capsys, db, tmp_path):
    path, scored = db
    base = ("--db", str(path))
    cases = {
        ("scores", "--id", scored.numbers["陈静"], "--period", "2026Q3"): ["个人积分明细", "已作废"],
        ("scores", "--id", scored.member_number, "--year", "2026"): ["个人积分明细", "全年（各季度平均）"],
        ("pipeline",): ["发展党员进度表", "赵敏"],
        ("stars", "--year", "2026"): ["党员年度积分及星级评定表", "二星"],
    }
    for number, (argv, shown) in enumerate(cases.items()):
        out = tmp_path / f"r{number}.pdf"
        code, _out, err = run_cli(capsys, "report", *argv, *base, "--out", str(out))
        assert code == 0, (argv, err)
        text = re.sub(r"\s+", "", read_pdf(out.read_bytes()).text)
        assert all(s in text for s in shown), (argv, shown)


def test_report_refuses_wrong_periods_and_options_in_chinese(capsys, db, tmp_path):
    path, scored = db
    out = tmp_path / "r.pdf"
    base = ("--db", str(path), "--out", str(out))
    cases = [
        (("ranking", "--period", "2026Q5"), 1, "“2026Q5”不是有效的期间，季度请写成 2026Q3，年度请写成 2026"),
        (("stars", "--year", "2026Q3"), 1, "“2026Q3”是一个季度，年度请写成 2026"),
        (("ranking", "--notice-from", "十月八日"), 1, "不是日期"),
        (("stars", "--period", "2026Q3"), 2, "党员年度积分及星级评定表不使用 --period"),
        (("pipeline", "--year", "2026"), 2, "发展党员进度表不使用 --year"),
        (("scores", "--period", "2026Q3"), 2, "生成个人积分明细需要用 --id 指定此人的公民身份号码"),
        (("scores", "--id", _wrong_check_digit(scored.numbers["陈静"])), 1, "校验位不对"),
        (("scores", "--id", scored.numbers["陈静"], "--period", "2026Q3", "--year", "2026"), 1, "期间和年度只能指定一个"),
    ]
    for argv, exit_code, message in cases:
        code, stdout, err = run_cli(capsys, "report", *argv, *base)
        assert code == exit_code and message in err, (argv, code, err)
        assert "Traceback" not in err and not stdout
    assert not out.exists()


# ----- score add --------------------------------------------------------------------------------


def test_score_add_a_batch_is_one_operation(capsys, db):
    path, scored = db
    before = len(_entries(path))
    ids = [x for name in ("刘小明", "陈静", "赵敏") for x in ("--id", scored.numbers[name])]
    code, stdout, err = run_cli(capsys, "score", "add", "--db", str(path), *ids, "--rule", "jc03",
                                "--date", "2026-10-12", "--reason", "10月主题党日")
    assert code == 0, err
    assert "已登记积分：JC03 参加主题党日（+2 分），2026-10-12，共 3 人" in stdout
    added = _entries(path)[before:]
    assert len(added) == 3 and {e.on for e in added} == {date(2026, 10, 12)}
    assert len({e.run_id for e in added}) == 1 and {e.reason for e in added} == {"10月主题党日"}
    store = Store(path)
    with store.read() as session:
        assert count_audit(session, AuditFilter(operation="scoring.add")) >= 3
    store.close()


def test_score_add_says_when_the_cap_is_reached(capsys, db):
    path, scored = db
    base = ("score", "add", "--db", str(path), "--id", scored.numbers["刘小明"], "--rule", "JC01",
            "--date", "2026-07-20", "--reason", "补交思想汇报")
    code, stdout, err = run_cli(capsys, *base)  # JC01 gives 5 with a cap of 5 a quarter: already used
    assert code == 0, err
    assert "注意：" in stdout and "上限" in stdout


def test_score_add_refusals_are_chinese_and_write_nothing(capsys, db):
    path, scored = db
    before = len(_entries(path))
    good = scored.numbers["刘小明"]
    unknown = citizen_id.make("110105", date(1949, 12, 31), 2)
    base = ("score", "add", "--db", str(path))
    rest = ("--rule", "JC03", "--date", "2026-10-12", "--reason", "主题党日")
    cases = [
        ((*base, "--id", good, "--id", _wrong_check_digit(scored.numbers["陈静"]), *rest), 1,
         f"第 2 个 --id（{_wrong_check_digit(scored.numbers['陈静'])}）：公民身份号码校验位不对"),
        ((*base, "--id", unknown, *rest), 1, f"找不到公民身份号码为 {unknown} 的人员"),
        ((*base, "--id", good, "--id", good, *rest), 1, "第 2 个 --id（" + good + "）：与第 1 个重复"),
        ((*base, "--id", good, "--rule", "XX99", "--date", "2026-10-12", "--reason", "x"), 1,
         "没有编号为“XX99”的积分规则。可用的规则：JC01（按时提交思想汇报）、JC02（参加党课、集中学习）"),
        ((*base, "--id", good, "--rule", "JC03", "--date", "10月12日", "--reason", "x"), 2, "不是日期"),
        ((*base, "--id", good, "--rule", "JC03", "--date", "2026-10-12"), 2, "缺少必需的参数：--reason"),
        ((*base, "--id", good, "--rule", "JC03", "--date", "2026-10-12", "--reason", "  "), 1, "请用 --reason 写明事由"),
        ((*base, "--id", good, "--rule", "JC03", "--date", "2099-01-01", "--reason", "x"), 1, "日期不能晚于今天"),
        # a rule for activists only, given to a member with two activists: the whole batch is refused
        ((*base, "--id", good, "--id", scored.member_number, "--rule", "JC01", "--date", "2026-10-12",
          "--reason", "思想汇报"), 1, "只适用于入党积极分子"),
        (("score",), 2, "缺少必需的参数：操作"),
    ]
    for argv, exit_code, message in cases:
        code, stdout, err = run_cli(capsys, *argv)
        assert code == exit_code and message in err, (argv, code, err)
        assert "Traceback" not in err
    assert len(_entries(path)) == before


def test_score_add_with_a_posted_quarter_is_refused(capsys, db):
    from models.core.codes import Audience
    from models.scoring.entries import PostingForm, post_period

    path, scored = db
    store = Store(path)
    Workspace(store, TEST_ACTOR, today=lambda: TODAY).run(
        post_period, PostingForm("2026Q3", Audience.ACTIVISTS, date(2026, 10, 9), date(2026, 10, 15), ""))
    store.close()
    code, _out, err = run_cli(capsys, "score", "add", "--db", str(path), "--id", scored.numbers["赵敏"],
                              "--rule", "JC03", "--date", "2026-09-20", "--reason", "补登")
    assert code == 1 and "公示" in err, err


# ----- export-excel ------------------------------------------------------------------------------


def _sheet_rows(path):
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    return sheet, [[c.value for c in row] for row in sheet.iter_rows()]


def test_export_activists(capsys, db, tmp_path):
    path, _scored = db
    out = tmp_path / "发展党员.xlsx"
    code, stdout, err = run_cli(capsys, "export-excel", "activists", "--db", str(path), "--out", str(out))
    assert code == 0, err
    assert "已导出发展党员名单" in stdout
    sheet, rows = _sheet_rows(out)
    assert rows[0][:4] == ["姓名", "党小组", "阶段", "申请入党日期"] and rows[0][-1] == "说明"
    names = {row[0] for row in rows[1:]}
    assert {"刘小明", "陈静", "赵敏"} <= names
    liu = next(row for row in rows if row[0] == "刘小明")
    assert liu[3].date() == date(2025, 1, 10) and liu[4].date() == date(2025, 3, 1)  # real dates
    assert f"{len(rows) - 1} 人" in stdout
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str))


def test_export_scores_of_a_period_with_voids(capsys, db, tmp_path):
    path, scored = db
    out = tmp_path / "积分.xlsx"
    code, stdout, err = run_cli(capsys, "export-excel", "scores", "--period", "2026Q3", "--db", str(path),
                                "--out", str(out))
    assert code == 0, err
    assert "已导出2026年第三季度的积分记录 6 条（含已作废的）" in stdout, stdout
    sheet, rows = _sheet_rows(out)
    assert sheet.title == "2026年第三季度积分记录"
    assert rows[0][:3] == ["编号", "日期", "姓名"]
    voided = next(row for row in rows[1:] if row[0] == scored.voided_id)
    assert voided[2] == "陈静" and voided[9] == "已作废" and voided[10] == "重复录入" and voided[7] == 0
    assert all(cell.data_type == "s" for row in sheet.iter_rows(min_row=2) for cell in row
               if isinstance(cell.value, str))


def test_export_refusals(capsys, db, tmp_path):
    path, _scored = db
    out = tmp_path / "x.xlsx"
    cases = [
        (("export-excel", "members", "--period", "2026Q3"), 2, "导出在册党员不使用 --period"),
        (("export-excel", "scores", "--period", "2026Q9"), 2, "“2026Q9”不是有效的期间"),
        (("export-excel", "everyone"), 2, "没有名为“everyone”的名单"),
    ]
    for argv, exit_code, message in cases:
        code, _out, err = run_cli(capsys, *argv, "--db", str(path), "--out", str(out))
        assert code == exit_code and message in err, (argv, err)
    assert not out.exists()


def test_score_add_says_when_entries_wait_for_approval(capsys, db):
    from dataclasses import replace

    from models.core.codes import EntryStatus
    from models.settings.values import get_settings, update_settings

    path, scored = db
    store = Store(path)
    workspace = Workspace(store, TEST_ACTOR, today=lambda: TODAY)
    with workspace.read() as session:
        settings = get_settings(session)
    workspace.run(update_settings, replace(settings, scoring=replace(settings.scoring, approval_required=True)))
    store.close()
    code, stdout, err = run_cli(capsys, "score", "add", "--db", str(path), "--id", scored.numbers["赵敏"],
                                "--rule", "JF01", "--date", "2026-10-20", "--reason", "秋收志愿服务")
    assert code == 0, err
    assert "须经支委会审核通过后才计入得分" in stdout
    assert _entries(path)[-1].status == EntryStatus.PENDING
