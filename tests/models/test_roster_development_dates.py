"""The roster import reads development dates (申请入党时间 … 入党介绍人) into each person's timeline."""

from datetime import date

import pytest

from models.core.codes import EventKind, Step
from models.development.history import histories
from models.excel.roster_import import import_roster, import_summary, read_roster
from models.people import roster as people
from models.people.entities import PersonEvent
from models.workspace.audit import AuditFilter, count_audit, list_audit
from tests.conftest import TODAY
from tests.excel_files import HEADERS, person_row, write_roster

DEV_HEADERS = [*HEADERS, "提交书面申请书时间", "确定为入党积极分子时间", "确定为发展对象时间", "培养联系人", "入党介绍人"]


def dev_row(number, name, birth, seq, dates, **extra):
    """A roster row with the five development columns (applied, activist, candidate, contacts, introducers)."""
    joined, confirmed = extra.pop("joined", "2015-07-01"), extra.pop("confirmed", "2016-07-01")
    return person_row(number, name, birth, seq, joined, confirmed, **extra) + list(dates)


def preview_of(store, path):
    with store.read() as session:
        return read_roster(path, session, TODAY)


def ids_by_name(store):
    with store.read() as session:
        return {r.name: r.id for r in people.list_members(session, people.MemberFilter(), TODAY)}


def steps_of(store, person_id):
    """(kind, date, linked person id, note) of the person's live events, in date order."""
    with store.read() as session:
        rows = session.query(PersonEvent).filter_by(person_id=person_id, voided_at=None).order_by(
            PersonEvent.on, PersonEvent.id)
        return [(e.kind, e.on, e.related_person_id, e.note) for e in rows]


OLD_MEMBER = ("王建国", date(1962, 3, 12), 3, ("", "", "", "", ""))
NEW_MEMBER = ("李秀兰", date(1985, 11, 5), 4,
              ("2012.3.1", "2012年9月1日", "2014-05-10", "王建国", "王建国、张不在"))


def test_development_columns_become_steps_in_the_timeline_with_audit_rows(store, workspace, tmp_path):
    rows = [dev_row(1, *OLD_MEMBER[:3], OLD_MEMBER[3], joined="1985-07-01", confirmed="1986-07-01"),
            dev_row(2, *NEW_MEMBER[:3], NEW_MEMBER[3])]
    preview = preview_of(store, write_roster(tmp_path / "r.xlsx", rows, headers=DEV_HEADERS))
    assert not preview.problems, preview.problems
    assert preview.rows[1].development.introducers == ("王建国", "张不在")
    result = workspace.run(import_roster, preview).value
    assert result.steps == 6 and "记入发展党员经历 6 项" in import_summary(result)
    ids = ids_by_name(store)
    wang, li = ids["王建国"], ids["李秀兰"]
    assert steps_of(store, li) == [
        (Step.APPLIED, date(2012, 3, 1), None, ""),
        (Step.ACTIVIST, date(2012, 9, 1), None, ""),
        (Step.CONTACTS, date(2012, 9, 1), wang, ""),  # 培养联系人 named when she became an activist
        (Step.CANDIDATE, date(2014, 5, 10), None, ""),
        (Step.INTRODUCERS, date(2014, 5, 10), wang, ""),  # a member imported by the same file: linked
        (Step.INTRODUCERS, date(2014, 5, 10), None, "确定入党介绍人：张不在（从Excel导入，党员名单中没有，未关联）"),
        (EventKind.JOINED, date(2015, 7, 1), None, ""),
        (EventKind.CONFIRMED, date(2016, 7, 1), None, ""),
    ]
    assert [k for k, *_ in steps_of(store, wang)] == [EventKind.JOINED, EventKind.CONFIRMED]
    with store.read() as session:
        history = histories(session, [li])[li]  # the development package reads them as its own steps
        log = [r for r in list_audit(session, AuditFilter()) if r.entity == "person_event"]
    assert history.first_on(Step.ACTIVIST) == date(2012, 9, 1)
    assert history.first_on(Step.CANDIDATE) == date(2014, 5, 10)
    assert len(log) == 6 and {r.operation for r in log} == {"members.import"}
    assert {r.summary for r in log} >= {"李秀兰 递交入党申请书", "李秀兰 确定入党介绍人"}
    linked = next(r for r in log if r.changes.get("kind") == Step.CONTACTS)
    assert linked.changes["related_person"] == "王建国" and linked.changes["on"] == "2012-09-01"


def test_a_same_named_member_is_not_guessed(store, workspace, tmp_path):
    rows = [dev_row(1, "王建国", date(1962, 3, 12), 3, ("",) * 5, joined="1985-07-01", confirmed="1986-07-01"),
            dev_row(2, "王建国", date(1964, 5, 1), 5, ("",) * 5, joined="1990-07-01", confirmed="1991-07-01"),
            dev_row(3, *NEW_MEMBER[:3], ("", "", "2014-05-10", "", "王建国"))]
    workspace.run(import_roster, preview_of(store, write_roster(tmp_path / "r.xlsx", rows, headers=DEV_HEADERS)))
    introducers = [s for s in steps_of(store, ids_by_name(store)["李秀兰"]) if s[0] == Step.INTRODUCERS]
    assert introducers == [(Step.INTRODUCERS, date(2014, 5, 10), None,
                            "确定入党介绍人：王建国（从Excel导入，同名党员不止一人，未关联）")]


