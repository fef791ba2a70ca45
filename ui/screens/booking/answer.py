"""``screen_booking_answer``: the booking's code in large type, its time and place, a QR
code of the worker's page, and ``print_slip`` for a slip with the same.

Honest about what is known: "confirmed, number 2" or "waiting list, place 1" only when
the hub said so; a booking made offline reads "waiting for confirmation — scan the code
later", never confirmed. Nothing names the worker. ``reset()`` (idle wipe, home) clears
the code from every widget.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.booking.codes import grouped
from kiosk.booking.service import Ticket, worker_url
from kiosk.slips.request import BookingSummary, SlipRequest
from kiosk.slips.strings import format_span
from ui.i18n import current_language
from ui.screens.assessment.widgets import label
from ui.screens.base import BaseScreen
from ui.screens.booking import BOOKING, BOOKING_ANSWER
from ui.theme import MIN_GAP_PX, icon
from ui.widgets.buttons import TouchButton
from ui.widgets.print_slip import PrintSlipPanel
from ui.widgets.qr import QrLabel

QR_PX = 220


class BookingAnswerScreen(BaseScreen):
    """See the module docstring."""

    screen_name = BOOKING_ANSWER
    idle_timeout_s = 120  # a code to note down or scan

    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.ticket: Ticket | None = None

        self.status = label(self, "booking_status", "title")
        self.code_caption = label(self, "booking_code_caption", "hint")
        self.code = label(self, "booking_code", "code", content=True)
        self.code.setWordWrap(False)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.when = label(self, "booking_when", "body", content=True)
        self.place = label(self, "booking_place", "body", content=True)
        self.note = label(self, "booking_note", "hint")
        self.qr = QrLabel("", QR_PX, self)
        self.qr.setObjectName("booking_qr")
        self.again = TouchButton("booking_again", self, tone="resources")
        self.again.clicked.connect(lambda _c=False: self.go(BOOKING))
        self.print_panel = PrintSlipPanel(
            window, self._slip_request, lambda: [], self, button_text=self._print_text
        )
        self.home_button = TouchButton("go_home", self, tone="secondary", icon=icon("home"))
        self.home_button.clicked.connect(self.go_home)

        self.code_panel = QFrame(self)
        self.code_panel.setObjectName("booking_code_panel")
        words = QVBoxLayout()
        words.setSpacing(MIN_GAP_PX)
        words.addWidget(self.code_caption)
        words.addWidget(self.code)
        words.addWidget(self.when)
        words.addWidget(self.place)
        words.addWidget(self.note)
        words.addStretch(1)
        panel = QHBoxLayout(self.code_panel)
        panel.setSpacing(MIN_GAP_PX * 3)
        panel.addLayout(words, 1)
        panel.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)

        left = QVBoxLayout()
        left.setSpacing(MIN_GAP_PX * 2)
        left.addWidget(self.status)
        left.addWidget(self.code_panel)
        left.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(MIN_GAP_PX * 2)
        right.addStretch(1)
        right.addWidget(self.again)
        right.addWidget(self.print_panel)
        right.addWidget(self.home_button)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(48, 28, 48, 28)
        layout.setSpacing(MIN_GAP_PX * 5)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        self._clear()
        self.translate_ui()

    def show_ticket(self, ticket: Ticket) -> None:
        """Show the booking just made (called before the screen is shown)."""
        self.ticket = ticket
        self.print_panel.reset()
        self.translate_ui()

    # --- words --------------------------------------------------------------------------------

    def _status_text(self, ticket: Ticket) -> str:
        if ticket.status == "confirmed":
            return self.tr("Booked and confirmed: you are number {number}").format(
                number=ticket.number
            )
        if ticket.status == "waitlisted":
            return self.tr(
                "The session is full: you are on the waiting list, place {number}. "
                "If someone cancels, you move up."
            ).format(number=ticket.number)
        if ticket.status == "refused":
            if ticket.reason == "session_past":
                return self.tr("Not booked: this session has already begun. Choose another time.")
            if ticket.reason == "session_cancelled":
                return self.tr("Not booked: this session was cancelled. Choose another time.")
            return self.tr("Not booked: this session is no longer offered. Choose another time.")
        return self.tr("Waiting for confirmation — scan the code later to see if it is confirmed.")

    def _print_text(self) -> str:
        return self.tr("Print my booking")

    def translate_ui(self) -> None:
        self.code_caption.setText(self.tr("Your booking code"))
        self.again.setText(self.tr("Choose another time"))
        self.home_button.setText(self.tr("Finish"))
        ticket = self.ticket
        if ticket is None:
            return
        lang = current_language()
        self.status.setText(self._status_text(ticket))
        usable = ticket.status != "refused"
        self.code_panel.setVisible(usable)
        self.print_panel.setVisible(usable)
        self.again.setVisible(not usable)
        if usable:
            self.code.setText(grouped(ticket.code))
            self.when.setText(format_span(ticket.slot.starts_at, ticket.slot.ends_at, lang))
            self.place.setText(self.window.config.station.name)
            self.qr.set_data(worker_url(self.window.config, ticket.code))
            self.note.setText(
                self.tr(
                    "Scan the code with your phone to see your booking or cancel it. "
                    "Bring the code or the slip; no name is needed."
                )
            )

    # --- the slip -------------------------------------------------------------------------------

    def _slip_request(self) -> SlipRequest:
        ticket = self.ticket
        if ticket is None:
            raise RuntimeError("no booking to print")
        config = self.window.config
        lang = current_language()
        decided = ticket.status in ("confirmed", "waitlisted")
        summary = BookingSummary(
            code=ticket.code,
            status=ticket.status if decided else "pending",
            number=ticket.number if decided else None,
            starts_at=ticket.slot.starts_at,
            ends_at=ticket.slot.ends_at,
            place=config.station.name,
            url=worker_url(config, ticket.code),
        )
        return SlipRequest(
            station_name=config.station.name,
            when=datetime.now(),
            language=lang,
            paper=config.printer.paper,
            booking=summary,
        )

    # --- the screen protocol ------------------------------------------------------------------

    def _clear(self) -> None:
        self.ticket = None
        for widget in (self.status, self.code, self.when, self.place, self.note):
            widget.clear()
        self.qr.set_data("")
        self.code_panel.hide()
        self.again.hide()
        self.print_panel.reset()

    def has_state(self) -> bool:
        return self.ticket is not None or self.print_panel.has_state()

    def reset(self) -> None:
        self._clear()
