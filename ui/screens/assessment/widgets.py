"""Small widgets of the assessment screens: choice tiles, resource cards, the QR code."""

from __future__ import annotations

import qrcode
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from kiosk.content.catalogue import Resource
from ui.theme import MIN_TARGET_PX
from ui.widgets.buttons import TouchButton


def label(parent: QWidget, name: str, role: str | None = None, *, content: bool = False) -> QLabel:
    """A word-wrapped label; ``content`` marks text that comes from files, not tr()."""
    widget = QLabel(parent)
    widget.setObjectName(name)
    widget.setWordWrap(True)
    if role:
        widget.setProperty("role", role)
    if content:
        widget.setProperty("i18n_exempt", True)
    return widget


def scroll_column(parent: QWidget, name: str) -> tuple[QScrollArea, QVBoxLayout]:
    """A column that scrolls only if its words do not fit (large text), never cutting them."""
    area = QScrollArea(parent)
    area.setObjectName(name)
    area.setProperty("role", "column")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    inner = QWidget(area)
    inner.setObjectName(f"{name}_content")
    inner.setProperty("role", "column_content")
    layout = QVBoxLayout(inner)
    layout.setContentsMargins(0, 0, 12, 0)
    area.setWidget(inner)
    return area, layout


def discard(widget: QWidget) -> None:
    """Remove a widget at once (so no stale copy is found by objectName), then delete it."""
    widget.hide()
    widget.setParent(None)
    widget.deleteLater()


class ChoiceButton(TouchButton):
    """A wide button whose words wrap: a bold title and an optional hint under it."""

    def __init__(
        self,
        object_name: str,
        parent: QWidget | None = None,
        *,
        tone: str | None = None,
        role: str = "choice",
    ) -> None:
        super().__init__(object_name, parent, tone=tone)
        self.setProperty("role", role)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 12, 28, 12)
        layout.setSpacing(4)
        self.title_label = label(self, f"{object_name}_title", "choice_title", content=True)
        self.hint_label = label(self, f"{object_name}_hint", "choice_hint")
        for widget in (self.title_label, self.hint_label):
            widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(widget)
        self.toggled.connect(self._show_chosen)

    def _show_chosen(self, chosen: bool) -> None:
        """Mark the labels ``chosen`` so a stylesheet can turn them white on a filled tile."""
        for widget in (self.title_label, self.hint_label):
            widget.setProperty("chosen", chosen)
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def setText(self, text: str) -> None:  # noqa: N802 - the words live in the title label
        self.set_texts(text, "")

    def text(self) -> str:
        return self.title_label.text()

    def set_texts(self, title: str, hint: str) -> None:
        self.title_label.setText(title)
        self.hint_label.setText(hint)
        self.hint_label.setVisible(bool(hint))
        self.setAccessibleName(title)

    def sizeHint(self) -> QSize:  # noqa: N802 - a push button ignores its layout otherwise
        return self.layout().sizeHint().expandedTo(QSize(MIN_TARGET_PX, MIN_TARGET_PX))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.layout().minimumSize().expandedTo(QSize(MIN_TARGET_PX, MIN_TARGET_PX))

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return max(self.layout().totalHeightForWidth(width), MIN_TARGET_PX)


class ResourceCard(QFrame):
    """One suggested resource: its title, then the phone number and hours if it has them."""

    def __init__(self, resource: Resource, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"resource_{resource.id}")
        self.setProperty("role", "resource_card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 10, 18, 10)
        layout.setSpacing(2)
        title = label(self, "resource_title", "card_title", content=True)
        title.setText(resource.title.get(lang))
        layout.addWidget(title)
        # The number if there is one, else the hours: the summary is for the slip.
        shown = resource.phone or (resource.hours.get(lang) if resource.hours else "")
        if shown:
            detail = label(self, "resource_detail", "card_detail", content=True)
            detail.setText(shown)
            layout.addWidget(detail)


def qr_pixmap(text: str, size_px: int = 220) -> QPixmap:
    """A QR code of ``text`` drawn crisp (whole pixels per module), dark on white.

    Not :func:`ui.widgets.qr.qr_pixmap`: that one caches its images, and a worker's
    follow-up code must not stay in memory after the screen has been wiped.
    """
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    modules = len(matrix)
    scale = max(1, size_px // modules)
    image = QImage(modules * scale, modules * scale, QImage.Format.Format_RGB32)
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    black = QColor("#000000")
    for row, cells in enumerate(matrix):
        for column, dark in enumerate(cells):
            if dark:
                painter.fillRect(column * scale, row * scale, scale, scale, black)
    painter.end()
    return QPixmap.fromImage(image)
