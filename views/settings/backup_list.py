"""The backups of the data file as a table (时间, 类型, 大小, 人数), newest first: the 数据安全 page
and the 从备份恢复 dialog show the same list."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import Qt

from models.storage.backups import BackupInfo
from ui.table import SortedRowsModel

HEADERS = ("时间", "类型", "大小", "在册党员")
WIDTHS = (150, 150, 80, 60)


def size_text(size: int) -> str:
    """Bytes as people read them: 356 KB, 12.4 MB, 1.2 GB."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    if size < 1024 ** 3:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{size / 1024 ** 3:.1f} GB"


def kind_text(info: BackupInfo) -> str:
    kind = info.label or "其他位置的备份"
    return f"{kind}（加密）" if info.encrypted else kind


def people_text(info: BackupInfo) -> str:
    return "—" if info.people is None else str(info.people)


def describe(info: BackupInfo) -> str:
    """One line for a backup: its time, what made it, how many people it holds."""
    people = "人数未知（加密）" if info.people is None else f"在册党员 {info.people} 人"
    return f"{info.made_at:%Y-%m-%d %H:%M:%S}，{kind_text(info)}，{size_text(info.size)}，{people}"


class BackupColumn(IntEnum):
    TIME = 0
    KIND = 1
    SIZE = 2
    PEOPLE = 3


_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class BackupTableModel(SortedRowsModel):
    """The backups, newest first (sortable by any column)."""

    columns = BackupColumn
    headers = dict(zip(BackupColumn, HEADERS, strict=True))
    default_sort = BackupColumn.TIME

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._sort_order = Qt.SortOrder.DescendingOrder

    @property
    def rows(self) -> list[BackupInfo]:
        return self._rows

    def row_id(self, row: BackupInfo) -> str:
        return str(row.path)

    def sort_value(self, row: BackupInfo, column: IntEnum) -> object:
        return (row.made_at, kind_text(row), row.size, -1 if row.people is None else row.people)[column]

    def display(self, row: BackupInfo, column: IntEnum) -> str:
        return (f"{row.made_at:%Y-%m-%d %H:%M}", kind_text(row), size_text(row.size), people_text(row))[column]

    def role_data(self, row: BackupInfo, column: IntEnum, role: int) -> object:
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(row.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= BackupColumn.SIZE:
            return _RIGHT
        return None

    def info_at(self, row: int) -> BackupInfo | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None


def running(job) -> bool:
    """Whether a BackgroundJob is still at work (a finished one deletes itself)."""
    try:
        return job is not None and job.is_running()
    except RuntimeError:  # its Qt object is gone: it finished
        return False


def selected_backup(view) -> BackupInfo | None:
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return view.model().info_at(rows[0].row()) if rows else None
