"""Opening the hub database: URL defaults, engine settings, pragmas and migrations.

SQLite (one site) is the default: a file in the hub's data dir, in WAL mode with
``synchronous=FULL`` and a busy timeout; write transactions start with
``BEGIN IMMEDIATE`` so two hub processes never deadlock upgrading a read lock.
PostgreSQL (``postgresql+psycopg://``) uses a connection pool of ``KIOSK_HUB_POOL_SIZE``
(default 5) plus ``KIOSK_HUB_MAX_OVERFLOW`` (default 10) connections per process, with
pre-ping so a restarted server is survived.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql.dml import Insert

from kiosk.alembic_lock import ALEMBIC_LOCK

SQLITE_BUSY_TIMEOUT_MS = 10_000
HEAD_REVISION = "0004_bookings"


class HubDbError(Exception):
    """The database URL is unusable or the database cannot be opened or migrated."""


def data_dir() -> Path:
    """The hub's data folder: ``KIOSK_HUB_DATA_DIR`` or the platform's user data dir."""
    override = os.environ.get("KIOSK_HUB_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("station-kiosk-hub", appauthor=False))


def default_url() -> str:
    """``sqlite:///<data dir>/hub.db``."""
    return f"sqlite:///{data_dir() / 'hub.db'}"


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control from the sqlite3 module so BEGIN is ours to emit.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _on_sqlite_begin(conn: Connection) -> None:
    mode = "IMMEDIATE" if conn.get_execution_options().get("hub_write") else "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str | None = None) -> Engine:
    """Create an engine for ``url`` (default: the SQLite file in the data dir)."""
    url = url or default_url()
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError as exc:
        raise HubDbError(f"database URL {url!r} is not a valid SQLAlchemy URL") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ""
        if not database or database == ":memory:" or database.startswith("file:"):
            raise HubDbError("the hub needs a SQLite file, not an in-memory database")
        folder = Path(database).expanduser().resolve().parent
        if not folder.is_dir():
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise HubDbError(f"cannot create the database folder {folder}: {exc}") from exc
        engine = sa.create_engine(parsed, pool_size=8, max_overflow=16, hide_parameters=True)
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    if backend == "postgresql":
        try:
            return sa.create_engine(
                parsed,
                pool_size=int(os.environ.get("KIOSK_HUB_POOL_SIZE", "5")),
                max_overflow=int(os.environ.get("KIOSK_HUB_MAX_OVERFLOW", "10")),
                pool_pre_ping=True,
                hide_parameters=True,
            )
        except (ImportError, sa.exc.ArgumentError, ValueError) as exc:
            raise HubDbError(f"cannot use database URL {url!r}: {exc}") from exc
    raise HubDbError(f"unsupported database {backend!r}; use sqlite:/// or postgresql+psycopg://")


@contextmanager
def driver_cursor(conn: Connection) -> Iterator[Any]:
    """A DB-API cursor on ``conn``'s connection, for the statements every upload runs,
    where Core's per-statement work was a visible share of a request. A driver error
    comes out as SQLAlchemy's, as from ``exec_driver_sql``, so it is answered alike (503
    for a busy or unreachable database) and a lost connection is not pooled again.
    """
    cursor = conn.connection.cursor()
    try:
        yield cursor
    except conn.dialect.loaded_dbapi.Error as exc:
        lost = conn.dialect.is_disconnect(exc, conn.connection.dbapi_connection, cursor)
        if lost:
            conn.invalidate(exc)
        raise sa.exc.DBAPIError.instance(
            None,
            None,
            exc,
            conn.dialect.loaded_dbapi.Error,
            hide_parameters=True,
            connection_invalidated=lost,
            dialect=conn.dialect,
        ) from exc
    finally:
        if not conn.invalidated:
            cursor.close()


@contextmanager
def write_tx(engine: Engine) -> Iterator[Connection]:
    """One write transaction (``BEGIN IMMEDIATE`` on SQLite); commits or rolls back."""
    with engine.connect() as conn:
        conn = conn.execution_options(hub_write=True)
        with conn.begin():
            yield conn


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision the database is at, or None if it was never migrated."""
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine) -> None:
    """Bring the schema to head; cheap when it already is (Alembic is not imported then).

    One Alembic run at a time in the process (:mod:`kiosk.alembic_lock`).
    """
    if current_revision(engine) == HEAD_REVISION:
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with ALEMBIC_LOCK, engine.connect() as conn:
        conn = conn.execution_options(hub_write=True)
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
        conn.commit()


def open_db(url: str | None = None) -> Engine:
    """Create the engine, check the database answers and migrate it to head."""
    engine = make_engine(url)
    try:
        migrate(engine)
    except sa.exc.SQLAlchemyError as exc:
        engine.dispose()
        reason = str(exc.orig) if isinstance(exc, sa.exc.DBAPIError) else str(exc)
        raise HubDbError(f"cannot open the hub database: {reason.splitlines()[0]}") from exc
    return engine


def insert_ignoring_duplicates(table: sa.Table, engine_or_conn: Engine | Connection) -> Insert:
    """``INSERT … ON CONFLICT DO NOTHING`` on the table's primary key, per dialect."""
    name = engine_or_conn.dialect.name
    keys = [column.name for column in table.primary_key.columns]
    if name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table).on_conflict_do_nothing(index_elements=keys)
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).on_conflict_do_nothing(index_elements=keys)
    raise HubDbError(f"unsupported database dialect {name!r}")
