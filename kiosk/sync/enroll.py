"""Enrolling a terminal with the hub: trade a one-time code for a token."""

from __future__ import annotations

import platform
import re

from kiosk import __version__
from kiosk.sync.credentials import Credentials, save_credentials
from kiosk.sync.http import HubClient, SyncError

_URL = re.compile(r"^https?://[^\s/]+(/\S*)?$")


def enroll(
    hub_url: str, code: str, *, ca_bundle: str = "", terminal_name: str = "", save: bool = True
) -> Credentials:
    """POST /v1/enroll and save the credentials (mode 0600). Raises ValueError or SyncError.

    With ``save=False`` the caller saves them, e.g. after checking the station they name.
    """
    if not _URL.match(hub_url):
        raise ValueError(f"--hub {hub_url!r}: must be an http:// or https:// URL")
    code = code.strip()
    if not code:
        raise ValueError("--code: must not be empty")
    with HubClient(hub_url, ca_bundle=ca_bundle) as client:
        response = client.request(
            "POST",
            "/v1/enroll",
            json={
                "code": code,
                "terminal_name": terminal_name or platform.node()[:200],
                "app_version": __version__,
            },
            ok=(200, 201),
        )
    try:
        body = response.json()
        creds = Credentials(
            hub_url=hub_url.rstrip("/"),
            terminal_id=str(body["terminal_id"]),
            station_id=str(body["station_id"]),
            token=str(body["token"]),
        )
    except (ValueError, KeyError, TypeError):
        raise SyncError("protocol", "the hub's enrollment answer was malformed") from None
    if save:
        save_credentials(creds)
    return creds
