"""One application-level "data changed" signal; tabs refresh themselves from it (STYLE.md #6)."""

from PySide6.QtCore import QObject, Signal

PEOPLE = "people"
GROUPS = "groups"
BRANCH = "branch"


class DataBus(QObject):
    changed = Signal(str)  # one of PEOPLE, GROUPS, BRANCH
