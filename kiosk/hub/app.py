"""The hub's HTTP API (PROTOCOL.md v1) as a FastAPI application.

Bodies are read and parsed by the hub itself rather than by FastAPI so that the
protocol's order of refusals holds: 503 (overload), 401/403 (token), 413 (size),
415 (not JSON), 422 (envelope). Database work and parsing run in the thread pool so the
event loop stays free to answer health checks and refuse overload quickly.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import sqlalchemy as sa
from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, TypeAdapter, ValidationError
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool
from starlette.routing import BaseRoute, Route

from kiosk import __version__
from kiosk.hub import content as content_store
from kiosk.hub.batch import EventBatch, SlowPath, decode_fast, rows_from_models
from kiosk.hub.bookings import api as bookings_api
from kiosk.hub.bookings import page as booking_page
from kiosk.hub.console import mount_console
from kiosk.hub.db import open_db
from kiosk.hub.enroll import (
    authenticate,
    bearer_token,
    check_same_terminal,
    enroll,
    terminal_for_token,
)
from kiosk.hub.errors import ApiError, error_response, install_error_handlers
from kiosk.hub.heartbeat import record_heartbeat
from kiosk.hub.ingest import check_batch_shape, ingest_on
from kiosk.hub.ratelimit import parse_trusted_proxies
from kiosk.sync.protocol import (
    FEATURE_BOOKINGS,
    MAX_BATCH_BYTES,
    MAX_BATCH_EVENTS,
    BookingRequest,
    ContentResponse,
    EnrollRequest,
    EnrollResponse,
    ErrorResponse,
    EventsRequest,
    EventsResponse,
    HealthResponse,
    HeartbeatRequest,
    HeartbeatResponse,
    SeqGapResponse,
    describe_validation_error,
)

DEFAULT_MAX_CONCURRENT_INGEST = 8
SMALL_BODY_BYTES = 64 * 1024
GC_THRESHOLD = 20_000  # allocations between young-generation collections (default 700)
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89abAB]")
M = TypeVar("M", bound=BaseModel)
# What this hub serves beyond v1, listed by /v1/health (PROTOCOL.md).
FEATURES = (FEATURE_BOOKINGS,)
_EVENTS_RESPONSE = TypeAdapter(EventsResponse)


class IngestGate:
    """Admit at most ``limit`` ingest requests at once in this process; refuse the rest.

    Refusing (503 + Retry-After) instead of queueing keeps a reconnecting fleet from
    piling up requests that would time out anyway; clients back off and retry.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.active = 0

    @asynccontextmanager
    async def admit(self) -> AsyncIterator[None]:
        if self.active >= self.limit:
            raise ApiError(
                503,
                "overloaded",
                "The hub is busy with other uploads; retry after the given delay.",
                headers={"Retry-After": "1"},
            )
        self.active += 1
        try:
            yield
        finally:
            self.active -= 1


async def read_body(request: Request, limit: int) -> bytes:
    """The raw body of a JSON request: 415 if not declared JSON, 413 past ``limit`` bytes."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json" and not (
        media_type.startswith("application/") and media_type.endswith("+json")
    ):
        raise ApiError(415, "unsupported_media_type", "Send the body as application/json.")
    too_large = ApiError(
        413, "payload_too_large", f"The body is larger than {limit} bytes; send smaller batches."
    )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def parse_json(body: bytes) -> Any:
    """Decode a JSON body; 415 if it is not JSON, 422 for text no database can store."""
    if b"\\u0000" in body:
        raise ApiError(422, "invalid_text", "Strings in the body must not contain NUL characters.")
    try:
        data = json.loads(body, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        raise ApiError(415, "not_json", "The body is not valid JSON.") from None
    if _SURROGATE_ESCAPE.search(body):
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise ApiError(
                422, "invalid_text", "Strings in the body contain an unpaired UTF-16 surrogate."
            ) from None
    return data


def parse_model(model: type[M], data: Any) -> M:
    """Validate parsed JSON against a wire model; 422 naming the first bad field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ApiError(422, "invalid_request", describe_validation_error(exc)) from None


