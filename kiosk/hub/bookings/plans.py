"""Counsellors' weekly plans and their exceptions, turned into sessions 28 days ahead.

A plan is "every Tuesday 14:00-17:00 at station X, 45-minute slots, 2 seats each"; an
exception closes a day or adds an afternoon. :func:`roll` makes the sessions of the
coming ``HORIZON_DAYS`` days (ids derived from plan, day and time, so running it twice,
or on two hub processes at once, makes each session once), cancels the planned sessions
of a closed day, and tombstones the content of sessions that are over. The hub rolls
when it starts and every hour; ``kiosk-hub sessions roll`` does it by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kiosk.hub.bookings.cancel import cancel_session_on
from kiosk.hub.bookings.sessions import HORIZON_DAYS, NewSession, SessionError, insert_session
from kiosk.hub.bookings.tables import bookings, plan_exceptions, plans, sessions
from kiosk.hub.content import publish_on
from kiosk.hub.db import write_tx
from kiosk.hub.schema import content_items, utcnow

_OFFSET = re.compile(r"^[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]$")
_CLOCK = re.compile(r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]$")
# Content of a session stays on terminals this long after it ended, then is tombstoned.
KEEP_ENDED = timedelta(days=1)


@dataclass(frozen=True)
class Sitting:
    """One afternoon's shape: from ``start`` to ``end``, slots of ``slot_minutes``."""

    start: str
    end: str
    slot_minutes: int
    seats: int
    utc_offset: str


def check_sitting(sitting: Sitting) -> None:
    """Raise SessionError naming the first problem with a plan's or an extra's shape."""
    for name, value in (("start", sitting.start), ("end", sitting.end)):
        if not _CLOCK.match(value):
            raise SessionError(f"{name} {value!r} is not a time like 14:00")
    if not _OFFSET.match(sitting.utc_offset):
        raise SessionError(f"UTC offset {sitting.utc_offset!r} is not like +08:00")
    if sitting.end <= sitting.start:
        raise SessionError("the sitting must end after it starts")
    if not 10 <= sitting.slot_minutes <= 480:
        raise SessionError("a slot is 10 to 480 minutes long")
    if not 1 <= sitting.seats <= 100:
        raise SessionError("seats per slot must be 1 to 100")


def _zone(offset: str) -> timezone:
    sign = -1 if offset[0] == "-" else 1
    return timezone(sign * timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6])))


def slots(day: date, sitting: Sitting) -> Iterator[tuple[datetime, datetime]]:
    """The slots of one afternoon, as aware station-local times; a slot that would run
    past the end is left out."""
    zone = _zone(sitting.utc_offset)
    start = datetime.combine(day, time.fromisoformat(sitting.start), zone)
    end = datetime.combine(day, time.fromisoformat(sitting.end), zone)
    step = timedelta(minutes=sitting.slot_minutes)
    while start + step <= end:
        yield start, start + step
        start += step


def add_plan(
    engine: Engine, station_id: str, counsellor: str, weekday: int, sitting: Sitting
) -> int:
    """Store a weekly plan (weekday 0 = Monday) and roll it out; return its id."""
    check_sitting(sitting)
    if not 0 <= weekday <= 6:
        raise SessionError("weekday must be 0 (Monday) to 6 (Sunday)")
    with write_tx(engine) as conn:
        plan_id = conn.execute(
            plans.insert().values(
                station_id=station_id,
                counsellor=counsellor,
                weekday=weekday,
                start_time=sitting.start,
                end_time=sitting.end,
                slot_minutes=sitting.slot_minutes,
                seats=sitting.seats,
                utc_offset=sitting.utc_offset,
                active=True,
                created_at=utcnow(),
            )
        ).inserted_primary_key[0]
    roll(engine)
    return int(plan_id)


def add_exception(
    engine: Engine,
    station_id: str,
    counsellor: str,
    day: date,
    sitting: Sitting | None,
    utc_offset: str = "+08:00",
) -> int:
    """A closed day (``sitting`` None) or an extra afternoon for a counsellor at a
    station; rolled out at once. Returns the exception's id."""
    if sitting is not None:
        check_sitting(sitting)
        utc_offset = sitting.utc_offset
    with write_tx(engine) as conn:
        exception_id = conn.execute(
            plan_exceptions.insert().values(
                station_id=station_id,
                counsellor=counsellor,
                day=day.isoformat(),
                kind="closed" if sitting is None else "extra",
                start_time=sitting.start if sitting else None,
                end_time=sitting.end if sitting else None,
                slot_minutes=sitting.slot_minutes if sitting else None,
                seats=sitting.seats if sitting else None,
                utc_offset=utc_offset,
                created_at=utcnow(),
            )
        ).inserted_primary_key[0]
    roll(engine)
    return int(exception_id)


def _local_today(now: datetime, offset: str) -> date:
    return now.astimezone(_zone(offset)).date()


