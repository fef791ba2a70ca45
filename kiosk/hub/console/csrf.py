"""CSRF tokens for every console form, and for anonymous pages such as ``/b/<code>``.

A token is an HMAC (SHA-256) of what ties the form to one browser: the session cookie
once signed in, else an anonymous random cookie (``kiosk_csrf``, HttpOnly,
SameSite=Strict) that the security middleware sets the first time a page asks for a
token. The HMAC key is a per-hub secret kept in the database (``hub_secrets``), so
every hub process makes and accepts the same tokens. A page on another site can
neither read a token nor make the browser send its cookies (SameSite=Strict).

Use from any view (signed in or not)::

    token = csrf_token(request)            # render() puts it in every template
    check_csrf(request, form["csrf_token"])  # raises CsrfRefused → 403, before any change
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from starlette.requests import Request

from kiosk.hub.console.permissions import CsrfRefused
from kiosk.hub.console.sessions import COOKIE as SESSION_COOKIE
from kiosk.hub.db import insert_ignoring_duplicates, write_tx
from kiosk.hub.schema import hub_secrets, utcnow

ANON_COOKIE = "kiosk_csrf"
FIELD = "csrf_token"


def hub_secret(engine: Engine, name: str) -> bytes:
    """The hub-wide secret called ``name``, made by whichever process asks first."""
    with engine.connect() as conn:
        value = conn.execute(
            sa.select(hub_secrets.c.value).where(hub_secrets.c.name == name)
        ).scalar()
    if value is None:
        with write_tx(engine) as conn:
            conn.execute(
                insert_ignoring_duplicates(hub_secrets, conn).values(
                    name=name, value=secrets.token_hex(32), created_at=utcnow()
                )
            )
            value = conn.execute(
                sa.select(hub_secrets.c.value).where(hub_secrets.c.name == name)
            ).scalar_one()
    return bytes.fromhex(value)


def _key(request: Request) -> bytes:
    key = getattr(request.app.state, "csrf_key", None)
    if key is None:
        key = hub_secret(request.app.state.engine, "csrf")
        request.app.state.csrf_key = key
    return key


def _binding(request: Request, create: bool) -> str | None:
    session = request.cookies.get(SESSION_COOKIE)
    if session:
        return "session:" + session
    anonymous = request.cookies.get(ANON_COOKIE) or getattr(request.state, "csrf_cookie", None)
    if not anonymous and create:
        anonymous = secrets.token_urlsafe(24)
        request.state.csrf_cookie = anonymous  # set on the response by the middleware
    return "anonymous:" + anonymous if anonymous else None


def _sign(key: bytes, binding: str) -> str:
    digest = hmac.new(key, b"csrf|" + binding.encode("utf-8", "surrogatepass"), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).decode("ascii").rstrip("=")


def csrf_token(request: Request) -> str:
    """The token the forms of this page must send back in the ``csrf_token`` field."""
    binding = _binding(request, create=True)
    assert binding is not None
    return _sign(_key(request), binding)


def check_csrf(request: Request, token: object) -> None:
    """Raise CsrfRefused unless ``token`` is this browser's valid token."""
    binding = _binding(request, create=False)
    if binding is None or not isinstance(token, str) or not token:
        raise CsrfRefused()
    if not hmac.compare_digest(_sign(_key(request), binding), token):
        raise CsrfRefused()
