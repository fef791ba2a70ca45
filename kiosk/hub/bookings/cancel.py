"""Cancellations: a worker's (by code) and the union's (a whole session).

A cancellation takes the same lock on the session's row as a decision, so a freed seat
goes to exactly one booking: the oldest on the waiting list (oldest by the hub's first
receipt of its booking_id, then the arriving terminal's seq).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, Row

from kiosk.hub.bookings.decide import lock_session, lowest_free_number, waiting_order
from kiosk.hub.bookings.sessions import content_item
from kiosk.hub.bookings.tables import bookings, sessions
from kiosk.hub.content import publish_on
from kiosk.hub.db import write_tx
from kiosk.hub.schema import utcnow

log = logging.getLogger(__name__)


def promote_waiting(conn: Connection, session: Row[Any], now: datetime) -> list[str]:
    """Fill the session's free seats from its waiting list, oldest first; return who moved.

    The caller holds the session's lock. Nobody moves up into a session that has been
    cancelled or has started.
    """
    if session.cancelled_at is not None or session.starts_utc <= now:
        return []
    moved: list[str] = []
    while True:
        confirmed = conn.execute(
            sa.select(sa.func.count())
            .select_from(bookings)
            .where(
                (bookings.c.session_id == session.session_id) & (bookings.c.status == "confirmed")
            )
        ).scalar_one()
        if confirmed >= session.capacity:
            return moved
        oldest = conn.execute(
            sa.select(bookings.c.booking_id)
            .where(
                (bookings.c.session_id == session.session_id) & (bookings.c.status == "waitlisted")
            )
            .order_by(*waiting_order())
            .limit(1)
        ).scalar()
        if oldest is None:
            return moved
        number = lowest_free_number(conn, session.session_id)
        conn.execute(
            bookings.update()
            .where(bookings.c.booking_id == oldest)
            .values(status="confirmed", number=number)
        )
        moved.append(oldest)
        log.info("booking moved up from the waiting list")


def cancel_by_code_hash(engine: Engine, code_hash: str) -> str:
    """The worker cancels the booking with this code hash. Returns what happened:
    ``cancelled``, ``already`` (cancelled before), ``not_cancellable`` (refused, or the
    session has started) or ``unknown``."""
    now = utcnow()
    with write_tx(engine) as conn:
        found = conn.execute(
            sa.select(bookings.c.session_id).where(bookings.c.code_hash == code_hash)
        ).first()
        if found is None:
            return "unknown"
        session = lock_session(conn, found.session_id)  # before re-reading the booking
        row = conn.execute(sa.select(bookings).where(bookings.c.code_hash == code_hash)).one()
        if row.status == "cancelled":
            return "already"
        if row.status not in ("confirmed", "waitlisted"):
            return "not_cancellable"
        if session is not None and session.starts_utc <= now:
            return "not_cancellable"
        conn.execute(
            bookings.update()
            .where(bookings.c.booking_id == row.booking_id)
            .values(status="cancelled", cancelled_by="worker", cancelled_at=now)
        )
        if session is not None and row.status == "confirmed":
            promote_waiting(conn, session, now)
    log.info("booking cancelled by the worker")
    return "cancelled"


def cancel_session(engine: Engine, session_id: str) -> bool:
    """The union cancels a whole session: its bookings show as cancelled by the union and
    terminals get a tombstone. False if there is no such session (or it was cancelled)."""
    now = utcnow()
    with write_tx(engine) as conn:
        return cancel_session_on(conn, session_id, now)


def cancel_session_on(conn: Connection, session_id: str, now: datetime) -> bool:
    """:func:`cancel_session` in the caller's write transaction."""
    session = lock_session(conn, session_id)
    if session is None or session.cancelled_at is not None:
        return False
    conn.execute(
        sessions.update().where(sessions.c.session_id == session_id).values(cancelled_at=now)
    )
    conn.execute(
        bookings.update()
        .where(
            (bookings.c.session_id == session_id)
            & bookings.c.status.in_(("confirmed", "waitlisted"))
        )
        .values(status="cancelled", cancelled_by="union", cancelled_at=now)
    )
    row = conn.execute(sa.select(sessions).where(sessions.c.session_id == session_id)).one()
    publish_on(conn, [content_item(row)])
    return True
