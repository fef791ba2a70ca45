"""Every error the hub sends has the body ``{"error": {"code", "message"}}`` (PROTOCOL.md).

The handlers here cover the hub's own errors, FastAPI's validation errors, Starlette's
404/405, database trouble (503, so clients retry) and anything unexpected (500 with a
generic sentence; the traceback goes to the server log only, never to the client).
"""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error answered with ``status`` and the protocol's error body."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.extra = extra or {}


def error_response(
    status: int,
    code: str,
    message: str,
    *,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    """Build a JSON error response with the protocol's body."""
    body: dict[str, Any] = {"error": {"code": code, "message": message}}
    body.update(extra or {})
    return JSONResponse(body, status_code=status, headers=headers)


def _snake(phrase: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", phrase.lower()).strip("_") or "error"


async def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, headers=exc.headers, extra=exc.extra)


async def http_error_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    codes = {404: "not_found", 405: "method_not_allowed"}
    messages = {
        404: "No such endpoint; see /openapi.json for the hub's API.",
        405: "This endpoint does not accept that HTTP method.",
    }
    message = messages.get(status) or (exc.detail if isinstance(exc.detail, str) else phrase)
    if not message.endswith("."):
        message += "."
    return error_response(
        status, codes.get(status, _snake(phrase)), message, headers=dict(exc.headers or {})
    )


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    if not errors:
        return error_response(422, "invalid_request", "The request is invalid.")
    first = errors[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "request"
    return error_response(422, "invalid_request", f"{where}: {first.get('msg', 'invalid')}.")


def _unexpected_response(exc: Exception) -> JSONResponse:
    import sqlalchemy.exc

    if isinstance(exc, sqlalchemy.exc.OperationalError | sqlalchemy.exc.InterfaceError):
        log.warning("database unavailable: %s", type(exc.orig).__name__ if exc.orig else exc)
        return error_response(
            503,
            "database_unavailable",
            "The hub's database is busy or unreachable; retry later.",
            headers={"Retry-After": "2"},
        )
    # Engines are made with hide_parameters=True, so no event data reaches this log.
    log.error("unexpected error: %s", type(exc).__name__, exc_info=exc)
    return error_response(500, "internal_error", "The hub hit an unexpected error; retry later.")


class CatchAllMiddleware:
    """Answer any exception the routes did not handle with the protocol's error body.

    Sits inside Starlette's ServerErrorMiddleware, so the exception stops here instead
    of being re-raised into uvicorn's log with its full text.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            if started:
                raise
            await _unexpected_response(exc)(scope, receive, send)


def install_error_handlers(app: FastAPI) -> None:
    """Route every kind of failure to the protocol's error body."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, http_error_handler)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_middleware(CatchAllMiddleware)
