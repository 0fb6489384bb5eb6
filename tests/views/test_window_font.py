"""The Windows window font, and the bundled font that stands in where Microsoft YaHei UI is missing."""

from PySide6.QtGui import QFontDatabase, QFontInfo

from ui.window_font import WINDOWS_FAMILY, windows_font


def test_without_microsoft_yahei_the_bundled_font_draws_latin_and_chinese(qapp):
    assert WINDOWS_FAMILY not in QFontDatabase.families()  # as on Linux, under Wine, on a stripped Windows
    font = windows_font()
    family = QFontInfo(font).family()
    assert family == "WenQuanYi Micro Hei"
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family)
    assert font.pointSize() == 10
