"""Window sizes that fit the smallest screen the program meets: a 1366×768 laptop at Windows'
default 125% scaling, i.e. 1093×614 logical pixels, of which the taskbar takes some.

Every window and dialog must fit 1093×560 with its frame (tests/views/test_dialog_sizes.py). The
size a window asks for is a wish: fit_to_screen() shrinks it further on a smaller screen.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

SMALL_SCREEN_WIDTH, SMALL_SCREEN_HEIGHT = 1093, 560  # frame included
# What Windows 10/11 adds around the client area at 125%: a title bar of about 32 logical pixels
# and borders of up to 8 on each side.
FRAME_WIDTH, FRAME_HEIGHT = 16, 40
LARGEST_CLIENT_WIDTH = SMALL_SCREEN_WIDTH - FRAME_WIDTH
LARGEST_CLIENT_HEIGHT = SMALL_SCREEN_HEIGHT - FRAME_HEIGHT
# Below this available height (logical pixels) a screen counts as small: its windows keep to the
# 1093×560 budget even where the screen reports no taskbar (some set-ups hide or misreport it).
ROOMY_HEIGHT = 700


def available_client_size(widget: QWidget) -> tuple[int, int]:
    """The largest client area a window of `widget` can have on its screen, frame taken off."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return LARGEST_CLIENT_WIDTH, LARGEST_CLIENT_HEIGHT
    area = screen.availableGeometry()
    width, height = area.width() - FRAME_WIDTH, area.height() - FRAME_HEIGHT
    if area.height() < ROOMY_HEIGHT:
        width, height = min(width, LARGEST_CLIENT_WIDTH), min(height, LARGEST_CLIENT_HEIGHT)
    return width, height


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize `window` to width×height, or smaller where its screen is smaller than that."""
    room_width, room_height = available_client_size(window)
    window.resize(min(width, room_width), min(height, room_height))
