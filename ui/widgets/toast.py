"""A short message floating over the bottom of the window ("coming soon", errors).

It never takes input: touches pass through to the screen beneath, so a toast
can never block a worker. It hides itself after a few seconds.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget

TOAST_MS = 4500
BOTTOM_MARGIN_PX = 48


class Toast(QLabel):
    """One message at a time; a new one replaces the old and restarts the timer."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("toast")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_message(self, text: str, ms: int = TOAST_MS) -> None:
        """Show ``text`` (already translated) for ``ms`` milliseconds."""
        self.setText(text)
        self.reposition()
        self.show()
        self.raise_()
        self._timer.start(ms)

    def dismiss(self) -> None:
        """Hide now and forget the text."""
        self._timer.stop()
        self.clear()
        self.hide()

    def reposition(self) -> None:
        """Centre along the bottom of the parent, at most 80 % of its width."""
        parent = self.parentWidget()
        if parent is None:
            return
        width = int(parent.width() * 0.8)
        self.setFixedWidth(max(width, 200))
        self.adjustSize()
        x = (parent.width() - self.width()) // 2
        y = parent.height() - self.height() - BOTTOM_MARGIN_PX
        self.move(x, max(y, 0))
