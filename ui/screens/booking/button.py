"""``book_counselling``: "预约心理咨询 / Book a counsellor", on the result, crisis and
resources screens, shown only when this kiosk's hub serves bookings."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from ui.i18n import Retranslatable
from ui.screens.booking import BOOKING, ResultLink, start_booking
from ui.theme import icon
from ui.widgets.buttons import TouchButton

log = logging.getLogger(__name__)


def bookings_offered(window: Any) -> bool:
    """Whether to offer booking now: the database is open and the hub lists the feature."""
    db = getattr(getattr(window, "runtime", None), "db", None)
    if db is None or not window.has_screen(BOOKING):
        return False
    from kiosk.booking.service import hub_offers_bookings

    try:
        return hub_offers_bookings(db)
    except Exception:  # noqa: BLE001 - a database that cannot answer offers no booking
        log.warning("cannot tell whether the hub serves bookings")
        return False


class BookCounsellingButton(Retranslatable, TouchButton):
    """The way into booking; call :meth:`refresh` when the screen is shown."""

    def __init__(
        self,
        window: Any,
        parent: QWidget | None = None,
        *,
        link: Callable[[], ResultLink | None] = lambda: None,
    ) -> None:
        super().__init__("book_counselling", parent, tone="resources", icon=icon("continue"))
        self._window = window
        self._link = link
        self.clicked.connect(self._book)
        self.hide()
        self.translate_ui()

    def refresh(self) -> None:
        self.setVisible(bookings_offered(self._window))

    def translate_ui(self) -> None:
        self.setText(self.tr("Book a counsellor"))

    def _book(self) -> None:
        start_booking(self._window, self._link())
