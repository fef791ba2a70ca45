"""The one decision function: a booking request becomes confirmed, waitlisted or refused.

Whichever way a booking arrives (``POST /v1/bookings``, a ``booking_requested`` event,
both, replayed), it goes through :func:`decide` inside the caller's write transaction.
Seats are counted under a lock on the session's row (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` already serialises every writer), so two hub
processes on one database never confirm more bookings than the session has seats. The
insert ignores a conflict on ``booking_id``, so of two arrivals at once only one decides
and the other reads its answer: one decision per ``booking_id``, ever.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from kiosk.hub.bookings.tables import bookings, sessions
from kiosk.sync.protocol import BookingAnswer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BookingInput:
    """A booking request as it arrived, with who brought it (for the waiting-list order)."""

    booking_id: str
    code_hash: str
    session_id: str
    station_id: str
    followup_code: str | None
    terminal_id: str
    terminal_station_id: str
    seq: int | None = None


class CodeInUse(Exception):  # noqa: N818 - a refusal, not a failure
    """Another booking already has this code's hash: the request cannot be stored."""


def lock_session(conn: Connection, session_id: str) -> Row[Any] | None:
    """The session's row, locked until the transaction ends (None if there is none)."""
    query = sa.select(sessions).where(sessions.c.session_id == session_id)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()
    return conn.execute(query).first()


def answer_of(row: Row[Any]) -> BookingAnswer:
    """The decision as first made, for every later arrival of the same booking_id."""
    return BookingAnswer(
        booking_id=row.booking_id,
        status=row.decision,
        number=row.decision_number,
        reason=row.reason,
    )


def _existing(conn: Connection, booking_id: str) -> Row[Any] | None:
    return conn.execute(sa.select(bookings).where(bookings.c.booking_id == booking_id)).first()


def lowest_free_number(conn: Connection, session_id: str) -> int:
    """The smallest seat number no confirmed booking of the session holds."""
    taken = set(
        conn.execute(
            sa.select(bookings.c.number).where(
                (bookings.c.session_id == session_id) & (bookings.c.status == "confirmed")
            )
        ).scalars()
    )
    number = 1
    while number in taken:
        number += 1
    return number


def _counts(conn: Connection, session_id: str) -> tuple[int, int]:
    """(confirmed, waitlisted) bookings of the session now."""
    rows = conn.execute(
        sa.select(bookings.c.status, sa.func.count())
        .where(
            (bookings.c.session_id == session_id)
            & bookings.c.status.in_(("confirmed", "waitlisted"))
        )
        .group_by(bookings.c.status)
    ).all()
    counts = {status: int(count) for status, count in rows}
    return counts.get("confirmed", 0), counts.get("waitlisted", 0)


def _decision(
    conn: Connection, request: BookingInput, session: Row[Any] | None, now: datetime
) -> tuple[str, int | None, str | None]:
    if session is None or session.station_id != request.terminal_station_id:
        # Another station's session is as good as unknown to this terminal.
        return "refused", None, "unknown_session"
    if session.cancelled_at is not None:
        return "refused", None, "session_cancelled"
    if session.starts_utc <= now:
        return "refused", None, "session_past"
    confirmed, waitlisted = _counts(conn, request.session_id)
    if confirmed < session.capacity:
        return "confirmed", lowest_free_number(conn, request.session_id), None
    return "waitlisted", waitlisted + 1, None


def decide(conn: Connection, request: BookingInput, now: datetime) -> tuple[BookingAnswer, bool]:
    """Decide ``request`` in the caller's write transaction; return (answer, first time).

    A booking_id already decided gets its first answer back, unchanged. Raises CodeInUse
    if another booking holds the same code hash (a terminal bug or a forged request).
    """
    session = lock_session(conn, request.session_id)
    existing = _existing(conn, request.booking_id)
    if existing is not None:
        return answer_of(existing), False
    status, number, reason = _decision(conn, request, session, now)
    insert = _insert_ignoring_conflicts(conn).values(
        booking_id=request.booking_id,
        code_hash=request.code_hash,
        session_id=request.session_id,
        station_id=request.station_id,
        decision=status,
        decision_number=number,
        reason=reason,
        status=status,
        number=number if status == "confirmed" else None,
        followup_code=request.followup_code,
        received_at=now,
        terminal_id=request.terminal_id,
        seq=request.seq,
    )
    # RETURNING says whether this statement inserted the row (rowcount is not reliable
    # for an upsert on every driver).
    if conn.execute(insert.returning(bookings.c.booking_id)).first() is not None:
        log.info("booking decided: %s", status if reason is None else f"{status} ({reason})")
        return BookingAnswer(
            booking_id=request.booking_id, status=status, number=number, reason=reason
        ), True
    existing = _existing(conn, request.booking_id)
    if existing is None:
        raise CodeInUse(request.booking_id)
    return answer_of(existing), False


def _insert_ignoring_conflicts(conn: Connection) -> Any:
    """``INSERT … ON CONFLICT DO NOTHING`` on any unique key (booking_id, code_hash)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(bookings).on_conflict_do_nothing()


def waiting_order() -> tuple[Any, ...]:
    """Oldest first: the hub's first receipt, then the arriving terminal's seq."""
    return (bookings.c.received_at, sa.func.coalesce(bookings.c.seq, 0), bookings.c.booking_id)


def queue_place(conn: Connection, row: Row[Any]) -> int:
    """A waitlisted booking's place in its session's queue now (1 = next to move up)."""
    ahead = conn.execute(
        sa.select(sa.func.count())
        .select_from(bookings)
        .where(
            (bookings.c.session_id == row.session_id)
            & (bookings.c.status == "waitlisted")
            & (
                sa.tuple_(*waiting_order())
                < sa.tuple_(
                    sa.literal(row.received_at, bookings.c.received_at.type),
                    sa.literal(row.seq or 0),
                    sa.literal(row.booking_id),
                )
            )
        )
    ).scalar_one()
    return int(ahead) + 1
