"""The Alembic revisions this code knows, readable without importing Alembic.

Start-up compares the database's ``alembic_version`` with :data:`HEAD` using
plain sqlite3 and imports Alembic only when a migration is really needed.
A test keeps these in step with ``kiosk/db/migrations/versions``.
"""

HEAD = "0004"
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004")
