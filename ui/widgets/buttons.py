"""Touch buttons: big targets that ignore the bounce of a gloved tap.

:func:`debounce` works on any ``QAbstractButton``: once the button has been
activated, presses within ``DEBOUNCE_MS`` are swallowed, so a double tap (or a
tap that bounces) activates it once. :class:`TouchButton` is a ``QPushButton``
with debounce and the theme's minimum size; :class:`ActionTile` is the large
icon-and-text tile of the home screen.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.qt_names import set_keys
from ui.theme import MIN_TARGET_PX

DEBOUNCE_MS = 400

_PRESS_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.TouchBegin,
    }
)


class Debouncer(QObject):
    """Event filter that drops presses on a button within ``ms`` of its last activation."""

    def __init__(self, button: QAbstractButton, ms: int = DEBOUNCE_MS) -> None:
        super().__init__(button)
        self.ms = ms
        self._last_activation = -1e9
        button.clicked.connect(self._activated)
        button.installEventFilter(self)

    def _activated(self) -> None:
        self._last_activation = time.monotonic()

    def blocked(self) -> bool:
        """True while a new press would be ignored."""
        return (time.monotonic() - self._last_activation) * 1000 < self.ms

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in _PRESS_EVENTS and self.blocked():
            event.accept()
            return True
        return False


def debounce(button: QAbstractButton, ms: int = DEBOUNCE_MS) -> Debouncer:
    """Make ``button`` ignore repeat activations within ``ms`` milliseconds."""
    return Debouncer(button, ms)


class TouchButton(QPushButton):
    """A QPushButton for fingers and gloves: ≥ 60×60 px, debounced, no keyboard focus."""

    def __init__(
        self,
        object_name: str,
        parent: QWidget | None = None,
        *,
        tone: str | None = None,
        icon: QIcon | None = None,
        icon_px: int = 40,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setMinimumSize(MIN_TARGET_PX, MIN_TARGET_PX)
        # Never squeezed below the size its text needs: a cut label is a dead button.
        self.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        set_keys(self, "focusPolicy", "NoFocus")
        self.setAutoDefault(False)
        if tone:
            self.setProperty("tone", tone)
        if icon is not None:
            self.setIcon(icon)
            self.setIconSize(QSize(icon_px, icon_px))
        self.debouncer = debounce(self)


class _TileLayout(QBoxLayout):
    """A tile's layout whose height for a width is right in a row too.

    A parent layout asks a tile with a layout for that layout's height-for-width.
    In a row (large text) nothing wraps, so a plain box layout answers "none" and
    the tile falls back to its 60 px minimum, squeezing and cutting its title.
    """

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        if super().hasHeightForWidth():
            return super().heightForWidth(width)
        return self.sizeHint().height()


class ActionTile(TouchButton):
    """A big home-screen tile: an icon above a title and a short hint.

    :meth:`set_horizontal` puts the icon beside the text instead (home uses it in
    large-text mode, where three tiles side by side would cut their text).
    """

    def __init__(
        self, object_name: str, tone: str, icon: QIcon, parent: QWidget | None = None
    ) -> None:
        super().__init__(object_name, parent, tone=tone)
        self.setProperty("role", "tile")
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        layout = _TileLayout(QBoxLayout.Direction.TopToBottom, self)
        layout.setContentsMargins(20, 24, 20, 24)
        layout.setSpacing(12)
        self._icon = icon
        self.icon_label = QLabel(self)
        self.set_icon_px(112)
        set_keys(self.icon_label, "alignment", "AlignCenter")
        self.title_label = QLabel(self)
        self.title_label.setProperty("role", "tile_title")
        self.title_label.setObjectName(f"{object_name}_title")
        self.hint_label = QLabel(self)
        self.hint_label.setProperty("role", "tile_hint")
        self.hint_label.setObjectName(f"{object_name}_hint")
        for label in (self.title_label, self.hint_label):
            set_keys(label, "alignment", "AlignCenter")
            label.setWordWrap(True)
        # The whole tile is the target: a label ignores a press, so the press reaches the tile.
        text = self._text = QVBoxLayout()
        text.setSpacing(8)
        text.addWidget(self.title_label)
        text.addWidget(self.hint_label)
        layout.addStretch(1)
        layout.addWidget(self.icon_label)
        layout.addLayout(text)
        layout.addStretch(1)

    def set_horizontal(self, horizontal: bool) -> None:
        """Icon beside the text (True) or above it (False)."""
        layout: QBoxLayout = self.layout()  # type: ignore[assignment]
        layout.setDirection(
            QBoxLayout.Direction.LeftToRight if horizontal else QBoxLayout.Direction.TopToBottom
        )
        layout.setSpacing(28 if horizontal else 12)
        self._text.setSpacing(0 if horizontal else 8)  # a row: the title's leading is enough
        layout.setContentsMargins(*((32, 12, 32, 12) if horizontal else (20, 24, 20, 24)))
        align = "AlignLeft|AlignVCenter" if horizontal else "AlignHCenter|AlignVCenter"
        for label in (self.title_label, self.hint_label):
            set_keys(label, "alignment", align)
            # A full-width row has room for one line; wrapping there makes Qt pick a
            # narrow column and cut the hint.
            label.setWordWrap(not horizontal)

    def set_icon_px(self, px: int) -> None:
        """Draw the icon at ``px`` × ``px`` (smaller in large-text mode)."""
        self.icon_label.setPixmap(self._icon.pixmap(QSize(px, px)))

    def set_texts(self, title: str, hint: str) -> None:
        """Set the tile's title and hint (and the accessible name)."""
        self.title_label.setText(title)
        self.hint_label.setText(hint)
        self.setAccessibleName(title)

    # A push button ignores its layout when sizing itself; these make the tile as tall
    # as its wrapped title and hint need, so no text is ever cut or overlaps the icon.
    def sizeHint(self) -> QSize:  # noqa: N802
        return self.layout().sizeHint().expandedTo(QSize(MIN_TARGET_PX, MIN_TARGET_PX))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.layout().minimumSize().expandedTo(QSize(MIN_TARGET_PX, MIN_TARGET_PX))

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return max(self.layout().totalHeightForWidth(width), MIN_TARGET_PX)
