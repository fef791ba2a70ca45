"""``screen_assessment_item``: one question per screen, big answers, back and stop.

The time frame ("over the last two weeks…") stays on screen above every item.
A tap on ``answer_<score>`` stores the answer and shows the next item in the
same frame — or, if that answer raises a crisis flag (PHQ-9 item 9 answered 1,
2 or 3), ``screen_crisis`` before anything else. ``nav_back`` goes to the
previous item with its answer highlighted, so it can be changed. "Stop" asks
once (:class:`AssessmentStopConfirm`) and then discards every answer.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.assessment import Instrument
from ui.i18n import Retranslatable
from ui.screens.assessment import ASSESSMENT, CRISIS, ITEM, RESULT
from ui.screens.assessment.flow import AssessmentFlow, Outcome
from ui.screens.assessment.widgets import ChoiceButton, discard, label, scroll_column
from ui.screens.base import BaseScreen
from ui.theme import MIN_GAP_PX, icon
from ui.widgets.buttons import TouchButton

BACKDROP = QColor(30, 35, 41, 200)


class AssessmentStopConfirm(Retranslatable, QWidget):
    """ "Stop and delete your answers?" over the item, asked once.

    Signals:
        confirmed(): stop and discard.
        cancelled(): keep going.
    """

    confirmed = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("stop_dialog")
        self.panel = QFrame(self)
        self.panel.setObjectName("stop_panel")
        self.question = label(self.panel, "stop_question", "title")
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note = label(self.panel, "stop_note", "body")
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.confirm_button = TouchButton("stop_confirm", self.panel, tone="assessment")
        self.cancel_button = TouchButton("stop_cancel", self.panel, tone="checkin")
        self.confirm_button.clicked.connect(self.confirmed)
        self.cancel_button.clicked.connect(self.cancelled)
        for button in (self.confirm_button, self.cancel_button):
            button.setMinimumHeight(88)
        buttons = QHBoxLayout()
        buttons.setSpacing(MIN_GAP_PX * 4)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.confirm_button)
        inner = QVBoxLayout(self.panel)
        inner.setContentsMargins(48, 40, 48, 40)
        inner.setSpacing(MIN_GAP_PX * 3)
        inner.addWidget(self.question)
        inner.addWidget(self.note)
        inner.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(self.panel, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        self.hide()
        self.translate_ui()

    def translate_ui(self) -> None:
        self.question.setText(self.tr("Stop the self-check?"))
        self.note.setText(self.tr("Your answers will be deleted. Nothing is saved."))
        self.confirm_button.setText(self.tr("Stop and delete"))
        self.cancel_button.setText(self.tr("Keep going"))

    def open(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        QPainter(self).fillRect(self.rect(), BACKDROP)


class AssessmentItemScreen(BaseScreen):
    """See the module docstring."""

    screen_name = ITEM

    def __init__(self, flow: AssessmentFlow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = flow
        self._instrument: Instrument | None = None
        self._lang = ""
        self.answer_buttons: dict[int, ChoiceButton] = {}

        self.instrument_title = label(self, "item_instrument", "hint", content=True)
        self.progress = label(self, "item_progress", "progress")
        self.progress.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.progress.setWordWrap(False)
        self.time_frame = label(self, "item_time_frame", "time_frame", content=True)
        self.item_text = label(self, "item_text", "item", content=True)
        self.back_button = TouchButton("nav_back", self, tone="secondary", icon=icon("back"))
        self.back_button.clicked.connect(self.back)
        self.stop_button = TouchButton("assessment_stop", self, tone="secondary", icon=icon("exit"))
        self.stop_button.clicked.connect(self.ask_stop)
        self.stop_dialog = AssessmentStopConfirm(self)
        self.stop_dialog.confirmed.connect(self.stop)
        self.stop_dialog.cancelled.connect(self.stop_dialog.hide)

        top = QHBoxLayout()
        top.addWidget(self.instrument_title, 1)
        top.addWidget(self.progress)
        question = QVBoxLayout()
        question.setSpacing(MIN_GAP_PX * 3)
        question.addWidget(self.time_frame)
        question.addWidget(self.item_text)
        question.addStretch(1)
        self.answers_area, answers_box = scroll_column(self, "item_answers")
        self.answers = QVBoxLayout()
        self.answers.setSpacing(MIN_GAP_PX * 2)
        answers_box.addLayout(self.answers)
        answers_box.addStretch(1)
        self.middle = middle = QHBoxLayout()
        middle.setSpacing(MIN_GAP_PX * 6)
        middle.addLayout(question, 5)
        middle.addWidget(self.answers_area, 4)
        bottom = QHBoxLayout()
        bottom.addWidget(self.back_button)
        bottom.addStretch(1)
        bottom.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 28, 48, 28)
        layout.setSpacing(MIN_GAP_PX * 3)
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        layout.addLayout(bottom)
        self.translate_ui()

    # --- showing the current item -------------------------------------------------------

    def _build_answers(self, instrument: Instrument) -> None:
        for button in self.answer_buttons.values():
            discard(button)
        self.answer_buttons = {}
        for option in instrument.options:
            button = ChoiceButton(f"answer_{option.score}", self, role="answer")
            button.setProperty("i18n_exempt", True)  # wording from the instrument file
            button.setCheckable(True)
            button.clicked.connect(lambda _checked=False, s=option.score: self.choose(s))
            self.answers.addWidget(button)
            button.show()
            self.answer_buttons[option.score] = button
        self._instrument = instrument
        self._lang = ""

    def refresh(self) -> None:
        """Show the flow's current item (texts, progress, the answer given, if any)."""
        run = self.flow.run
        if run is None:
            return
        instrument = run.instrument
        if instrument is not self._instrument:
            self._build_answers(instrument)
        lang = self.flow.text_language(instrument)
        if lang != self._lang:
            self._lang = lang
            self.instrument_title.setText(instrument.title.get(lang))
            self.time_frame.setText(instrument.time_frame.get(lang))
            for option in instrument.options:
                self.answer_buttons[option.score].setText(option.text.get(lang))
        self.item_text.setText(instrument.items[run.index].text.get(lang))
        self.progress.setText(
            self.tr("{current} / {total}").format(current=run.index + 1, total=len(run.answers))
        )
        given = run.answers[run.index]
        for value, button in self.answer_buttons.items():
            button.setChecked(value == given)
        self.back_button.setText(self.tr("Previous question") if run.index else self.tr("Back"))

    # --- what the worker taps -----------------------------------------------------------------

    def choose(self, answer: int) -> None:
        if self.flow.run is None:
            return
        outcome = self.flow.answer(answer)
        if outcome is Outcome.CRISIS:
            self.go(CRISIS)
        elif outcome is Outcome.DONE:
            self.go(RESULT)
        else:
            self.refresh()

    def back(self) -> None:
        run = self.flow.run
        if run is None:
            return
        if self.flow.back():
            self.refresh()
        elif any(answer is not None for answer in run.answers):
            self.ask_stop()
        else:
            self.flow.end()
            self.go(ASSESSMENT)

    def ask_stop(self) -> None:
        self.stop_dialog.open()

    def stop(self) -> None:
        self.stop_dialog.hide()
        self.flow.end()  # unfinished: discarded, nothing recorded
        self.go_home()

    # --- the screen protocol ------------------------------------------------------------------

    def translate_ui(self) -> None:
        self.stop_button.setText(self.tr("Stop"))
        self.stop_button.setAccessibleName(self.tr("Stop the self-check"))
        self._lang = ""  # instrument texts follow the language too
        if self.flow.run is not None:
            self.refresh()
        else:
            self.back_button.setText(self.tr("Back"))

    def on_enter(self) -> None:
        self.stop_dialog.hide()
        if self.flow.run is None:
            # Nothing to ask (e.g. reached by a stale navigation): back to the choice.
            QTimer.singleShot(0, lambda: self.go(ASSESSMENT))
            return
        self.refresh()

    def on_leave(self) -> None:
        self.stop_dialog.hide()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.stop_dialog.isVisible():
            self.stop_dialog.setGeometry(self.rect())

    def text_size_changed(self, large: bool) -> None:
        # Large answers wrap onto two lines: give them half the width.
        self.middle.setStretch(0, 4 if large else 5)
        self.middle.setStretch(1, 5 if large else 4)

    def has_state(self) -> bool:
        return self.flow.run is not None

    def reset(self) -> None:
        self.stop_dialog.hide()
        self.flow.end()
        for button in self.answer_buttons.values():
            button.setChecked(False)
        self.item_text.clear()
        self.progress.clear()
