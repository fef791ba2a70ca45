"""Sessions: made, listed with live free seats, cancelled by the union; published as content.

Every change to a session is written in the same transaction as its ``session`` content
item (a cancelled session becomes a tombstone), so terminals never see a session the hub
does not hold, nor miss a cancellation.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, Row

from kiosk.hub.bookings.tables import bookings, sessions
from kiosk.hub.content import publish_on
from kiosk.hub.db import write_tx
from kiosk.hub.schema import utcnow
from kiosk.sync.protocol import SessionSeats

HORIZON_DAYS = 28
MAX_CAPACITY = 1000


class SessionError(ValueError):
    """A session that cannot be made or changed; the message says why."""


@dataclass(frozen=True)
class NewSession:
    station_id: str
    starts_at: datetime  # aware, station-local
    ends_at: datetime
    capacity: int
    counsellor: str | None = None
    plan_id: int | None = None
    session_id: str | None = None


def parse_local_time(text: str, what: str) -> datetime:
    """An ISO 8601 time with its UTC offset (station-local), else SessionError."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise SessionError(f"{what} {text!r} is not an ISO 8601 time") from None
    if value.tzinfo is None:
        raise SessionError(f"{what} {text!r} needs the station's UTC offset, like +08:00")
    return value


def check_new(session: NewSession) -> None:
    """Raise SessionError naming the first problem with a session to be made."""
    if session.ends_at <= session.starts_at:
        raise SessionError("the session must end after it starts")
    if not 1 <= session.capacity <= MAX_CAPACITY:
        raise SessionError(f"capacity must be 1 to {MAX_CAPACITY}")


def content_item(row: Any) -> dict[str, Any]:
    """The ``session`` content item of a session row (a tombstone once cancelled)."""
    if row.cancelled_at is not None:
        return {"kind": "session", "id": row.session_id, "deleted": True, "body": None}
    body = {
        "id": row.session_id,
        "station_id": row.station_id,
        "starts_at": row.starts_at,
        "ends_at": row.ends_at,
        "capacity": int(row.capacity),
    }
    return {"kind": "session", "id": row.session_id, "deleted": False, "body": body}


def insert_session(conn: Connection, new: NewSession) -> str | None:
    """Insert a session and publish it, in the caller's transaction. Returns its id, or
    None if a session with that id exists already (plans make the same ids each run)."""
    check_new(new)
    session_id = new.session_id or f"s{secrets.token_hex(6)}"
    values = {
        "session_id": session_id,
        "station_id": new.station_id,
        "counsellor": new.counsellor,
        "starts_at": new.starts_at.isoformat(),
        "ends_at": new.ends_at.isoformat(),
        "starts_utc": new.starts_at,
        "ends_utc": new.ends_at,
        "capacity": new.capacity,
        "plan_id": new.plan_id,
        "created_at": utcnow(),
    }
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    inserted = conn.execute(
        insert(sessions)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["session_id"])
        .returning(sessions.c.session_id)
    ).first()
    if inserted is None:
        return None
    row = conn.execute(sa.select(sessions).where(sessions.c.session_id == session_id)).one()
    publish_on(conn, [content_item(row)])
    return session_id


def add_session(engine: Engine, new: NewSession) -> str:
    """Make one session and publish it; return its id."""
    with write_tx(engine) as conn:
        session_id = insert_session(conn, new)
    assert session_id is not None
    return session_id


def _confirmed_counts(conn: Connection, session_ids: list[str]) -> dict[str, int]:
    if not session_ids:
        return {}
    rows = conn.execute(
        sa.select(bookings.c.session_id, sa.func.count())
        .where(bookings.c.session_id.in_(session_ids) & (bookings.c.status == "confirmed"))
        .group_by(bookings.c.session_id)
    ).all()
    return {session_id: int(count) for session_id, count in rows}


def coming_sessions(
    engine: Engine, station_id: str, now: datetime | None = None, days: int = HORIZON_DAYS
) -> list[SessionSeats]:
    """The station's sessions not yet started (within ``days``), with live free seats."""
    now = now or utcnow()
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(sessions)
            .where(
                (sessions.c.station_id == station_id)
                & sessions.c.cancelled_at.is_(None)
                & (sessions.c.starts_utc > now)
                & (sessions.c.starts_utc <= now + timedelta(days=days))
            )
            .order_by(sessions.c.starts_utc, sessions.c.session_id)
        ).all()
        confirmed = _confirmed_counts(conn, [row.session_id for row in rows])
    return [
        SessionSeats(
            id=row.session_id,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            capacity=int(row.capacity),
            free=max(0, int(row.capacity) - confirmed.get(row.session_id, 0)),
        )
        for row in rows
    ]


def list_sessions(engine: Engine, station_id: str) -> list[tuple[Row[Any], int, int]]:
    """Every session of a station (newest last) with its confirmed and waitlisted counts."""
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(sessions)
            .where(sessions.c.station_id == station_id)
            .order_by(sessions.c.starts_utc, sessions.c.session_id)
        ).all()
        counts = conn.execute(
            sa.select(bookings.c.session_id, bookings.c.status, sa.func.count())
            .where(bookings.c.session_id.in_([row.session_id for row in rows]))
            .group_by(bookings.c.session_id, bookings.c.status)
        ).all()
    by_key = {(session_id, status): int(n) for session_id, status, n in counts}
    return [
        (
            row,
            by_key.get((row.session_id, "confirmed"), 0),
            by_key.get((row.session_id, "waitlisted"), 0),
        )
        for row in rows
    ]
