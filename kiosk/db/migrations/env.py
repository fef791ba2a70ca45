"""Alembic environment for the terminal database.

Run programmatically by :mod:`kiosk.db.migrate`, which hands over an open
connection in ``config.attributes["connection"]``.
"""

from __future__ import annotations

from alembic import context

from kiosk.db.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when someone runs the alembic CLI by hand
    raise RuntimeError("run migrations through kiosk.db.migrate, which supplies a connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
