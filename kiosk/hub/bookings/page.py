"""The worker's phone page ``/b/<code>``: the booking's status, place and time, and cancel.

No sign-in: the code is the key. At most ``PAGE_LIMIT`` requests a minute per client
address, counted in the database (so across hub processes; the address follows the
console's trusted-proxy rule), then 429. Served with a stylesheet of its own at
``/b/booking.css``, so a reverse proxy can publish ``/b/`` alone. Works without
JavaScript. The code never reaches a log: access-log lines show ``/b/…`` instead.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from starlette.responses import FileResponse, RedirectResponse, Response

from kiosk.hub.bookings import messages  # noqa: F401 - registers the page's words
from kiosk.hub.bookings.cancel import cancel_by_code_hash
from kiosk.hub.bookings.lookup import BookingView, hash_code, look_up
from kiosk.hub.console.csrf import check_csrf
from kiosk.hub.console.i18n import LANG_COOKIE, LANGUAGES, translate
from kiosk.hub.console.render import STATIC, render
from kiosk.hub.ratelimit import client_address, hit, limit_key

PAGE_LIMIT = 20
WINDOW_S = 60
_WEEKDAYS = {
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

router = APIRouter()


def page_language(request: Request) -> str:
    """``?lang=`` if given, else the language cookie, else Chinese."""
    wanted = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE, "")
    return wanted if wanted in LANGUAGES else "zh"


def when(view: BookingView, lang: str) -> str:
    """The session's day and time as the worker reads it, station-local."""
    if view.starts_at is None or view.ends_at is None:
        return ""
    start, end = view.starts_at, view.ends_at
    weekday = _WEEKDAYS[lang][start.weekday()]
    hours = f"{start:%H:%M}–{end:%H:%M}"
    if lang == "zh":
        return f"{start.year}年{start.month}月{start.day}日（{weekday}）{hours}"
    return f"{weekday} {start.day} {_MONTHS_EN[start.month - 1]} {start.year}, {hours}"


def status_line(view: BookingView | None, lang: str) -> tuple[str, str]:
    """(css class, the one line that says where the booking stands)."""
    if view is None:
        return "unknown", translate(lang, "booking.status.unknown")
    if view.status == "confirmed":
        return "confirmed", translate(lang, "booking.status.confirmed", n=view.number)
    if view.status == "waitlisted":
        return "waitlisted", translate(lang, "booking.status.waitlisted", n=view.number)
    if view.status == "cancelled":
        key = "union" if view.cancelled_by == "union" else "worker"
        return "cancelled", translate(lang, f"booking.status.cancelled_{key}")
    reason = view.reason or "unknown_session"
    return "refused", translate(lang, f"booking.status.refused_{reason}")


def map_link(station: dict[str, Any] | None) -> str | None:
    """A link that opens the station in a phone's map app (Amap, the usual one in China)."""
    if not station or "latitude" not in station or "longitude" not in station:
        return None
    name = quote(str(station.get("name", {}).get("zh", "")))
    return (
        f"https://uri.amap.com/marker?position={station['longitude']},{station['latitude']}"
        f"&name={name}&coordinate=wgs84"
    )


def _too_many(request: Request, lang: str, retry_after: int) -> Response:
    return render(
        request,
        "booking_page.html",
        _context(None, "", lang, limited=True),
        status=429,
        headers={"Retry-After": str(max(1, retry_after))},
    )


def _context(view: BookingView | None, code: str, lang: str, **extra: Any) -> dict[str, Any]:
    kind, line = status_line(view, lang)
    station = view.station if view else None
    return {
        "lang": lang,
        "_": lambda key, **values: translate(lang, key, **values),
        "view": view,
        "code": code,
        "status_kind": kind,
        "status_line": line,
        "station_name": (station or {}).get("name", {}).get(lang) if station else None,
        "station_address": (station or {}).get("address", {}).get(lang) if station else None,
        "map_link": map_link(station),
        "when": when(view, lang) if view else "",
        "limited": False,
        "cancelled_now": False,
        **extra,
    }


def _limited(request: Request) -> int | None:
    """Count this request; seconds to wait if over the limit, else None."""
    engine = request.app.state.engine
    bucket = f"booking-page:{limit_key(client_address(request))}"
    decision = hit(engine, bucket, PAGE_LIMIT, WINDOW_S)
    return None if decision.allowed else decision.retry_after_s


@router.get("/b/booking.css", include_in_schema=False)
def stylesheet() -> Response:
    return FileResponse(Path(STATIC) / "booking.css", media_type="text/css")


@router.get("/b/{code}", include_in_schema=False)
def booking_page(request: Request, code: str) -> Response:
    """The worker's booking, or "not received yet" for a code the hub does not know."""
    lang = page_language(request)
    wait = _limited(request)
    if wait is not None:
        return _too_many(request, lang, wait)
    view = look_up(request.app.state.engine, code)
    done = request.query_params.get("done") == "1"
    return render(request, "booking_page.html", _context(view, code, lang, cancelled_now=done))


@router.post("/b/{code}/cancel", include_in_schema=False)
def cancel_booking(request: Request, code: str, csrf_token: str = Form("")) -> Response:
    """Cancel the booking with this code (the page's CSRF token required), then show it."""
    lang = page_language(request)
    wait = _limited(request)
    if wait is not None:
        return _too_many(request, lang, wait)
    check_csrf(request, csrf_token)
    outcome = cancel_by_code_hash(request.app.state.engine, hash_code(code))
    target = f"/b/{quote(code, safe='')}?lang={lang}"
    if outcome == "cancelled":
        target += "&done=1"
    return RedirectResponse(target, status_code=303)


class RedactCodes(logging.Filter):
    """Shows ``/b/…`` in place of a booking code in uvicorn's access-log lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            path = args[2]
            if path.startswith("/b/") and not path.startswith("/b/booking.css"):
                tail = "/cancel" if "/cancel" in path else ""
                record.args = (*args[:2], "/b/…" + tail, *args[3:])
        return True


def mounted_at(app: Any) -> None:
    """Add the worker's page to ``app``."""
    app.include_router(router)
