"""QR codes on screen: a link drawn as a crisp black-on-white pixmap.

Whole-pixel modules with a four-module quiet zone, so a phone held at arm's
length reads the code off the kiosk's screen. Pixmaps are cached: a screen
shows the same few links again and again.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

QUIET_MODULES = 4


@lru_cache(maxsize=256)
def qr_modules(data: str) -> tuple[tuple[bool, ...], ...]:
    """Dark/light modules of the QR code for ``data`` (error correction M, no border)."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(version=None, error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in code.modules)


@lru_cache(maxsize=128)
def qr_image(data: str, side_px: int) -> QImage:
    """The code for ``data`` as an image at most ``side_px`` wide (whole-pixel modules)."""
    matrix = qr_modules(data)
    count = len(matrix) + 2 * QUIET_MODULES
    module = max(2, side_px // count)
    side = count * module
    image = QImage(side, side, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    black = QColor("black")
    for row_index, row in enumerate(matrix):
        y = (row_index + QUIET_MODULES) * module
        start = -1
        for col_index, dark in enumerate((*row, False)):
            if dark and start < 0:
                start = col_index
            elif not dark and start >= 0:
                x = (start + QUIET_MODULES) * module
                painter.fillRect(QRect(x, y, (col_index - start) * module, module), black)
                start = -1
    painter.end()
    return image


def qr_pixmap(data: str, side_px: int) -> QPixmap:
    """:func:`qr_image` as a pixmap for a QLabel."""
    return QPixmap.fromImage(qr_image(data, side_px))


class QrLabel(QLabel):
    """A label showing one link as a QR code; ``data()`` is the link it encodes."""

    def __init__(self, data: str, side_px: int = 180, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "qr")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._data = ""
        self._side = side_px
        self.set_data(data)

    def data(self) -> str:
        return self._data

    def set_data(self, data: str, side_px: int | None = None) -> None:
        """Show the code for ``data`` (an empty string clears it)."""
        self._data = data
        if side_px is not None:
            self._side = side_px
        if data:
            pixmap = qr_pixmap(data, self._side)
            self.setPixmap(pixmap)
            self.setFixedSize(pixmap.size())
        else:
            self.clear()
