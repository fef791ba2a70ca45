"""``screen_crisis``: calm words, who to call, and the station staff, before anything else.

Shown right after an answer that raises a crisis flag (PHQ-9 item 9 answered
1, 2 or 3), whatever the total. Its words are the built-in
:func:`kiosk.assessment.crisis_text` — compiled in, reviewed with a
counsellor — so the screen has something to say even if content, database and
network all failed. The station's own counselling contact (resource
``counselling_station``) is added when content has it; otherwise the built-in
"tell the station attendant" line stands in. ``call_staff`` records a
``staff_call`` (see :class:`StaffCaller`) and tells the worker at once that
staff are coming, whether or not the write has succeeded yet.

Nothing on this screen may raise: every content lookup falls back.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.assessment import crisis_text
from ui.i18n import current_language
from ui.screens.assessment import CRISIS, ITEM, RESULT
from ui.screens.assessment.flow import AssessmentFlow, Outcome
from ui.screens.assessment.widgets import label, scroll_column
from ui.screens.base import BaseScreen
from ui.screens.booking.button import BookCounsellingButton
from ui.theme import MIN_GAP_PX, icon
from ui.widgets.buttons import TouchButton

log = logging.getLogger(__name__)

COUNSELLING_RESOURCE = "counselling_station"


class AssessmentCrisisScreen(BaseScreen):
    """See the module docstring."""

    screen_name = CRISIS
    idle_timeout_s = 180  # time to read, to breathe, to make a phone call

    def __init__(self, flow: AssessmentFlow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = flow
        self.called = False

        # --- left: calm words, the emergency line, the station's own contact -------------
        self.left_area, left = scroll_column(self, "crisis_words")
        self.title = label(self, "crisis_title", "title", content=True)
        self.calm = [label(self, f"crisis_calm_{i}", "body", content=True) for i in range(3)]
        self.emergency = label(self, "crisis_emergency", "emphasis", content=True)
        self.station = label(self, "crisis_station", "station", content=True)
        left.setSpacing(MIN_GAP_PX * 2)
        left.addWidget(self.title)
        for paragraph in self.calm:
            left.addWidget(paragraph)
        left.addWidget(self.emergency)
        left.addWidget(self.station)
        left.addStretch(1)

        # --- right: the numbers, the staff, and the way on ---------------------------------
        self.hotline_panel = QFrame(self)
        self.hotline_panel.setObjectName("crisis_hotline_panel")
        self.hotline_label = label(self.hotline_panel, "crisis_hotline_label", "body", content=True)
        self.hotline = label(self.hotline_panel, "crisis_hotline", "number", content=True)
        self.hotline.setWordWrap(False)
        self.emergency_numbers = label(
            self.hotline_panel, "crisis_emergency_numbers", "subnumber", content=True
        )
        hotline = QVBoxLayout(self.hotline_panel)
        hotline.setContentsMargins(20, 10, 20, 12)
        hotline.setSpacing(0)
        hotline.addWidget(self.hotline_label)
        hotline.addWidget(self.hotline)
        hotline.addWidget(self.emergency_numbers)

        self.call_button = TouchButton(
            "call_staff", self, tone="assessment", icon=icon("staff_call"), icon_px=48
        )
        self.call_button.setMinimumHeight(96)
        self.call_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.call_button.clicked.connect(self.call_staff)
        self.call_status = label(self, "call_staff_status", "confirm")
        self.continue_button = TouchButton(
            "crisis_continue", self, tone="checkin", icon=icon("continue")
        )
        self.continue_button.clicked.connect(self.continue_questions)
        self.stop_button = TouchButton("crisis_stop", self, tone="secondary", icon=icon("home"))
        self.stop_button.clicked.connect(self.stop)
        for button in (self.continue_button, self.stop_button):
            button.setProperty("i18n_exempt", True)  # built-in crisis words when possible
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        right = QVBoxLayout()
        right.setSpacing(MIN_GAP_PX * 2)
        right.addWidget(self.hotline_panel)
        right.addWidget(self.call_button)
        right.addWidget(self.call_status)
        self.book_button = BookCounsellingButton(flow.window, self)
        self.book_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        right.addWidget(self.book_button)
        right.addStretch(1)
        right.addWidget(self.continue_button)
        right.addWidget(self.stop_button)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(48, 28, 48, 28)
        layout.setSpacing(MIN_GAP_PX * 5)
        layout.addWidget(self.left_area, 11)
        layout.addLayout(right, 9)
        self.call_status.hide()
        self.translate_ui()

    # --- texts ----------------------------------------------------------------------------

    def translate_ui(self) -> None:
        lang = current_language()
        words = crisis_text(lang)  # never raises
        self.title.setText(words.title)
        for paragraph, text in zip(self.calm, (*words.calm, "", "", ""), strict=False):
            paragraph.setText(text)
            paragraph.setVisible(bool(text))
        self.emergency.setText(words.emergency_label)
        self.hotline_label.setText(words.hotline_label)
        self.hotline.setText(words.hotline_number)
        self.emergency_numbers.setText(
            self.tr("{ambulance} ambulance · {police} police").format(
                ambulance=words.emergency_numbers[0], police=words.emergency_numbers[-1]
            )
        )
        self.station.setText(self._station_contact(lang) or words.attendant)
        self.call_button.setText(self.tr("Call the station staff"))
        self.call_status.setText(
            self.tr(
                "Staff have been called and are coming to you. If no one comes soon, "
                "look for them at the desk or call 12356."
            )
        )
        self._set_leave_texts(words.continue_label, words.stop_label)

    def _set_leave_texts(self, continue_label: str, stop_label: str) -> None:
        run = self.flow.run
        last = run is not None and run.complete
        self.continue_button.setText(self.tr("Continue to my result") if last else continue_label)
        self.stop_button.setText(stop_label)

    def _station_contact(self, lang: str) -> str:
        """The station's counselling contact from content, or "" (the built-in line is used)."""
        try:
            found = self.flow.resources().get(COUNSELLING_RESOURCE)
            if found is None:
                return ""
            lines = [found.title.get(lang)]
            if found.hours is not None:
                lines.append(found.hours.get(lang))
            if found.phone:
                lines.append(found.phone)
            lines.append(crisis_text(lang).attendant)
            return "\n".join(lines)
        except Exception as exc:  # noqa: BLE001 - content trouble must not reach this screen
            log.error("counselling contact unavailable: %s", type(exc).__name__)
            return ""

    # --- what the worker taps -------------------------------------------------------------------

    def call_staff(self) -> None:
        # The worker is told first; the record follows (and is retried) in the background.
        self.called = True
        self.call_status.show()
        self.call_button.setText(self.tr("Call the staff again"))
        self.flow.staff.call()

    def continue_questions(self) -> None:
        if self.flow.run is None:
            self.go_home()
            return
        outcome = self.flow.resume_after_crisis()
        self.go(RESULT if outcome is Outcome.DONE else ITEM)

    def stop(self) -> None:
        # All items answered: the assessment is finished and recorded as home resets it.
        self.flow.finish_if_complete()
        self.go_home()

    # --- the screen protocol ------------------------------------------------------------------

    def on_enter(self) -> None:
        self.translate_ui()  # fresh content and the right "continue" wording
        self.book_button.refresh()

    def has_state(self) -> bool:
        return self.called or self.flow.has_state()

    def reset(self) -> None:
        # A staff call still being retried is deliberately not cancelled.
        self.flow.end()
        self.called = False
        self.call_status.hide()
        self.call_button.setText(self.tr("Call the station staff"))
