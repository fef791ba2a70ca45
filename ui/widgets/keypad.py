"""On-screen numeric keypad for the few numeric inputs (member number, PIN).

No system keyboard and no free text: ten digit keys, "delete" and "clear", and
a display above them. In masked mode (PINs) the display shows one dot per
digit. The typed value lives only in this widget's ``_digits`` and the
display; :meth:`clear` wipes both (the idle wipe calls it through the screen's
``reset()``).

Object names: ``<name>_display``, ``<name>_0`` … ``<name>_9``,
``<name>_delete``, ``<name>_clear`` where ``<name>`` is the keypad's own
object name (``keypad`` by default).

Signals:
    changed(str): the value after every key.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from ui.i18n import Retranslatable
from ui.theme import MIN_GAP_PX
from ui.widgets.buttons import TouchButton

MASK_CHAR = "●"


class Keypad(Retranslatable, QWidget):
    """A 3×4 digit pad with a display; see the module docstring."""

    changed = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        name: str = "keypad",
        masked: bool = False,
        max_length: int = 20,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.masked = masked
        self.max_length = max_length
        self._digits = ""

        self.display = QLabel(self)
        self.display.setObjectName("keypad_display")
        self.display.setProperty("keypad", name)
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)

        grid = QGridLayout()
        grid.setSpacing(MIN_GAP_PX * 2)
        self.digit_buttons: dict[str, TouchButton] = {}
        for index, digit in enumerate("123456789"):
            self._add_digit(grid, digit, index // 3, index % 3, name)
        self.clear_button = TouchButton(f"{name}_clear", self, tone="secondary")
        self.clear_button.setProperty("role", "key_edit")
        self.clear_button.clicked.connect(self.clear)
        self.delete_button = TouchButton(f"{name}_delete", self, tone="secondary")
        self.delete_button.setProperty("role", "key_edit")
        self.delete_button.clicked.connect(self.delete)
        grid.addWidget(self.clear_button, 3, 0)
        self._add_digit(grid, "0", 3, 1, name)
        grid.addWidget(self.delete_button, 3, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(MIN_GAP_PX * 2)
        layout.addWidget(self.display)
        layout.addLayout(grid)
        self._refresh()
        self.translate_ui()

    def _add_digit(self, grid: QGridLayout, digit: str, row: int, col: int, name: str) -> None:
        button = TouchButton(f"{name}_{digit}", self)
        button.setProperty("role", "key")
        button.setText(digit)
        # A digit key repeats on purpose ("1", "1"): a shorter debounce than the
        # default still stops a bounce but lets a worker type "11" at a normal pace.
        button.debouncer.ms = 120
        button.clicked.connect(lambda _checked=False, d=digit: self.press(d))
        grid.addWidget(button, row, col)
        self.digit_buttons[digit] = button

    def translate_ui(self) -> None:
        self.clear_button.setText(self.tr("Clear"))
        self.delete_button.setText(self.tr("Delete"))
        self.delete_button.setAccessibleName(self.tr("Delete the last digit"))

    # --- the value ------------------------------------------------------------

    def value(self) -> str:
        """The digits typed so far."""
        return self._digits

    def press(self, digit: str) -> None:
        """Type one digit (ignored past ``max_length``)."""
        if not (len(digit) == 1 and digit.isdigit()):
            raise ValueError("a keypad key is one digit")
        if len(self._digits) >= self.max_length:
            return
        self._digits += digit
        self._refresh()

    def delete(self) -> None:
        """Remove the last digit."""
        if self._digits:
            self._digits = self._digits[:-1]
            self._refresh()

    def clear(self) -> None:
        """Remove every digit (and from the display)."""
        self._digits = ""
        self._refresh()

    def _refresh(self) -> None:
        shown = MASK_CHAR * len(self._digits) if self.masked else self._digits
        self.display.setText(shown)
        self.changed.emit(self._digits)
