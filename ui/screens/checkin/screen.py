"""``screen_checkin``: pick your work, tick the services you used, confirm.

Trades are big icon-and-text toggles (``trade_<id>``, one at a time); services
are optional toggles (``service_<id>``, any number). ``checkin_confirm``
records the visit — or, where the station asks for a member number, opens that
step first. The shortest path from home is three taps: ``home_checkin``, a
trade, ``checkin_confirm``. ``nav_back`` and ``go_home`` leave without
recording anything. The trades and services come from the station's settings
content; the screen rebuilds its buttons when they change.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.checkin.options import CheckinOptions
from ui.i18n import current_language
from ui.screens.base import BaseScreen
from ui.screens.checkin.choice import ChoiceButton
from ui.screens.checkin.flow import CHECKIN, MEMBER, CheckinFlow
from ui.theme import MIN_GAP_PX, icon
from ui.widgets.buttons import TouchButton

TRADE_COLUMNS = 4
SERVICE_COLUMNS = 4


class CheckinScreen(BaseScreen):
    """See the module docstring."""

    screen_name = CHECKIN

    def __init__(self, flow: CheckinFlow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = flow
        self._large = False
        self.trade_buttons: dict[str, ChoiceButton] = {}
        self.service_buttons: dict[str, ChoiceButton] = {}

        self.title = QLabel(self)
        self.title.setObjectName("checkin_title")
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        self.services_caption = QLabel(self)
        self.services_caption.setObjectName("checkin_services_caption")
        self.services_caption.setProperty("role", "subtitle")
        self.services_caption.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("checkin_message")
        self.message.setProperty("role", "error")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.trade_group = QButtonGroup(self)
        self.trade_group.setExclusive(True)
        self.trade_grid = QGridLayout()
        self.service_grid = QGridLayout()
        for grid in (self.trade_grid, self.service_grid):
            grid.setSpacing(MIN_GAP_PX * 2)

        self.back_button = TouchButton("nav_back", self, tone="secondary", icon=icon("back"))
        self.back_button.clicked.connect(self.go_home)  # the first step: back is home
        self.home_button = TouchButton("go_home", self, tone="secondary", icon=icon("home"))
        self.home_button.clicked.connect(self.go_home)
        self.confirm = TouchButton("checkin_confirm", self, tone="checkin")
        self.confirm.setIconSize(QSize(40, 40))
        self.confirm.setProperty("role", "checkin_confirm")
        self.confirm.clicked.connect(self._confirm)
        bar = QHBoxLayout()
        bar.setSpacing(MIN_GAP_PX * 3)
        bar.addWidget(self.back_button)
        bar.addWidget(self.home_button)
        bar.addWidget(self.message, 1)
        bar.addWidget(self.confirm)

        layout = self.main_layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 20, 40, 20)
        layout.setSpacing(MIN_GAP_PX + 4)
        layout.addWidget(self.title)
        layout.addLayout(self.trade_grid)
        layout.addWidget(self.services_caption)
        layout.addLayout(self.service_grid)
        layout.addStretch(1)
        layout.addLayout(bar)
        self._build(flow.current_options())
        self.translate_ui()

    # --- buttons from content -----------------------------------------------------------

    def _build(self, options: CheckinOptions) -> None:
        for button in [*self.trade_buttons.values(), *self.service_buttons.values()]:
            self.trade_group.removeButton(button)
            button.setParent(None)
            button.deleteLater()
        self.trade_buttons.clear()
        self.service_buttons.clear()
        self.flow.options = options
        for index, trade in enumerate(options.trades):
            button = ChoiceButton(f"trade_{trade.id}", trade.icon, self, icon_px=self._trade_px())
            button.toggled.connect(lambda on, ident=trade.id: self._trade_toggled(ident, on))
            self.trade_group.addButton(button)
            self.trade_grid.addWidget(button, index // TRADE_COLUMNS, index % TRADE_COLUMNS)
            self.trade_buttons[trade.id] = button
        for index, service in enumerate(options.services):
            button = ChoiceButton(
                f"service_{service.id}", service.icon, self, vertical=False, icon_px=40
            )
            button.toggled.connect(lambda on, ident=service.id: self._service_toggled(ident, on))
            self.service_grid.addWidget(button, index // SERVICE_COLUMNS, index % SERVICE_COLUMNS)
            self.service_buttons[service.id] = button
        for column in range(max(TRADE_COLUMNS, SERVICE_COLUMNS)):
            self.trade_grid.setColumnStretch(column, int(column < TRADE_COLUMNS))
            self.service_grid.setColumnStretch(column, int(column < SERVICE_COLUMNS))

    def _trade_px(self) -> int:
        return 36 if self._large else 56

    # --- the worker's taps ----------------------------------------------------------------

    def _trade_toggled(self, ident: str, on: bool) -> None:
        if on:
            self.flow.trade = ident
            self.message.clear()
        elif self.flow.trade == ident:
            self.flow.trade = None

    def _service_toggled(self, ident: str, on: bool) -> None:
        if on:
            self.flow.services.add(ident)
        else:
            self.flow.services.discard(ident)

    def _confirm(self) -> None:
        if self.flow.trade is None:
            self.message.setText(self.tr("Please tap your work first."))
            return
        if self.flow.member_mode in ("optional", "required"):
            self.go(MEMBER)
        else:
            self.flow.submit()

    # --- the screen protocol -----------------------------------------------------------------

    def translate_ui(self) -> None:
        lang = current_language()
        self.title.setText(self.tr("What work do you do?"))
        self.services_caption.setText(
            self.tr("What did you use here today? (optional, tap all that apply)")
        )
        for choice in self.flow.options.trades:
            self.trade_buttons[choice.id].set_label(choice.label(lang))
        for choice in self.flow.options.services:
            self.service_buttons[choice.id].set_label(choice.label(lang))
        self.back_button.setText(self.tr("Back"))
        self.home_button.setText(self.tr("Home"))
        if self.flow.member_mode in ("optional", "required"):
            self.confirm.setText(self.tr("Next"))
            self.confirm.setIcon(icon("continue"))
        else:
            self.confirm.setText(self.tr("Check in"))
            self.confirm.setIcon(icon("tick"))
        if self.message.text():
            self.message.setText(self.tr("Please tap your work first."))

    def reset(self) -> None:
        self.trade_group.setExclusive(False)  # an exclusive group will not uncheck its last
        for button in [*self.trade_buttons.values(), *self.service_buttons.values()]:
            button.setChecked(False)
        self.trade_group.setExclusive(True)
        self.message.clear()
        self.flow.clear()

    def has_state(self) -> bool:
        # Even with nothing chosen yet, an abandoned check-in should go back to home.
        return True

    def has_choice(self) -> bool:
        """Whether a trade or a service is chosen."""
        return self.flow.trade is not None or bool(self.flow.services)

    def on_enter(self) -> None:
        options = self.flow.current_options()
        if options != self.flow.options and not self.has_choice():
            self._build(options)  # the station's settings changed since the last visit
            self.text_size_changed(self._large)
            self.translate_ui()

    def text_size_changed(self, large: bool) -> None:
        self._large = large
        for button in self.trade_buttons.values():
            button.set_icon_px(self._trade_px())
        for button in [*self.trade_buttons.values(), *self.service_buttons.values()]:
            # Large text: every choice label in the (large) body size, so that the
            # longest word still fits a quarter of a 1280-pixel screen.
            button.set_tight(large)
        for button in self.service_buttons.values():
            button.set_icon_px(28 if large else 40)
        # Large text needs every pixel of a 1280×800 screen; gaps stay ≥ MIN_GAP_PX.
        self.main_layout.setContentsMargins(*((28, 8, 28, 8) if large else (40, 20, 40, 20)))
        self.main_layout.setSpacing(MIN_GAP_PX if large else MIN_GAP_PX + 4)
        for grid in (self.trade_grid, self.service_grid):
            grid.setSpacing(MIN_GAP_PX if large else MIN_GAP_PX * 2)
