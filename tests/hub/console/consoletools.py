"""Helpers for console tests: accounts, and an httpx client that logs in like a browser
(reads the login form's csrf_token, keeps the cookies)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
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
