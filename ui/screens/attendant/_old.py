"""Attendant entry: the PIN pad (``screen_attendant_pin``) and a minimal ``screen_attendant``.

The dashboard itself comes with the attendant issue; until then
``screen_attendant`` offers only "exit to desktop" and "back", plus any alert
the runtime raised (a quarantined database). Both screens leave by themselves
after 2 minutes without a touch, with no countdown, and the PIN pad forgets
every digit whenever it is left.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.screens.base import BaseScreen
from ui.theme import MIN_GAP_PX, icon
from ui.widgets.buttons import TouchButton
from ui.widgets.keypad import Keypad

log = logging.getLogger(__name__)

ATTENDANT = "screen_attendant"
ATTENDANT_PIN = "screen_attendant_pin"
ATTENDANT_IDLE_S = 120


class PinScreen(BaseScreen):
    """A masked keypad; the right PIN opens ``screen_attendant``.

    Signals:
        accepted(): the PIN matched the configured hash.
        rejected(): a wrong PIN was entered.
    """

    screen_name = ATTENDANT_PIN
    idle_timeout_s = ATTENDANT_IDLE_S
    idle_countdown = False
    accepted = Signal()
    rejected = Signal()

    def __init__(self, pin_hash: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pin_hash = pin_hash
        self._wrong = False
        self.title = QLabel(self)
        self.title.setObjectName("pin_title")
        self.title.setProperty("role", "title")
        self.message = QLabel(self)
        self.message.setObjectName("pin_message")
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        self.keypad = Keypad(self, name="pin_keypad", masked=True, max_length=12)
        self.ok_button = TouchButton("pin_ok", self, tone="checkin")
        self.ok_button.clicked.connect(self.submit)
        self.back_button = TouchButton("pin_back", self, tone="secondary", icon=icon("back"))
        self.back_button.clicked.connect(self.go_home)
        for widget in (self.title, self.message):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)

        buttons = QHBoxLayout()
        buttons.setSpacing(MIN_GAP_PX * 3)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.ok_button)
        column = QVBoxLayout()
        column.setSpacing(MIN_GAP_PX * 2)
        column.addWidget(self.title)
        column.addWidget(self.message)
        column.addWidget(self.keypad)
        column.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(column, 2)
        layout.addStretch(1)
        self.translate_ui()

    def translate_ui(self) -> None:
        self.title.setText(self.tr("Attendant PIN"))
        self.ok_button.setText(self.tr("OK"))
        self.back_button.setText(self.tr("Back"))
        self.message.setText(self.tr("Wrong PIN. Please try again.") if self._wrong else "")

    def submit(self) -> None:
        """Check the typed PIN; open the attendant screen or say it was wrong."""
        from kiosk.attendant.pin import verify_pin  # hashlib/OpenSSL: not before home paints

        pin = self.keypad.value()
        self.keypad.clear()
        if pin and verify_pin(pin, self._pin_hash):
            self._wrong = False
            self.translate_ui()
            log.info("attendant PIN accepted")
            self.accepted.emit()
            self.go(ATTENDANT)
            return
        log.warning("attendant PIN refused")
        self._wrong = True
        self.translate_ui()
        self.rejected.emit()

    def has_state(self) -> bool:
        return True

    def reset(self) -> None:
        self.keypad.clear()
        self._wrong = False
        self.message.clear()

    def on_leave(self) -> None:
        self.reset()


class AttendantScreen(BaseScreen):
    """Minimal attendant mode: alerts, "exit to desktop" and "back".

    Signals:
        exit_requested(): the attendant chose to leave the kiosk for the desktop.
    """

    screen_name = ATTENDANT
    idle_timeout_s = ATTENDANT_IDLE_S
    idle_countdown = False
    exit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._alerts: list[str] = []
        self.title = QLabel(self)
        self.title.setObjectName("attendant_title")
        self.title.setProperty("role", "title")
        self.panel = QFrame(self)
        self.panel.setObjectName("panel")
        self.alerts_label = QLabel(self.panel)
        self.alerts_label.setObjectName("attendant_alerts")
        self.alerts_label.setWordWrap(True)
        self.alerts_label.setProperty("i18n_exempt", True)
        panel_layout = QVBoxLayout(self.panel)
        panel_layout.setContentsMargins(24, 24, 24, 24)
        panel_layout.addWidget(self.alerts_label)
        self.exit_button = TouchButton("attendant_exit", self, tone="assessment", icon=icon("exit"))
        self.exit_button.clicked.connect(self.exit_requested)
        self.back_button = TouchButton("attendant_back", self, tone="secondary", icon=icon("back"))
        self.back_button.clicked.connect(self.go_home)

        buttons = QHBoxLayout()
        buttons.setSpacing(MIN_GAP_PX * 3)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.exit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 36, 48, 36)
        layout.setSpacing(MIN_GAP_PX * 3)
        layout.addWidget(self.title)
        layout.addWidget(self.panel, 1)
        layout.addLayout(buttons)
        self.translate_ui()

    def translate_ui(self) -> None:
        self.title.setText(self.tr("Attendant mode"))
        self.exit_button.setText(self.tr("Exit to desktop"))
        self.back_button.setText(self.tr("Back"))
        self._show_alerts()

    def set_alerts(self, alerts: list[str]) -> None:
        """Show the runtime's alerts (they are already in the attendant's words)."""
        self._alerts = list(alerts)
        self._show_alerts()

    def _show_alerts(self) -> None:
        if self._alerts:
            self.alerts_label.setText("\n".join(self._alerts))
        else:
            self.alerts_label.setText(self.tr("No alerts. The terminal is working normally."))

    def has_state(self) -> bool:
        return True  # attendant mode must never stay open on an unattended kiosk
