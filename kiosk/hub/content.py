"""Content down: versioned items with tombstones and one global version counter.

A publish that changes anything bumps the global version by one and stamps every item
it changed (or deleted) with that version, so a terminal's cursor ``since=V`` always
names a consistent state. Tombstones are kept until pruned; a cursor older than the
newest pruned tombstone gets ``reset: true`` and a full snapshot.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kiosk.hub.db import write_tx
from kiosk.hub.schema import content_history, content_items, content_state, utcnow
from kiosk.sync.protocol import CONTENT_KINDS, V1_CONTENT_KINDS, ContentItem, ContentResponse


class ContentError(ValueError):
    """A publish file that cannot be published; the message names the item and problem."""


def _validate_body(kind: str, item_id: str, body: Any) -> None:
    if not isinstance(body, dict):
        raise ContentError(f"{kind} {item_id!r}: body must be a JSON object")
    if kind in ("resource", "station"):
        if body.get("id", item_id) != item_id:
            raise ContentError(f"{kind} {item_id!r}: body id {body.get('id')!r} differs")
        try:
            from kiosk.content.models import validate_body
        except ImportError:
            # The content models are optional here: without them, check the bare shape.
            if "id" not in body:
                raise ContentError(f'{kind} {item_id!r}: body has no "id"') from None
            return
        try:
            validate_body(kind, body)
        except Exception as exc:  # the models' own error types are theirs to choose
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            if first.startswith(f"{kind} "):  # already names the item
                raise ContentError(first) from None
            raise ContentError(f"{kind} {item_id!r}: {first}") from None
    elif kind == "instrument":
        for key in ("id", "version", "items"):
            if key not in body:
                raise ContentError(f"instrument {item_id!r}: body has no {key!r}")
        if body["id"] != item_id:
            raise ContentError(f"instrument {item_id!r}: body id {body['id']!r} differs")
        if not isinstance(body["items"], list):
            raise ContentError(f'instrument {item_id!r}: "items" must be a list')


def parse_publish_file(data: Any) -> list[dict[str, Any]]:
    """Validate the items of a publish file; return them as ``{kind, id, deleted, body}``."""
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    if not isinstance(data, list):
        raise ContentError('the file must hold a JSON list of items (or {"items": [...]})')
    items: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for index, raw in enumerate(data):
        where = f"item {index}"
        if not isinstance(raw, dict):
            raise ContentError(f"{where}: must be an object")
        kind, item_id = raw.get("kind"), raw.get("id")
        if kind == "session":
            raise ContentError(f"{where}: sessions are made with 'kiosk-hub sessions add'")
        if kind not in CONTENT_KINDS:
            raise ContentError(f"{where}: kind {kind!r} is not one of {', '.join(CONTENT_KINDS)}")
        if not isinstance(item_id, str) or not 0 < len(item_id) <= 128:
            raise ContentError(f"{where}: id must be a string of 1-128 characters")
        unknown = set(raw) - {"kind", "id", "body", "deleted"}
        if unknown:
            raise ContentError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        if (kind, item_id) in seen:
            raise ContentError(f"{where}: {kind} {item_id!r} appears twice")
        seen.add((kind, item_id))
        deleted = raw.get("deleted", False)
        if not isinstance(deleted, bool):
            raise ContentError(f"{where}: deleted must be true or false")
        if deleted:
            if "body" in raw:
                raise ContentError(f"{where}: a deleted item carries no body")
            items.append({"kind": kind, "id": item_id, "deleted": True, "body": None})
            continue
        if "body" not in raw:
            raise ContentError(f"{where}: {kind} {item_id!r} has no body")
        _validate_body(kind, item_id, raw["body"])
        items.append({"kind": kind, "id": item_id, "deleted": False, "body": raw["body"]})
    return items


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def publish(
    engine: Engine, items: Sequence[dict[str, Any]], by: str | None = None
) -> tuple[int, int]:
    """Publish validated items in one transaction; return (new version, items changed).

    Each changed item is also written to ``content_history`` with ``by`` (the console
    account, or None from the command line)."""
    with write_tx(engine) as conn:
        return publish_on(conn, items, by)


def publish_on(
    conn: Connection, items: Sequence[dict[str, Any]], by: str | None = None
) -> tuple[int, int]:
    """Publish items in the caller's write transaction (so a session and its content item
    are written together); return (version, items changed)."""
    now = utcnow()
    version = conn.execute(
        sa.select(content_state.c.version).where(content_state.c.id == 1).with_for_update()
    ).scalar_one()
    current = (
        {
            (row.kind, row.item_id): row
            for row in conn.execute(
                sa.select(content_items).where(
                    sa.tuple_(content_items.c.kind, content_items.c.item_id).in_(
                        [(item["kind"], item["id"]) for item in items]
                    )
                )
            )
        }
        if items
        else {}
    )
    changes = []
    for item in items:
        row = current.get((item["kind"], item["id"]))
        if item["deleted"]:
            if row is None or row.deleted:
                continue  # deleting what is not there changes nothing
        elif row is not None and not row.deleted and _same(row.body, item["body"]):
            continue
        changes.append((item, row))
    if not changes:
        return int(version), 0
    version += 1
    for item, row in changes:
        values = {
            "version": version,
            "deleted": item["deleted"],
            "body": item["body"],
            "updated_at": now,
        }
        if row is None:
            conn.execute(
                content_items.insert().values(kind=item["kind"], item_id=item["id"], **values)
            )
        else:
            conn.execute(
                content_items.update()
                .where(
                    (content_items.c.kind == item["kind"]) & (content_items.c.item_id == item["id"])
                )
                .values(**values)
            )
    conn.execute(
        content_history.insert(),
        [
            {
                "version": version,
                "kind": item["kind"],
                "item_id": item["id"],
                "deleted": item["deleted"],
                "body": item["body"],
                "published_at": now,
                "published_by": by,
            }
            for item, _row in changes
        ],
    )
    conn.execute(content_state.update().where(content_state.c.id == 1).values(version=version))
    return int(version), len(changes)


def current_version(engine: Engine) -> int:
    """The global content version (0 before anything was published)."""
    with engine.connect() as conn:
        return int(
            conn.execute(
                sa.select(content_state.c.version).where(content_state.c.id == 1)
            ).scalar_one()
        )


def changes_since(
    engine: Engine, since: int, kinds: Sequence[str] = V1_CONTENT_KINDS
) -> ContentResponse:
    """Items of ``kinds`` changed after ``since``, or a full snapshot with ``reset`` if the
    hub no longer keeps what a cursor that old would need (or the cursor is from another
    database). A terminal is sent only the kinds it names, so one that predates a kind
    never receives it."""
    with engine.connect() as conn:
        state = conn.execute(sa.select(content_state).where(content_state.c.id == 1)).one()
        version, pruned = int(state.version), int(state.pruned_through)
        reset = since > version or (0 < since < pruned)
        query = (
            sa.select(content_items)
            .where(content_items.c.kind.in_(list(kinds)))
            .order_by(content_items.c.version, content_items.c.kind, content_items.c.item_id)
        )
        if reset:
            query = query.where(content_items.c.deleted.is_(False))
        else:
            query = query.where(content_items.c.version > since)
            if since == 0:
                query = query.where(content_items.c.deleted.is_(False))
        rows = conn.execute(query).all()
    items = [
        ContentItem(
            kind=row.kind,
            id=row.item_id,
            version=int(row.version),
            deleted=bool(row.deleted),
            body=None if row.deleted else row.body,
        )
        for row in rows
    ]
    return ContentResponse(version=version, reset=reset, items=items)


def prune_tombstones(engine: Engine, older_than_days: float) -> int:
    """Drop tombstones older than the given age; return how many went."""
    cutoff = utcnow() - timedelta(days=older_than_days)
    with write_tx(engine) as conn:
        old = content_items.c.deleted.is_(True) & (content_items.c.updated_at <= cutoff)
        newest = conn.execute(sa.select(sa.func.max(content_items.c.version)).where(old)).scalar()
        if newest is None:
            return 0
        removed = conn.execute(content_items.delete().where(old)).rowcount
        conn.execute(
            content_state.update()
            .where(content_state.c.id == 1)
            .values(
                pruned_through=sa.func.max(content_state.c.pruned_through, newest)
                if conn.dialect.name == "sqlite"
                else sa.func.greatest(content_state.c.pruned_through, newest)
            )
        )
    return int(removed)


def parse_kinds(text: str | None) -> tuple[str, ...]:
    """The ``kinds`` query parameter: absent means the kinds of v1; unknown names are
    ignored (a newer terminal may name a kind this hub does not have)."""
    if text is None:
        return V1_CONTENT_KINDS
    return tuple(kind for kind in CONTENT_KINDS if kind in {k.strip() for k in text.split(",")})