@pytest.mark.parametrize(
    ("dates", "column", "fragment"),
    [
        (("2013-01-01", "2012-09-01", "", "", ""), "确定为入党积极分子时间",
         "确定为入党积极分子时间（2012-09-01）早于提交书面申请书时间（2013-01-01）"),
        (("", "", "2016-01-01", "", ""), "确定为发展对象时间", "入党时间（2015-07-01）早于确定为发展对象时间（2016-01-01）"),
        (("2030-01-01", "", "", "", ""), "提交书面申请书时间", "2030-01-01晚于今天"),
        (("1980-01-01", "", "", "", ""), "提交书面申请书时间", "不晚于出生日期"),
        (("2012-02-30", "", "", "", ""), "提交书面申请书时间", "不是存在的日期"),
        (("", "", "", "张三12", ""), "培养联系人", "不像是姓名"),
        (("", "", "", "", "张三、李四、王五、赵六、钱七"), "入党介绍人", "写了5个人"),
    ],
)
def test_development_date_problems_name_the_column(store, tmp_path, dates, column, fragment):
    row = dev_row(1, *NEW_MEMBER[:3], dates)
    preview = preview_of(store, write_roster(tmp_path / "r.xlsx", [row], headers=DEV_HEADERS))
    messages = [f"{p.field}：{p.message}" for p in preview.problems]
    assert any(m.startswith(column + "：") and fragment in m for m in messages), messages


def test_names_without_their_date_are_a_problem_only_when_no_later_date_is_known(store, tmp_path):
    """培养联系人 without 确定为积极分子时间 take the next known date (发展对象, 入党); nothing known → a problem."""
    headers = ["姓名", "身份证号", "入党时间", "转正时间", "培养联系人", "入党介绍人"]
    from models.people.citizen_id import make

    rows = [["李秀兰", make("411421", date(1985, 11, 5), 4), "2015-07-01", "2016-07-01", "王建国", "王建国"]]
    preview = preview_of(store, write_roster(tmp_path / "r.xlsx", rows, headers=headers, title=None))
    assert not preview.problems, preview.problems


def test_reimporting_moves_a_corrected_date_and_never_doubles_a_step(store, workspace, tmp_path):
    rows = [dev_row(1, *NEW_MEMBER[:3], ("2012-03-01", "2012-09-01", "", "", "张不在"))]
    workspace.run(import_roster, preview_of(store, write_roster(tmp_path / "a.xlsx", rows, headers=DEV_HEADERS)))
    li = ids_by_name(store)["李秀兰"]
    rows = [dev_row(1, *NEW_MEMBER[:3], ("2012-03-01", "2012-10-08", "2014-05-10", "", "张不在"))]
    preview = preview_of(store, write_roster(tmp_path / "b.xlsx", rows, headers=DEV_HEADERS))
    assert preview.update_rows[0].changes == ["确定为入党积极分子时间", "确定为发展对象时间"]
    result = workspace.run(import_roster, preview).value
    assert result.steps == 2  # one moved, one added; 申请 and 入党介绍人 already there
    kinds = [(k, on) for k, on, *_ in steps_of(store, li)]
    assert kinds.count((Step.APPLIED, date(2012, 3, 1))) == 1
    assert (Step.ACTIVIST, date(2012, 10, 8)) in kinds and (Step.ACTIVIST, date(2012, 9, 1)) not in kinds
    assert [k for k, _ in kinds].count(Step.INTRODUCERS) == 1
    with store.read() as session:
        moved = [r for r in list_audit(session, AuditFilter()) if r.entity == "person_event" and r.action == "update"]
    assert [(r.summary, r.changes) for r in moved] == [("李秀兰 确定为入党积极分子", {"on": ["2012-09-01", "2012-10-08"]})]


def test_a_refused_import_writes_no_step(store, workspace, tmp_path):
    from models.excel.roster_import import ImportRefused

    rows = [dev_row(1, *NEW_MEMBER[:3], NEW_MEMBER[3]),
            dev_row(2, "张三丰", date(1980, 1, 2), 13, ("2030-01-01", "", "", "", ""))]
    preview = preview_of(store, write_roster(tmp_path / "r.xlsx", rows, headers=DEV_HEADERS))
    with pytest.raises(ImportRefused):
        workspace.run(import_roster, preview)
    with store.read() as session:
        assert session.query(PersonEvent).count() == 0 and count_audit(session, AuditFilter()) == 0


def test_a_person_in_the_pipeline_is_not_made_a_member_by_the_roster_import(store, workspace, tmp_path):
    from models.development.forms import ApplicantForm
    from models.development.operations import register_applicant
    from models.people.citizen_id import make

    number = make("411421", date(1985, 11, 5), 4)
    workspace.run(register_applicant, ApplicantForm(name="李秀兰", citizen_id=number, applied_on=date(2026, 3, 1)))
    rows = [dev_row(1, *NEW_MEMBER[:3], ("",) * 5)]
    preview = preview_of(store, write_roster(tmp_path / "r.xlsx", rows, headers=DEV_HEADERS))
    assert [p.message for p in preview.problems] == [
        "此人在发展党员名单中（入党申请人），还不是党员：接收为预备党员请在“发展党员”页办理，以便检查时限要求"]
