"""Helpers for console tests: accounts, and an httpx client that logs in like a browser
(reads the login form's csrf_token, keeps the cookies)."""

from __future__ import annotations

import os
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
from hubtools import ROOT, Hub

SCREENSHOTS = ROOT / "docs" / "screenshots"
PASSWORD = "correct horse battery"
# One account per role; the official and the counsellor are limited to station st-a.
ACCOUNTS = {
    "ada": ("admin", None),
    "olga": ("official", ("st-a",)),
    "carl": ("counsellor", ("st-a",)),
}
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def add_account(hub: Hub, name: str, role: str, stations: tuple[str, ...] | None = None) -> None:
    from kiosk.hub.console.accounts import create_account

    create_account(hub.engine, name, role, PASSWORD, stations)


def csrf_from(html: str) -> str:
    found = _TOKEN.search(html)
    assert found, "no csrf_token field in the page"
    return found.group(1)


@dataclass
class Browserish:
    """An httpx client with its own cookie jar, talking to a hub's console."""

    hub: Hub
    http: httpx.Client

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.http.get(path, **kwargs)

    def token(self, path: str = "/console/login") -> str:
        response = self.http.get(path)
        return csrf_from(response.text)

    def post(
        self,
        path: str,
        data: dict[str, Any] | None = None,
        *,
        form_page: str | None = None,
        **kw: Any,
    ) -> httpx.Response:
        """POST a form with the csrf_token read from ``form_page`` (default: the same path)."""
        fields = dict(data or {})
        fields.setdefault("csrf_token", self.token(form_page or path))
        return self.http.post(path, data=fields, **kw)

    def login(self, name: str, password: str = PASSWORD) -> httpx.Response:
        return self.post(
            "/console/login", {"username": name, "password": password}, form_page="/console/login"
        )

    def close(self) -> None:
        self.http.close()


def new_client(hub: Hub, verify: Any = True) -> Browserish:
    """A fresh client (no cookies) for ``hub``; redirects are not followed."""
    http = httpx.Client(base_url=hub.base_url, timeout=30, follow_redirects=False, verify=verify)
    return Browserish(hub, http)


def shoot(driver: Any, page: str) -> None:
    """Save a full-page screenshot (1366 px wide, a laptop) to
    docs/screenshots/console-<page>.png when KIOSK_SCREENSHOTS=1 (the README shows them)."""
    if os.environ.get("KIOSK_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = int(driver.execute_script("return document.documentElement.scrollHeight"))
    metrics = {"width": 1366, "height": max(768, min(height, 2400)), "deviceScaleFactor": 1}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {**metrics, "mobile": False})
    try:
        driver.save_screenshot(str(SCREENSHOTS / f"console-{page}.png"))
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def past_session(hub: Hub, station: str, day: date) -> str:
    """A session on ``day`` at 14:00 (+08:00) written straight into the hub's table
    (the API refuses bookings for a session already past)."""
    from kiosk.hub.bookings.tables import sessions

    session_id = f"fig-{uuid.uuid4().hex[:10]}"
    start = datetime(day.year, day.month, day.day, 6, tzinfo=UTC)
    with hub.engine.begin() as conn:
        conn.execute(
            sessions.insert().values(
                session_id=session_id,
                station_id=station,
                counsellor="carl",
                starts_at=f"{day.isoformat()}T14:00:00+08:00",
                ends_at=f"{day.isoformat()}T14:45:00+08:00",
                starts_utc=start,
                ends_utc=start + timedelta(minutes=45),
                capacity=30,
                created_at=start - timedelta(days=3),
            )
        )
    return session_id


def past_bookings(
    hub: Hub,
    session_id: str,
    station: str,
    status: str,
    attendance: str | None = None,
    n: int = 1,
) -> None:
    """``n`` bookings of a past session, written straight into the hub's table."""
    from kiosk.hub.bookings.tables import bookings

    with hub.engine.begin() as conn:
        for _ in range(n):
            conn.execute(
                bookings.insert().values(
                    booking_id=str(uuid.uuid4()),
                    code_hash=uuid.uuid4().hex * 2,
                    session_id=session_id,
                    station_id=station,
                    decision="refused" if status == "refused" else "confirmed",
                    status=status,
                    received_at=datetime.now(UTC),
                    terminal_id="t-fig",
                    attendance=attendance,
                    cancelled_by="worker" if status == "cancelled" else None,
                )
            )
