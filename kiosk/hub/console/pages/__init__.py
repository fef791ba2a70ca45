"""The console's pages: each module has a ``router`` and a ``NAV`` entry (or None)."""

from __future__ import annotations

from types import ModuleType

from kiosk.hub.console.pages import session

PAGE_MODULES: list[ModuleType] = [session]
