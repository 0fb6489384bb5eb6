"""Every window and dialog fits a 1366×768 laptop at Windows' default 125% scaling.

That screen is 1093×614 logical pixels and the taskbar takes some: each window must fit 1093×560
with its frame. QT_SCALE_FACTOR has to be set before the QApplication exists, and the rest of the
suite runs at scale 1, so tests/views/window_sizes.py opens everything in a subprocess (offscreen,
screen 1366×768, scale 1.25, 10 pt font as on Windows) and prints the sizes.

The offscreen platform draws no title bar (its frame is 2 px), so the frame is added here: a title
bar of about 32 logical pixels and borders of up to 8 on each side, as Windows 10/11 at 125%.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ui.sizing import FRAME_HEIGHT, FRAME_WIDTH, SMALL_SCREEN_HEIGHT, SMALL_SCREEN_WIDTH

SCRIPT = Path(__file__).with_name("window_sizes.py")
EXPECTED = {
    "main_window_党员", "main_window_报表", "main_window_设置", "main_window_audit", "main_window_normal",
    "member_dialog_new", "member_dialog_missing", "member_dialog_errors", "member_dialog_warning", "member_dialog_edit",
    "discard_question", "archive_dialog", "restore_dialog", "import_dialog", "import_dialog_mapping",
    "setup_dialog", "setup_dialog_errors", "setup_demo_question", "delete_group_question", "progress_dialog",
    "main_window_民情台账", "grievance_register_dialog", "grievance_register_errors",
}

# Dialogs that other parts of the program add; measured (and held to the same size) when present.
OPTIONAL = {"sheet_dialog", "print_progress", "database_damage_box"}


@pytest.fixture(scope="module")
def measured() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_SCALE_FACTOR", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, encoding="utf-8",
                          env=env, timeout=300, cwd=SCRIPT.parents[2])
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_screen_is_the_laptop_at_125_percent(measured):
    assert measured["screen"] == [1093, 614]
    assert EXPECTED <= set(measured["windows"]) <= EXPECTED | OPTIONAL


@pytest.mark.parametrize("name", sorted(EXPECTED | OPTIONAL))
def test_each_window_fits_with_its_frame(measured, name):
    if name not in measured["windows"]:
        pytest.skip(f"{name} is not in this version of the program")
    size = measured["windows"][name]
    if size["maximized"]:
        # Windows fits a maximised window to the work area; what matters is that it can be that small.
        sizes = [(size["min_width"], size["min_height"], "最小")]
    else:
        sizes = [(size["width"], size["height"], "默认"), (size["min_width"], size["min_height"], "最小")]
    for width, height, which in sizes:
        framed = (width + FRAME_WIDTH, height + FRAME_HEIGHT)
        assert framed[0] <= SMALL_SCREEN_WIDTH and framed[1] <= SMALL_SCREEN_HEIGHT, \
            f"{name} {which} {width}×{height}, with its frame {framed[0]}×{framed[1]}: larger than 1093×560"


def test_the_main_window_opens_maximised_on_the_small_screen(measured):
    assert measured["windows"]["main_window_党员"]["maximized"]
    assert not measured["windows"]["main_window_normal"]["maximized"]
