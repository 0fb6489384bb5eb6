"""Shared table pieces: item roles and a consistently configured QTableView."""

from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

ID_ROLE = Qt.ItemDataRole.UserRole + 2  # the row's entity id, readable through any proxy


def make_table_view(parent=None) -> QTableView:
    view = QTableView(parent)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setSortingEnabled(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def selected_id(view: QTableView) -> int | None:
    """Id of the selected row (through the proxy), or None."""
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return rows[0].data(ID_ROLE) if rows else None


def select_id(view: QTableView, entity_id: int | None) -> bool:
    """Select and show the row whose ID_ROLE is `entity_id`; False when it is not listed."""
    model = view.model()
    if entity_id is None or model is None:
        return False
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(ID_ROLE) == entity_id:
            view.selectRow(row)
            view.scrollTo(index)
            return True
    return False


class SortedRowsModel(QAbstractTableModel):
    """Rows (frozen dataclasses or named tuples) with an id, sorted by the model itself on raw keys.

    A QSortFilterProxyModel calling data() per comparison took seconds at 20,000 rows; a key sort
    takes milliseconds. Subclasses set `columns` (an IntEnum), `headers` and `default_sort` (and
    `header_tips`, `centered` when they have some), and implement `sort_value(row, column)`,
    `display(row, column)` (the text) and `role_data(row, column, role)` for their other roles.
    """

    columns: type[IntEnum]
    headers: dict
    header_tips: dict = {}  # column -> what it means, shown when the pointer rests on its header
    centered: frozenset | set = frozenset()  # columns whose text is centred
    default_sort: IntEnum

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list = []
        self._sort_column = self.default_sort
        self._sort_order = Qt.SortOrder.AscendingOrder

    def sort_value(self, row, column: IntEnum) -> object:
        raise NotImplementedError

    def set_rows(self, rows: list, *, in_order: object = None) -> None:
        """Show `rows`, sorted as the list is. `in_order`: the `order()` the rows are already sorted by
        (a subset of rows sorted_rows() returned): when it is still the list's, they are not sorted again."""
        self.beginResetModel()
        self._rows = rows if in_order is not None and in_order == self.order() else self._sorted(rows)
        self.endResetModel()

    def order(self) -> tuple:
        """The column and direction the rows are sorted by."""
        return self._sort_column, self._sort_order

    def sorted_rows(self, rows: list) -> list:
        """`rows` sorted as the list sorts them now (see set_rows' in_order)."""
        return self._sorted(rows)

    def _sorted(self, rows: list) -> list:
        column = self._sort_column
        return sorted(rows, key=lambda r: self.sort_value(r, column),
                      reverse=self._sort_order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column, self._sort_order = self.columns(column), order
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self.row_id(self._rows[i.row()]) for i in persistent]
        self._rows = self._sorted(self._rows)
        position = {self.row_id(row): n for n, row in enumerate(self._rows)}
        self.changePersistentIndexList(
            persistent, [self.index(position[i], old.column()) for i, old in zip(ids, persistent, strict=True)]
        )
        self.layoutChanged.emit()

    def row_id(self, row) -> int:
        """The id a row is selected and kept by (rows whose id is named otherwise override it)."""
        return row.id

    def display(self, row, column: IntEnum) -> str:
        raise NotImplementedError

    def role_data(self, row, column: IntEnum, role: int) -> object:
        """What the row shows for the other roles (colours, fonts, tooltips); None: nothing."""
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], self.columns(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column)
        if role == ID_ROLE:
            return self.row_id(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.centered:
            return int(Qt.AlignmentFlag.AlignCenter)
        return self.role_data(row, column, role)

    def row_at(self, row: int):
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[self.columns(section)]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tips.get(self.columns(section))
        return None
