"""Booking a counsellor (issue 17): the sessions by day, then the answer with its code.

Screens: ``screen_booking`` (sessions ``session_<id>``, the tick box
``booking_attach_result`` after an assessment, ``booking_confirm``) and
``screen_booking_answer`` (the code in large type, time and place, a QR code of the
worker's page and ``print_slip``). Reached from ``book_counselling`` on the result,
crisis and resources screens (:class:`ui.screens.booking.button.BookCounsellingButton`),
shown only when the hub lists the ``bookings`` feature. Both are built on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ui.screens.base import BaseScreen
    from ui.window import KioskWindow

BOOKING = "screen_booking"
BOOKING_ANSWER = "screen_booking_answer"


class ResultLink(Protocol):
    """What the result screen offers a booking: its follow-up code, made on demand."""

    def has_result(self) -> bool: ...

    def followup_code(self, ready: Callable[[str | None], None]) -> None: ...


def register(window: KioskWindow) -> None:
    """Register the booking screens lazily with ``window``."""

    def booking(_window: KioskWindow) -> BaseScreen:
        from ui.screens.booking.screen import BookingScreen

        return BookingScreen(window)

    def answer(_window: KioskWindow) -> BaseScreen:
        from ui.screens.booking.answer import BookingAnswerScreen

        return BookingAnswerScreen(window)

    window.register_lazy(BOOKING, booking)
    window.register_lazy(BOOKING_ANSWER, answer)


def start_booking(window: KioskWindow, link: ResultLink | None) -> None:
    """Show the sessions, for a worker coming from ``link``'s result (or none)."""
    window.prepare_screen(BOOKING)
    screen = window.screen(BOOKING)
    if screen is None:
        return
    screen.begin(link)  # type: ignore[attr-defined]
    window.show_screen(BOOKING)
