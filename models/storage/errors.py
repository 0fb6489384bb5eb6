"""The storage layer's user-facing failures: Chinese messages naming the file and what to do."""

from __future__ import annotations

from pathlib import Path

from models.core.errors import UserError


class StoreError(UserError):
    """The database file cannot be opened, created or upgraded; the message is Chinese."""


class MissingFile(StoreError):
    """The data file named is not there (a mistyped --db, a USB drive not plugged in)."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"找不到数据文件：{path}\n请检查文件名和所在的文件夹（U盘是否已插好）。")
        self.path = path


class NotADataFile(StoreError):
    """The file exists but is no 支部管家 database: empty, another program's, or overwritten."""

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(
            f"“{path.name}”不是支部管家的数据文件（{why}），没有打开它，也没有改动它。\n"
            f"文件位置：{path}\n请检查是否选错了文件；如果这是数据文件，请用备份恢复。"
        )
        self.path = path


class NewerVersion(StoreError):
    """The file was written by a newer release whose schema this one does not know."""

    def __init__(self, path: Path, revision: str) -> None:
        super().__init__(
            f"这个数据文件由更新版本的支部管家创建（数据格式 {revision}），这个版本无法打开它。\n"
            f"文件位置：{path}\n请安装新版本的支部管家后再打开。文件没有被改动。"
        )
        self.path, self.revision = path, revision
