"""The ledger's filter row: pinyin search, status, category, responsible member, source, 只看逾期 and
显示已作废 — read as a LedgerFilter for the period the figures strip has chosen."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QWidget

from models.core.codes import GrievanceCategory, GrievanceSource, GrievanceStatus, choices
from models.grievances.ledger import LedgerFilter
from models.scoring.periods import Period
from ui.forms import combo


class LedgerFilters(QWidget):
    changed = Signal()  # at once for the lists, after a pause for typed text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText("搜索编号、内容、姓名或拼音，如 wjg")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(200)
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.changed.emit)
        self.search_edit.textChanged.connect(lambda: self._timer.start())
        self.status_combo = combo(choices(GrievanceStatus), blank="全部状态")
        self.category_combo = combo(choices(GrievanceCategory), blank="全部类别")
        self.category_combo.setMaxVisibleItems(12)
        self.responsible_combo = QComboBox(self)
        self.responsible_combo.addItem("全部责任人", None)
        self.responsible_combo.setMaxVisibleItems(15)
        self.source_combo = combo(choices(GrievanceSource), blank="全部来源")
        self.overdue_check = QCheckBox("只看逾期", self)
        self.overdue_check.setToolTip("只列出未办结、已超过办理期限的事项")
        self.void_check = QCheckBox("显示已作废", self)
        for box in (self.status_combo, self.category_combo, self.responsible_combo, self.source_combo):
            box.setParent(self)
            box.currentIndexChanged.connect(lambda: self.changed.emit())
        self.status_combo.setToolTip("选“已作废”时只列出作废的事项")
        self.overdue_check.toggled.connect(lambda: self.changed.emit())
        self.void_check.toggled.connect(lambda: self.changed.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.search_edit, 1)
        for widget in (self.status_combo, self.category_combo, self.responsible_combo, self.source_combo,
                       self.overdue_check, self.void_check):
            layout.addWidget(widget)

    def set_people(self, people: list[tuple[int, str]]) -> None:
        """The responsible members to choose from: (id, name), in pinyin order."""
        keep = self.responsible_combo.currentData()
        self.responsible_combo.blockSignals(True)
        self.responsible_combo.clear()
        self.responsible_combo.addItem("全部责任人", None)
        for person_id, name in people:
            self.responsible_combo.addItem(name, person_id)
        self.responsible_combo.setCurrentIndex(max(self.responsible_combo.findData(keep), 0))
        self.responsible_combo.blockSignals(False)

    def value(self, period: Period | None) -> LedgerFilter:
        return LedgerFilter(period=period, status=self.status_combo.currentData() or None,
                            category=self.category_combo.currentData() or None,
                            responsible_id=self.responsible_combo.currentData(),
                            source=self.source_combo.currentData() or None,
                            overdue_only=self.overdue_check.isChecked(), text=self.search_edit.text().strip(),
                            include_void=self.void_check.isChecked())

    def is_filtered(self) -> bool:
        return bool(self.search_edit.text().strip() or self.status_combo.currentIndex()
                    or self.category_combo.currentIndex() or self.responsible_combo.currentIndex()
                    or self.source_combo.currentIndex() or self.overdue_check.isChecked())

    def show_member(self, member_id: int) -> None:
        """Only this member's items (the other filters cleared)."""
        self.clear(emit=False)
        self.responsible_combo.setCurrentIndex(max(self.responsible_combo.findData(member_id), 0))
        self.changed.emit()

    def search_for(self, text: str) -> None:
        """Search for this text at once (no pause: it was not typed)."""
        self.search_edit.blockSignals(True)
        self.search_edit.setText(text)
        self.search_edit.blockSignals(False)
        self._timer.stop()
        self.changed.emit()

    def clear(self, emit: bool = True) -> None:
        widgets = (self.search_edit, self.status_combo, self.category_combo, self.responsible_combo,
                   self.source_combo, self.overdue_check)
        for widget in widgets:
            widget.blockSignals(True)
        self.search_edit.clear()
        for box in (self.status_combo, self.category_combo, self.responsible_combo, self.source_combo):
            box.setCurrentIndex(0)
        self.overdue_check.setChecked(False)
        for widget in widgets:
            widget.blockSignals(False)
        self._timer.stop()
        if emit:
            self.changed.emit()
