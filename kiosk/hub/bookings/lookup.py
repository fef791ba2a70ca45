"""What the worker's page shows for a code: its booking, session, station and place.

The code is hashed and looked up; the hub never holds the code itself. A look-up does
the same work whether the code is known or not (the same three queries, with stand-in
values when nothing was found), so the page's timing does not tell a guesser which
codes exist.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from kiosk.hub.bookings.decide import queue_place
from kiosk.hub.bookings.tables import bookings, sessions
from kiosk.hub.schema import content_items, utcnow

_NOT_CODE = re.compile(r"[\s-]+")
_STAND_IN = "-"


def normalize_code(code: str) -> str:
    """Upper-case, without spaces or dashes, as the slip may print it in groups."""
    return _NOT_CODE.sub("", code).upper()[:64]


def hash_code(code: str) -> str:
    """The code's SHA-256 as the terminal sends it (lower-case hex)."""
    return hashlib.sha256(normalize_code(code).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class BookingView:
    """One booking as its worker sees it."""

    status: str  # confirmed | waitlisted | refused | cancelled
    number: int | None  # confirmed: seat number; waitlisted: place in the queue now
    reason: str | None
    cancelled_by: str | None
    starts_at: datetime | None  # station-local
    ends_at: datetime | None
    station_id: str
    station: dict[str, Any] | None  # the station's content body, if the hub has it
    followup_attached: bool
    started: bool

    @property
    def cancellable(self) -> bool:
        return self.status in ("confirmed", "waitlisted") and not self.started


class _Stand:
    """A row's stand-in when nothing was found, so the place query still runs."""

    session_id = _STAND_IN
    received_at = datetime(2000, 1, 1, tzinfo=UTC)
    seq = 0
    booking_id = _STAND_IN


def look_up(engine: Engine, code: str) -> BookingView | None:
    """The booking behind ``code`` as its worker should see it, or None if unknown."""
    code_hash = hash_code(code)
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(
                bookings,
                sessions.c.starts_at.label("s_starts_at"),
                sessions.c.ends_at.label("s_ends_at"),
                sessions.c.starts_utc.label("s_starts_utc"),
            )
            .select_from(
                bookings.outerjoin(sessions, sessions.c.session_id == bookings.c.session_id)
            )
            .where(bookings.c.code_hash == code_hash)
        ).first()
        station_id = row.station_id if row is not None else _STAND_IN
        station = conn.execute(
            sa.select(content_items.c.body).where(
                (content_items.c.kind == "station")
                & (content_items.c.item_id == station_id)
                & content_items.c.deleted.is_(False)
            )
        ).scalar()
        place = queue_place(conn, row if row is not None else _Stand())  # type: ignore[arg-type]
    if row is None:
        return None
    number = place if row.status == "waitlisted" else row.number
    if row.status == "refused":
        number = None
    return BookingView(
        status=row.status,
        number=number,
        reason=row.reason,
        cancelled_by=row.cancelled_by,
        starts_at=datetime.fromisoformat(row.s_starts_at) if row.s_starts_at else None,
        ends_at=datetime.fromisoformat(row.s_ends_at) if row.s_ends_at else None,
        station_id=row.station_id,
        station=station if isinstance(station, dict) else None,
        followup_attached=row.followup_code is not None,
        started=row.s_starts_utc is not None and row.s_starts_utc <= utcnow(),
    )
