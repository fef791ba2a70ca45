"""The home screen: station name and hours, three big actions, language and text size.

Holding the station name for 3 s (:class:`LongPressArea`) opens the attendant
PIN pad; nothing on screen hints at it. Home holds no worker state of its
own; the window decides whether a non-default language or text size is worth
an idle countdown (see ``KioskWindow.has_idle_state``).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.i18n import OTHER_LANGUAGE_LABEL, current_language
from ui.qt_names import set_keys
from ui.screens.base import HOME, BaseScreen
from ui.theme import MIN_GAP_PX, icon
from ui.widgets.buttons import ActionTile, TouchButton
from ui.widgets.long_press import LongPressArea

# Home button objectName -> the screen it opens.
ACTIONS: dict[str, str] = {
    "home_checkin": "screen_checkin",
    "home_assessment": "screen_assessment",
    "home_resources": "screen_resources",
}


class HomeScreen(BaseScreen):
    """See the module docstring.

    Signals:
        attendant_requested(): the station name was held for 3 seconds.
    """

    screen_name = HOME
    attendant_requested = Signal()

    def __init__(self, station_name: str, hours: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hours = hours

        # --- top bar: station (hidden attendant gesture) and the two toggles ---------
        self.station_area = LongPressArea(self)
        self.station_area.setObjectName("home_station")
        self.station_area.long_pressed.connect(self.attendant_requested)
        self.logo = QLabel(self.station_area)
        self.logo.setObjectName("home_logo")
        self.logo.setPixmap(icon("station").pixmap(QSize(88, 88)))
        self.name_label = QLabel(station_name, self.station_area)
        self.name_label.setObjectName("home_station_name")
        self.name_label.setProperty("role", "title")
        self.name_label.setProperty("i18n_exempt", True)  # content, not a UI string
        self.name_label.setWordWrap(True)
        self.hours_label = QLabel(self.station_area)
        self.hours_label.setObjectName("home_hours")
        self.hours_label.setProperty("role", "subtitle")
        names = QVBoxLayout()
        names.setSpacing(4)
        names.addWidget(self.name_label)
        names.addWidget(self.hours_label)
        station = QHBoxLayout(self.station_area)
        station.setContentsMargins(0, 0, 0, 0)
        station.setSpacing(20)
        station.addWidget(self.logo)
        station.addLayout(names)

        self.language_button = TouchButton(
            "home_language", self, tone="secondary", icon=icon("language")
        )
        self.language_button.setProperty("i18n_exempt", True)  # names the other language
        self.large_text_button = TouchButton(
            "home_large_text", self, tone="secondary", icon=icon("large_text")
        )
        self.large_text_button.setCheckable(True)
        for button in (self.language_button, self.large_text_button):
            button.setMinimumHeight(72)

        toggles = QHBoxLayout()
        toggles.setSpacing(MIN_GAP_PX * 3)
        toggles.addWidget(self.language_button)
        toggles.addWidget(self.large_text_button)
        top_right = QVBoxLayout()  # the toggles at the top of the bar, however tall it is
        top_right.addLayout(toggles)
        top_right.addStretch(1)
        top = QHBoxLayout()
        top.setSpacing(MIN_GAP_PX * 3)
        top.addWidget(self.station_area, 1)
        top.addLayout(top_right)

        # --- welcome and the three actions ---------------------------------------------
        self.welcome = QLabel(self)
        self.welcome.setObjectName("home_welcome")
        self.welcome.setProperty("role", "display")
        set_keys(self.welcome, "alignment", "AlignCenter")
        self.welcome.setWordWrap(True)

        self.tiles: dict[str, ActionTile] = {
            "home_checkin": ActionTile("home_checkin", "checkin", icon("checkin"), self),
            "home_assessment": ActionTile("home_assessment", "assessment", icon("heart"), self),
            "home_resources": ActionTile("home_resources", "resources", icon("slip"), self),
        }
        tiles = self.tiles_layout = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        tiles.setSpacing(MIN_GAP_PX * 4)
        for name, tile in self.tiles.items():
            tile.clicked.connect(lambda _checked=False, target=ACTIONS[name]: self.go(target))
            tiles.addWidget(tile, 1)

        self.footer = QLabel(self)
        self.footer.setObjectName("home_footer")
        self.footer.setProperty("role", "hint")
        set_keys(self.footer, "alignment", "AlignCenter")
        self.footer.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 36, 48, 36)
        layout.setSpacing(MIN_GAP_PX * 3)
        layout.addLayout(top)
        layout.addStretch(1)
        layout.addWidget(self.welcome)
        layout.addSpacing(MIN_GAP_PX * 2)
        layout.addLayout(tiles, 4)
        layout.addStretch(1)
        layout.addWidget(self.footer)
        self.translate_ui()

    def translate_ui(self) -> None:
        if self._hours.strip().lower() in ("24h", "24 h", "24/7", "24"):
            self.hours_label.setText(self.tr("Open 24 hours"))
        else:
            self.hours_label.setText(self.tr("Opening hours: {hours}").format(hours=self._hours))
        self.language_button.setText(OTHER_LANGUAGE_LABEL[current_language()])
        self.language_button.setAccessibleName(self.tr("Switch language"))
        self.large_text_button.setText(
            self.tr("Normal text") if self.large_text_button.isChecked() else self.tr("Large text")
        )
        self.welcome.setText(self.tr("Welcome! How can we help?"))
        self.tiles["home_checkin"].set_texts(
            self.tr("Check in"), self.tr("Tell us you stopped by. Three taps.")
        )
        self.tiles["home_assessment"].set_texts(
            self.tr("Mood self-check"), self.tr("A check-up for your feelings. Anonymous.")
        )
        self.tiles["home_resources"].set_texts(
            self.tr("Help & resources"), self.tr("Hotlines, counselling, nearby stations.")
        )
        self.footer.setText(
            self.tr("All services here are free. The mood self-check is anonymous.")
        )

    def set_large_text(self, large: bool) -> None:
        """Reflect the text size on the toggle and make room for bigger text."""
        self.large_text_button.setChecked(large)
        # Large text: tiles become full-width rows (icon beside text) and the welcome
        # line steps aside, so every word still fits a 1280×800 screen uncut.
        self.welcome.setVisible(not large)
        for tile in self.tiles.values():
            tile.set_icon_px(72 if large else 112)
            tile.set_horizontal(large)
        self.tiles_layout.setDirection(
            QBoxLayout.Direction.TopToBottom if large else QBoxLayout.Direction.LeftToRight
        )
        self.tiles_layout.setSpacing(MIN_GAP_PX * (2 if large else 4))
        self.logo.setPixmap(icon("station").pixmap(QSize(64, 64) if large else QSize(88, 88)))
        layout: QVBoxLayout = self.layout()  # type: ignore[assignment]
        layout.setContentsMargins(*((32, 16, 32, 16) if large else (48, 36, 48, 36)))
        layout.setSpacing(MIN_GAP_PX * (1 if large else 3))
        self.translate_ui()

    def has_state(self) -> bool:
        return False

    def reset(self) -> None:
        self.station_area.cancel()

    def on_leave(self) -> None:
        self.station_area.cancel()
