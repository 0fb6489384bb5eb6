"""The 党员 list after an archive (new-user trial, item 3): a search that finds only archived people
says so instead of “没有找到…试试拼音首字母”, and the archive itself is confirmed in the status line."""

from tests.views.conftest import type_text
from tests.views.test_members_tab import click_tool, names_shown, select_name


def archive(qtbot, tab, name: str) -> None:
    select_name(tab, name)
    click_tool(qtbot, tab, tab.archive_action)
    dialog = tab.dialog
    type_text(qtbot, dialog.transfer_to_edit, "中共某社区支部委员会")
    dialog.save()
    qtbot.waitUntil(lambda: tab.dialog is None)


def search(qtbot, tab, text: str) -> None:
    tab.search_edit.clear()
    type_text(qtbot, tab.search_edit, text)
    qtbot.waitUntil(lambda: not tab._search_timer.isActive(), timeout=2000)


def test_archiving_the_only_match_of_a_search_says_where_he_went(qtbot, window):
    tab = window.tab("党员")
    search(qtbot, tab, "wjg")
    assert names_shown(tab) == ["王建国"]
    archive(qtbot, tab, "王建国")
    assert tab.message_label.text() == "已将王建国归档（转出）。归档人员不在名单中显示，可勾选“显示已归档人员”查看。"
    assert names_shown(tab) == [] and tab.empty_note.isVisible()
    note = tab.empty_note.text()
    assert "“wjg”只找到已归档人员（1 人），勾选“显示已归档人员”可以看到" in note
    assert "没有找到" not in note and "拼音首字母" not in note
    assert tab.count_label.text() == "共 0 人（已归档 1 人未显示）"
    tab.empty_note.linkActivated.emit("archived")  # the link in the note ticks the box
    assert tab.archived_toggle.isChecked() and names_shown(tab) == ["王建国"]
    assert tab.count_label.text() == "共 0 人，另有已归档 1 人"


def test_a_search_that_finds_nobody_still_suggests_pinyin(qtbot, window):
    tab = window.tab("党员")
    archive(qtbot, tab, "王建国")
    search(qtbot, tab, "zzz")
    assert "没有找到“zzz”" in tab.empty_note.text() and "拼音首字母" in tab.empty_note.text()
    assert tab.count_label.text() == "共 0 人"
    search(qtbot, tab, "z")  # 张三 shown, and 王建国 (wang… has no z) not counted as hidden
    assert names_shown(tab) == ["张三"] and tab.count_label.text() == "共 1 人"


def test_the_whole_list_counts_as_before_and_a_shown_archive_needs_no_hint(qtbot, window):
    tab = window.tab("党员")
    archive(qtbot, tab, "张三")
    assert tab.count_label.text() == "共 2 人"  # as before: archived people are out of the roster
    assert tab.message_label.text().startswith("已将张三归档（转出）")
    tab.archived_toggle.click()
    assert tab.count_label.text() == "共 2 人，另有已归档 1 人"
    select_name(tab, "李芳")
    archive(qtbot, tab, "李芳")
    assert tab.message_label.text() == "已将李芳归档（转出）。"  # already shown: nothing to tick
