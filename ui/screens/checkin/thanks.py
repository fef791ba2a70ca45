"""``screen_checkin_thanks``: "thank you, you are today's visitor No. N".

The number appears when the visit's commit returns (usually the same frame;
until then the line stays blank rather than guess). It goes home by itself
after :attr:`ThanksScreen.stay_ms`, or at once on a tap anywhere (``go_home``
is the visible target). The stray second half of a double tap on "confirm" is
ignored for a moment, so it cannot skip the thanks.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.screens.base import BaseScreen
from ui.screens.checkin.choice import tinted
from ui.screens.checkin.flow import THANKS, CheckinFlow
from ui.screens.checkin.guard import PressGuard
from ui.theme import MIN_GAP_PX, PALETTE, icon
from ui.widgets.buttons import TouchButton

STAY_MS = 6000


class ThanksScreen(BaseScreen):
    """See the module docstring."""

    screen_name = THANKS
    idle_countdown = False  # it leaves by itself, sooner than any idle timeout

    def __init__(self, flow: CheckinFlow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = flow
        self.stay_ms = STAY_MS
        self.mark = QLabel(self)
        self.mark.setObjectName("thanks_mark")
        self.mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.mark.setPixmap(tinted("checkin_done", PALETTE["checkin"], 140))
        self.title = QLabel(self)
        self.title.setObjectName("thanks_title")
        self.title.setProperty("role", "display")
        self.number = QLabel(self)
        self.number.setObjectName("thanks_number")
        self.number.setProperty("role", "visitor_number")
        self.hint = QLabel(self)
        self.hint.setObjectName("thanks_hint")
        self.hint.setProperty("role", "hint")
        for label in (self.title, self.number, self.hint):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
        self.done = TouchButton("go_home", self, tone="checkin", icon=icon("home"), icon_px=44)
        self.done.setProperty("role", "thanks_done")
        self.done.clicked.connect(self.go_home)
        self.guard = PressGuard(self)
        self.guard.watch(self, self.done)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.go_home)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 40, 48, 40)
        layout.setSpacing(MIN_GAP_PX * 3)
        layout.addStretch(1)
        layout.addWidget(self.mark)
        layout.addWidget(self.title)
        layout.addWidget(self.number)
        layout.addStretch(1)
        layout.addWidget(self.done, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.hint)
        flow.recorded.connect(self.show_number)
        self.translate_ui()

    def translate_ui(self) -> None:
        self.title.setText(self.tr("Thank you! You are checked in."))
        self.show_number()
        self.done.setText(self.tr("Done"))
        self.hint.setText(self.tr("This screen goes back to the start by itself."))

    def show_number(self) -> None:
        """Today's visitor number once the visit is committed; a blank line until then."""
        number = self.flow.visitor_number
        if number is None:
            self.number.setText("\u00a0")  # keeps the line's height, so nothing jumps
        else:
            self.number.setText(
                self.tr("You are today's visitor No. %n at this station.", "", number)
            )

    def on_enter(self) -> None:
        self.translate_ui()  # the new visitor number, or the blank while it is written
        self.guard.arm()
        self.timer.start(self.stay_ms)

    def on_leave(self) -> None:
        self.timer.stop()

    def reset(self) -> None:
        self.timer.stop()

    def has_state(self) -> bool:
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        # A tap anywhere is "done" (the guard has already dropped a too-early one).
        event.accept()
        self.go_home()

    def text_size_changed(self, large: bool) -> None:
        px = 100 if large else 140
        self.mark.setPixmap(tinted("checkin_done", PALETTE["checkin"], px))
        self.mark.setMinimumSize(QSize(px, px))
