"""The 民情 reports (民情台账, 民情办理情况公示, 民情交办单, 民情统计, 民情日记) and their `report` commands,
built from items entered through the real operations and read back from the PDF: what each lists,
本期无记录 for an empty period, fonts embedded, and nothing on the public notice by which a resident
could be found (no phone, no house number, no full name)."""

import re
from dataclasses import replace
from datetime import date

import pytest

import main
from models.core.errors import Cancelled
from models.grievances import operations as ops
from models.grievances.figures import figures
from models.grievances.forms import DiaryForm, GrievanceForm
from models.people import branch, citizen_id
from models.people.operations import create_member
from models.people.rules import PersonForm
from models.reports import registry
from models.reports.declaration import OptionKind, ReportError
from models.reports.grievance_format import masked_name, public_text, rate
from models.reports.options import MONTH, PERSON, PERSON_OPTIONAL, SERIAL, value_from_text
from models.scoring.periods import parse_period
from models.settings.values import NoticeSettings, get_settings, update_settings
from models.storage.store import Store
from models.workspace import Workspace
from tests.conftest import TEST_ACTOR, TODAY
from tests.pdf_check import A4_LANDSCAPE, A4_PORTRAIT, page_texts, read_pdf

MEMBERS = (("张卫东", 31, "13700001111"), ("李秀兰", 32, "13700002222"), ("王海", 33, ""))
SUPERVISION = "0377-6888 1234"


def _form(responsible_id: int, received_on: date, **extra) -> GrievanceForm:
    values = dict(received_on=received_on, source="phone_call", category="infrastructure", urgency="ordinary",
                  content="村口路灯不亮", responsible_id=responsible_id)
    values.update(extra)
    return GrievanceForm(**values)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """红旗村 with three members and these items (serials in this order), all through the operations:
    1 王建国's street light (2026-10-08): closed, visited 不满意, reopened — open again;
    2 李秀英's 低保 question (2026-10-12): closed and visited 满意;
    3 an anonymous boundary dispute (2026-09-03): extended, referred — open and overdue;
    4 赵大妈's rubbish (2026-09-10): closed 2026-09-15, before October;
    5 钱多多's item (2026-10-20): voided;  6 孙小红's well (2026-11-02): 待办理;
    7 a diary line of 张卫东's (2026-11-03) turned into an item: 待办理; MQ-2025-0001 from 2025."""
    path = tmp_path_factory.mktemp("grievance_reports") / "reports.db"
    store = Store(path)
    ws = Workspace(store, TEST_ACTOR, today=lambda: TODAY)
    ws.run(branch.update_branch, branch.BranchInfo("红旗村党支部", "中共红旗村支部委员会", "张卫东"))
    ws.run(update_settings, replace(get_settings_of(store), notice=NoticeSettings(SUPERVISION, 5)))
    ids, numbers = {}, {}
    for name, serial, phone in MEMBERS:
        numbers[name] = citizen_id.make("411323", date(1970, 5, serial - 10), serial)
        ids[name] = ws.run(create_member, PersonForm(
            name=name, citizen_id=numbers[name], phone=phone, address="红旗村一组8号", joined_on=date(2000, 7, 1),
            confirmed_on=date(2001, 7, 1))).value
    zhang, li, wang = ids["张卫东"], ids["李秀兰"], ids["王海"]
    items = {}
    items["light"] = ws.run(ops.register_grievance, _form(
        zhang, date(2026, 10, 8), requester="王建国", requester_phone="13812345678",
        requester_address="红旗村三组45号", place="三组",
        content="王建国家门口（三组45号）路灯坏了，晚上看不见路，电话13812345678")).value
    items["welfare"] = ws.run(ops.register_grievance, _form(
        li, date(2026, 10, 12), source="walk_in", category="policy", requester="李秀英",
        requester_phone="0377-62345678", requester_address="红旗村二组7号", content="咨询低保怎么申请")).value
    items["dispute"] = ws.run(ops.register_grievance, _form(
        wang, date(2026, 9, 3), category="dispute", content="两户宅基地边界纠纷")).value
    items["rubbish"] = ws.run(ops.register_grievance, _form(
        zhang, date(2026, 9, 10), category="sanitation", requester="赵大妈", content="垃圾池满了")).value
    items["void"] = ws.run(ops.register_grievance, _form(
        li, date(2026, 10, 20), requester="钱多多", content="重复的一件")).value
    items["well"] = ws.run(ops.register_grievance, _form(
        li, date(2026, 11, 2), urgency="urgent", requester="孙小红", content="五组水井抽不上水")).value
    ws.run(ops.add_progress, items["light"], date(2026, 10, 9), "已联系电工")
    ws.run(ops.close_grievance, items["light"], date(2026, 10, 15), "已换灯泡")
    ws.run(ops.return_visit, items["light"], date(2026, 10, 20), "unsatisfied", "还有一盏不亮", "李秀兰")
    ws.run(ops.reopen_grievance, items["light"], date(2026, 10, 21), "回访不满意")
    ws.run(ops.close_grievance, items["welfare"], date(2026, 10, 14), "已告知申请流程，咨询电话0371-66666771")
    ws.run(ops.return_visit, items["welfare"], date(2026, 10, 18), "satisfied", "满意", "张卫东")
    ws.run(ops.extend_deadline, items["dispute"], date(2026, 9, 20), date(2026, 10, 30), "需要镇上协调", "张卫东")
    ws.run(ops.refer, items["dispute"], date(2026, 9, 21), "镇综治中心", "转镇里调解")
    ws.run(ops.close_grievance, items["rubbish"], date(2026, 9, 15), "已清运")
    ws.run(ops.void_grievance, items["void"], "重复登记")
    line = ws.run(ops.add_diary, DiaryForm(zhang, date(2026, 11, 3), "三组张大爷家", "反映自来水水压低")).value
    items["diary"] = ws.run(ops.diary_to_grievance, line, GrievanceForm(category="infrastructure")).value
    ws.run(ops.add_diary, DiaryForm(li, date(2026, 11, 5), "二组李婶家", "孩子上学路远"))
    ws.run(ops.add_diary, DiaryForm(li, date(2026, 6, 5), "二组赵家", "想学种植技术"))
    items["old"] = ws.run(ops.register_grievance, _form(wang, date(2025, 12, 20), content="旧年的一件")).value
    ws.run(ops.close_grievance, items["old"], date(2025, 12, 28), "已办结")
    store.close()
    reader = Store(path)
    yield reader, path, ids, numbers, items
    reader.close()


