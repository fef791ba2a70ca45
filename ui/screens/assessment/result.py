"""``screen_result``: what the answers suggest, in plain words, and where help is.

Left: the band's label, what it usually means, what helps and what to do next
(all from the instrument file — never a diagnosis), and after the quick check
the full questionnaires it suggests (``offer_<id>``). Right: the resources
matched to the band, "get a follow-up code" (``follow_up``: the assessment is
then recorded with a random code, shown big with its QR so a counsellor can
look the result up on the hub) ``print_slip`` (the shared :class:`PrintSlipPanel`: band, advice, the
matched resources, the code if asked, the score only if ``include_score`` is
ticked — never the answers) and ``go_home``.

The record itself is written by the flow when the worker asks for a code or
leaves this screen (see :mod:`ui.screens.assessment.flow`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.content.catalogue import Resource
from kiosk.slips.request import AssessmentSummary, SlipRequest
from ui.screens.assessment import ITEM, RESULT
from ui.screens.assessment.chooser import minutes_for
from ui.screens.assessment.flow import AssessmentFlow, Finished
from ui.screens.assessment.widgets import (
    ChoiceButton,
    ResourceCard,
    discard,
    label,
    qr_pixmap,
    scroll_column,
)
from ui.screens.base import BaseScreen
from ui.screens.booking.button import BookCounsellingButton
from ui.theme import MIN_GAP_PX, icon
from ui.widgets.buttons import TouchButton
from ui.widgets.print_slip import PrintSlipPanel

MAX_RESOURCES = 4
QR_PX = 160


class AssessmentResultScreen(BaseScreen):
    """See the module docstring."""

    screen_name = RESULT
    idle_timeout_s = 120  # there is a lot to read, and a code to note down

    def __init__(self, flow: AssessmentFlow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = flow
        self._finished: Finished | None = None
        self._offer_buttons: list[ChoiceButton] = []
        self._cards: list[ResourceCard] = []

        # --- left: the result in words (scrolls only if large text needs it) -------------
        self.left_area, left = scroll_column(self, "result_words")
        self.instrument_title = label(self, "result_instrument", "hint", content=True)
        self.band = label(self, "result_band", "band", content=True)
        self.meaning = label(self, "result_meaning", "body", content=True)
        self.helps_heading = label(self, "result_helps_heading", "heading")
        self.helps = label(self, "result_helps", "body", content=True)
        self.next_heading = label(self, "result_next_heading", "heading")
        self.next_steps = label(self, "result_next_steps", "body", content=True)
        self.score = label(self, "result_score", "hint")
        left.setSpacing(MIN_GAP_PX)
        left.addWidget(self.instrument_title)
        left.addWidget(self.band)
        left.addWidget(self.meaning)
        sections = ((self.helps_heading, self.helps), (self.next_heading, self.next_steps))
        for heading, text in sections:
            left.addSpacing(MIN_GAP_PX)
            left.addWidget(heading)
            left.addWidget(text)
        left.addSpacing(MIN_GAP_PX)
        left.addWidget(self.score)
        left.addStretch(1)

        # --- right: the code, suggested questionnaires, help; the way out pinned below ------
        self.right_area, right = scroll_column(self, "result_help")
        right.setSpacing(MIN_GAP_PX)
        self.code_panel = QFrame(self)
        self.code_panel.setObjectName("follow_up_panel")
        self.qr = QLabel(self.code_panel)
        self.qr.setObjectName("follow_up_qr")
        self.qr.setFixedSize(QR_PX, QR_PX)
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_caption = label(self.code_panel, "follow_up_caption", "hint")
        self.code = label(self.code_panel, "follow_up_code", "code", content=True)
        self.code.setWordWrap(False)
        self.code_note = label(self.code_panel, "follow_up_note", "hint")
        code_words = QVBoxLayout()
        code_words.setSpacing(2)
        code_words.addWidget(self.code_caption)
        code_words.addWidget(self.code)
        code_words.addWidget(self.code_note)
        code_words.addStretch(1)
        code_row = QHBoxLayout(self.code_panel)
        code_row.setContentsMargins(16, 12, 16, 12)
        code_row.setSpacing(MIN_GAP_PX * 2)
        code_row.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        code_row.addLayout(code_words, 1)
        self.offers_heading = label(self, "result_offers_heading", "heading")
        self.offers = QVBoxLayout()
        self.offers.setSpacing(MIN_GAP_PX)
        self.resources_heading = label(self, "result_resources_heading", "heading")
        self.cards = QVBoxLayout()
        self.cards.setSpacing(MIN_GAP_PX)
        self.follow_up_button = TouchButton("follow_up", self, tone="resources")
        self.follow_up_button.clicked.connect(self.request_follow_up)
        self.follow_up_status = label(self, "follow_up_status", "error")
        right.addWidget(self.follow_up_button)
        right.addWidget(self.follow_up_status)
        right.addWidget(self.code_panel)
        right.addSpacing(MIN_GAP_PX)
        right.addWidget(self.offers_heading)
        right.addLayout(self.offers)
        right.addSpacing(MIN_GAP_PX)
        right.addWidget(self.resources_heading)
        right.addLayout(self.cards)
        right.addStretch(1)

        self.home_button = TouchButton("go_home", self, tone="secondary", icon=icon("home"))
        self.home_button.clicked.connect(self.go_home)
        self.book_button = BookCounsellingButton(flow.window, self, link=lambda: ResultLink(flow))
        # The slip: band, advice, matched resources, the code if asked — never the answers,
        # and the score only if the worker ticks "include my score".
        self.include_score = TouchButton("include_score", self, tone="secondary")
        self.include_score.setCheckable(True)
        self.include_score.setIconSize(QSize(40, 40))
        self.include_score.toggled.connect(self._include_score_toggled)
        self.print_panel = PrintSlipPanel(
            flow.window,
            self._slip_request,
            self._slip_resource_ids,
            self,
            button_text=lambda: self.tr("Print my result"),
        )
        pinned = QVBoxLayout()
        pinned.setSpacing(MIN_GAP_PX * 2)
        pinned.addWidget(self.right_area, 1)
        pinned.addWidget(self.book_button)
        pinned.addWidget(self.include_score)
        pinned.addWidget(self.print_panel)
        pinned.addWidget(self.home_button)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(48, 28, 48, 28)
        layout.setSpacing(MIN_GAP_PX * 5)
        layout.addWidget(self.left_area, 1)
        layout.addLayout(pinned, 1)
        self._clear()
        self.translate_ui()

    # --- filling in -----------------------------------------------------------------------

    def show_result(self) -> None:
        """Fill the screen from the flow's finished assessment."""
        finished = self.flow.finished
        self._finished = finished
        if finished is None:
            self._clear()
            return
        instrument, band = finished.instrument, finished.score.band
        lang = self.flow.text_language(instrument)
        self.instrument_title.setText(instrument.title.get(lang))
        self.band.setText(band.label.get(lang))
        self.meaning.setText(band.meaning.get(lang))
        self.helps.setText(band.helps.get(lang))
        self.next_steps.setText(band.next_steps.get(lang))
        low, high = instrument.score_range
        self.score.setText(
            self.tr(
                "Your score: {total} (possible {low} to {high}). This is not a diagnosis."
            ).format(total=finished.score.total, low=low, high=high)
        )
        self._show_offers()
        self._show_resources(band.resources, lang)
        self._show_follow_up()

    def _show_offers(self) -> None:
        for button in self._offer_buttons:
            discard(button)
        self._offer_buttons = []
        offers = self.flow.offers()
        self.offers_heading.setVisible(bool(offers))
        for instrument in offers:
            button = ChoiceButton(f"offer_{instrument.id}", self, tone="assessment")
            lang = self.flow.text_language(instrument)
            button.set_texts(
                instrument.title.get(lang),
                self.tr("{count} questions, about {minutes} min").format(
                    count=len(instrument.items), minutes=minutes_for(len(instrument.items))
                ),
            )
            button.clicked.connect(lambda _c=False, ident=instrument.id: self.take(ident))
            self.offers.addWidget(button)
            button.show()
            self._offer_buttons.append(button)

    def _show_resources(self, ids: tuple[str, ...], lang: str) -> None:
        for card in self._cards:
            discard(card)
        self._cards = []
        catalogue = self.flow.resources()
        for ident in [i for i in ids if i in catalogue][:MAX_RESOURCES]:
            card = ResourceCard(catalogue[ident], lang, self)
            self.cards.addWidget(card)
            card.show()
            self._cards.append(card)
        self.resources_heading.setVisible(bool(self._cards))

    def _show_follow_up(self) -> None:
        finished = self._finished
        code = finished.follow_up_code if finished else None
        saving = finished is not None and finished.follow_up_asked and finished.state == "saving"
        failed = finished is not None and finished.follow_up_asked and finished.state == "failed"
        self.follow_up_button.setVisible(finished is not None and not finished.follow_up_asked)
        # The code says where it is once there: the panel sits at the top of the help column.
        self.follow_up_status.setVisible(saving or failed)
        if saving:
            self.follow_up_status.setProperty("role", "hint")
            self.follow_up_status.setText(self.tr("Making your code…"))
        elif failed:
            self.follow_up_status.setProperty("role", "error")
            self.follow_up_status.setText(
                self.tr("Sorry, no code could be made just now. Please ask the station attendant.")
            )
        self.follow_up_status.style().polish(self.follow_up_status)
        self.code_panel.setVisible(code is not None)
        if code is not None:
            self.code.setText(code)
            self.qr.setPixmap(qr_pixmap(code, QR_PX))
            self.right_area.verticalScrollBar().setValue(0)
        else:
            self.code.clear()
            self.qr.clear()

    # --- what the worker taps -------------------------------------------------------------------

    def request_follow_up(self) -> None:
        if self.flow.request_follow_up(self._follow_up_done):
            self._show_follow_up()

    def _follow_up_done(self, finished: Finished) -> None:
        if finished is self._finished and self.flow.finished is finished:
            self._show_follow_up()

    def _include_score_toggled(self, on: bool) -> None:
        # A tick only when the score will be printed: an unticked box shows no tick.
        self.include_score.setIcon(icon("check") if on else QIcon())
        self.translate_ui()

    def _matched_resources(self) -> list[Resource]:
        finished = self._finished
        if finished is None:
            return []
        catalogue = self.flow.resources()
        ids = [i for i in finished.score.band.resources if i in catalogue]
        return [catalogue[i] for i in ids]

    def _slip_resource_ids(self) -> list[str]:
        return [r.id for r in self._matched_resources()]

    def _slip_request(self) -> SlipRequest:
        """The assessment slip: never the answers; the score only if the worker chose so."""
        finished = self._finished
        if finished is None:
            raise RuntimeError("no result to print")
        lang = self.flow.text_language(finished.instrument)
        band = finished.score.band
        include = self.include_score.isChecked()
        config = self.flow.window.config
        summary = AssessmentSummary(
            band_label=band.label.get(lang),
            advice="\n".join(
                (band.meaning.get(lang), band.helps.get(lang), band.next_steps.get(lang))
            ),
            instrument_title=finished.instrument.title.get(lang),
            follow_up_code=finished.follow_up_code,
            include_score=include,
            score=finished.score.total if include else None,
            score_max=finished.instrument.score_range[1] if include else None,
        )
        return SlipRequest(
            station_name=config.station.name,
            when=datetime.now(),
            language=lang,
            paper=config.printer.paper,
            resources=tuple(self._matched_resources()),
            assessment=summary,
        )

    def take(self, instrument_id: str) -> None:
        """Start a suggested questionnaire (this result is recorded as it ends)."""
        self.flow.start(instrument_id)
        self.go(ITEM)

    # --- the screen protocol ------------------------------------------------------------------

    def translate_ui(self) -> None:
        self.helps_heading.setText(self.tr("What helps"))
        self.next_heading.setText(self.tr("What you can do next"))
        self.offers_heading.setText(self.tr("A longer questionnaire can tell you more:"))
        self.resources_heading.setText(self.tr("Where to find help"))
        self.follow_up_button.setText(self.tr("Get a follow-up code"))
        self.code_caption.setText(self.tr("Your follow-up code"))
        self.code_note.setText(
            self.tr("Show it to a counsellor to talk about this result. Only you have it.")
        )
        self.home_button.setText(self.tr("Finish"))
        self.include_score.setText(
            self.tr("Score on the slip: yes")
            if self.include_score.isChecked()
            else self.tr("Score on the slip: no")
        )
        if self._finished is not None:
            self.show_result()

    def on_enter(self) -> None:
        if self.flow.finished is None:
            QTimer.singleShot(0, self.go_home)
            return
        self.book_button.refresh()
        self.show_result()

    def _clear(self) -> None:
        self._finished = None
        for widget in (
            self.instrument_title,
            self.band,
            self.meaning,
            self.helps,
            self.next_steps,
            self.score,
            self.code,
            self.follow_up_status,
        ):
            widget.clear()
        self.qr.clear()
        self.code_panel.hide()
        self.include_score.setChecked(False)
        self.print_panel.reset()
        self.follow_up_status.hide()
        self.offers_heading.hide()
        for widget in [*self._offer_buttons, *self._cards]:
            discard(widget)
        self._offer_buttons = []
        self._cards = []

    def has_state(self) -> bool:
        return self._finished is not None or self.flow.has_state() or self.print_panel.has_state()

    def reset(self) -> None:
        self.flow.end()  # a finished result is recorded (once) as it is wiped
        self._clear()


class ResultLink:
    """The finished result, for a booking that brings it (``booking_attach_result``): its
    follow-up code, recorded with the result on demand."""

    def __init__(self, flow: AssessmentFlow) -> None:
        self.flow = flow

    def has_result(self) -> bool:
        return self.flow.finished is not None

    def followup_code(self, ready: Callable[[str | None], None]) -> None:
        finished = self.flow.finished
        if finished is None:
            ready(None)
        elif finished.follow_up_code is not None:
            ready(finished.follow_up_code)
        elif finished.state == "saving" and finished.follow_up_asked:
            finished.listeners.append(lambda done: ready(done.follow_up_code))
        elif not self.flow.request_follow_up(lambda done: ready(done.follow_up_code)):
            ready(None)  # recorded already without a code: book without the result
