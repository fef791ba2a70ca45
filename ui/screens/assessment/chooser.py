"""``screen_assessment``: a short, kind introduction and the choice of questionnaire.

The quick check (four questions) is the big first choice; the full
questionnaires (``instrument_<id>``) follow, only those offered in the language
showing (K10 is not offered in Chinese: its Chinese wording is provisional).
The list is rebuilt whenever the screen is shown or the language changes, so
content that arrived by sync appears without a restart.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.assessment import Instrument
from ui.i18n import current_language
from ui.screens.assessment import ASSESSMENT, ITEM
from ui.screens.assessment.flow import QUICK, AssessmentFlow
from ui.screens.assessment.widgets import ChoiceButton, discard, label, scroll_column
from ui.screens.base import BaseScreen
from ui.theme import MIN_GAP_PX, icon
from ui.widgets.buttons import TouchButton

SECONDS_PER_ITEM = 15  # a slow reader on a small screen; rounded up to whole minutes


def minutes_for(item_count: int) -> int:
    """About how many minutes a questionnaire of ``item_count`` items takes (at least 1)."""
    return max(1, -(-item_count * SECONDS_PER_ITEM // 60))


class AssessmentScreen(BaseScreen):
    """See the module docstring."""

    screen_name = ASSESSMENT

    def __init__(self, flow: AssessmentFlow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = flow
        self.title = label(self, "assessment_title", "title")
        self.intro = label(self, "assessment_intro", "body")
        self.privacy = label(self, "assessment_privacy", "hint")
        self.choose = label(self, "assessment_choose", "subtitle")
        self.home_button = TouchButton("go_home", self, tone="secondary", icon=icon("home"))
        self.home_button.clicked.connect(self.go_home)
        self.buttons: dict[str, ChoiceButton] = {}
        self.choices = QVBoxLayout()
        self.choices.setSpacing(MIN_GAP_PX * 2)
        self.full_row = QHBoxLayout()
        self.full_row.setSpacing(MIN_GAP_PX * 2)

        self.words_area, text = scroll_column(self, "assessment_words")
        text.setSpacing(MIN_GAP_PX * 2)
        text.addWidget(self.title)
        text.addWidget(self.intro)
        text.addWidget(self.privacy)
        text.addStretch(1)
        words = QVBoxLayout()
        words.setSpacing(MIN_GAP_PX * 2)
        words.addWidget(self.words_area, 1)
        words.addWidget(self.home_button, 0, Qt.AlignmentFlag.AlignLeft)
        # The choices scroll rather than squeeze (large text, a staff-call banner above).
        self.choices_area, column = scroll_column(self, "assessment_choices")
        column.setSpacing(MIN_GAP_PX * 2)
        column.addWidget(self.choose)
        column.addLayout(self.choices)
        column.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(48, 36, 48, 36)
        layout.setSpacing(MIN_GAP_PX * 6)
        layout.addLayout(words, 3)
        layout.addWidget(self.choices_area, 5)
        self.translate_ui()

    # --- the list of questionnaires -----------------------------------------------------

    def rebuild(self) -> None:
        """Show one button per instrument offered in the current language."""
        offered = self.flow.offered()
        wanted = [inst.id for inst in offered]
        if wanted != list(self.buttons):
            for button in self.buttons.values():
                discard(button)
            self.buttons = {}
            for inst in offered:
                tone = "assessment" if inst.id == QUICK else None
                button = ChoiceButton(f"instrument_{inst.id}", self, tone=tone)
                button.clicked.connect(lambda _checked=False, ident=inst.id: self.start(ident))
                self.choices.addWidget(button)
                button.show()  # at once, not at the next event-loop turn
                self.buttons[inst.id] = button
        lang = current_language()
        for inst in offered:
            self.buttons[inst.id].set_texts(inst.title.get(lang), self._hint(inst))

    def _hint(self, inst: Instrument) -> str:
        count = len(inst.items)
        about = self.tr("{count} questions, about {minutes} min").format(
            count=count, minutes=minutes_for(count)
        )
        topic = {
            "quick": self.tr("Mood and worry, in one minute"),
            "phq9": self.tr("Low mood, sleep and energy"),
            "gad7": self.tr("Worry and nerves"),
            "who5": self.tr("How well you have been feeling"),
            "k10": self.tr("Stress and strain"),
        }.get(inst.id)
        if topic is None:
            return about
        return self.tr("{topic} · {about}").format(topic=topic, about=about)

    def start(self, instrument_id: str) -> None:
        self.flow.start(instrument_id)
        self.go(ITEM)

    # --- the screen protocol ----------------------------------------------------------------

    def translate_ui(self) -> None:
        self.title.setText(self.tr("How are you, really?"))
        self.intro.setText(
            self.tr(
                "A few questions about how you have been feeling lately, like a check-up "
                "for your feelings. It takes one to three minutes. Afterwards you will "
                "see what your answers suggest and where to find help if you want it."
            )
        )
        self.privacy.setText(
            self.tr(
                "It is anonymous: we do not ask your name or number. It is not a "
                "diagnosis. Your answers disappear from this screen when you finish."
            )
        )
        self.choose.setText(self.tr("Choose one:"))
        self.home_button.setText(self.tr("Back to start"))
        self.rebuild()

    def on_enter(self) -> None:
        self.rebuild()

    def has_state(self) -> bool:
        # Nothing personal here, but the next worker should find home, not this page.
        return True

    def reset(self) -> None:
        self.flow.end()
