"""The console's pages: each module has a ``router`` and a ``NAV`` entry (or None)."""

from __future__ import annotations

from types import ModuleType

from kiosk.hub.console.pages import (
    accounts,
    audit_log,
    bookings,
    content,
    figures,
    fleet,
    followup,
    plans,
    session,
    terminals,
)

PAGE_MODULES: list[ModuleType] = [
    session,
    fleet,
    figures,
    followup,
    bookings,
    plans,
    content,
    terminals,
    audit_log,
    accounts,
]