def parse_events(body: bytes, station_id: str) -> EventBatch:
    """Parse and validate an events body into rows to store.

    A clean batch is decoded by msgspec with strict structs (``kiosk.hub.batch``); anything
    the fast decoder refuses is decoded by the wire models, which decide the answer:
    413 past MAX_BATCH_EVENTS, 415 if not JSON, 422 naming the first bad field, and
    payloads that fail listed as rejected. Bodies that might hold NaN or Infinity take
    the standard library's stricter path, since those are not JSON and pydantic's parser
    would accept them. ``station_id`` is the terminal's: an event whose payload names
    another station is rejected (``station_mismatch``).
    """
    # Each substring test is first narrowed by a one-byte one (memchr, ~100x faster on
    # a full batch): most bodies have no backslash and no capital N or I at all.
    if b"\\" in body and b"\\u0000" in body:
        raise ApiError(422, "invalid_text", "Strings in the body must not contain NUL characters.")
    if (b"N" in body and b"NaN" in body) or (b"I" in body and b"Infinity" in body):
        data = parse_json(body)
        if isinstance(data, dict):
            events = data.get("events")
            if isinstance(events, list) and len(events) > MAX_BATCH_EVENTS:
                raise _too_many_events()
        batch = parse_model(EventsRequest, data)
    else:
        try:
            return decode_fast(body, station_id)
        except SlowPath:
            pass
        try:
            batch = EventsRequest.model_validate_json(body)
        except ValidationError as exc:
            errors = exc.errors(include_url=False, include_input=False)
            if any(error["type"] == "json_invalid" for error in errors):
                raise ApiError(415, "not_json", "The body is not valid JSON.") from None
            if any(error["type"] == "too_long" and error["loc"] == ("events",) for error in errors):
                raise _too_many_events() from None
            raise ApiError(422, "invalid_request", describe_validation_error(exc)) from None
    check_batch_shape(batch)
    return rows_from_models(batch, station_id)


def _too_many_events() -> ApiError:
    return ApiError(
        413,
        "too_many_events",
        f"A batch holds at most {MAX_BATCH_EVENTS} events; send smaller batches.",
    )


def _dump(model: BaseModel, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse(model.model_dump(mode="json"), status_code=status, headers=headers)


def _json_body(model: type[BaseModel]) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{model.__name__}"}
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": ref}}}}


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: {"model": ErrorResponse} for status in statuses}


def create_app(
    db_url: str | None = None,
    max_concurrent_ingest: int | None = None,
    trusted_proxies: tuple[str, ...] = (),
) -> FastAPI:
    """Build the hub app on the database at ``db_url`` (migrated on open), with the
    union console under /console/. ``trusted_proxies`` (addresses or networks) may set a
    client's address with ``X-Forwarded-For``."""
    engine: Engine = open_db(db_url)
    gate = IngestGate(max_concurrent_ingest or DEFAULT_MAX_CONCURRENT_INGEST)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Everything made while starting (FastAPI, pydantic schemas, SQLAlchemy) lives
        # as long as the process: keep it out of the collector's reach, or every full
        # collection scans it (tens of ms, in the middle of some upload). Decoding one
        # batch makes tens of thousands of containers that reference counting frees; at
        # the default threshold (700) the cycle collector ran several times per batch
        # and took about a third of the validation time.
        gc.freeze()
        if gc.get_threshold()[0] < GC_THRESHOLD:
            gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
        roller = asyncio.create_task(bookings_api.keep_rolling(engine))
        yield
        roller.cancel()
        engine.dispose()

    app = FastAPI(
        title="Station Kiosk hub",
        version=__version__,
        summary="Sync protocol v1: terminals ship events up, content flows down.",
        lifespan=lifespan,
    )
    app.state.engine = engine
    app.state.ingest_gate = gate
    app.state.trusted_proxies = parse_trusted_proxies(trusted_proxies)
    install_error_handlers(app)
    mount_console(app)
    booking_page.mounted_at(app)

    async def terminal_for(request: Request) -> Any:
        return await run_in_threadpool(authenticate, engine, request.headers.get("authorization"))

    @app.post(
        "/v1/enroll",
        status_code=201,
        response_model=EnrollResponse,
        responses=_errors(403, 413, 415, 422),
        openapi_extra=_json_body(EnrollRequest),
    )
    async def post_enroll(request: Request) -> Response:
        """Redeem a single-use enrollment code for a terminal id and bearer token."""
        body = await read_body(request, SMALL_BODY_BYTES)
        payload = parse_model(EnrollRequest, parse_json(body))
        return _dump(await run_in_threadpool(enroll, engine, payload), status=201)

    async def post_events(request: Request) -> Response:
        """Store a batch of events exactly once and return the high-water mark."""
        async with gate.admit():
            # The body is read before the token is checked so that checking it, parsing
            # and storing take one trip to the thread pool; a refusal of the body (413,
            # 415) waits until the token has been checked, so 401/403 still come first.
            refusal: ApiError | None = None
            try:
                body = await read_body(request, MAX_BATCH_BYTES)
            except ApiError as exc:
                body, refusal = b"", exc
            authorization = request.headers.get("authorization")

            def work() -> Response:
                token = bearer_token(authorization)
                # One pooled connection for the token check and the insert: on
                # PostgreSQL they are one transaction, on SQLite the check is a read
                # and the insert then starts with BEGIN IMMEDIATE.
                with engine.connect() as conn:
                    terminal = terminal_for_token(conn, token)
                    if refusal is not None:
                        raise refusal
                    batch = parse_events(body, terminal.station_id)
                    check_same_terminal(terminal, batch.terminal_id)
                    result = ingest_on(conn, terminal, batch)
                return Response(_EVENTS_RESPONSE.dump_json(result), media_type="application/json")

            return await run_in_threadpool(work)

    # The busiest endpoint is a plain Starlette route: it parses its own body and
    # answers with JSON serialised in one pydantic-core call, so FastAPI's request and
    # response handling is only overhead. The same errors reach the same handlers. A
    # FastAPI route that is never mounted describes it in /openapi.json.
    app.router.routes.append(Route("/v1/events", post_events, methods=["POST"]))
    documented = APIRouter()
    documented.add_api_route(
        "/v1/events",
        post_events,
        methods=["POST"],
        response_model=EventsResponse,
        responses={
            **_errors(401, 403, 413, 415, 422, 503),
            409: {"model": SeqGapResponse},
        },
        openapi_extra=_json_body(EventsRequest),
    )

    @app.get(
        "/v1/content",
        response_model=ContentResponse,
        responses={**_errors(401, 403, 422), 304: {"description": "Nothing changed."}},
    )
    async def get_content(
        request: Request,
        since: int = Query(0, ge=0, description="The content version the terminal holds."),
        kinds: str | None = Query(
            None,
            max_length=400,
            description="Comma-separated kinds the terminal understands (absent: those of v1).",
        ),
    ) -> Response:
        """Content items changed after ``since`` (or a full snapshot with ``reset``)."""
        await terminal_for(request)
        wanted = content_store.parse_kinds(kinds)
        version = await run_in_threadpool(content_store.current_version, engine)
        etag = f'"{version}"'
        if_none_match = request.headers.get("if-none-match", "")
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        if etag in tags or since == version:
            return Response(status_code=304, headers={"ETag": etag})
        page = await run_in_threadpool(content_store.changes_since, engine, since, wanted)
        return _dump(page, headers={"ETag": f'"{page.version}"'})

    @app.post(
        "/v1/heartbeat",
        response_model=HeartbeatResponse,
        responses=_errors(401, 403, 413, 415, 422),
        openapi_extra=_json_body(HeartbeatRequest),
    )
    async def post_heartbeat(request: Request) -> Response:
        """Record a terminal's health report; the reply carries the hub's clock."""
        terminal = await terminal_for(request)
        body = await read_body(request, SMALL_BODY_BYTES)
        beat = parse_model(HeartbeatRequest, parse_json(body))
        check_same_terminal(terminal, beat.terminal_id)
        return _dump(await run_in_threadpool(record_heartbeat, engine, terminal, beat))

    @app.get("/v1/health", response_model=HealthResponse, responses=_errors(503))
    async def get_health() -> Response:
        """``{"status": "ok"}`` when the database answers; no token needed."""

        def check() -> None:
            with engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))

        try:
            await run_in_threadpool(check)
        except sa.exc.SQLAlchemyError:
            return error_response(
                503,
                "database_unavailable",
                "The hub's database does not answer.",
                headers={"Retry-After": "5"},
            )
        return _dump(HealthResponse(status="ok", features=list(FEATURES)))

    bookings_api.install(app, engine, terminal_for)
    _install_openapi(
        app, (EnrollRequest, EventsRequest, HeartbeatRequest, BookingRequest), documented.routes
    )
    return app


