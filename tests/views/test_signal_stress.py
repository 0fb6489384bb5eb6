"""PySide6 6.12 on Python 3.11 aborts (Fatal Python error: bool_dealloc) after a few thousand
signal emissions; 3.12's immortal objects make the leaked references harmless. These tests
emit and select 20,000 times and would abort the interpreter on 3.11."""

from __future__ import annotations

import sys
from datetime import date

from PySide6.QtCore import QItemSelectionModel, QObject, Signal

from models.people.roster import MemberRow
from ui.table import make_table_view
from views.members.member_table_model import MemberTableModel

TIMES = 20_000


class _Emitter(QObject):
    toggled = Signal(bool)
    chosen = Signal(object)


def test_python_is_at_least_3_12():
    assert sys.version_info >= (3, 12), "支部管家 needs Python 3.12 or newer (PySide6 aborts on 3.11)"


def test_twenty_thousand_bool_and_none_emissions(qtbot):
    emitter, seen = _Emitter(), []
    emitter.toggled.connect(seen.append)
    emitter.chosen.connect(seen.append)
    for n in range(TIMES):
        emitter.toggled.emit(n % 2 == 0)
        emitter.chosen.emit(None)
    assert len(seen) == 2 * TIMES


def test_twenty_thousand_row_selections_in_the_roster_list(qtbot):
    rows = [MemberRow(id=n, name=f"党员{n}", sort_key=f"{n:05d}", gender="M", age=40, group_name="", group_order=-1,
                      stage="full", joined_on=date(2000, 7, 1), party_years=25, phone="", is_mobile=False,
                      archive_reason=None) for n in range(50)]
    model = MemberTableModel()
    model.set_rows(rows)
    view = make_table_view()
    qtbot.addWidget(view)
    view.setModel(model)
    changes = []
    view.selectionModel().selectionChanged.connect(lambda *_: changes.append(1))
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    for n in range(TIMES):
        view.selectionModel().select(model.index(n % len(rows), 0), flags)
    assert len(changes) == TIMES
