"""What every console view uses: who is asking (``require``), forms, redirects, and the
answers to "not signed in" (redirect to the login), "not allowed" (403) and "no CSRF
token" (403, nothing changed).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from sqlalchemy.engine import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from kiosk.hub.console.csrf import check_csrf
from kiosk.hub.console.permissions import (
    Forbidden,
    LoginRequired,
    Viewer,
    may_use,
)
from kiosk.hub.console.render import render
from kiosk.hub.console.sessions import COOKIE, load_session
from kiosk.hub.ratelimit import client_address

PREFIX = "/console"
_UNSET = object()
COOKIE_PATH = PREFIX


def engine_of(request: Request) -> Engine:
    return request.app.state.engine


def current_viewer(request: Request) -> Viewer | None:
    """The signed-in account, or None; looked up once per request (blocking: call it
    from a ``def`` view, which FastAPI runs in the thread pool)."""
    if getattr(request.state, "viewer", _UNSET) is _UNSET:
        session = request.cookies.get(COOKIE)
        viewer = load_session(engine_of(request), session) if session else None
        request.state.viewer = viewer
        request.state.session_ended = bool(session) and viewer is None
    return request.state.viewer


def require_signed_in(request: Request) -> Viewer:
    """The signed-in account, whatever its role; LoginRequired if none."""
    viewer = current_viewer(request)
    if viewer is None:
        raise LoginRequired()
    return viewer


def require(request: Request, page: str) -> Viewer:
    """THE permission check: the viewer if signed in and its role may use ``page``;
    otherwise LoginRequired (→ redirect to the login) or Forbidden (→ 403)."""
    viewer = current_viewer(request)
    if viewer is None:
        raise LoginRequired()
    if not may_use(viewer, page):
        raise Forbidden(page)
    return viewer


def require_post(request: Request, page: str, csrf_token: str) -> Viewer:
    """``require`` plus the CSRF check (the form's ``csrf_token`` field), for every
    state-changing request; call it before anything is changed."""
    viewer = require(request, page)
    check_csrf(request, csrf_token)
    return viewer


def client(request: Request) -> str:
    return client_address(request)


def redirect(path: str) -> RedirectResponse:
    """303 See Other: after a POST the browser GETs ``path``."""
    return RedirectResponse(path, status_code=303)


def safe_next(target: str | None) -> str:
    """A path on this hub to go to after a form (log-in, language switch), never another
    site: it must start with one "/" and hold no backslash or control character."""
    if target and target.startswith("/") and not target.startswith("//"):
        if "\\" not in target and not any(ord(char) < 32 for char in target):
            return target
    return PREFIX + "/"


def _login_redirect(request: Request) -> Response:
    target = f"{PREFIX}/login"
    if request.method == "GET" and request.url.path != f"{PREFIX}/":
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        target += "?next=" + quote(path, safe="")
    if getattr(request.state, "session_ended", False):
        target += ("&" if "?" in target else "?") + "expired=1"
    response = redirect(target)
    response.delete_cookie(COOKIE, path=COOKIE_PATH)
    return response


async def on_login_required(request: Request, _exc: Exception) -> Response:
    return _login_redirect(request)


async def on_forbidden(request: Request, _exc: Exception) -> Response:
    return render(request, "error.html", {"kind": "forbidden"}, status=403)


async def on_csrf_refused(request: Request, _exc: Exception) -> Response:
    return render(request, "error.html", {"kind": "csrf"}, status=403)


def html_errors_for_console(json_handler: Any) -> Any:
    """A 404/405 handler: an HTML page under /console, the API's JSON body elsewhere."""

    async def handler(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if request.url.path.startswith(PREFIX + "/") or request.url.path == PREFIX:
            status = exc.status_code if exc.status_code in (404, 405) else 404
            return render(request, "error.html", {"kind": "not_found"}, status=status)
        return await json_handler(request, exc)

    return handler
