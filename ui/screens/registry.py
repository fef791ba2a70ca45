"""The feature screens the window registers at start (check-in, assessment, resources).

Each feature package under ``ui/screens/`` exposes ``register(window)``, which
calls ``window.register_lazy(name, factory)`` for its screens so nothing is
built before the first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.window import KioskWindow

# Module paths of the feature packages, each with a ``register(window)`` function.
FEATURES: tuple[str, ...] = ("ui.screens.checkin", "ui.screens.resources", "ui.screens.assessment")


def register_features(window: KioskWindow) -> None:
    import importlib

    for module_name in FEATURES:
        importlib.import_module(module_name).register(window)
