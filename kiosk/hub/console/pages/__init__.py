"""The console's pages: each module has a ``router`` and a ``NAV`` entry (or None)."""

from __future__ import annotations

from types import ModuleType

from kiosk.hub.console.pages import accounts, audit_log, followup, session, terminals

# Other helpers' pages (fleet, figures, content, bookings) are added here too.
PAGE_MODULES: list[ModuleType] = [session, followup, terminals, audit_log, accounts]