def get_settings_of(store):
    with store.read() as session:
        return get_settings(session)


def _pdf(store, code: str, **values) -> bytes:
    with store.read() as session:
        return registry.get_report(code).build(session, values, TODAY)


def _text(data: bytes) -> str:
    """The PDF's text without spaces and line breaks (cells wrap)."""
    return re.sub(r"\s+", "", read_pdf(data).text)


def _check_pdf(data: bytes, size: tuple[int, int], internal: bool = True):
    pdf = read_pdf(data)
    assert pdf.fonts and all(pdf.fonts.values()), pdf.fonts
    assert set(pdf.sizes) == {size}
    assert ("内部资料 注意保管" in pdf.text) is internal
    return pdf


# ----- declarations and options -------------------------------------------------------------------


def test_the_grievance_reports_are_registered_under_their_command_names():
    reports = {code: registry.get_report(code) for code in
               ("grievances", "grievance-notice", "grievance-slip", "grievance-stats", "visit-diary")}
    assert [r.title for r in reports.values()] == ["民情台账", "民情办理情况公示", "民情交办单", "民情统计", "民情日记"]
    assert [code for code, r in reports.items() if r.is_public({})] == ["grievance-notice"]
    assert [o.flag for o in reports["grievance-notice"].options] == ["--month"]
    assert [o.flag for o in reports["grievance-slip"].options] == ["--serial"]
    assert [o.flag for o in reports["visit-diary"].options] == ["--period", "--id"]
    assert not any(o.required for r in reports.values() for o in r.options)


def test_the_diary_takes_the_same_id_option_as_the_card_but_optional():
    options = registry.all_options()
    assert [o for o in options if o.flag == "--id"] == [PERSON]  # one --id on the command line
    assert PERSON_OPTIONAL.key == PERSON.key and not PERSON_OPTIONAL.required
    assert {o.kind for o in options} >= {OptionKind.MONTH, OptionKind.SERIAL}


def test_month_and_serial_options_read_what_people_type(data):
    store = data[0]
    with store.read() as session:
        assert [value_from_text(MONTH, session, t) for t in ("2026-10", "2026年10月", "2026.3", "202603")] == [
            "2026-10", "2026-10", "2026-03", "2026-03"]
        with pytest.raises(ReportError, match="月份：“2026-13”不是有效的月份"):
            value_from_text(MONTH, session, "2026-13")
        assert [value_from_text(SERIAL, session, t) for t in ("MQ-2026-0001", " mq-2026-1 ", "ＭＱ２０２６０００２")] == [
            "MQ-2026-0001", "MQ-2026-0001", "MQ-2026-0002"]
        with pytest.raises(ReportError, match="找不到编号为 MQ-2026-0099 的民情事项"):
            value_from_text(SERIAL, session, "MQ-2026-99")
        with pytest.raises(ReportError, match="“第一件”不是有效的编号"):
            value_from_text(SERIAL, session, "第一件")


