"""Where shipped data lives, from source and inside the frozen (PyInstaller) bundle."""

import sys
from pathlib import Path


def resource_dir() -> Path:
    """The `resources/` folder: beside main.py from source, inside the bundle when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def bundled_font_path() -> Path:
    """The CJK font shipped with the program (WenQuanYi Micro Hei): for PDFs and, where the system
    has no Chinese UI font, for the windows (kept here so the window need not import ReportLab)."""
    return resource_dir() / "fonts" / "wqy-microhei.ttc"
