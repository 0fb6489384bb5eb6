"""党员 tab: the roster with pinyin search, filters, add/edit/archive/restore and a detail panel."""

from __future__ import annotations

from dataclasses import replace
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from models.core.codes import Stage, label
from models.people.branch import DIRECT_GROUP, list_groups
from models.people.events import timeline
from models.people.roster import NO_GROUP, MemberFilter, get_person, narrowed, roster_rows
from models.people.rules import normalized, review_person
from models.workspace import Changes, Entity, Permission
from ui.actions import toolbar_action
from ui.operations import OperationRunner
from ui.permissions import allow
from ui.table import make_table_view, select_id, selected_id
from views.members.archive_dialog import ArchiveDialog, RestoreDialog
from views.members.excel_actions import MemberExcel
from views.members.member_detail import MemberDetail
from views.members.member_dialog import MemberDialog
from views.members.member_table_model import WIDTHS, Column, MemberTableModel

# roster_rows reads the rows in pinyin order, the list's own first order: not sorted again (0.1 s at 100,000)
READ_ORDER = (Column.NAME, Qt.SortOrder.AscendingOrder)

GROUP_WIDTH_LIMIT = 220  # px: a longer 党小组 name is cut (…), its whole name in the filter list above


class MembersTab(QWidget):
    print_card_requested = Signal(int)  # person id; the main window shows the card in 报表

    def __init__(self, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.dialog: QDialog | None = None  # the dialog now open, if any
        self.model = MemberTableModel(self)
        self.excel = MemberExcel(runner, self)
        self._build_toolbar()
        self._build_filters()
        self.table = make_table_view(self)
        self.table.setModel(self.model)
        for column, width in WIDTHS.items():
            self.table.setColumnWidth(column, width)
        self.table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(self.edit_selected)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for action in (self.edit_action, self.archive_action, self.restore_action, self.card_action):
            self.table.addAction(action)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self._build_empty_note()
        self.setFocusProxy(self.table)  # the window focuses the tab: the list takes the keys
        self.detail = MemberDetail(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 340])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.addWidget(self.toolbar)
        layout.addLayout(self.filter_row)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message_label)
        self.excel.message.connect(self.message_label.setText)
        self._search_timer = QTimer(self, singleShot=True, interval=200)
        self._search_timer.timeout.connect(self._search)
        # (the filter without its text, roster_rows for it, the list's order they are sorted by)
        self._roster: tuple[MemberFilter, list, object] | None = None
        runner.changed.connect(self._on_data_changed)
        self._reload_groups()
        self.refresh()

    # ----- layout ---------------------------------------------------------------------------

    def _action(self, text: str, icon_name: str, slot, shortcut=None) -> QAction:
        return toolbar_action(self, self.toolbar, text, icon_name, slot, shortcut)

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.add_action = self._action("新增", "add", self.add_member, QKeySequence.StandardKey.New)
        self.edit_action = self._action("编辑", "edit", self.edit_selected)
        self.archive_action = self._action("归档", "archive", self.archive_selected)
        self.restore_action = self._action("恢复", "restore", self.restore_selected)
        self.toolbar.addSeparator()
        self.import_action = self._action("导入", "import", self.excel.import_with_dialog)
        for action in (self.add_action, self.edit_action, self.archive_action, self.restore_action):
            allow(action, self.runner, Permission.MEMBERS_EDIT)
        allow(self.import_action, self.runner, Permission.MEMBERS_IMPORT)
        self.export_action = self._action("导出", "export", self.export_visible, "Ctrl+E")
        self.template_action = self._action("下载模板", "template", self.excel.template_with_dialog)
        self.toolbar.addSeparator()
        self.card_action = self._action("打印信息卡", "card", self.print_card, QKeySequence.StandardKey.Print)
        self.refresh_action = self._action("刷新", "refresh", self.refresh, QKeySequence.StandardKey.Refresh)
        if QKeySequence("F5") not in self.refresh_action.shortcuts():
            self.refresh_action.setShortcuts([*self.refresh_action.shortcuts(), QKeySequence("F5")])
        find = QAction(self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.setShortcutContext(Qt.ShortcutContext.WindowShortcut)  # as the toolbar's (ui/actions.py)
        find.triggered.connect(lambda: (self.search_edit.setFocus(), self.search_edit.selectAll()))
        self.addAction(find)

    def _build_filters(self) -> None:
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText("搜索姓名、拼音或电话，如 王建国、wjg、wangjianguo")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(340)
        self.search_edit.textChanged.connect(lambda: self._search_timer.start())
        self.group_filter = QComboBox(self)
        self.group_filter.setMinimumWidth(130)
        self.stage_filter = QComboBox(self)
        self.stage_filter.addItem("全部类别", None)
        for stage in (Stage.FULL, Stage.PROBATIONARY):
            self.stage_filter.addItem(label(stage), stage.value)
        self.mobile_filter = QCheckBox("只看流动党员", self)
        self.archived_toggle = QCheckBox("显示已归档人员", self)
        self.count_label = QLabel(self)
        self.message_label = QLabel(self)
        self.message_label.setStyleSheet("color: #1f5fa8;")
        for widget in (self.group_filter, self.stage_filter):
            widget.currentIndexChanged.connect(self.refresh)
        for box in (self.mobile_filter, self.archived_toggle):
            box.toggled.connect(self.refresh)
        self.filter_row = QHBoxLayout()
        self.filter_row.addWidget(self.search_edit)
        self.filter_row.addWidget(QLabel("党小组："))
        self.filter_row.addWidget(self.group_filter)
        self.filter_row.addWidget(QLabel("类别："))
        self.filter_row.addWidget(self.stage_filter)
        self.filter_row.addWidget(self.mobile_filter)
        self.filter_row.addWidget(self.archived_toggle)
        self.filter_row.addStretch(1)
        self.filter_row.addWidget(self.count_label)

    def _build_empty_note(self) -> None:
        """A note in the middle of the list when it shows nobody: why, and what to try."""
        self.empty_note = QLabel(self.table.viewport())
        self.empty_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_note.setWordWrap(True)
        self.empty_note.setStyleSheet("color: #555; font-size: 11pt; padding: 24px;")
        self.empty_note.linkActivated.connect(self._note_link)
        layout = QVBoxLayout(self.table.viewport())
        layout.addWidget(self.empty_note)
        self.empty_note.hide()

    def _note_link(self, link: str) -> None:
        if link == "archived":
            self.archived_toggle.setChecked(True)
        else:
            self.clear_filters()

    def _empty_text(self, flt: MemberFilter, archived_hidden: int = 0) -> str:
        text = flt.text.strip()
        if archived_hidden:  # the search did find someone: people the list leaves out
            found = f"“{escape(text)}”只找到已归档人员" if text else "符合筛选条件的只有已归档人员"
            return (f"{found}（{archived_hidden} 人），勾选“显示已归档人员”可以看到。"
                    "<br><a href='archived'>显示已归档人员</a>")
        if text:
            return (f"没有找到“{escape(text)}”。<br>可以试试拼音首字母，如 wjg（王建国），或全拼 wangjianguo，"
                    "也可以输入电话号码中的几位数字。<br><a href='clear'>清除搜索和筛选条件</a>")
        if replace(flt, include_archived=False) != MemberFilter():  # 清除 keeps 显示已归档人员 as it is
            return "没有符合筛选条件的党员。<br><a href='clear'>清除筛选条件</a>"
        return "还没有党员。点“新增”逐个录入，或点“导入”从Excel花名册导入。"

    # ----- data -----------------------------------------------------------------------------

    def current_filter(self) -> MemberFilter:
        return MemberFilter(
            text=self.search_edit.text(),
            group_id=self.group_filter.currentData(),
            stage=self.stage_filter.currentData(),
            mobile_only=self.mobile_filter.isChecked(),
            include_archived=self.archived_toggle.isChecked(),
        )

    def refresh(self) -> None:
        """Reload the list from the database, keeping the selected person selected."""
        flt = self.current_filter()
        with self.runner.read() as session:
            rows = roster_rows(session, flt, self.runner.workspace.today())
        self._roster = (replace(flt, text=""), rows, READ_ORDER)
        self._show(flt)

    def _search(self) -> None:
        """What is typed narrows the rows read for the other filters, without the database; anything
        else that changed (a filter, the data: those refresh) reads them again."""
        flt = self.current_filter()
        if self._roster is None or self._roster[0] != replace(flt, text=""):
            self.refresh()
        else:
            self._show(flt)

    def _show(self, flt: MemberFilter) -> None:
        keep = selected_id(self.table)
        base, rows, order = self._roster
        if order != self.model.order():  # sorted once per read and per header click, not per keystroke
            order = self.model.order()
            rows = self.model.sorted_rows(rows)
            self._roster = (base, rows, order)
        rows, hidden = narrowed(rows, flt)  # keeps their order
        self.model.set_rows(rows, in_order=order)
        self.empty_note.setText(self._empty_text(flt, hidden) if not rows else "")
        self.empty_note.setVisible(not rows)
        active = sum(1 for r in rows if not r.archive_reason)
        archived = len(rows) - active
        due = sum(1 for r in rows if r.probation)
        self.count_label.setText(f"共 {active} 人" + (f"，另有已归档 {archived} 人" if archived else "")
                                 + (f"（已归档 {hidden} 人未显示）" if hidden else "")
                                 + (f"，{due} 名预备党员待转正" if due else ""))
        if not select_id(self.table, keep):
            self._selection_changed()

    def _reload_groups(self) -> None:
        current = self.group_filter.currentData()
        self.group_filter.blockSignals(True)
        self.group_filter.clear()
        self.group_filter.addItem("全部党小组", None)
        with self.runner.read() as session:
            groups = list_groups(session)
        names = [group.name for group in groups]
        for group in groups:
            self.group_filter.addItem(group.name, group.id)
        self.group_filter.addItem(DIRECT_GROUP, NO_GROUP)
        # 党小组 as wide as its longest name (a township's 青山村第三党小组), up to a limit
        metrics = self.table.fontMetrics()
        fits = max((metrics.horizontalAdvance(name) for name in [*names, DIRECT_GROUP]), default=0) + 20
        self.table.setColumnWidth(Column.GROUP, min(max(WIDTHS[Column.GROUP], fits), GROUP_WIDTH_LIMIT))
        index = self.group_filter.findData(current)
        self.group_filter.setCurrentIndex(max(index, 0))
        self.group_filter.blockSignals(False)

    def _on_data_changed(self, changes: Changes) -> None:
        if changes.touches(Entity.GROUP):
            self._reload_groups()
        if changes.touches(Entity.PERSON, Entity.GROUP, Entity.PERSON_EVENT):
            self.refresh()

    def _selection_changed(self) -> None:
        person_id = selected_id(self.table)
        detail, history, warnings = None, [], {}
        if person_id is not None:
            today = self.runner.workspace.today()
            with self.runner.read() as session:
                detail = get_person(session, person_id, today)
                history = timeline(session, person_id)
            if detail.archive is None:  # what the rules question in the stored record, for the panel
                review = review_person(normalized(detail.form), today)
                warnings = {**review.warnings, **review.errors}
        self.detail.show_detail(detail, history, warnings)
        archived = detail is not None and detail.archive is not None
        self.edit_action.setEnabled(detail is not None)
        self.archive_action.setEnabled(detail is not None and not archived)
        self.restore_action.setEnabled(archived)
        # 打印信息卡 stays enabled: Ctrl+P without a selection says what to do instead of nothing.

    # ----- actions --------------------------------------------------------------------------

    def add_member(self) -> None:
        self._open(MemberDialog(self.runner, None, self), lambda d: d.saved_id)

    def edit_selected(self) -> None:
        person_id = selected_id(self.table)
        if person_id is not None and self.edit_action.isEnabled():  # a double-click too
            self._open(MemberDialog(self.runner, person_id, self), lambda d: person_id)

    def archive_selected(self) -> None:
        person_id = selected_id(self.table)
        if person_id is not None:
            name = self.model.row_at(self.table.currentIndex().row()).name
            dialog = ArchiveDialog(self.runner, person_id, name, self)

            def finished(result: int) -> None:
                if result == QDialog.DialogCode.Accepted:
                    self._archived(name, dialog.reason())

            self._open(dialog, lambda d: None, finished)

    def _archived(self, name: str, reason: str) -> None:
        """Say what happened to the person who just left the list (and where to find them)."""
        text = f"已将{name}归档（{label(reason)}）。"
        if not self.archived_toggle.isChecked():
            text += "归档人员不在名单中显示，可勾选“显示已归档人员”查看。"
        self.message_label.setText(text)

    def restore_selected(self) -> None:
        person_id = selected_id(self.table)
        if person_id is not None:
            name = self.model.row_at(self.table.currentIndex().row()).name
            self._open(RestoreDialog(self.runner, person_id, name, self), lambda d: person_id)

    def visible_ids(self) -> list[int]:
        """The people listed right now, in the order shown (what 导出 writes)."""
        return [self.model.row_at(row).id for row in range(self.model.rowCount())]

    def export_visible(self) -> None:
        self.excel.export_with_dialog(self.visible_ids())

    def print_card(self) -> None:
        """The selected person's 党员基本信息卡, shown in 报表 ready to print (Ctrl+P there prints)."""
        person_id = selected_id(self.table)
        if person_id is None:
            self.message_label.setText("请先在名单中选中一人，再点“打印信息卡”（Ctrl+P）。")
            return
        self.message_label.setText("")
        self.print_card_requested.emit(person_id)

    def _open(self, dialog, select_after, on_finished=None) -> None:
        """Show a window-modal dialog without blocking; after acceptance refresh and select."""
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def finished(result: int) -> None:
            self.dialog = None
            if on_finished is not None:
                on_finished(result)
            elif result == QDialog.DialogCode.Accepted:
                self._changed(select_after(dialog))

        dialog.finished.connect(finished)
        dialog.open()

    def _changed(self, select: int | None) -> None:
        """After a dialog saved: the runner has already refreshed the list; show the saved person."""
        if select is not None and not select_id(self.table, select):
            # The person is hidden by the current filter: clear it so the saved row is seen.
            self.clear_filters()
            select_id(self.table, select)

    def clear_filters(self) -> None:
        widgets = (self.search_edit, self.group_filter, self.stage_filter, self.mobile_filter)
        for widget in widgets:
            widget.blockSignals(True)
        self.search_edit.clear()
        self.group_filter.setCurrentIndex(0)
        self.stage_filter.setCurrentIndex(0)
        self.mobile_filter.setChecked(False)
        for widget in widgets:
            widget.blockSignals(False)
        self.refresh()
