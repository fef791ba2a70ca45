"""Rendering console pages: one Jinja2 environment (autoescape on), the navigation,
and the per-request values every template gets.

Every template sees: ``_`` (translate), ``_or(key, fallback)``, ``lang``, ``viewer``
(or None), ``nav`` (the entries the viewer's role may use), ``page`` (the current page
key), ``csrf_token`` and ``request``. HTML is written in templates only; Python
hands them plain values.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse

from kiosk.hub.console.csrf import csrf_token
from kiosk.hub.console.i18n import language, translate, translate_or
from kiosk.hub.console.permissions import Viewer, may_use

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


@dataclass(frozen=True)
class NavEntry:
    """A link in the navigation: shown only to roles that may use ``page``."""

    page: str
    path: str
    label: str  # message key
    order: int


_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(TEMPLATES)),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _format_time(value: Any, with_seconds: bool = False) -> str:
    """A UTC datetime as ``2026-12-05 08:43 UTC`` (empty for None)."""
    if value is None:
        return ""
    return value.strftime("%Y-%m-%d %H:%M:%S UTC" if with_seconds else "%Y-%m-%d %H:%M UTC")


_env.filters["utc"] = _format_time


def nav_for(request: Request, viewer: Viewer | None) -> list[NavEntry]:
    if viewer is None:
        return []
    entries: list[NavEntry] = getattr(request.app.state, "console_nav", [])
    return [entry for entry in entries if may_use(viewer, entry.page)]


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    page: str = "",
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Render ``template`` for this request with the common values and ``context``."""
    viewer: Viewer | None = getattr(request.state, "viewer", None)
    lang = language(request)
    values: dict[str, Any] = {
        "request": request,
        "_": partial(translate, lang),
        "_or": partial(translate_or, lang),
        "lang": lang,
        "viewer": viewer,
        "nav": nav_for(request, viewer),
        "page": page,
        "csrf_token": csrf_token(request),
        "flash": None,
    }
    values.update(context or {})
    html = _env.get_template(template).render(values)
    return HTMLResponse(html, status_code=status, headers=headers)
