"""编辑党员: choosing 预备党员 puts the 转正日期 aside instead of erasing it (new-user trial, item 1)."""

from datetime import date

from PySide6.QtCore import Qt

from models.core.codes import Stage
from models.people import roster as people
from models.people.citizen_id import make
from models.people.events import timeline
from models.people.operations import create_member
from models.people.rules import PersonForm
from tests.conftest import TODAY
from tests.views.test_members_tab import select_name


def open_editor(qtbot, window, name: str):
    tab = window.tab("党员")
    select_name(tab, name)
    tab.edit_action.trigger()
    dialog = tab.dialog
    qtbot.waitUntil(dialog.isVisible)
    return tab, dialog


def choose_stage(dialog, stage: Stage) -> None:
    dialog.stage_combo.setCurrentIndex(dialog.stage_combo.findData(stage))


def stored(store, name: str):
    with store.read() as session:
        row = people.list_members(session, people.MemberFilter(text=name), TODAY)[0]
        return people.get_person(session, row.id, TODAY), timeline(session, row.id)


def test_switching_to_probationary_and_back_keeps_the_confirmation_date(qtbot, window, seeded_store):
    tab, dialog = open_editor(qtbot, window, "王建国")
    assert dialog.confirmed_field.text() == "1993-07-01"
    choose_stage(dialog, Stage.PROBATIONARY)
    assert dialog.confirmed_field.text() == "" and not dialog.confirmed_field.isEnabled()
    note = dialog.errors.message("confirmed_on")
    assert "将清除原来的转正日期（1993-07-01）" in note and "选回“正式党员”可以恢复" in note  # not silent
    choose_stage(dialog, Stage.FULL)
    assert dialog.confirmed_field.text() == "1993-07-01" and dialog.confirmed_field.isEnabled()
    assert "清除" not in dialog.errors.message("confirmed_on")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.dialog is None)
    detail, _history = stored(seeded_store, "王建国")
    assert detail.form.confirmed_on == date(1993, 7, 1) and detail.form.stage == Stage.FULL


def test_saving_as_probationary_asks_before_the_date_goes(qtbot, window, seeded_store, workspace):
    # Entered last week as 正式党员 by mistake: he joined in January and is still on probation.
    workspace.run(create_member, PersonForm(
        name="周新", citizen_id=make("411323", date(1996, 5, 4), 31), joined_on=date(2026, 1, 10),
        confirmed_on=date(2026, 11, 1)))
    tab = window.tab("党员")
    tab.refresh()
    tab, dialog = open_editor(qtbot, window, "周新")
    choose_stage(dialog, Stage.PROBATIONARY)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    box = dialog.clear_box
    assert box is not None and "保存后将清除转正日期（2026-11-01）" in box.text()
    qtbot.mouseClick(next(b for b in box.buttons() if b.text() == "返回修改"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.clear_box is None)
    assert dialog.isVisible()
    assert stored(seeded_store, "周新")[0].form.confirmed_on == date(2026, 11, 1)  # nothing saved yet
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    box = dialog.clear_box
    qtbot.mouseClick(next(b for b in box.buttons() if b.text() == "清除并保存"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.dialog is None)
    detail, _history = stored(seeded_store, "周新")
    assert detail.form.stage == Stage.PROBATIONARY and detail.form.confirmed_on is None


def test_a_probationary_member_saves_without_a_question(qtbot, window, seeded_store, workspace):
    workspace.run(create_member, PersonForm(
        name="吴芳", citizen_id=make("411323", date(1998, 2, 3), 42), joined_on=date(2026, 3, 1),
        stage=Stage.PROBATIONARY))
    window.tab("党员").refresh()
    tab, dialog = open_editor(qtbot, window, "吴芳")
    dialog.work_edit.setText("务农")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.dialog is None)
    assert dialog.clear_box is None
