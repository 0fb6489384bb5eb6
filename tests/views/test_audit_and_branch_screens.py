"""设置 as a new user saw it (new-user trial, items 5 and 10): 操作记录 shows the whole 对象
(人员经历新增), no internal 人员编号, fields in the form's order; “已保存” goes once a field is edited."""

from datetime import date

from models.core.codes import ArchiveReason
from models.people.operations import archive_member
from models.people.rules import ArchiveForm
from tests.views.conftest import type_text
from tests.views.test_members_tab import names_shown
from views.settings.audit_log import HEADERS


def column(title: str) -> int:
    return HEADERS.index(title)


def test_the_audit_log_shows_whole_objects_and_no_record_numbers(qtbot, window, workspace):
    members = window.tab("党员")
    person_id = members.model.row_at(names_shown(members).index("张三")).id
    workspace.run(archive_member, person_id, ArchiveForm(ArchiveReason.DECEASED, date(2026, 10, 3)))
    settings = window.tab("设置")
    window.show_tab(settings)
    settings.pages.setCurrentWidget(settings.audit_view)
    view = settings.audit_view
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    model, table = view.model, view.table
    objects = column("对象")
    texts = [model.index(r, objects).data() for r in range(model.rowCount())]
    assert "人员经历新增" in texts
    needed = table.fontMetrics().horizontalAdvance("人员经历新增")
    assert table.columnWidth(objects) >= needed + 12  # the whole word, with the cell's margins
    changes = column("变更内容")
    event = texts.index("人员经历新增")
    assert model.index(event, changes).data() == "事项：去世；日期：2026-10-03"
    assert model.index(event, column("摘要")).data() == "张三 去世"
    created = next(r for r in range(model.rowCount()) if model.index(r, objects).data() == "人员新增")
    assert model.index(created, changes).data().startswith("姓名：")


def test_saved_goes_away_when_a_branch_field_is_edited(qtbot, window):
    tab = window.tab("设置")
    window.show_tab(tab)
    tab.secretary_edit.clear()
    type_text(qtbot, tab.secretary_edit, "李四")
    tab.save_branch_button.click()
    assert tab.branch_status.text() == "已保存"  # and stays while the saved values are shown again
    type_text(qtbot, tab.full_name_edit, "（新）")
    assert tab.branch_status.text() == ""
    tab.save_branch_button.click()
    assert tab.branch_status.text() == "已保存"
    tab.name_edit.setFocus()
    qtbot.keyClick(tab.name_edit, "a")
    assert tab.branch_status.text() == ""


def test_reloading_the_saved_values_keeps_it(qtbot, window):
    tab = window.tab("设置")
    tab.save_branch_button.click()
    assert tab.branch_status.text() == "已保存"
    tab.load_branch()  # what every change in the window triggers: the values are set, not typed
    assert tab.branch_status.text() == "已保存"