def _install_openapi(
    app: FastAPI, request_models: tuple[type[BaseModel], ...], documented: list[BaseRoute]
) -> None:
    """Add the hand-parsed request bodies' schemas to the generated document, and the
    plain routes' operations as ``documented`` describes them."""
    described = {(route.path, frozenset(route.methods or ())): route for route in documented}

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        routes = [
            described.get((route.path, frozenset(route.methods or ())), route)
            if isinstance(route, Route) and not isinstance(route, APIRoute)
            else route
            for route in app.routes
        ]
        schema = get_openapi(
            title=app.title, version=app.version, summary=app.summary, routes=routes
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in request_models:
            body = model.model_json_schema(ref_template="#/components/schemas/{model}")
            for name, definition in body.pop("$defs", {}).items():
                components.setdefault(name, definition)
            components.setdefault(model.__name__, body)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def create_app_from_env() -> FastAPI:
    """App factory for ``uvicorn --factory`` and ``serve --workers N``: settings come from
    ``KIOSK_HUB_DB_URL``, ``KIOSK_HUB_MAX_CONCURRENT_INGEST`` and
    ``KIOSK_HUB_TRUSTED_PROXIES`` (comma-separated)."""
    limit = os.environ.get("KIOSK_HUB_MAX_CONCURRENT_INGEST")
    proxies = tuple(os.environ.get("KIOSK_HUB_TRUSTED_PROXIES", "").split(","))
    return create_app(
        os.environ.get("KIOSK_HUB_DB_URL") or None,
        int(limit) if limit else None,
        trusted_proxies=tuple(proxy for proxy in proxies if proxy.strip()),
    )
