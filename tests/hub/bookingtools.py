"""Helpers for the bookings tests: sessions made through the real CLI, booking bodies as
a terminal makes them."""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

from hubtools import Client, Hub

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CST = timezone(timedelta(hours=8))


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(10))


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def add_session(
    hub: Hub, station: str = "st-test", capacity: int = 3, starts_in: timedelta | None = None
) -> str:
    """A session through ``kiosk-hub sessions add``; its id is the last line printed."""
    start = datetime.now(CST).replace(microsecond=0) + (starts_in or timedelta(days=2))
    end = start + timedelta(minutes=45)
    done = hub.cli(
        "sessions", "add", "--station", station, "--start", start.isoformat(),
        "--end", end.isoformat(), "--capacity", str(capacity),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def booking(client: Client, session_id: str, code: str | None = None, **extra: Any) -> dict:
    """A booking body as the terminal sends it (the code itself stays on the terminal)."""
    body = {
        "booking_id": str(uuid.uuid4()),
        "code_hash": code_hash(code or new_code()),
        "session_id": session_id,
        "station_id": client.station_id,
        "followup_code": None,
    }
    body.update(extra)
    return body


def fresh_rate_window(window_s: int = 60, room_s: float = 20) -> None:
    """Wait, if need be, until the rate limiter's fixed window has ``room_s`` left, so a
    burst of look-ups is counted in one window."""
    left = window_s - time.time() % window_s
    if left < room_s:
        time.sleep(left + 0.05)


def post_booking(client: Client, body: dict, hub: Hub | None = None) -> Any:
    http = (hub or client.hub).http
    return http.post("/v1/bookings", json=body, headers=client.headers)


def booking_event(client: Client, body: dict) -> dict:
    """A ``booking_requested`` event with the client's next seq."""
    event = {
        "event_id": str(uuid.uuid4()),
        "seq": client.next_seq,
        "type": "booking_requested",
        "schema_version": 1,
        "occurred_at": datetime.now(CST).replace(microsecond=0).isoformat(),
        "payload": body,
    }
    client.next_seq += 1
    return event
