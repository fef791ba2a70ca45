"""``screen_resources``: help and resources, to scan, choose, and take away on a slip.

The catalogue is grouped the way a worker looks for help: counselling at this
station, hotlines, legal aid, nearby stations (nearest first, by real distance
from this station's coordinates), and things to do yourself right now. Every
card shows its QR code. The worker can add cards to a slip and print it with
``print_slip``, or print one card alone; with nothing chosen, the button
prints the hotlines and counselling (and says so). The list scrolls with a
finger (QScroller kinetic scrolling). Content is the runtime's content in use
(shipped defaults overlaid by sync), or the shipped files until the database
is open; it is re-read each time the screen is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.catalogue import Resource, Station, load_resources, load_stations
from kiosk.content.geo import nearby_stations
from kiosk.slips.request import SlipRequest
from ui.i18n import current_language
from ui.screens.base import BaseScreen
from ui.screens.booking.button import BookCounsellingButton
from ui.screens.resources.cards import ResourceCard, StationCard
from ui.theme import MIN_GAP_PX, icon
from ui.widgets.buttons import TouchButton
from ui.widgets.layouts import take_widgets
from ui.widgets.print_slip import PrintSlipPanel

SCREEN = "screen_resources"
NEARBY_ON_SCREEN = 5
NEARBY_ON_SLIP = 3
# Sections in the order a worker looks for help; each lists one content category.
SECTIONS: tuple[str, ...] = ("counselling", "hotline", "legal", "nearby", "selfhelp")
# Printed when nothing is chosen: who to talk to.
ESSENTIALS = ("counselling", "hotline")


class ResourcesScreen(BaseScreen):
    """See the module docstring."""

    screen_name = SCREEN

    def __init__(self, shell, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.attach(shell)
        self._resources: list[Resource] = []
        self._stations: list[Station] = []
        self._content_source: object = None
        self.nearby: list[tuple[Station, float]] = []
        self.cards: dict[str, ResourceCard] = {}
        self.station_cards: list[StationCard] = []
        self.section_titles: dict[str, QLabel] = {}

        self.home_button = TouchButton("go_home", self, tone="secondary", icon=icon("home"))
        self.home_button.setMinimumHeight(72)
        self.home_button.clicked.connect(lambda _checked=False: self.go_home())
        self.title = QLabel(self)
        self.title.setObjectName("resources_title")
        self.title.setProperty("role", "title")
        self.hint = QLabel(self)
        self.hint.setObjectName("resources_hint")
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.title)
        titles.addWidget(self.hint)
        top = QHBoxLayout()
        top.setSpacing(MIN_GAP_PX * 3)
        top.addWidget(self.home_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(titles, 1)
        self.book_button = BookCounsellingButton(shell, self)
        top.addWidget(self.book_button, 0, Qt.AlignmentFlag.AlignTop)

        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("resources_scroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body = QWidget()
        self.body.setObjectName("resources_body")
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, MIN_GAP_PX * 2, MIN_GAP_PX * 2)
        self.body_layout.setSpacing(MIN_GAP_PX * 2)
        self.scroll.setWidget(self.body)
        _kinetic(self.scroll)

        self.panel = PrintSlipPanel(
            shell,
            self.slip_request,
            self.slip_resource_ids,
            self,
            button_text=self._print_button_text,
            idle_text=self._print_hint,
        )
        self.panel.busy_changed.connect(self._busy_changed)
        bottom = QFrame(self)
        bottom.setObjectName("resources_print_bar")
        bar = QHBoxLayout(bottom)
        bar.setContentsMargins(24, 16, 24, 16)
        bar.addWidget(self.panel)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 20)
        layout.setSpacing(MIN_GAP_PX * 2)
        layout.addLayout(top)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(bottom)
        self._load_content()
        self.translate_ui()

    # --- content -------------------------------------------------------------------

    def _load_content(self) -> None:
        """(Re)build the cards when the content in use has changed since the last time."""
        content = getattr(self.shell.runtime, "content", None)
        source = content if content is not None else "shipped"
        if source is self._content_source:
            return
        self._content_source = source
        if content is not None:
            resources, stations = list(content.resources), list(content.stations)
        else:
            resources, stations = load_resources(), load_stations()
        self._resources, self._stations = resources, stations
        station = self.shell.config.station
        self.nearby = nearby_stations(
            stations, station.latitude, station.longitude, station.id, NEARBY_ON_SCREEN
        )
        self._build_cards()

    def _build_cards(self) -> None:
        for widget in take_widgets(self.body_layout):
            widget.deleteLater()
        self.cards.clear()
        self.station_cards.clear()
        self.section_titles.clear()
        for category in SECTIONS:
            items = [r for r in self._resources if r.category == category]
            if not items and not (category == "nearby" and self.nearby):
                continue
            title = QLabel(self.body)
            title.setObjectName(f"section_{category}")
            title.setProperty("role", "section")
            self.section_titles[category] = title
            self.body_layout.addWidget(title)
            for item in items:
                card = ResourceCard(item, self.body)
                card.toggled.connect(self._selection_changed)
                card.print_requested.connect(self.print_one)
                self.cards[item.id] = card
                self.body_layout.addWidget(card)
            if category == "nearby":
                for station, km in self.nearby:
                    card = StationCard(station, km, self.body)
                    self.station_cards.append(card)
                    self.body_layout.addWidget(card)
        self.body_layout.addStretch(1)

    # --- the slip ------------------------------------------------------------------

    def chosen_ids(self) -> list[str]:
        """Resources the worker added to the slip, in catalogue order."""
        return [ident for ident, card in self.cards.items() if card.chosen]

    def slip_resource_ids(self) -> list[str]:
        """What the print button prints: the chosen resources, else the essentials."""
        chosen = self.chosen_ids()
        if chosen:
            return chosen
        return [ident for ident, card in self.cards.items() if card.item.category in ESSENTIALS]

    def slip_request(self, resource_ids: Sequence[str] | None = None) -> SlipRequest:
        """The slip for ``resource_ids`` (default: what the print button prints)."""
        ids = list(resource_ids) if resource_ids is not None else self.slip_resource_ids()
        items = [self.cards[ident].item for ident in ids if ident in self.cards]
        nearby = self.nearby[:NEARBY_ON_SLIP] if any(r.category == "nearby" for r in items) else []
        config = self.shell.config
        return SlipRequest(
            station_name=config.station.name,
            when=datetime.now(),
            language=current_language(),
            paper=config.printer.paper,
            resources=items,
            nearby=nearby,
        )

    def print_one(self, ident: str) -> None:
        """Print a slip of this one resource, through the same status line."""
        self.panel.start(lambda: self.slip_request([ident]), [ident])

    def _print_button_text(self) -> str:
        count = len(self.chosen_ids())
        if count == 1:
            return self.tr("Print my slip (1 item)")
        if count:
            return self.tr("Print my slip ({count} items)").format(count=count)
        return self.tr("Print the hotlines")

    def _print_hint(self) -> str:
        if self.chosen_ids():
            return self.tr("Add more, or print your slip now.")
        return self.tr("Nothing added yet: the slip will list the hotlines and counselling.")

    def _selection_changed(self, _ident: str, _chosen: bool) -> None:
        if not self.panel.is_busy():
            self.panel.reset()  # an old "take your slip" no longer describes this slip
        self.panel.refresh()

    def _busy_changed(self, busy: bool) -> None:
        for card in self.cards.values():
            card.set_print_enabled(not busy)

    # --- the screen protocol -----------------------------------------------------------

    def translate_ui(self) -> None:
        self.home_button.setText(self.tr("Home"))
        self.title.setText(self.tr("Help & resources"))
        self.hint.setText(
            self.tr("Scan a code with your phone, or add items to your slip and print it.")
        )
        names = {
            "counselling": self.tr("Talk to someone here"),
            "hotline": self.tr("Hotlines"),
            "legal": self.tr("Legal aid"),
            "nearby": self.tr("Union rest stations nearby"),
            "selfhelp": self.tr("Help yourself right now"),
        }
        for category, label in self.section_titles.items():
            label.setText(names[category])

    def on_enter(self) -> None:
        self.book_button.refresh()
        if not self.has_state():
            self._load_content()

    def has_state(self) -> bool:
        return bool(self.chosen_ids()) or self.panel.has_state()

    def reset(self) -> None:
        for card in self.cards.values():
            card.set_chosen(False)
        self.panel.reset()
        self.scroll.verticalScrollBar().setValue(0)
        QScroller.scroller(self.scroll.viewport()).stop()


def _kinetic(scroll: QScrollArea) -> None:
    """Scroll with a finger (or a mouse drag): kinetic, no overshoot past the ends."""
    viewport = scroll.viewport()
    QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    scroller = QScroller.scroller(viewport)
    props = scroller.scrollerProperties()
    off = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
    props.setScrollMetric(QScrollerProperties.ScrollMetric.VerticalOvershootPolicy, off)
    props.setScrollMetric(QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy, off)
    # A gloved tap wobbles: only a real drag (~4 mm) starts a scroll, so taps stay taps.
    props.setScrollMetric(QScrollerProperties.ScrollMetric.DragStartDistance, 0.004)
    # Hand a press to the button under the finger at once: a held-back press makes a
    # quick gloved tap on "add to my slip" go nowhere. A drag that follows cancels it.
    props.setScrollMetric(QScrollerProperties.ScrollMetric.MousePressEventDelay, 0.0)
    scroller.setScrollerProperties(props)
