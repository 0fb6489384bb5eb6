"""Toolbar actions that also work as keyboard shortcuts while focus is inside their tab."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar, QWidget

from ui.icons import icon


def toolbar_action(owner: QWidget, toolbar: QToolBar, text: str, icon_name: str, slot,
                   shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None) -> QAction:
    """An action on `toolbar`, its shortcut active anywhere within `owner`, named in its tooltip."""
    action = QAction(icon(icon_name), text, owner)
    if shortcut is not None:
        sequence = QKeySequence(shortcut)
        action.setShortcut(sequence)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{text}（{sequence.toString(QKeySequence.SequenceFormat.NativeText)}）")
    action.triggered.connect(slot)
    toolbar.addAction(action)
    owner.addAction(action)
    return action
