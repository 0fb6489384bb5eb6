"""The toolbar's icons: glyphs of qtawesome's Font Awesome font, drawn without importing qtawesome."""

import subprocess
import sys

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from ui import icons


def _ink(icon: QIcon, mode: QIcon.Mode) -> list[int]:
    """The grey level of the icon's opaque pixels."""
    image = icon.pixmap(QSize(24, 24), mode).toImage()
    colours = [image.pixelColor(x, y) for x in range(24) for y in range(24)]
    return [colour.red() for colour in colours if colour.alpha() > 200]


def test_every_named_icon_draws_a_glyph_and_greys_when_disabled(qapp):
    for name in icons._NAMES:
        icon = icons.icon(name)
        normal, disabled = _ink(icon, QIcon.Mode.Normal), _ink(icon, QIcon.Mode.Disabled)
        assert len(normal) > 20 and all(0x3a <= grey <= 0x4e for grey in normal), name  # a glyph in #444
        assert len(disabled) > 20 and min(disabled) > max(normal), name  # greyed out


def test_the_icons_do_not_import_qtawesome():
    code = ("import sys\nfrom PySide6.QtWidgets import QApplication\napp = QApplication([])\n"
            "from ui import icons\nicons.icon('add')\nprint('qtawesome' in sys.modules, 'qtpy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]
