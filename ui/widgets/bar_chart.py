"""A small bar chart painted with QPainter: visits by hour on the attendant dashboard.

No chart library: 24 bars, the hour under every third bar, the largest value
above its bar. :meth:`values` returns what is drawn, so a test can compare the
chart with the database. The chart has no text of its own to translate; the
panel around it carries the caption.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.theme import PALETTE


class BarChart(QWidget):
    """Bars for a sequence of counts, labelled with ``labels`` under every ``label_every`` bar."""

    def __init__(self, parent: QWidget | None = None, *, name: str = "bar_chart") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._values: list[int] = [0] * 24
        self._labels: list[str] = [f"{h:02d}" for h in range(24)]
        self.label_every = 3
        self.highlight: int | None = None  # e.g. the current hour

    def set_values(self, values: Sequence[int], labels: Sequence[str] | None = None) -> None:
        """Show ``values`` (labels default to 00…23 for 24 values)."""
        self._values = [max(0, int(v)) for v in values]
        if labels is not None:
            self._labels = list(labels)
        elif len(self._values) != len(self._labels):
            self._labels = [str(i) for i in range(len(self._values))]
        self.update()

    def values(self) -> list[int]:
        """The values drawn now."""
        return list(self._values)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(480, 180)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(240, 120)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        font.setPointSizeF(max(9.0, self.font().pointSizeF() * 0.6))
        painter.setFont(font)
        metrics = painter.fontMetrics()
        text_h = metrics.height()
        area = QRectF(self.rect()).adjusted(4, text_h + 4, -4, -(text_h + 6))
        n = max(1, len(self._values))
        top = max(self._values, default=0) or 1
        slot = area.width() / n
        bar_w = max(2.0, slot * 0.72)
        text = QColor(PALETTE["text"])
        muted = QColor(PALETTE["muted"])
        fill = QColor(PALETTE["checkin"])
        accent = QColor(PALETTE["resources"])
        painter.setPen(muted)
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        peak = self._values.index(max(self._values)) if any(self._values) else -1
        for i, value in enumerate(self._values):
            x = area.left() + i * slot + (slot - bar_w) / 2
            height = area.height() * value / top
            bar = QRectF(x, area.bottom() - height, bar_w, height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(accent if i == self.highlight else fill)
            if value:
                painter.drawRoundedRect(bar, 2, 2)
            painter.setPen(text)
            if i == peak:
                label = QRectF(x - slot, bar.top() - text_h - 2, bar_w + 2 * slot, text_h)
                painter.drawText(label, Qt.AlignmentFlag.AlignCenter, str(value))
            if i < len(self._labels) and i % self.label_every == 0:
                below = QRectF(x - slot, area.bottom() + 4, bar_w + 2 * slot, text_h)
                painter.drawText(below, Qt.AlignmentFlag.AlignCenter, self._labels[i])
        painter.end()