def roll(engine: Engine, now: datetime | None = None) -> tuple[int, int]:
    """Make the coming sessions of every plan and extra, cancel those of closed days, and
    tombstone ended ones. Returns (sessions made, sessions cancelled)."""
    now = now or utcnow()
    made = cancelled = 0
    with write_tx(engine) as conn:
        closed = {
            (row.station_id, row.counsellor, row.day)
            for row in conn.execute(
                sa.select(plan_exceptions).where(plan_exceptions.c.kind == "closed")
            )
        }
        for plan in conn.execute(sa.select(plans).where(plans.c.active.is_(True))).all():
            sitting = Sitting(
                plan.start_time, plan.end_time, plan.slot_minutes, plan.seats, plan.utc_offset
            )
            today = _local_today(now, plan.utc_offset)
            for offset in range(HORIZON_DAYS):
                day = today + timedelta(days=offset)
                if day.weekday() != plan.weekday:
                    continue
                if (plan.station_id, plan.counsellor, day.isoformat()) in closed:
                    continue
                made += _make(conn, f"p{plan.plan_id}", day, sitting, plan, now)
        extras = conn.execute(
            sa.select(plan_exceptions).where(plan_exceptions.c.kind == "extra")
        ).all()
        for extra in extras:
            day = date.fromisoformat(extra.day)
            if not 0 <= (day - _local_today(now, extra.utc_offset)).days < HORIZON_DAYS:
                continue
            sitting = Sitting(
                extra.start_time, extra.end_time, extra.slot_minutes, extra.seats, extra.utc_offset
            )
            made += _make(conn, f"x{extra.exception_id}", day, sitting, extra, now)
        cancelled = _cancel_closed(conn, closed, now)
        _tombstone_ended(conn, now)
    return made, cancelled


def _make(
    conn: Connection, prefix: str, day: date, sitting: Sitting, owner: object, now: datetime
) -> int:
    made = 0
    for start, end in slots(day, sitting):
        if start <= now:
            continue
        new = NewSession(
            station_id=owner.station_id,  # type: ignore[attr-defined]
            starts_at=start,
            ends_at=end,
            capacity=sitting.seats,
            counsellor=owner.counsellor,  # type: ignore[attr-defined]
            plan_id=getattr(owner, "plan_id", None),
            session_id=f"{prefix}-{start:%Y%m%d-%H%M}",
        )
        made += insert_session(conn, new) is not None
    return made


def _cancel_closed(conn: Connection, closed: set[tuple[str, str, str]], now: datetime) -> int:
    """Cancel planned, still open sessions on a day a counsellor closed."""
    count = 0
    for station_id, counsellor, day in closed:
        if day < (now - timedelta(days=1)).date().isoformat():
            continue  # long past: nothing left to cancel
        rows = conn.execute(
            sa.select(sessions.c.session_id, sessions.c.starts_at).where(
                (sessions.c.station_id == station_id)
                & (sessions.c.counsellor == counsellor)
                & sessions.c.plan_id.is_not(None)
                & sessions.c.cancelled_at.is_(None)
                & (sessions.c.starts_utc > now)
            )
        ).all()
        for row in rows:
            if row.starts_at[:10] == day:
                count += cancel_session_on(conn, row.session_id, now)
    return count


def _tombstone_ended(conn: Connection, now: datetime) -> None:
    ended = conn.execute(
        sa.select(sessions.c.session_id)
        .join(
            content_items,
            (content_items.c.kind == "session")
            & (content_items.c.item_id == sessions.c.session_id),
        )
        .where(content_items.c.deleted.is_(False) & (sessions.c.ends_utc < now - KEEP_ENDED))
    ).scalars()
    items = [{"kind": "session", "id": sid, "deleted": True, "body": None} for sid in ended]
    if items:
        publish_on(conn, items)


def stop_plan(engine: Engine, plan_id: int, now: datetime | None = None) -> tuple[int, int] | None:
    """Stop a weekly plan: no more sessions are made from it, and its coming sessions
    that nobody has booked are cancelled (taken off the kiosks). Sessions with bookings
    stay, to be kept or cancelled in the day view. Returns (cancelled, kept), or None if
    there is no such active plan."""
    now = now or utcnow()
    with write_tx(engine) as conn:
        stopped = conn.execute(
            plans.update()
            .where((plans.c.plan_id == plan_id) & plans.c.active.is_(True))
            .values(active=False)
        ).rowcount
        if not stopped:
            return None
        coming = conn.execute(
            sa.select(sessions.c.session_id).where(
                (sessions.c.plan_id == plan_id)
                & sessions.c.cancelled_at.is_(None)
                & (sessions.c.starts_utc > now)
            )
        ).scalars()
        booked = set(
            conn.execute(
                sa.select(bookings.c.session_id)
                .join(sessions, sessions.c.session_id == bookings.c.session_id)
                .where(
                    (sessions.c.plan_id == plan_id)
                    & bookings.c.status.in_(("confirmed", "waitlisted"))
                )
            ).scalars()
        )
        cancelled = kept = 0
        for session_id in list(coming):
            if session_id in booked:
                kept += 1
            else:
                cancelled += cancel_session_on(conn, session_id, now)
    return cancelled, kept
