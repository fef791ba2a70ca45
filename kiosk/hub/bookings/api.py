"""The terminal API of bookings: ``POST /v1/bookings``, ``GET /v1/sessions``, and the
decisions ingest makes for ``booking_requested`` events. All decide through ``decide``."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool

from kiosk.hub.bookings.decide import CodeInUse, decide
from kiosk.hub.bookings.events import booking_input
from kiosk.hub.bookings.sessions import coming_sessions
from kiosk.hub.db import write_tx
from kiosk.hub.errors import ApiError
from kiosk.hub.schema import utcnow
from kiosk.sync.protocol import (
    BookingAnswer,
    BookingRequest,
    ErrorResponse,
    SessionsResponse,
)

log = logging.getLogger(__name__)

# A worker waits at the screen: the hub gives up waiting for a session's lock well inside
# the terminal's 3 s budget and answers 503, and the event decides the booking later.
LOCK_TIMEOUT_MS = 2000
MAX_SEQ = 2**63 - 1  # the largest seq a BIGINT column holds


def book(engine: Engine, terminal: Any, payload: BookingRequest) -> tuple[BookingAnswer, bool]:
    """Decide a booking the terminal sent directly; (answer, first time)."""
    if payload.station_id != terminal.station_id:
        raise ApiError(
            403, "station_mismatch", "The booking names another station than this terminal's."
        )
    extra = payload.model_extra or {}
    seq = extra.get("seq")
    if not isinstance(seq, int) or isinstance(seq, bool) or not 0 <= seq <= MAX_SEQ:
        seq = None  # optional, for the waiting list's order; no column holds more
    with write_tx(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = {LOCK_TIMEOUT_MS}")
        try:
            return decide(conn, booking_input(payload, terminal, seq), utcnow())
        except CodeInUse:
            raise ApiError(
                409, "code_in_use", "Another booking has this code; make a new code."
            ) from None


ROLL_EVERY_S = 3600.0


async def keep_rolling(engine: Engine, every_s: float = ROLL_EVERY_S) -> None:
    """Roll the weekly plans out now and every ``every_s`` seconds, so there are always
    28 days of sessions; a failed roll is logged and tried again next time."""
    from kiosk.hub.bookings.plans import roll

    while True:
        try:
            await run_in_threadpool(roll, engine)
        except Exception as exc:  # noqa: BLE001 - the next roll tries again
            log.warning("rolling the weekly plans failed: %s", type(exc).__name__)
        await asyncio.sleep(every_s)


def install(
    app: FastAPI, engine: Engine, terminal_for: Callable[[Request], Awaitable[Any]]
) -> None:
    """Add the bookings endpoints of the terminal API to ``app``."""
    from kiosk.hub.app import parse_json, parse_model, read_body

    errors: dict[int | str, dict[str, Any]] = {
        status: {"model": ErrorResponse} for status in (401, 403, 409, 413, 415, 422, 503)
    }

    @app.post(
        "/v1/bookings",
        status_code=201,
        response_model=BookingAnswer,
        responses={**errors, 200: {"model": BookingAnswer}},
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/BookingRequest"}}
                },
            }
        },
    )
    async def post_booking(request: Request) -> Response:
        """Decide a booking: 201 the first time, 200 with the same answer after."""
        started = time.perf_counter()
        terminal = await terminal_for(request)
        body = await read_body(request, 64 * 1024)
        payload = parse_model(BookingRequest, parse_json(body))
        answer, created = await run_in_threadpool(book, engine, terminal, payload)
        # The server's own time for the benchmark (benchmarks/bench_bookings.py).
        timing = f"book;dur={(time.perf_counter() - started) * 1000:.2f}"
        return JSONResponse(
            answer.model_dump(mode="json"),
            status_code=201 if created else 200,
            headers={"Server-Timing": timing},
        )

    @app.get("/v1/sessions", response_model=SessionsResponse, responses=errors)
    async def get_sessions(
        request: Request,
        station: str = Query(..., min_length=1, max_length=128, description="The station id."),
    ) -> Response:
        """The station's coming sessions with their free seats now."""
        started = time.perf_counter()
        await terminal_for(request)
        seats = await run_in_threadpool(coming_sessions, engine, station)
        timing = f"sessions;dur={(time.perf_counter() - started) * 1000:.2f}"
        return JSONResponse(
            SessionsResponse(sessions=seats).model_dump(mode="json"),
            headers={"Server-Timing": timing},
        )
