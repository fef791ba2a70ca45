"""The terminal's HTTP client for the hub: one place that turns every failure into a SyncError.

TLS is always verified — against ``hub.ca_bundle`` when configured, else the
system store — and a certificate problem is its own error kind so the attendant
sees "the hub's certificate is not trusted", never a silent fallback.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from typing import Any

import httpx

from kiosk import __version__

TIMEOUT = httpx.Timeout(20.0, connect=5.0)


@dataclass
class SyncError(Exception):
    """A sync step that failed. ``kind``: network, tls, auth, refused, server, protocol."""

    kind: str
    message: str
    status: int | None = None
    code: str | None = None
    retry_after: float | None = None

    def __str__(self) -> str:
        return self.message

    @property
    def retryable(self) -> bool:
        """Network trouble, 429 and 5xx are retried; other 4xx stop the queue (PROTOCOL.md)."""
        return self.kind in ("network", "server")


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _error_from_response(response: httpx.Response) -> SyncError:
    code, message = None, f"the hub answered {response.status_code}"
    try:
        body = response.json()
        code = body["error"]["code"]
        message = f"the hub refused the request: {body['error']['message']} ({code})"
    except (ValueError, KeyError, TypeError):
        pass
    status = response.status_code
    if status == 429 or status >= 500:
        kind = "server"
    elif status in (401, 403):
        kind = "auth"
    else:
        kind = "refused"
    return SyncError(kind, message, status, code, _retry_after(response))


def _is_tls_error(exc: BaseException) -> bool:
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if isinstance(cur, ssl.SSLError):
            return True
        cur = cur.__cause__ or cur.__context__
    return "CERTIFICATE_VERIFY_FAILED" in str(exc) or "SSL" in str(exc)


class HubClient:
    """Thin wrapper over httpx for the protocol's calls."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        ca_bundle: str = "",
        timeout: httpx.Timeout = TIMEOUT,
    ) -> None:
        verify: Any = True
        if ca_bundle:
            verify = ssl.create_default_context(cafile=ca_bundle)
        headers = {"User-Agent": f"station-kiosk/{__version__}"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._client = httpx.Client(
            base_url=base_url.rstrip("/"), headers=headers, timeout=timeout, verify=verify
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        ok: tuple[int, ...] = (200,),
    ) -> httpx.Response:
        """Send one request; return the response if its status is in ``ok``, else raise."""
        try:
            response = self._client.request(method, path, json=json, params=params, headers=headers)
        except httpx.TimeoutException:
            raise SyncError("network", "the hub did not answer in time") from None
        except httpx.TransportError as exc:
            if _is_tls_error(exc):
                raise SyncError(
                    "tls", f"the hub's certificate is not trusted ({_short(exc)})"
                ) from None
            raise SyncError("network", f"cannot reach the hub ({_short(exc)})") from None
        if response.status_code in ok:
            return response
        if response.status_code == 409:
            return response  # seq_gap is handled by the caller
        raise _error_from_response(response)


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else exc.__class__.__name__
