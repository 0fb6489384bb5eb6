"""The backups of the data file as a table (时间, 类型, 大小, 人数), newest first: the 数据安全 page
and the 从备份恢复 dialog show the same list."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from models.storage.backups import BackupInfo

HEADERS = ("时间", "类型", "大小", "人数")
WIDTHS = (150, 150, 80, 60)


def size_text(size: int) -> str:
    """Bytes as people read them: 356 KB, 12.4 MB, 1.2 GB."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    if size < 1024 ** 3:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{size / 1024 ** 3:.1f} GB"


def kind_text(info: BackupInfo) -> str:
    kind = info.label or "其他"
    return f"{kind}（加密）" if info.encrypted else kind


def people_text(info: BackupInfo) -> str:
    return "—" if info.people is None else str(info.people)


def describe(info: BackupInfo) -> str:
    """One line for a backup: its time, what made it, how many people it holds."""
    people = "人数未知（加密）" if info.people is None else f"在册党员 {info.people} 人"
    return f"{info.made_at:%Y-%m-%d %H:%M:%S}，{kind_text(info)}，{size_text(info.size)}，{people}"


class BackupTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[BackupInfo] = []

    def set_rows(self, rows: list[BackupInfo]) -> None:
        self.beginResetModel()
        self.rows = sorted(rows, key=lambda info: info.made_at, reverse=True)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        info = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (f"{info.made_at:%Y-%m-%d %H:%M}", kind_text(info), size_text(info.size),
                    people_text(info))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(info.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def info_at(self, row: int) -> BackupInfo | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None


def running(job) -> bool:
    """Whether a BackgroundJob is still at work (a finished one deletes itself)."""
    try:
        return job is not None and job.is_running()
    except RuntimeError:  # its Qt object is gone: it finished
        return False


def selected_backup(view) -> BackupInfo | None:
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return view.model().info_at(rows[0].row()) if rows else None
