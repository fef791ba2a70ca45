"""A big toggle for one check-in choice (a trade or a service): icon, label, and a tick.

The icons in ``resources/icons`` are white line drawings made for coloured
buttons. A choice is white until it is chosen, so it draws its icon in the
check-in colour then and in white once chosen (on the check-in colour). The
chosen state never rests on colour alone: a tick appears (in the corner of a
trade, in place of the icon of a service) and the border thickens.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QBoxLayout, QLabel, QSizePolicy, QWidget

from kiosk.resources import resource
from ui.theme import MIN_TARGET_PX, PALETTE, icon
from ui.widgets.buttons import TouchButton

FALLBACK_ICON = "checkin"


@cache
def tinted(name: str, colour: str, px: int) -> QPixmap:
    """The white icon ``name`` redrawn in ``colour`` at ``px`` × ``px`` (cached)."""
    source = name if name and resource("icons", f"{name}.svg").exists() else FALLBACK_ICON
    pixmap = icon(source).pixmap(QSize(px, px))
    painter = QPainter(pixmap)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    painter.fillRect(pixmap.rect(), QColor(colour))
    painter.end()
    return pixmap


class ChoiceButton(TouchButton):
    """A checkable button with an icon and a wrapping label (see the module docstring).

    ``vertical`` puts the icon above the label (trades), else beside it (services).
    """

    _vertical = True

    def __init__(
        self,
        object_name: str,
        icon_name: str,
        parent: QWidget | None = None,
        *,
        vertical: bool = True,
        icon_px: int = 64,
    ) -> None:
        super().__init__(object_name, parent)
        self.setCheckable(True)
        # The role picks the label's size: a trade (tall) reads bigger than a service.
        self.setProperty("role", "choice_tall" if vertical else "choice_wide")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._icon_name = icon_name
        self._icon_px = icon_px
        self.icon_label = QLabel(self)
        self.icon_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text_label = QLabel(self)
        self.text_label.setObjectName(f"{object_name}_label")
        self.text_label.setProperty("role", "choice_text")
        self.text_label.setProperty("i18n_exempt", True)  # content, not a UI string
        self.text_label.setWordWrap(True)
        self.tick = QLabel(self)
        self.tick.setObjectName(f"{object_name}_tick")
        self.tick.setPixmap(tinted("tick", PALETTE["on_color"], 28))
        self.tick.hide()
        for label in (self.icon_label, self.text_label, self.tick):
            # The whole button is the target: its labels must not eat the press.
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._vertical = vertical
        direction = QBoxLayout.Direction
        layout = QBoxLayout(direction.TopToBottom if vertical else direction.LeftToRight, self)
        layout.setContentsMargins(*((10, 8, 10, 8) if vertical else (12, 6, 12, 6)))
        layout.setSpacing(4 if vertical else 10)
        layout.addWidget(self.icon_label)
        layout.addWidget(self.text_label, 1)
        align = Qt.AlignmentFlag.AlignCenter if vertical else Qt.AlignmentFlag.AlignVCenter
        self.text_label.setAlignment(align)
        self.toggled.connect(self._show_state)
        self._show_state(False)

    def set_tight(self, tight: bool) -> None:
        """Label in the body size instead of the button size (large text, where a long
        word at the button size would not fit a quarter of the screen)."""
        self.text_label.setProperty("fit", "tight" if tight else "")
        self._repolish()

    def _repolish(self) -> None:
        self.text_label.style().unpolish(self.text_label)
        self.text_label.style().polish(self.text_label)
        self.updateGeometry()

    def set_label(self, text: str) -> None:
        self.text_label.setText(text)
        self.setAccessibleName(text)

    def set_icon_px(self, px: int) -> None:
        self._icon_px = px
        self._show_state(self.isChecked())

    def _show_state(self, checked: bool) -> None:
        colour = PALETTE["on_color"] if checked else PALETTE["checkin"]
        # A tall choice shows the tick in its corner; a wide one, short of room for
        # its label, shows the tick in place of its icon.
        name = "tick" if checked and not self._vertical else self._icon_name
        self.icon_label.setPixmap(tinted(name, colour, self._icon_px))
        self.tick.setVisible(checked and self._vertical)
        # The label's colour follows a property: QSS cannot select on a parent's :checked.
        self.text_label.setProperty("chosen", checked)
        self._repolish()

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001
        super().resizeEvent(event)
        self.tick.adjustSize()
        self.tick.move(self.width() - self.tick.width() - 8, 8)

    # A push button ignores its layout when sizing itself; these make it as tall as
    # its wrapped label needs, so no text is ever cut.
    def sizeHint(self) -> QSize:  # noqa: N802
        return self.layout().sizeHint().expandedTo(QSize(MIN_TARGET_PX, MIN_TARGET_PX))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.layout().minimumSize().expandedTo(QSize(MIN_TARGET_PX, MIN_TARGET_PX))

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return max(self.layout().totalHeightForWidth(width), MIN_TARGET_PX)
