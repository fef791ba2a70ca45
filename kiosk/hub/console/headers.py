"""Security headers on every hub response, and the anonymous CSRF cookie when a page
made one (kiosk/hub/console/csrf.py).

A pure ASGI middleware (not BaseHTTPMiddleware) so the terminal API's hot path pays
only for a few appended headers.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk.hub.console.csrf import ANON_COOKIE
from kiosk.hub.ratelimit import forwarded_https

# No inline script or style anywhere: templates link /console/static files only, and
# charts are server-made SVG (presentation attributes, never style="…").
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)
_COMMON = [
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
]
# FastAPI's interactive API docs load their script from a CDN; they get no CSP.
_NO_CSP_PATHS = ("/docs", "/redoc")
_STATIC = "/console/static/"


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        console = not path.startswith("/v1/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.extend(_COMMON)
                if not path.startswith(_NO_CSP_PATHS):
                    headers.append((b"content-security-policy", CSP.encode()))
                if console and not path.startswith(_STATIC):
                    # Pages hold personal data (a follow-up result): no copy in caches.
                    headers.append((b"cache-control", b"no-store"))
                    anonymous = scope.get("state", {}).get("csrf_cookie")
                    if anonymous:
                        headers.append((b"set-cookie", _anon_cookie(scope, anonymous)))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _anon_cookie(scope: Scope, value: str) -> bytes:
    holder = Response()
    holder.set_cookie(
        ANON_COOKIE,
        value,
        path="/",
        httponly=True,
        samesite="strict",
        secure=forwarded_https(Request(scope)),
    )
    return holder.raw_headers[-1][1]
