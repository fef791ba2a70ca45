"""The feature screens the window registers at start (check-in, resources, assessment).

Each feature package under ``ui/screens/`` exposes ``register(window)``, which
calls ``window.register_lazy(name, factory)`` for its screens so nothing is
built before the first paint. The imports are plain ``import`` statements (not
importlib) so PyInstaller's analysis finds every screen for the bundle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.window import KioskWindow


def register_features(window: KioskWindow) -> None:
    from ui.screens import assessment, booking, checkin, resources

    for feature in (checkin, resources, assessment, booking):
        feature.register(window)
