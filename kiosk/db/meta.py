"""Small key/value state kept in the ``meta`` table (sync cursor, last sync result…)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kiosk.db.database import Database
from kiosk.db.models import Meta


def get_meta(db: Database, key: str, default: str | None = None) -> str | None:
    with db.session() as session:
        row = session.get(Meta, key)
        return row.value if row else default


def put_meta(session: Session, key: str, value: str) -> None:
    """Set a key inside the caller's transaction."""
    row = session.get(Meta, key)
    if row is None:
        session.add(Meta(key=key, value=value))
    else:
        row.value = value


def set_meta(db: Database, **values: str) -> None:
    with db.unit_of_work() as session:
        for key, value in values.items():
            put_meta(session, key, value)
