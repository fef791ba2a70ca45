"""A widget that reports a long press: the attendant's hidden way in.

Workers tapping the station name see nothing happen; holding it for
``hold_ms`` (3 s) emits ``long_pressed``. The whole area counts: its children
are labels (the logo, the name), and a label ignores a press, so the press
reaches the area.

Signals:
    long_pressed(): the press was held for ``hold_ms`` without being released.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget

HOLD_MS = 3000


class LongPressArea(QWidget):
    """See the module docstring."""

    long_pressed = Signal()

    def __init__(self, parent: QWidget | None = None, hold_ms: int = HOLD_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(hold_ms)
        self._timer.timeout.connect(self.long_pressed)

    @property
    def hold_ms(self) -> int:
        return self._timer.interval()

    @hold_ms.setter
    def hold_ms(self, value: int) -> None:
        self._timer.setInterval(value)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        from PySide6.QtCore import Qt  # not at import: see ui.qt_names

        if event.button() == Qt.MouseButton.LeftButton:
            self._timer.start()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._timer.stop()
        event.accept()

    def cancel(self) -> None:
        """Forget a press in progress (the screen is changing)."""
        self._timer.stop()
