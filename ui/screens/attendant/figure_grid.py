"""A two-column grid of figures (caption, value) that keeps its labels between paints.

The dashboard repaints every few seconds; building its labels afresh each time cost
more than computing the figures. :meth:`FigureGrid.show` makes labels only when the
rows change (a new trade, a new band) and otherwise sets their texts. Every figure is
a label of its own with a stable objectName (``<name>``, its caption ``<name>_caption``)
so tests compare it with the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from ui.widgets.layouts import take_widgets


@dataclass(frozen=True)
class Row:
    """One line: a caption and its figure, or (``value`` None) a heading on its own."""

    caption: str
    name: str
    value: str | None = None
    indent: int = 0
    wrap: bool = False
    role: str | None = None  # the caption's role: "instrument" for a heading
    warn: bool = False  # both shown as an error


def value_label(parent: QWidget, name: str, role: str | None = None) -> QLabel:
    """A figure: right-aligned, the same in every language; ``role`` left-aligns it."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setProperty("i18n_exempt", True)  # a figure, the same in every language
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if role:
        label.setProperty("role", role)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return label


def _set_role(label: QLabel, role: str | None) -> None:
    if label.property("role") != role:
        label.setProperty("role", role)
        label.style().unpolish(label)
        label.style().polish(label)


class FigureGrid:
    """See the module docstring. ``parent`` owns the labels, ``grid`` lays them out."""

    def __init__(self, parent: QWidget, grid: QGridLayout) -> None:
        self.parent, self.grid = parent, grid
        self._names: list[str] = []
        self._labels: list[tuple[QLabel, QLabel | None]] = []
        grid.setColumnStretch(0, 1)

    def clear(self) -> None:
        for widget in take_widgets(self.grid):
            widget.setParent(None)
            widget.deleteLater()
        self._names, self._labels = [], []

    def show(self, rows: list[Row]) -> None:
        """Show ``rows``, reusing the labels when the same rows were shown before."""
        names = [row.name for row in rows]
        if names != self._names:
            # Labels added to a panel on screen are shown, polished and laid out one by
            # one; added while it is hidden, all at once when it shows again.
            hidden = self.parent.isVisible()
            if hidden:
                self.parent.hide()
            self.clear()
            for index, row in enumerate(rows):
                caption = QLabel(self.parent)
                caption.setObjectName(f"{row.name}_caption")
                figure = None
                if row.value is None:
                    self.grid.addWidget(caption, index, 0, 1, 2)
                else:
                    figure = value_label(self.parent, row.name)
                    self.grid.addWidget(caption, index, 0)
                    self.grid.addWidget(figure, index, 1)
                self._labels.append((caption, figure))
            self._names = names
        else:
            hidden = False
        for row, (caption, figure) in zip(rows, self._labels, strict=True):
            caption.setText(row.caption)
            caption.setWordWrap(row.wrap)
            caption.setIndent(row.indent)
            _set_role(caption, "error" if row.warn else row.role)
            if figure is not None:
                figure.setText(row.value or "")
                _set_role(figure, "error" if row.warn else None)
        if hidden:
            self.parent.show()

    def figure(self, name: str) -> QLabel | None:
        """The figure label ``name`` now shown, if any."""
        for shown, (_caption, figure) in zip(self._names, self._labels, strict=True):
            if shown == name:
                return figure
        return None
