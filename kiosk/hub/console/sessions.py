"""Console sessions: a random cookie value, stored only as its SHA-256.

A session ends after ``IDLE_MINUTES`` without a request, at logout, or when its
account is disabled (checked on every request, so it ends at the next one).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from kiosk.hub.console.permissions import Viewer
from kiosk.hub.db import write_tx
from kiosk.hub.schema import console_sessions, console_users, utcnow

COOKIE = "kiosk_console"
IDLE_MINUTES = 30
# last_seen_at is written at most this often per session, not on every request.
_TOUCH_AFTER = timedelta(seconds=30)


def session_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8", "surrogatepass")).hexdigest()


def start_session(engine: Engine, user_id: int, now: datetime | None = None) -> str:
    """Open a session for ``user_id``; returns the cookie value (kept nowhere else)."""
    now = now or utcnow()
    session_id = secrets.token_urlsafe(32)
    with write_tx(engine) as conn:
        conn.execute(
            console_sessions.insert().values(
                session_hash=session_hash(session_id),
                user_id=user_id,
                created_at=now,
                last_seen_at=now,
            )
        )
        # Sessions idle past the limit are dead anyway: drop them (a few staff accounts,
        # so the table stays small without a separate clean-up job).
        conn.execute(
            console_sessions.delete().where(
                console_sessions.c.last_seen_at < now - timedelta(minutes=IDLE_MINUTES)
            )
        )
    return session_id


def load_session(
    engine: Engine, session_id: str | None, now: datetime | None = None
) -> Viewer | None:
    """The account behind a live session, touching it; None (and the session deleted) if
    it is unknown, idle too long, or its account is disabled."""
    if not session_id or len(session_id) > 128:
        return None
    now = now or utcnow()
    key = session_hash(session_id)
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(
                console_sessions.c.last_seen_at,
                console_users.c.user_id,
                console_users.c.name,
                console_users.c.role,
                console_users.c.stations,
                console_users.c.disabled,
            )
            .join(console_users, console_users.c.user_id == console_sessions.c.user_id)
            .where(console_sessions.c.session_hash == key)
        ).first()
    if row is None:
        return None
    if row.disabled or now - row.last_seen_at > timedelta(minutes=IDLE_MINUTES):
        end_session(engine, session_id)
        return None
    if now - row.last_seen_at > _TOUCH_AFTER:
        with write_tx(engine) as conn:
            conn.execute(
                console_sessions.update()
                .where(console_sessions.c.session_hash == key)
                .values(last_seen_at=now)
            )
    stations = frozenset(row.stations) if row.stations is not None else None
    return Viewer(row.user_id, row.name, row.role, stations, key)


def end_session(engine: Engine, session_id: str) -> None:
    with write_tx(engine) as conn:
        conn.execute(
            console_sessions.delete().where(
                console_sessions.c.session_hash == session_hash(session_id)
            )
        )
