"""The resource form of the content page: form fields ↔ a resource body, validated by
the content models (kiosk.content.models.ResourceBody) with every error beside its
field, and the lists of what the hub publishes and published before.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.engine import Engine

from kiosk.content.models import CATEGORIES, ResourceBody
from kiosk.hub.schema import content_history, content_items, content_state
from kiosk.resources import resource

TEXT_FIELDS = ("title", "summary", "detail", "hours")
FORM_FIELDS = (
    "category",
    *(f"{name}_{lang}" for name in TEXT_FIELDS for lang in ("zh", "en")),
    "phone",
    "url",
)


@dataclass(frozen=True)
class Item:
    kind: str
    item_id: str
    body: dict[str, Any] | None
    content_version: int | None  # None: a shipped default the hub never published
    updated_at: datetime | None

    @property
    def title(self) -> dict[str, str]:
        body = self.body or {}
        for key in ("title", "name"):
            if isinstance(body.get(key), dict):
                return body[key]
        return {}


@dataclass(frozen=True)
class Publish:
    version: int
    published_at: datetime
    published_by: str | None
    items: list[tuple[str, str, bool]]  # kind, id, deleted


def shipped_resources() -> dict[str, dict[str, Any]]:
    """The resources the kiosk ships with, by id (what a terminal shows until the hub
    publishes its own)."""
    try:
        data = json.loads(resource("content", "resources.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(b["id"]): b for b in data if isinstance(b, dict) and "id" in b}


def items(engine: Engine) -> tuple[int, dict[str, list[Item]]]:
    """The current content version and the live items by kind, with the shipped
    resources the hub has not published (yet) listed among the resources."""
    with engine.connect() as conn:
        version = int(
            conn.execute(
                sa.select(content_state.c.version).where(content_state.c.id == 1)
            ).scalar_one()
        )
        rows = conn.execute(
            sa.select(content_items)
            .where(content_items.c.deleted.is_(False))
            .order_by(content_items.c.kind, content_items.c.item_id)
        ).all()
    out: dict[str, list[Item]] = {"resource": [], "station": [], "settings": [], "instrument": []}
    for row in rows:
        out.setdefault(row.kind, []).append(
            Item(row.kind, row.item_id, row.body, int(row.version), row.updated_at)
        )
    published = {item.item_id for item in out["resource"]}
    for ident, body in shipped_resources().items():
        if ident not in published:
            out["resource"].append(Item("resource", ident, body, None, None))
    out["resource"].sort(key=lambda item: (str((item.body or {}).get("category")), item.item_id))
    return version, out


def current_resource(engine: Engine, ident: str) -> tuple[dict[str, Any] | None, bool]:
    """The resource's body as terminals have it (published, else shipped) and whether
    the hub published it."""
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(content_items.c.body, content_items.c.deleted).where(
                (content_items.c.kind == "resource") & (content_items.c.item_id == ident)
            )
        ).first()
    if row is not None and not row.deleted:
        return row.body, True
    return shipped_resources().get(ident), False


def history(
    engine: Engine, limit: int = 30, kind: str | None = None, ident: str | None = None
) -> list[Publish]:
    """The newest publishes first (at most ``limit`` versions)."""
    query = sa.select(content_history).order_by(
        content_history.c.version.desc(), content_history.c.kind, content_history.c.item_id
    )
    if kind is not None:
        query = query.where(content_history.c.kind == kind)
    else:
        # Sessions are published by the bookings' rolling plans, not edited here; listing
        # them would bury the content versions an admin looks for.
        query = query.where(content_history.c.kind != "session")
    if ident is not None:
        query = query.where(content_history.c.item_id == ident)
    found: dict[int, Publish] = {}
    with engine.connect() as conn:
        for row in conn.execute(query):
            entry = found.get(row.version)
            if entry is None:
                if len(found) >= limit:
                    break
                entry = found[row.version] = Publish(
                    int(row.version), row.published_at, row.published_by, []
                )
            entry.items.append((row.kind, row.item_id, bool(row.deleted)))
    return list(found.values())


def form_from_body(body: dict[str, Any] | None) -> dict[str, str]:
    """Form field values for a resource body (empty strings where it has nothing)."""
    body = body or {}
    values = {name: "" for name in FORM_FIELDS}
    values["category"] = str(body.get("category") or "")
    for name in TEXT_FIELDS:
        text = body.get(name)
        if isinstance(text, dict):
            for lang in ("zh", "en"):
                values[f"{name}_{lang}"] = str(text.get(lang) or "")
    values["phone"] = str(body.get("phone") or "")
    values["url"] = str(body.get("url") or "")
    return values


def body_from_form(ident: str, version: int, form: dict[str, str]) -> dict[str, Any]:
    """A resource body from the form; empty optional fields are left out."""
    body: dict[str, Any] = {"id": ident, "version": version, "category": form["category"]}
    for name in TEXT_FIELDS:
        zh, en = form[f"{name}_zh"], form[f"{name}_en"]
        if name == "hours" and not zh.strip() and not en.strip():
            continue
        body[name] = {"zh": zh, "en": en}
    for name in ("phone", "url"):
        if form[name].strip():
            body[name] = form[name].strip()
    return body


def errors_of(body: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    """Every problem the content models find, by form field: a message key and values."""
    try:
        ResourceBody.model_validate(body)
    except ValidationError as exc:
        out: dict[str, tuple[str, dict[str, Any]]] = {}
        for error in exc.errors(include_url=False):
            loc = [str(part) for part in error["loc"]]
            field = "_".join(loc[:2]) if loc and loc[0] in TEXT_FIELDS else (loc[0] if loc else "")
            if field not in FORM_FIELDS:
                field = "category" if field == "id" else field
            out.setdefault(field, _message(error))
        return out
    return {}


def _message(error: Any) -> tuple[str, dict[str, Any]]:
    kind = error["type"]
    context = error.get("ctx") or {}
    if kind in ("missing", "string_too_short"):
        return "content.err.required", {}
    if kind == "value_error" and "blank" in str(context.get("error", "")):
        return "content.err.required", {}
    if kind == "string_too_long":
        return "content.err.too_long", {"n": context.get("max_length", "")}
    if kind == "literal_error":
        return "content.err.choose", {"choices": ", ".join(CATEGORIES)}
    if kind == "string_pattern_mismatch":
        return "content.err.pattern", {}
    if kind == "value_error":
        return "content.err.url", {}
    return "content.err.other", {}
