"""Toolbar icons from qtawesome's bundled fonts (works offline)."""

import qtawesome
from PySide6.QtGui import QIcon

_NAMES = {
    "add": "fa5s.user-plus",
    "edit": "fa5s.user-edit",
    "archive": "fa5s.archive",
    "restore": "fa5s.undo",
    "refresh": "fa5s.sync-alt",
    "print": "fa5s.print",
    "members": "fa5s.users",
    "settings": "fa5s.cog",
    "up": "fa5s.arrow-up",
    "down": "fa5s.arrow-down",
    "delete": "fa5s.trash-alt",
    "calendar": "fa5s.calendar-alt",
    "grievances": "fa5s.comments",
    "save": "fa5s.file-pdf",
    "fit_width": "fa5s.arrows-alt-h",
    "fit_page": "fa5s.expand",
    "reports": "fa5s.file-alt",
    "preview": "fa5s.eye",
    "cancel": "fa5s.times",
    "card": "fa5s.id-card",
    "import": "fa5s.file-import",
    "export": "fa5s.file-export",
    "template": "fa5s.file-excel",
    "zoom_in": "fa5s.search-plus",
    "zoom_out": "fa5s.search-minus",
    "development": "fa5s.seedling",
    "score": "fa5s.star",
}


def icon(name: str) -> QIcon:
    return qtawesome.icon(_NAMES[name], color="#444")
