"""Where shipped data lives, from source and inside the frozen (PyInstaller) bundle."""

import sys
from pathlib import Path


def resource_dir() -> Path:
    """The `resources/` folder: beside main.py from source, inside the bundle when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"
