"""The hub terminals sync to: FastAPI over SQLAlchemy Core, SQLite or PostgreSQL.

Only ``kiosk.sync.protocol`` and ``kiosk.content`` may be imported from the rest of
``kiosk`` (and ``kiosk.alembic_lock``, a standard-library lock both sides' migrations
share); the hub must run on a server without the terminal's dependencies.
"""
