"""Help and resources: the catalogue on screen, QR codes, and printed slips.

:func:`register` adds ``screen_resources`` (built on first use, so nothing of it
loads before home is painted) and starts warming the slip renderer once the
runtime is ready, so the first slip after start-up prints without a wait.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ui.screens.base import BaseScreen
    from ui.window import KioskWindow

SCREEN = "screen_resources"


def _build(window: KioskWindow) -> BaseScreen:
    from ui.screens.resources.screen import ResourcesScreen

    return ResourcesScreen(window)


def register(window: KioskWindow) -> None:
    """Register the resources screen and the slip warm-up with ``window``."""
    window.register_lazy(SCREEN, _build)
    window.runtime_ready.connect(_warm_up)


def _warm_up(runtime: Any) -> None:
    from ui import printing  # not before home is painted

    printing.start_warm_up(runtime)
