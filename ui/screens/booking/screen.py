"""``screen_booking``: the station's coming sessions by day, one tap to choose, then book.

Sessions come from the content the hub sent; online, the hub's live free seats are
added (asked off the GUI thread, 3 s at most), offline they are shown without seats.
``booking_attach_result`` ("bring my result to the counsellor") is off by default and
shown only after an assessment; ticked, the result's follow-up code goes with the
booking. ``booking_confirm`` records the booking and asks the hub off the GUI thread,
then shows ``screen_booking_answer``.
"""

from __future__ import annotations

import itertools
import logging
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.booking.sessions import Slot, by_day, upcoming, with_seats
from kiosk.slips.strings import format_day
from ui.i18n import current_language
from ui.jobs import run_job
from ui.screens.assessment.widgets import ChoiceButton, discard, label, scroll_column
from ui.screens.base import BaseScreen
from ui.screens.booking import BOOKING, BOOKING_ANSWER, ResultLink
from ui.theme import MIN_GAP_PX, icon
from ui.widgets.buttons import TouchButton

log = logging.getLogger(__name__)


class BookingScreen(BaseScreen):
    """See the module docstring."""

    screen_name = BOOKING
    idle_timeout_s = 120

    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self._link: ResultLink | None = None
        self._slots: list[Slot] = []
        self._online: bool | None = None  # None: still asking the hub
        self._chosen: str | None = None
        self._busy = False
        self._generation = itertools.count(1)
        self._current = 0
        self._day_labels: list[QLabel] = []
        self._buttons: dict[str, ChoiceButton] = {}

        self.title = label(self, "booking_title", "title")
        self.hint = label(self, "booking_hint", "hint")
        self.seats_note = label(self, "booking_seats_note", "hint")
        self.empty = label(self, "booking_empty", "body")
        self.area, self.list_layout = scroll_column(self, "booking_sessions")
        self.list_layout.setSpacing(MIN_GAP_PX)
        self.list_end = QWidget(self)
        self.list_layout.addWidget(self.list_end)
        self.list_layout.addStretch(1)

        self.attach_result = TouchButton("booking_attach_result", self, tone="secondary")
        self.attach_result.setCheckable(True)
        self.attach_result.setIconSize(QSize(40, 40))
        self.attach_result.toggled.connect(self._attach_toggled)
        self.confirm = TouchButton("booking_confirm", self, tone="checkin", icon=icon("check"))
        self.confirm.setMinimumHeight(88)
        self.confirm.clicked.connect(self.book)
        self.status = label(self, "booking_status_line", "error")
        self.home_button = TouchButton("go_home", self, tone="secondary", icon=icon("home"))
        self.home_button.clicked.connect(self.go_home)

        right = QVBoxLayout()
        right.setSpacing(MIN_GAP_PX * 2)
        right.addWidget(self.hint)
        right.addWidget(self.seats_note)
        right.addStretch(1)
        right.addWidget(self.attach_result)
        right.addWidget(self.status)
        right.addWidget(self.confirm)
        right.addWidget(self.home_button)
        left = QVBoxLayout()
        left.setSpacing(MIN_GAP_PX)
        left.addWidget(self.title)
        left.addWidget(self.empty)
        left.addWidget(self.area, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(48, 28, 48, 28)
        layout.setSpacing(MIN_GAP_PX * 5)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        self._clear()
        self.translate_ui()

    # --- starting ---------------------------------------------------------------------------

    def begin(self, link: ResultLink | None) -> None:
        """A worker wants to book (after an assessment when ``link`` has a result)."""
        self._clear()
        self._current = next(self._generation)
        self._link = link if link is not None and link.has_result() else None
        runtime = self.window.runtime
        station = self.window.config.station.id
        self._slots = upcoming(runtime.db, station) if runtime is not None else []
        self._online = None
        self._show_slots()
        self.attach_result.setVisible(self._link is not None)
        generation, config = self._current, self.window.config
        run_job(
            lambda: _live_seats(config, station),
            lambda ok, value: self._seats_arrived(generation, value if ok else None),
            context=self,
            name="kiosk-booking-seats",
        )

    def _seats_arrived(self, generation: int, free: dict[str, int] | None) -> None:
        if generation != self._current:
            return  # the worker left, or began again
        self._online = free is not None
        self._slots = with_seats(self._slots, free)
        if self._chosen not in {slot.id for slot in self._slots}:
            self._chosen = None
        if [slot.id for slot in self._slots] == list(self._buttons):
            # The same sessions: only their seats change, so a finger already on a
            # button keeps it.
            for slot in self._slots:
                self._buttons[slot.id].set_texts(self._slot_title(slot), self._seats_text(slot))
            self._update_controls()
        else:
            self._show_slots()

    # --- the list ---------------------------------------------------------------------------

    def _show_slots(self) -> None:
        for widget in [*self._day_labels, *self._buttons.values()]:
            discard(widget)
        self._day_labels, self._buttons = [], {}
        lang = current_language()
        index = self.list_layout.indexOf(self.list_end)
        for day, slots in by_day(self._slots):
            heading = label(self, f"booking_day_{day.isoformat()}", "heading", content=True)
            heading.setText(format_day(slots[0].starts_at, lang))
            self.list_layout.insertWidget(index, heading)
            heading.show()  # added to a screen that may be showing already
            index += 1
            self._day_labels.append(heading)
            for slot in slots:
                button = ChoiceButton(f"session_{slot.id}", self, tone="resources")
                button.setCheckable(True)
                button.setChecked(slot.id == self._chosen)
                button.set_texts(self._slot_title(slot), self._seats_text(slot))
                button.clicked.connect(lambda _c=False, ident=slot.id: self.choose(ident))
                self.list_layout.insertWidget(index, button)
                button.show()
                index += 1
                self._buttons[slot.id] = button
        self.empty.setVisible(not self._slots)
        self._update_controls()

    @staticmethod
    def _slot_title(slot: Slot) -> str:
        return f"{slot.starts_at:%H:%M}–{slot.ends_at:%H:%M}"

    def _seats_text(self, slot: Slot) -> str:
        if slot.free is None:
            return ""
        if slot.free == 0:
            return self.tr("Full: you can join the waiting list")
        return self.tr("%n seat(s) free", "", slot.free)

    def choose(self, session_id: str) -> None:
        """One tap chooses a session (and unchooses any other)."""
        if self._busy:
            return
        self._chosen = session_id
        for ident, button in self._buttons.items():
            button.setChecked(ident == session_id)
        self._update_controls()

    def _update_controls(self) -> None:
        self.confirm.setEnabled(self._chosen is not None and not self._busy)
        self.home_button.setEnabled(not self._busy)
        if self._online is None:
            self.seats_note.setText(self.tr("Checking free seats…"))
        elif self._online:
            self.seats_note.setText(self.tr("Free seats are shown as of now."))
        else:
            self.seats_note.setText(
                self.tr(
                    "The station is offline: free seats cannot be shown. You can still book; "
                    "it is confirmed once the station is back online."
                )
            )
        self.seats_note.setVisible(bool(self._slots))

    def _attach_toggled(self, on: bool) -> None:
        self.attach_result.setIcon(icon("check") if on else QIcon())
        self.translate_ui()

    # --- booking ----------------------------------------------------------------------------

    def book(self) -> None:
        """``booking_confirm``: record the booking and ask the hub, off the GUI thread."""
        slot = next((s for s in self._slots if s.id == self._chosen), None)
        if slot is None or self._busy:
            return
        self._busy = True
        self.status.hide()
        self.confirm.setText(self.tr("Booking…"))
        self._update_controls()
        generation = self._current
        if self._link is not None and self.attach_result.isChecked():
            self._link.followup_code(lambda code: self._submit(generation, slot, code))
        else:
            self._submit(generation, slot, None)

    def _submit(self, generation: int, slot: Slot, followup_code: str | None) -> None:
        if generation != self._current:
            return
        config = self.window.config

        def work(runtime: Any) -> None:
            from kiosk.booking.service import book

            run_job(
                lambda: book(runtime.db, config, slot, followup_code),
                lambda ok, value: self._booked(generation, ok, value),
                context=self,
                name="kiosk-booking",
            )

        self.window.when_ready(work)

    def _booked(self, generation: int, ok: bool, value: Any) -> None:
        if generation != self._current:
            return  # wiped meanwhile: the booking is kept and synced, never shown again
        self._busy = False
        self.translate_ui()
        self._update_controls()
        if not ok:
            log.error("booking not recorded: %s", type(value).__name__)
            self.status.setText(
                self.tr("Sorry, the booking could not be saved. Please ask the station attendant.")
            )
            self.status.show()
            return
        answer = self.window.screen(BOOKING_ANSWER)
        if answer is None:
            self.window.prepare_screen(BOOKING_ANSWER)
            answer = self.window.screen(BOOKING_ANSWER)
        answer.show_ticket(value)  # type: ignore[union-attr]
        self.go(BOOKING_ANSWER)

    # --- the screen protocol ------------------------------------------------------------------

    def translate_ui(self) -> None:
        self.title.setText(self.tr("Book a counsellor"))
        self.hint.setText(
            self.tr(
                "Choose a time to talk with the station's counsellor, face to face. "
                "No name or phone number is needed: you get a code."
            )
        )
        self.empty.setText(self.tr("No counselling sessions are planned here in the coming weeks."))
        self.attach_result.setText(
            self.tr("Bring my result to the counsellor: yes")
            if self.attach_result.isChecked()
            else self.tr("Bring my result to the counsellor: no")
        )
        self.confirm.setText(self.tr("Booking…") if self._busy else self.tr("Book this time"))
        self.home_button.setText(self.tr("Cancel"))
        if self._buttons:
            self._show_slots()
        else:
            self._update_controls()

    def _clear(self) -> None:
        self._current = next(self._generation)
        self._link = None
        self._slots = []
        self._chosen = None
        self._busy = False
        self._online = None
        for widget in [*self._day_labels, *self._buttons.values()]:
            discard(widget)
        self._day_labels, self._buttons = [], {}
        self.attach_result.setChecked(False)
        self.attach_result.hide()
        self.status.clear()
        self.status.hide()
        self.empty.hide()

    def reset(self) -> None:
        self._clear()
        self.translate_ui()


def _live_seats(config: Any, station_id: str) -> dict[str, int] | None:
    from kiosk.booking.service import live_seats

    return live_seats(config, station_id)
