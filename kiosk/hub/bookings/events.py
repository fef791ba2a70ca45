"""Deciding the bookings that arrive as ``booking_requested`` events, inside ingest's
transaction: an acknowledged event always has its decision, and a replayed one gets the
same decision again."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from sqlalchemy.engine import Connection

from kiosk.hub.bookings.decide import BookingInput, CodeInUse, decide, lock_session
from kiosk.hub.schema import utcnow
from kiosk.sync.protocol import BookingRequestedPayload

log = logging.getLogger(__name__)


def booking_input(payload: BookingRequestedPayload, terminal: Any, seq: int | None) -> BookingInput:
    """A request as ``decide`` takes it, with the terminal that brought it."""
    return BookingInput(
        booking_id=payload.booking_id,
        code_hash=payload.code_hash,
        session_id=payload.session_id,
        station_id=payload.station_id,
        followup_code=payload.followup_code,
        terminal_id=terminal.terminal_id,
        terminal_station_id=terminal.station_id,
        seq=seq,
    )


def decide_booking_events(conn: Connection, terminal: Any, rows: Sequence[tuple[Any, ...]]) -> int:
    """Decide every ``booking_requested`` row of a stored batch, in seq order, in the
    ingest's transaction (rows in ``EVENT_COLUMNS`` order). Returns how many were new.

    Sessions are locked in id order first, so two batches naming the same sessions in
    another order cannot deadlock each other.
    """
    wanted: list[tuple[int, BookingRequestedPayload]] = []
    for row in rows:
        if row[4] != "booking_requested":
            continue
        try:
            payload = BookingRequestedPayload.model_validate(json.loads(row[10]))
        except (ValueError, ValidationError):  # stored as rejected by validation already
            continue
        if payload.station_id != terminal.station_id:
            continue  # never decided: a terminal books only at its own station
        wanted.append((int(row[3]), payload))
    if not wanted:
        return 0
    for session_id in sorted({payload.session_id for _, payload in wanted}):
        lock_session(conn, session_id)
    now = utcnow()
    new = 0
    for seq, payload in sorted(wanted, key=lambda pair: pair[0]):
        try:
            _answer, created = decide(conn, booking_input(payload, terminal, seq), now)
        except CodeInUse:
            log.warning("booking event not decided: its code hash is another booking's")
            continue
        new += created
    return new
