"""The cards of the resources screen: one resource, or one nearby station.

Every card shows its QR code so a worker who would rather scan than print can;
texts come from content and follow :func:`ui.i18n.current_language`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.content.catalogue import SERVICE_LABELS, Resource, Station
from kiosk.content.geo import format_distance, map_url
from ui.i18n import Retranslatable, current_language
from ui.theme import icon
from ui.widgets.buttons import TouchButton
from ui.widgets.qr import QrLabel

QR_PX = 190
SIDE_PX = 300  # the right-hand column: code, caption, buttons
STATION_QR_PX = 170


def resource_link(item: Resource) -> str:
    """What a resource's QR code holds: its link, else its phone number to dial."""
    if item.url:
        return item.url
    if item.phone:
        return f"tel:{item.phone.split('/')[0].strip().replace(' ', '')}"
    return ""


def _label(parent: QWidget, name: str, role: str | None = None, wrap: bool = True) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    if role:
        label.setProperty("role", role)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


class _Card(Retranslatable, QFrame):
    def __init__(self, name: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("role", "card")


class ResourceCard(_Card):
    """One resource: title, phone, hours, what it is, how to use it, its QR code.

    Signals:
        toggled(str, bool): the worker chose (True) or un-chose the resource for the slip.
        print_requested(str): the worker asked to print only this resource.
    """

    toggled = Signal(str, bool)
    print_requested = Signal(str)

    def __init__(self, item: Resource, parent: QWidget | None = None) -> None:
        super().__init__(f"resource_{item.id}", parent)
        self.item = item
        ident = item.id
        self.title = _label(self, f"title_{ident}", "card_title")
        self.phone = _label(self, f"phone_{ident}", "phone", wrap=False)
        self.hours = _label(self, f"hours_{ident}", "hint")
        self.caution = _label(self, f"caution_{ident}", "caution")
        self.summary = _label(self, f"summary_{ident}")
        self.detail = _label(self, f"detail_{ident}", "detail")
        self.phone.setVisible(bool(item.phone))
        self.hours.setVisible(item.hours is not None)
        self.caution.setVisible(item.category == "selfhelp")

        link = resource_link(item)
        self.qr = QrLabel(link, QR_PX, self)
        self.qr.setObjectName(f"qr_{ident}")
        self.qr.setVisible(bool(link))
        self.qr_caption = _label(self, f"qr_caption_{ident}", "hint")
        self.qr_caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.qr_caption.setMaximumWidth(SIDE_PX)
        self.qr_caption.setVisible(bool(link))

        self.select = TouchButton(f"select_{ident}", self, icon=icon("add"), icon_px=36)
        self.select.setProperty("role", "choose")
        self.select.setCheckable(True)
        self.select.toggled.connect(self._toggled)
        self.print_one = TouchButton(f"print_item_{ident}", self, icon=icon("print"), icon_px=36)
        self.print_one.clicked.connect(lambda _checked=False: self.print_requested.emit(ident))

        text = QVBoxLayout()
        text.setSpacing(8)
        for widget in (self.title, self.phone, self.hours, self.caution, self.summary, self.detail):
            text.addWidget(widget)
        text.addStretch(1)
        # The code and the two buttons share the right-hand column, so they are in view
        # as soon as the card's title is, however long its text.
        side = QVBoxLayout()
        side.setSpacing(12)
        side.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        side.addWidget(self.qr_caption)
        side.addSpacing(8)
        side.addWidget(self.select)
        side.addWidget(self.print_one)
        side.addStretch(1)
        for button in (self.select, self.print_one):
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setMinimumSize(SIDE_PX, 72)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(32)
        layout.addLayout(text, 1)
        layout.addLayout(side)
        self.translate_ui()

    @property
    def chosen(self) -> bool:
        return self.select.isChecked()

    def set_chosen(self, chosen: bool) -> None:
        self.select.setChecked(chosen)

    def set_print_enabled(self, enabled: bool) -> None:
        self.print_one.setEnabled(enabled)

    def _toggled(self, chosen: bool) -> None:
        self.select.setIcon(icon("check" if chosen else "add"))
        self.translate_ui()
        self.toggled.emit(self.item.id, chosen)

    def translate_ui(self) -> None:
        lang = current_language()
        item = self.item
        self.title.setText(item.title.get(lang))
        if item.phone:
            self.phone.setText(self.tr("Phone: {number}").format(number=item.phone))
        if item.hours is not None:
            self.hours.setText(item.hours.get(lang))
        self.caution.setText(
            self.tr("Safety first: never do this while riding or driving. Stop somewhere safe.")
        )
        self.summary.setText(item.summary.get(lang))
        self.detail.setText(item.detail.get(lang))
        link = self.qr.data()
        if link.startswith("tel:"):
            self.qr_caption.setText(self.tr("Scan to call"))
        else:
            self.qr_caption.setText(self.tr("Scan with your phone"))
        self.select.setText(self.tr("On my slip") if self.chosen else self.tr("Add to my slip"))
        self.select.setAccessibleName(item.title.get(lang))
        self.print_one.setText(self.tr("Print just this"))


class StationCard(_Card):
    """A nearby station: name, distance, address, hours, services and a QR map link."""

    def __init__(self, station: Station, km: float, parent: QWidget | None = None) -> None:
        super().__init__(f"station_{station.id}", parent)
        self.station = station
        self.km = km
        ident = station.id
        self.name = _label(self, f"station_name_{ident}", "card_title")
        self.distance = _label(self, f"station_distance_{ident}", "distance", wrap=False)
        self.address = _label(self, f"station_address_{ident}")
        self.hours = _label(self, f"station_hours_{ident}")
        self.services = _label(self, f"station_services_{ident}", "hint")
        self.qr = QrLabel("", STATION_QR_PX, self)
        self.qr.setObjectName(f"qr_station_{ident}")
        self.qr_caption = _label(self, f"qr_caption_station_{ident}", "hint")
        self.qr_caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.qr_caption.setFixedWidth(STATION_QR_PX + 60)

        head = QHBoxLayout()
        head.setSpacing(24)
        head.addWidget(self.name, 1)
        head.addWidget(self.distance, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.setSpacing(6)
        text.addLayout(head)
        for widget in (self.address, self.hours, self.services):
            text.addWidget(widget)
        text.addStretch(1)
        code = QVBoxLayout()
        code.setSpacing(4)
        code.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        code.addWidget(self.qr_caption)
        code.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 20)
        layout.setSpacing(32)
        layout.addLayout(text, 1)
        layout.addLayout(code)
        self.translate_ui()

    def translate_ui(self) -> None:
        lang = current_language()
        station = self.station
        self.name.setText(station.name.get(lang))
        self.distance.setText(format_distance(self.km, lang))
        self.address.setText(station.address.get(lang))
        self.hours.setText(self.tr("Open: {hours}").format(hours=station.hours.get(lang)))
        separator = self.tr(", ")
        labels = [SERVICE_LABELS[s].get(lang) for s in station.services if s in SERVICE_LABELS]
        self.services.setText(self.tr("Here: {services}").format(services=separator.join(labels)))
        self.services.setVisible(bool(labels))
        self.qr.set_data(map_url(station, lang))  # the map pin is labelled in this language
        self.qr_caption.setText(self.tr("Scan for the map"))
