"""Help and resources: the catalogue on screen, QR codes, and printed slips.

:func:`register` adds ``screen_resources`` (built on first use, so nothing of it
loads before home is painted) and warms the slip renderer a second after the
runtime is ready, so the first slip after start-up prints without a wait. Not
at once: the warm-up (qrcode, reportlab, fonts) is Python in a thread, and a
worker's first taps right after the start should not share the GIL with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

if TYPE_CHECKING:
    from ui.screens.base import BaseScreen
    from ui.window import KioskWindow

SCREEN = "screen_resources"
WARM_UP_AFTER_MS = 1000  # after the runtime is ready


def _build(window: KioskWindow) -> BaseScreen:
    from ui.screens.resources.screen import ResourcesScreen

    return ResourcesScreen(window)


def register(window: KioskWindow) -> None:
    """Register the resources screen and the slip warm-up with ``window``."""
    window.register_lazy(SCREEN, _build)

    def ready(runtime: Any) -> None:
        QTimer.singleShot(WARM_UP_AFTER_MS, window, lambda: _warm_up(runtime))

    window.runtime_ready.connect(ready)


def _warm_up(runtime: Any) -> None:
    from ui import printing  # not before home is painted

    printing.start_warm_up(runtime)
