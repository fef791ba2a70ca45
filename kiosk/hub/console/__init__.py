"""The union console: the hub's web pages for officials, counsellors and IT (issue #16).

Layout (one file per concern)::

    permissions.py  PAGE_ROLES (role → pages), Viewer (+ station restriction)
    web.py          require(request, page) — THE check every view calls; require_post
                    adds the CSRF check; redirects; 403/404 pages
    accounts.py     accounts, argon2id passwords, 5-wrong → 15-minute lock (in the DB)
    sessions.py     session cookie (only its SHA-256 stored), 30-minute idle expiry
    csrf.py         csrf_token(request) / check_csrf(request, token); also for
                    anonymous pages (/b/<code>): HMAC with a per-hub secret in the DB
    audit.py        record(engine, actor, action, ...) and list_entries()
    i18n.py         zh (default) / en words; add_messages(zh=..., en=...)
    render.py       render(request, "x.html", {...}, page="x"); NavEntry
    headers.py      CSP, X-Frame-Options, Referrer-Policy on every response
    pages/          one module per page: a ``router`` and a ``NAV`` entry (or None)
    templates/      Jinja2 (autoescape on); base.html has the layout and navigation
    static/         console.css (no CDN; pages work without JavaScript)
    kiosk/hub/ratelimit.py  hit(engine, bucket, limit, window_s) and client_address()

How to add a page (say ``fleet``):

1. Permission: the page key must be in ``permissions.PAGE_ROLES`` (fleet, figures,
   followup, bookings, content, terminals, audit and accounts already are).
2. Route: ``pages/fleet.py`` with ``router = APIRouter()`` and views written as plain
   ``def`` (FastAPI runs them in the thread pool, so they may query the database).
   Each view starts with ``viewer = require(request, "fleet")``; a POST view with
   ``viewer = require_post(request, "fleet", csrf_token)`` where ``csrf_token:
   str = Form("")`` — before it changes anything. Limit data to
   ``viewer.station_filter()`` / ``viewer.may_see_station(id)``. Keep the view thin:
   call query functions that live in their own module (e.g. ``kiosk/hub/fleet/``).
3. Template: ``templates/fleet.html`` extending ``base.html`` (blocks ``title`` and
   ``content``); every form has ``<input type="hidden" name="csrf_token" value="{{
   csrf_token }}">``; words through ``_("fleet.key")`` registered with
   ``i18n.add_messages`` in the page module; no inline ``<script>``, no ``style=""``
   (the CSP refuses both; put styles in static/console.css); charts as server-made SVG.
   Render with ``render(request, "fleet.html", {...}, page="fleet")``.
4. Nav entry: ``NAV = NavEntry("fleet", "/console/fleet", "nav.fleet", order=10)`` in the
   page module, and the module added to ``pages.PAGE_MODULES``. Orders: fleet 10,
   figures 20, followup 30, bookings 40, content 50, terminals 60, audit 70, accounts 80.
5. Audit state changes with ``audit.record(engine, viewer.name, "action", ...)`` (add
   the action's words as ``audit.action.<action>`` messages).

Tests: tests/hub/console/conftest.py has a hub with accounts of every role, logged-in
httpx clients (``console_login``) and a headless Chromium (``browser``).
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.staticfiles import StaticFiles

from kiosk.hub.console.headers import SecurityHeadersMiddleware
from kiosk.hub.console.permissions import CsrfRefused, Forbidden, LoginRequired
from kiosk.hub.console.render import STATIC, NavEntry


def mount_console(app: FastAPI) -> None:
    """Add the console's pages, static files, error pages and security headers to ``app``
    (whose ``state.engine`` is the hub database)."""
    from kiosk.hub.console import web
    from kiosk.hub.console.pages import PAGE_MODULES
    from kiosk.hub.errors import http_error_handler

    nav: list[NavEntry] = []
    for module in PAGE_MODULES:
        app.include_router(module.router, include_in_schema=False)
        if module.NAV is not None:
            nav.append(module.NAV)
    app.state.console_nav = sorted(nav, key=lambda entry: entry.order)
    app.mount(web.PREFIX + "/static", StaticFiles(directory=STATIC), name="console-static")
    app.add_exception_handler(LoginRequired, web.on_login_required)
    app.add_exception_handler(Forbidden, web.on_forbidden)
    app.add_exception_handler(CsrfRefused, web.on_csrf_refused)
    app.add_exception_handler(
        StarletteHTTPException, web.html_errors_for_console(http_error_handler)
    )
    app.add_middleware(SecurityHeadersMiddleware)
