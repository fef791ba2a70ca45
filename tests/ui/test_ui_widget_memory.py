"""What screens rebuild over and over leaves no memory behind (the kiosk runs for months).

Measured as the bytes glibc's malloc has handed out (Qt's C++ side; Python's
objects alone would not show either): a layout emptied with ``takeAt`` leaked
each item (~100 bytes a widget), and every new ``QIcon`` of an SVG left its
rendered pixmap in Qt's pixmap cache (~10 KiB a button, up to 10 MiB).
"""

from __future__ import annotations

import gc
import sys

import pytest
from PySide6.QtCore import QSize
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from soak_support import malloc_in_use_kib

from ui.theme import icon
from ui.widgets.layouts import take_widgets

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not malloc_in_use_kib(),
    reason="measures glibc malloc",
)


def _growth_bytes(step, times: int) -> float:  # type: ignore[no-untyped-def]
    step()  # first-use costs outside the count
    QTest.qWait(1)  # deleteLater's deletions happen in the event loop
    gc.collect()
    before = malloc_in_use_kib()
    for _ in range(times):
        step()
        QTest.qWait(0)  # as in the kiosk, each rebuild in its own turn of the event loop
    QTest.qWait(1)
    gc.collect()
    return (malloc_in_use_kib() - before) * 1024 / times


def test_a_layout_emptied_and_refilled_keeps_no_memory(qapp) -> None:
    host = QWidget()
    layout = QVBoxLayout(host)
    inner = QVBoxLayout()
    layout.addLayout(inner)

    def refill() -> None:
        for widget in take_widgets(layout):
            widget.deleteLater()
        inner = QVBoxLayout()
        layout.addLayout(inner)
        for n in range(10):
            (inner if n % 2 else layout).addWidget(QLabel(f"row {n}", host))
        layout.addStretch(1)

    per_refill = _growth_bytes(refill, 2000)
    assert per_refill < 100, f"{per_refill:.0f} bytes kept per refill of 10 rows"
    assert len(host.findChildren(QLabel)) == 10
    host.deleteLater()


def test_buttons_built_afresh_do_not_fill_the_pixmap_cache(qapp) -> None:
    def new_button_icon() -> None:
        icon("check").pixmap(QSize(48, 48))  # what a new button does when it paints

    per_button = _growth_bytes(new_button_icon, 300)
    assert per_button < 1024, f"{per_button:.0f} bytes kept per new button's icon"