def test_names_and_free_text_are_masked_for_posting():
    assert [masked_name(n) for n in ("王建国", "王芳", "欧阳娜娜", "", " 李 ")] == ["王**", "王**", "欧**", "匿名", "李**"]
    text = public_text("王建国家门口（红旗村三组45号院3号楼201室）路灯坏了，电话138 1234 5678，10月8号前修好", "王建国")
    assert text == "王**家门口（红旗村三组**号院**号楼**室）路灯坏了，电话138 **** 5678，10月8号前修好"
    assert public_text("三组十五号两户人家因两栋房子之间的排水沟闹矛盾") == "三组**号两户人家因两栋房子之间的排水沟闹矛盾"
    assert [rate(v) for v in (None, 0, 0.5, 2 / 3, 1)] == ["—", "0%", "50%", "66.7%", "100%"]


# ----- 民情台账 -----------------------------------------------------------------------------------


def test_the_ledger_lists_the_period_with_every_field_landscape_and_internal(data):
    store = data[0]
    data_q4 = _pdf(store, "grievances", period="2026Q4")
    _check_pdf(data_q4, A4_LANDSCAPE)
    text = _text(data_q4)
    assert "中共红旗村支部委员会2026年第四季度民情台账" in text
    for shown in ("MQ-2026-0001", "MQ-2026-0002", "MQ-2026-0005", "MQ-2026-0006", "MQ-2026-0007",
                  "王建国", "13812345678", "红旗村三组45号", "0377-62345678", "匿名", "三组张大爷家",
                  "作废原因：重复登记", "已作废", "已回访", "满意", "重新办理1次", "已告知申请流程", "待办理"):
        assert shown in text, shown
    assert "MQ-2026-0003" not in text and "MQ-2026-0004" not in text and "MQ-2025-0001" not in text
    assert text.index("MQ-2026-0001") < text.index("MQ-2026-0002") < text.index("MQ-2026-0007")  # serial order
    assert "本期登记4件" in text and "另有已作废1件" in text


def test_the_ledger_of_a_year_shows_extensions_referrals_and_the_late(data):
    store = data[0]
    text = _text(_pdf(store, "grievances", period="2026"))
    assert all(f"MQ-2026-000{n}" in text for n in range(1, 8))
    assert "（延期1次）" in text and "转办：镇综治中心" in text and "逾期" in text
    assert "MQ-2025-0001" in _text(_pdf(store, "grievances", period="2025"))


def test_a_period_without_items_prints_no_records_not_an_error(data):
    store = data[0]
    for code, values in (("grievances", {"period": "2024"}), ("grievance-notice", {"month": "2024-10"}),
                         ("grievance-stats", {"period": "2024Q2"}), ("visit-diary", {"period": "2024"})):
        pdf = read_pdf(_pdf(store, code, **values))
        assert pdf.pages == 1 and "本期无记录" in pdf.text, code
        assert pdf.fonts and all(pdf.fonts.values())


def test_making_the_ledger_reports_progress_and_can_be_cancelled(data):
    store = data[0]
    seen = []
    with store.read() as session:
        registry.get_report("grievances").build(session, {"period": "2026"}, TODAY, lambda f, m: seen.append(f))
        with pytest.raises(Cancelled):
            registry.get_report("grievances").build(session, {"period": "2026"}, TODAY, None, lambda: True)
    assert seen and seen[-1] == 1.0


# ----- 民情办理情况公示 -----------------------------------------------------------------------------


def test_the_notice_lists_the_month_and_what_was_still_being_handled(data):
    store = data[0]
    notice = _pdf(store, "grievance-notice", month="2026-10")
    pdf = _check_pdf(notice, A4_PORTRAIT, internal=False)
    text = _text(notice)
    assert "2026年10月民情办理情况公示" in text
    first, second = text.index("一、本月受理的事项（2件）"), text.index("二、以前受理、本月继续办理或办结的事项（1件）")
    assert "MQ-2026-0001" in text[first:second] and "MQ-2026-0002" in text[first:second]
    assert "MQ-2026-0003" in text[second:]  # referred in September, still open
    assert "MQ-2026-0004" not in text  # closed in September
    assert "MQ-2026-0005" not in text and "重复的一件" not in text  # voided
    assert "MQ-2026-0006" not in text  # November's
    assert "已转办（已逾期）" in text and "2026-10-14办结：已告知申请流程，咨询电话0371-****6771" in text
    assert f"监督电话：{SUPERVISION.replace(' ', '')}" in text and "（盖章）" in text
    assert pdf.pages == 1
    assert "2026年10月民情办理情况公示" in _text(_pdf(store, "grievance-notice"))  # by default: last month


