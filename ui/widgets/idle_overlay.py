"""The idle countdown overlay (``idle_countdown``) with its big ``idle_continue`` button.

It covers the whole window with a dimmed backdrop so nothing underneath can be
touched by accident, says why the kiosk is about to start over (privacy), and
counts the seconds down. Any touch on it — the button or anywhere — means "I'm
still here" (the idle watcher cancels the countdown on the press).

Signals:
    continue_requested(): the worker tapped ``idle_continue``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from ui.i18n import Retranslatable
from ui.theme import icon
from ui.widgets.buttons import TouchButton

BACKDROP = QColor(30, 35, 41, 200)


class IdleOverlay(Retranslatable, QWidget):
    """See the module docstring."""

    continue_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("idle_countdown")
        self._seconds = 0

        self.panel = QFrame(self)
        self.panel.setObjectName("idle_panel")
        self.title = QLabel(self.panel)
        self.title.setObjectName("idle_title")
        self.title.setProperty("role", "title")
        self.seconds_label = QLabel(self.panel)
        self.seconds_label.setObjectName("idle_seconds")
        self.message = QLabel(self.panel)
        self.message.setObjectName("idle_message")
        self.message.setWordWrap(True)
        self.continue_button = TouchButton(
            "idle_continue", self.panel, tone="checkin", icon=icon("continue"), icon_px=56
        )
        self.continue_button.clicked.connect(self.continue_requested)
        for label in (self.title, self.seconds_label, self.message):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        inner = QVBoxLayout(self.panel)
        inner.setContentsMargins(48, 40, 48, 40)
        inner.setSpacing(24)
        inner.addWidget(self.title)
        inner.addWidget(self.seconds_label)
        inner.addWidget(self.message)
        inner.addWidget(self.continue_button, 0, Qt.AlignmentFlag.AlignHCenter)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(self.panel, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        self.panel.setMinimumWidth(640)
        self.hide()
        self.translate_ui()

    def translate_ui(self) -> None:
        self.title.setText(self.tr("Are you still there?"))
        self.message.setText(
            self.tr(
                "To protect your privacy, the kiosk will clear this screen "
                "and go back to the start."
            )
        )
        self.continue_button.setText(self.tr("I'm still here"))
        self._show_seconds()

    def start(self, seconds: int) -> None:
        """Appear over everything and show ``seconds`` left."""
        self.set_seconds(seconds)
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()

    def set_seconds(self, seconds: int) -> None:
        self._seconds = seconds
        self._show_seconds()

    def _show_seconds(self) -> None:
        self.seconds_label.setText(self.tr("%n second(s)", "", self._seconds))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKDROP)
        painter.end()
