"""Who may use which console page: the ONE permission check every view calls.

A page is named by a key (``"followup"``); ``PAGE_ROLES`` says which roles may use it.
An official's or counsellor's account may also be limited to some stations
(``Viewer.stations``); views filter what they show with ``Viewer.may_see_station`` or
``Viewer.station_filter``. Admins see every station.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ROLES = ("admin", "official", "counsellor")

# Every console page and the roles that may use it. Admin may use everything.
PAGE_ROLES: dict[str, frozenset[str]] = {
    "fleet": frozenset({"admin", "official"}),
    "figures": frozenset({"admin", "official"}),
    "followup": frozenset({"admin", "counsellor"}),
    "bookings": frozenset({"admin", "counsellor"}),
    "plans": frozenset({"admin", "counsellor"}),
    "content": frozenset({"admin"}),
    "terminals": frozenset({"admin"}),
    "audit": frozenset({"admin"}),
    "accounts": frozenset({"admin"}),
}


@dataclass(frozen=True)
class Viewer:
    """The signed-in account a request acts for."""

    user_id: int
    name: str
    role: str
    # None: every station; otherwise the only stations this account may see.
    stations: frozenset[str] | None
    session_hash: str = ""

    def may_see_station(self, station_id: str | None) -> bool:
        """Whether this account may see data of ``station_id``."""
        return self.stations is None or (station_id is not None and station_id in self.stations)

    def station_filter(self, wanted: Iterable[str] | None = None) -> frozenset[str] | None:
        """The stations a query should be limited to (None: no limit): ``wanted`` cut down
        to this account's stations."""
        if wanted is None:
            return self.stations
        chosen = frozenset(wanted)
        return chosen if self.stations is None else chosen & self.stations


def may_use(viewer: Viewer, page: str) -> bool:
    """Whether ``viewer``'s role may use ``page`` (an unknown page: no one may)."""
    return viewer.role in PAGE_ROLES.get(page, frozenset())


class LoginRequired(Exception):
    """No valid session: the console answers with a redirect to the login page."""


class Forbidden(Exception):
    """The account's role may not use the page: the console answers 403."""

    def __init__(self, page: str) -> None:
        super().__init__(page)
        self.page = page


class CsrfRefused(Exception):
    """A state-changing request without a valid CSRF token: 403, nothing changed."""
