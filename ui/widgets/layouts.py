"""Emptying a layout that is filled afresh (dashboard tables, resource cards, fallback codes).

``QLayout.takeAt`` hands each item back to the caller, and PySide6 leaves the
C++ item owned by nobody: dropped, it is ~100 bytes lost for good. A screen
rebuilt thousands of times over months adds up, so :func:`take_widgets`
deletes the items itself and returns only the widgets, which the caller deletes
as it sees fit.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QLayout, QWidget


def take_widgets(layout: QLayout) -> list[QWidget]:
    """Empty ``layout`` (and the layouts nested in it); return the widgets it held."""
    widgets: list[QWidget] = []
    while layout.count():
        item = layout.takeAt(0)
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            widgets.append(widget)
        elif inner is not None:
            widgets += take_widgets(inner)
        shiboken6.delete(item)  # an inner layout goes with its item; its widgets do not
    return widgets
