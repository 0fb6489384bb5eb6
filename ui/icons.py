"""Toolbar icons from qtawesome's bundled Font Awesome 5 solid font (works offline).

Only that one font is loaded (qtawesome.icon() would load all twelve of its icon fonts at the first
icon), and only that one goes into the bundle (installer.spec: ICON_FONT_FILES)."""

from functools import cache

import qtawesome
from PySide6.QtGui import QIcon
from qtawesome.iconic_font import IconicFont

PREFIX = "fa5s"

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


def font_files() -> tuple[str, str]:
    """(font file, charmap file) of the icon font, as qtawesome names them."""
    return next((ttf, charmap) for prefix, ttf, charmap in qtawesome._BUNDLED_FONTS if prefix == PREFIX)


@cache
def _font() -> IconicFont:
    return IconicFont((PREFIX, *font_files()))


def icon(name: str) -> QIcon:
    return _font().icon(_NAMES[name], color="#444")
