"""Small key/value state kept in the ``meta`` table (sync cursor, last sync result…)."""

from __future__ import annotations

from typing import Any

from kiosk.db.database import Database


def get_meta(db: Database, key: str, default: str | None = None) -> str | None:
    value = db.get_meta(key)
    return default if value is None else value


def put_meta(session: Any, key: str, value: str) -> None:
    """Set a key inside the caller's SQLAlchemy transaction (content page + cursor)."""
    from kiosk.db.models import Meta

    row = session.get(Meta, key)
    if row is None:
        session.add(Meta(key=key, value=value))
    else:
        row.value = value


def set_meta(db: Database, **values: str) -> None:
    db.set_meta(values)
