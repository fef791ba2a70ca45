"""The counsellor's day: a station's (or a counsellor's) sessions of one day, each
booking by its number, its status, attendance, and the worker's result when they chose
to bring it (as the follow-up page shows it). Marks attended / no-show.

Queries only; the console page (kiosk/hub/console/pages/bookings.py) renders them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from kiosk.hub.bookings.decide import lock_session, waiting_order
from kiosk.hub.bookings.tables import bookings, sessions
from kiosk.hub.db import write_tx
from kiosk.hub.report import followup
from kiosk.hub.schema import utcnow

ATTENDANCE = ("attended", "no_show")


@dataclass
class BookingLine:
    booking_id: str
    number: int | None  # confirmed: seat number; waitlisted: place in the queue
    status: str
    cancelled_by: str | None
    attendance: str | None
    result: dict[str, Any] | None  # the attached result, or None


@dataclass
class SessionDay:
    session_id: str
    station_id: str
    counsellor: str | None
    starts_at: str
    ends_at: str
    capacity: int
    cancelled: bool
    lines: list[BookingLine] = field(default_factory=list)

    @property
    def hours(self) -> str:
        return f"{self.starts_at[11:16]}–{self.ends_at[11:16]}"


def day_view(
    engine: Engine,
    day: date,
    *,
    station_id: str | None = None,
    counsellor: str | None = None,
    allowed: frozenset[str] | None = None,
) -> list[SessionDay]:
    """Sessions on ``day`` (station-local) of a station or of a counsellor, limited to
    the stations in ``allowed`` (None: every station), with their bookings."""
    query = sa.select(sessions).where(sessions.c.starts_at.like(f"{day.isoformat()}%"))
    if station_id:
        query = query.where(sessions.c.station_id == station_id)
    if counsellor:
        query = query.where(sessions.c.counsellor == counsellor)
    if allowed is not None:
        query = query.where(sessions.c.station_id.in_(sorted(allowed)))
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(sessions.c.starts_at, sessions.c.station_id)).all()
        found = conn.execute(
            sa.select(bookings)
            .where(bookings.c.session_id.in_([row.session_id for row in rows]))
            .order_by(*waiting_order())
        ).all()
    days = {
        row.session_id: SessionDay(
            row.session_id,
            row.station_id,
            row.counsellor,
            row.starts_at,
            row.ends_at,
            int(row.capacity),
            row.cancelled_at is not None,
        )
        for row in rows
    }
    places: dict[str, int] = {}
    for booking in found:
        number = booking.number
        if booking.status == "waitlisted":
            places[booking.session_id] = places.get(booking.session_id, 0) + 1
            number = places[booking.session_id]
        elif booking.status != "confirmed":
            number = booking.decision_number if booking.decision == "confirmed" else None
        result = None
        if booking.followup_code is not None:
            result = followup(engine, booking.followup_code)
            if result is not None and result["station_id"] != booking.station_id:
                # A terminal books only at its station; a code of another station's
                # result is forged or broken, and the follow-up page would refuse it.
                result = None
        days[booking.session_id].lines.append(
            BookingLine(
                booking.booking_id,
                number,
                booking.status,
                booking.cancelled_by,
                booking.attendance,
                result,
            )
        )
    order = {"confirmed": 0, "waitlisted": 1, "cancelled": 2, "refused": 3}
    for session in days.values():
        session.lines.sort(key=lambda line: (order.get(line.status, 9), line.number or 0))
    return list(days.values())


def counsellors(engine: Engine, allowed: frozenset[str] | None = None) -> list[str]:
    """Every counsellor named on a session (of the allowed stations)."""
    query = sa.select(sessions.c.counsellor).where(sessions.c.counsellor.is_not(None)).distinct()
    if allowed is not None:
        query = query.where(sessions.c.station_id.in_(sorted(allowed)))
    with engine.connect() as conn:
        return sorted(str(name) for name in conn.execute(query).scalars())


def session_station(engine: Engine, session_id: str) -> str | None:
    with engine.connect() as conn:
        return conn.execute(
            sa.select(sessions.c.station_id).where(sessions.c.session_id == session_id)
        ).scalar()


def booking_station(engine: Engine, booking_id: str) -> str | None:
    with engine.connect() as conn:
        return conn.execute(
            sa.select(bookings.c.station_id).where(bookings.c.booking_id == booking_id)
        ).scalar()


def mark_attendance(engine: Engine, booking_id: str, mark: str) -> bool:
    """Mark a confirmed booking attended or a no-show; False if it is not confirmed."""
    if mark not in ATTENDANCE:
        raise ValueError(f"attendance must be one of {', '.join(ATTENDANCE)}")
    with write_tx(engine) as conn:
        session_id = conn.execute(
            sa.select(bookings.c.session_id).where(bookings.c.booking_id == booking_id)
        ).scalar()
        if session_id is None:
            return False
        lock_session(conn, session_id)
        changed = conn.execute(
            bookings.update()
            .where((bookings.c.booking_id == booking_id) & (bookings.c.status == "confirmed"))
            .values(attendance=mark)
        ).rowcount
    return bool(changed)


def today_at(offset_hours: int = 8) -> date:
    """Today at the stations (China: UTC+8), the day view's default."""
    from datetime import timedelta, timezone

    return utcnow().astimezone(timezone(timedelta(hours=offset_hours))).date()


def session_summary(engine: Engine, session_id: str) -> tuple[Any, dict[str, int]] | None:
    """A session's row and how many of its bookings are confirmed and waitlisted (what
    cancelling it would cancel), for the confirmation step; None if there is none."""
    with engine.connect() as conn:
        row = conn.execute(sa.select(sessions).where(sessions.c.session_id == session_id)).first()
        if row is None:
            return None
        counts = dict(
            conn.execute(
                sa.select(bookings.c.status, sa.func.count())
                .where(
                    (bookings.c.session_id == session_id)
                    & bookings.c.status.in_(("confirmed", "waitlisted"))
                )
                .group_by(bookings.c.status)
            ).all()
        )
    return row, {k: int(v) for k, v in counts.items()}