def test_the_notice_gives_no_phone_house_number_or_full_name_of_a_resident(data):
    store, _, _, numbers, _ = data
    text = _text(_pdf(store, "grievance-notice", month="2026-10"))
    assert "王**" in text and "李**" in text and "匿名" in text
    for hidden in ("王建国", "李秀英", "13812345678", "62345678", "66666771", "45号", "二组7号", "红旗村三组",
                   "13700001111", "13700002222", *numbers.values()):
        assert hidden not in text, hidden
    assert "王**家门口（三组**号）" in text and "138****5678" in text and "0371-****6771" in text


def test_every_month_of_the_year_is_fit_for_posting(data):
    """Whatever month is chosen, the notice is public: no 内部资料 line and no resident's number."""
    store = data[0]
    for month in range(1, 12):  # to the test's today, 2026-11-22 (December is refused: not begun)
        text = _text(_pdf(store, "grievance-notice", month=f"2026-{month:02d}"))
        assert "内部资料" not in text and "13812345678" not in text and "45号" not in text


# ----- 民情交办单 ---------------------------------------------------------------------------------


def test_the_slip_is_one_page_for_the_responsible_member(data):
    store = data[0]
    slip = _pdf(store, "grievance-slip", serial="MQ-2026-0001")
    pdf = _check_pdf(slip, A4_PORTRAIT)
    assert pdf.pages == 1
    text = _text(slip)
    for shown in ("中共红旗村支部委员会民情交办单", "编号：MQ-2026-0001", "王建国", "13812345678", "红旗村三组45号",
                  "张卫东", "首次响应期限", "办理期限", "办理经过", "2026-10-21重新办理：回访不满意", "办理情况",
                  "责任人签字", "接收人"):
        assert shown in text, shown
    assert re.search(r"交办人\s*张卫东", text)  # the 支部书记 assigns it, not the computer's login name


def test_without_a_serial_every_new_item_gets_its_own_page(data):
    store = data[0]
    pages = [re.sub(r"\s+", "", p) for p in page_texts(_pdf(store, "grievance-slip"))]
    assert len(pages) == 2
    assert "编号：MQ-2026-0006" in pages[0] and "孙小红" in pages[0] and "紧急" in pages[0]
    assert "编号：MQ-2026-0007" in pages[1] and "三组张大爷家" in pages[1] and "入户走访" in pages[1]


def test_a_slip_for_no_such_item_is_refused(data):
    store = data[0]
    with pytest.raises(ReportError, match="找不到编号为 MQ-2026-0042 的民情事项"):
        _pdf(store, "grievance-slip", serial="MQ-2026-0042")


# ----- 民情统计 -----------------------------------------------------------------------------------


def test_the_statistics_give_the_figures_the_tab_shows(data):
    store = data[0]
    stats = _pdf(store, "grievance-stats", period="2026Q4")
    _check_pdf(stats, A4_PORTRAIT)
    text = _text(stats)
    with store.read() as session:
        total = figures(session, parse_period("2026Q4"), TODAY)
    assert total.registered == 4 and total.resolved == 1
    assert (f"本期登记{total.registered}件" in text and f"办结率{rate(total.resolution_rate)}" in text
            and f"满意率{rate(total.satisfaction_rate)}" in text and f"重办率{rate(total.reopen_rate)}" in text)
    for shown in ("登记和办结件数（按类别）", "登记和办结件数（按月份）", "按类别", "按来源", "按责任人", "按月份",
                  "基础设施", "政策咨询", "张卫东", "李秀兰", "10月", "11月", "12月", "合计", "—"):
        assert shown in text, shown
    assert "王海" not in text  # no item of his was received in the quarter


def test_the_statistics_draw_their_bar_charts(data):
    """The charts are vector drawings: their bars are filled rectangles in the chart colours."""
    content = _first_page_drawing(_pdf(data[0], "grievance-stats", period="2026"))
    bars = re.findall(r"(\.\d+ \.\d+ \.\d+) rg\s[^Q]*? re f", content)
    # 登记 in blue (#4f81bd), 办结 in green (#9bbb59): by category (5 with items), by month, the legend
    assert bars.count(".309804 .505882 .741176") >= 5 + 1 and bars.count(".607843 .733333 .34902") >= 3 + 1


