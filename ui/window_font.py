"""The font of every window on Windows: Microsoft YaHei UI, which every Windows 10 and 11 has.

A stripped-down Windows without it (such copies circulate) — or Wine, where we check the Windows
build — would draw Latin letters in one font and Chinese in whatever font Qt falls back to, digits
inside Chinese text in a third. There the bundled WenQuanYi Micro Hei (the reports' fallback font,
resources/fonts) is registered and used for everything instead."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

from models.core.paths import bundled_font_path

WINDOWS_FAMILY = "Microsoft YaHei UI"
POINT_SIZE = 10


def windows_font() -> QFont:
    """Needs a QGuiApplication."""
    if WINDOWS_FAMILY in QFontDatabase.families():
        return QFont(WINDOWS_FAMILY, POINT_SIZE)
    font_id = QFontDatabase.addApplicationFont(str(bundled_font_path()))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return QFont(families[0] if families else WINDOWS_FAMILY, POINT_SIZE)
