"""A searchable list of people to tick (培养联系人, 入党介绍人, everyone scored at once)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QListView, QPushButton, QVBoxLayout, QWidget

from ui.table import ID_ROLE


@dataclass(frozen=True)
class Choice:
    """One person offered: id, name, and what is shown after the name (阶段, 党小组)."""

    id: int
    name: str
    detail: str = ""


class PeoplePicker(QWidget):
    """Tick people in a list; `search(text)` returns the ids matching typed text (pinyin in SQL),
    so wjg finds 王建国 here as in the 党员 tab. Ticks survive searching."""

    changed = Signal()

    def __init__(self, choices: Iterable[Choice], search: Callable[[str], set[int]],
                 parent: QWidget | None = None, with_all_buttons: bool = False, single: bool = False,
                 unit: str = "人") -> None:
        super().__init__(parent)
        self._unit = unit  # 人, or 条 for a list of entries
        self._search = search
        self._single = single  # ticking one person unticks the one ticked before
        self.model = QStandardItemModel(self)
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText("输入姓名或拼音首字母查找，如 wjg")
        self.search_edit.setClearButtonEnabled(True)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.count_label = QLabel(self)
        self.count_label.setWordWrap(True)
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.apply_search)
        self.search_edit.textChanged.connect(lambda: self._timer.start())
        self.model.itemChanged.connect(self._ticked)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search_edit, 1)
        if with_all_buttons:
            self.all_button = QPushButton("全选", self)
            self.none_button = QPushButton("全不选", self)
            self.all_button.clicked.connect(lambda: self.set_all(True))
            self.none_button.clicked.connect(lambda: self.set_all(False))
            top.addWidget(self.all_button)
            top.addWidget(self.none_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.count_label)
        self.set_choices(choices)

    def set_choices(self, choices: Iterable[Choice]) -> None:
        """Offer these people; those ticked before and still offered stay ticked."""
        keep = set(self.checked_ids())
        self.model.blockSignals(True)
        self.model.clear()
        for choice in choices:
            text = f"{choice.name}　{choice.detail}" if choice.detail else choice.name
            item = QStandardItem(text)
            item.setData(choice.id, ID_ROLE)
            item.setData(choice.name, Qt.ItemDataRole.UserRole)
            item.setCheckable(True)
            item.setEditable(False)
            item.setCheckState(Qt.CheckState.Checked if choice.id in keep else Qt.CheckState.Unchecked)
            self.model.appendRow(item)
        self.model.blockSignals(False)
        self.apply_search()
        self._ticked()

    def _items(self) -> list[QStandardItem]:
        return [self.model.item(row) for row in range(self.model.rowCount())]

    def checked_ids(self) -> list[int]:
        return [item.data(ID_ROLE) for item in self._items() if item.checkState() == Qt.CheckState.Checked]

    def checked_names(self) -> list[str]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self._items()
                if item.checkState() == Qt.CheckState.Checked]

    def set_checked(self, ids: Iterable[int], checked: bool = True) -> None:
        wanted = set(ids)
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self.model.blockSignals(True)
        for item in self._items():
            if item.data(ID_ROLE) in wanted:
                item.setCheckState(state)
        self.model.blockSignals(False)
        self._ticked()

    def set_all(self, checked: bool) -> None:
        """全选 / 全不选: the people shown now (a search narrows what 全选 ticks)."""
        shown = [item.data(ID_ROLE) for row, item in enumerate(self._items()) if not self.list.isRowHidden(row)]
        self.set_checked(shown, checked)

    def apply_search(self) -> None:
        text = self.search_edit.text().strip()
        matching = self._search(text) if text else None
        for row, item in enumerate(self._items()):
            self.list.setRowHidden(row, matching is not None and item.data(ID_ROLE) not in matching)

    def _ticked(self, item: QStandardItem | None = None) -> None:
        if self._single and item is not None and item.checkState() == Qt.CheckState.Checked:
            self.model.blockSignals(True)
            for other in self._items():
                if other is not item:
                    other.setCheckState(Qt.CheckState.Unchecked)
            self.model.blockSignals(False)
            self.list.viewport().update()
        names = self.checked_names()
        unit = self._unit
        if not names:
            self.count_label.setText("还没有选人。" if unit == "人" else "还没有选。")
        elif len(names) <= 6:
            self.count_label.setText(f"已选 {len(names)} {unit}：" + "、".join(names))
        else:
            self.count_label.setText(f"已选 {len(names)} {unit}：" + "、".join(names[:6]) + " 等")
        self.changed.emit()
