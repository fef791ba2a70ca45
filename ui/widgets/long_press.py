"""A widget that reports a long press: the attendant's hidden way in.

Workers tapping the station name see nothing happen; holding it for
``hold_ms`` (3 s) emits ``long_pressed``. :meth:`let_presses_through` makes the
child widgets transparent to mouse events so the whole area counts.

Signals:
    long_pressed(): the press was held for ``hold_ms`` without being released.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget

HOLD_MS = 3000


class LongPressArea(QWidget):
    """See the module docstring."""

    long_pressed = Signal()

    def __init__(self, parent: QWidget | None = None, hold_ms: int = HOLD_MS) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, False)
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

    def let_presses_through(self) -> None:
        """Make every child (labels, logo) transparent to the mouse: the whole area counts.

        Call it once the children are in place.
        """
        for child in self.findChildren(QWidget):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._timer.start()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._timer.stop()
        event.accept()

    def cancel(self) -> None:
        """Forget a press in progress (the screen is changing)."""
        self._timer.stop()
