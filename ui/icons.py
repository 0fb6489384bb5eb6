"""Toolbar icons: glyphs of the Font Awesome 5 solid font that the qtawesome package ships (offline).

The font and its charmap are read from qtawesome's package folder, and the glyphs drawn as qtawesome
draws them (a glyph 7/8 of the icon's height, centred, in the text colour; greyed when disabled),
without importing qtawesome: its import goes through qtpy, whose star imports build every Qt enum —
0.2 s of each start of the window on an office PC. Only this one font is loaded, and only it goes
into the bundle (installer.spec: ICON_FONT_FILES)."""

from __future__ import annotations

import importlib.util
import json
import sys
from functools import cache
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap

FONT_FILE = "fontawesome5-solid-webfont-5.15.4.ttf"
CHARMAP_FILE = "fontawesome5-solid-webfont-charmap-5.15.4.json"
COLOUR = "#444"

_NAMES = {
    "add": "user-plus",
    "edit": "user-edit",
    "archive": "archive",
    "restore": "undo",
    "refresh": "sync-alt",
    "print": "print",
    "members": "users",
    "settings": "cog",
    "up": "arrow-up",
    "down": "arrow-down",
    "delete": "trash-alt",
    "calendar": "calendar-alt",
    "grievances": "comments",
    "save": "file-pdf",
    "fit_width": "arrows-alt-h",
    "fit_page": "expand",
    "reports": "file-alt",
    "preview": "eye",
    "cancel": "times",
    "card": "id-card",
    "import": "file-import",
    "export": "file-export",
    "template": "file-excel",
    "zoom_in": "search-plus",
    "zoom_out": "search-minus",
    "development": "seedling",
    "score": "star",
}


def font_files() -> tuple[str, str]:
    """(font file, charmap file) of the icon font in qtawesome's fonts folder."""
    return FONT_FILE, CHARMAP_FILE


def fonts_folder() -> Path:
    """qtawesome's fonts folder: in the built program where installer.spec puts it, else in the
    installed package (found without importing it)."""
    if getattr(sys, "frozen", False):
        return Path(sys._MEIPASS) / "qtawesome" / "fonts"
    return Path(importlib.util.find_spec("qtawesome").origin).parent / "fonts"


@cache
def _font() -> tuple[str, dict[str, str]]:
    """(font family, name → character), the font added to the application once."""
    folder = fonts_folder()
    font_id = QFontDatabase.addApplicationFont(str(folder / FONT_FILE))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    charmap = json.loads((folder / CHARMAP_FILE).read_text(encoding="utf-8"))
    return (families[0] if families else ""), {name: chr(int(code, 16)) for name, code in charmap.items()}


class _GlyphEngine(QIconEngine):
    def __init__(self, family: str, char: str) -> None:
        super().__init__()
        self.family, self.char = family, char

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        painter.save()
        if mode == QIcon.Mode.Disabled:
            painter.setPen(QGuiApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        else:
            painter.setPen(QColor(COLOUR))
        font = QFont(self.family)
        font.setPixelSize(max(1, round(0.875 * rect.height())))  # 16 px → 14: pixel perfect for Font Awesome
        painter.setFont(font)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), self.char)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return _GlyphEngine(self.family, self.char)


def icon(name: str) -> QIcon:
    family, chars = _font()
    return QIcon(_GlyphEngine(family, chars[_NAMES[name]]))
