"""Alembic environment for the hub: always run with a connection handed in by kiosk.hub.db."""

from __future__ import annotations

from alembic import context

from kiosk.hub.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable through a hand-made alembic.ini
    raise RuntimeError("run hub migrations through kiosk.hub.db.migrate(engine)")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
