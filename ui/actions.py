"""Toolbar actions that also work as keyboard shortcuts, anywhere in the window while their tab shows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar, QWidget

from ui.icons import icon


def toolbar_action(owner: QWidget, toolbar: QToolBar, text: str, icon_name: str, slot,
                   shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None) -> QAction:
    """An action on `toolbar`, named with its shortcut in its tooltip.

    The shortcut works anywhere in the window while `owner` is shown, wherever the focus is (a
    shortcut that needed focus inside the tab did nothing until something was clicked). Qt only
    matches actions of visible widgets, so the same key (Ctrl+P) on two tabs reaches the tab shown.
    """
    action = QAction(icon(icon_name), text, owner)
    if shortcut is not None:
        sequence = QKeySequence(shortcut)
        action.setShortcut(sequence)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(f"{text}（{sequence.toString(QKeySequence.SequenceFormat.NativeText)}）")
    action.triggered.connect(slot)
    toolbar.addAction(action)
    owner.addAction(action)
    return action