def _first_page_drawing(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data)).pages[0].get_contents().get_data().decode("latin-1")


# ----- 民情日记 -----------------------------------------------------------------------------------


def test_the_diary_of_everyone_or_of_one_member(data):
    store, _, ids, _, _ = data
    everyone = _pdf(store, "visit-diary", period="2026Q4")
    _check_pdf(everyone, A4_PORTRAIT)
    text = _text(everyone)
    assert "2026年第四季度民情日记" in text and "共2次" in text
    assert "三组张大爷家" in text and "MQ-2026-0007" in text and "二组李婶家" in text
    assert "二组赵家" not in text  # June
    assert "走访次数" in text and text.index("三组张大爷家") < text.index("二组李婶家")
    one = _text(_pdf(store, "visit-diary", period="2026", person_id=ids["李秀兰"]))
    assert "党员：李秀兰" in one and "二组李婶家" in one and "二组赵家" in one and "三组张大爷家" not in one
    assert "本期无记录" in _text(_pdf(store, "visit-diary", period="2026Q1", person_id=ids["王海"]))


# ----- the command line -------------------------------------------------------------------------


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main.main(list(argv))
    except SystemExit as exc:
        code = exc.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def wide_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")


def test_the_report_commands_write_each_pdf(data, tmp_path, capsys, wide_terminal):
    _, path, _, numbers, _ = data
    commands = {"ledger": ("grievances", "--period", "2026Q3"),
                "notice": ("grievance-notice", "--month", "2026-10"),
                "slip": ("grievance-slip", "--serial", "mq-2026-1"),
                "stats": ("grievance-stats", "--period", "2026"),
                "diary": ("visit-diary", "--period", "2026Q4", "--id", numbers["李秀兰"])}
    for name, (code, *options) in commands.items():
        out = tmp_path / f"{name}.pdf"
        status, said, err = run_cli(capsys, "report", code, "--db", str(path), "--out", str(out), *options)
        assert status == 0, (name, err)
        assert "已生成" in said and out.is_file()
    assert "MQ-2026-0003" in _text((tmp_path / "ledger.pdf").read_bytes())
    assert "王**" in _text((tmp_path / "notice.pdf").read_bytes())
    assert "编号：MQ-2026-0001" in _text((tmp_path / "slip.pdf").read_bytes())
    assert "二组李婶家" in _text((tmp_path / "diary.pdf").read_bytes())


@pytest.mark.parametrize(("argv", "status", "says"), [
    (("grievance-notice", "--month", "2026-13"), 1, "错误：月份：“2026-13”不是有效的月份"),
    (("grievance-slip", "--serial", "MQ-2026-0999"), 1, "错误：事项编号：找不到编号为 MQ-2026-0999 的民情事项"),
    (("grievance-slip", "--serial", "第一件"), 1, "不是有效的编号"),
    (("grievance-notice", "--period", "2026"), 2, "民情办理情况公示不使用 --period"),
    (("grievances", "--month", "2026-10"), 2, "民情台账不使用 --month"),
])
def test_wrong_options_are_explained_and_write_nothing(data, tmp_path, capsys, wide_terminal, argv, status, says):
    out = tmp_path / "x.pdf"
    code, _, err = run_cli(capsys, "report", argv[0], "--db", str(data[1]), "--out", str(out), *argv[1:])
    assert code == status and says in err, err
    assert not out.exists()


def test_the_report_help_names_the_new_reports_and_switches(capsys, wide_terminal):
    code, said, _ = run_cli(capsys, "report", "--help")
    assert code == 0
    for shown in ("grievance-notice（民情办理情况公示）", "grievance-slip（民情交办单）", "--month", "--serial",
                  "visit-diary（民情日记）"):
        assert shown in said, shown


def test_a_notice_for_a_month_not_begun_is_refused_in_chinese(tmp_path):
    from models.reports.declaration import ReportError
    from models.reports.grievance_notice import REPORT
    from models.storage.store import Store

    store = Store(tmp_path / "empty.db")
    try:
        with store.read() as session, pytest.raises(ReportError) as refused:
            REPORT.build(session, {"month": "2030-01"}, date(2026, 11, 22))
        assert str(refused.value) == "2030年1月还没有到，不能公示这个月的办理情况"
    finally:
        store.close()
