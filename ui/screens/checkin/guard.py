"""Ignore the stray second half of a double tap on the screen that just appeared.

A gloved double tap on "confirm" changes the screen with its first half; the
second half would then land on whatever now sits under the finger (a keypad
key, "skip", "done"). :class:`PressGuard` swallows presses on the widgets it
watches for a moment after :meth:`arm`.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

SETTLE_MS = 450

_PRESSES = frozenset(
    {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.TouchBegin}
)


class PressGuard(QObject):
    """Event filter: presses within ``ms`` of :meth:`arm` are dropped."""

    def __init__(self, parent: QObject, ms: int = SETTLE_MS) -> None:
        super().__init__(parent)
        self.ms = ms
        self._until = 0.0

    def watch(self, *widgets: QWidget) -> None:
        for widget in widgets:
            widget.installEventFilter(self)

    def arm(self) -> None:
        self._until = time.monotonic() + self.ms / 1000

    def disarm(self) -> None:
        self._until = 0.0

    def settling(self) -> bool:
        return time.monotonic() < self._until

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in _PRESSES and self.settling():
            event.accept()
            return True
        return False
