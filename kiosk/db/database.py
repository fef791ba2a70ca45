"""Open the terminal database and record facts with their outbox events.

:func:`open_database` checks the file, migrates it (keeping a copy first) and,
when the file cannot be used — corrupt, not a database, made by a newer kiosk —
moves it aside with a timestamp, starts a fresh one and leaves an alert for the
attendant. :meth:`Database.record` is the one way any capability writes a fact:
the fact and its outbox event are committed in the same transaction.

Two doors to one file. The SQLAlchemy models (:mod:`kiosk.db.models`) are the
schema — Alembic migrates from them and the dashboard, sync and tests query
through them. The hot path a worker waits on — opening a file already at the
schema head, recording a fact, counting today's visitors — goes through the
standard library's sqlite3 on one connection with the same pragmas, so the
kiosk can record before SQLAlchemy (about 0.3 s and 35 MiB to import) is
loaded at all (DESIGN.md, Start-up). ``tests/kiosk/db`` checks that the rows
written this way read back through the models.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.db.migrate import UnknownSchemaError, ensure_schema
from kiosk.db.pragmas import BUSY_TIMEOUT_MS, apply_pragmas

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1


class RecordError(Exception):
    """A fact could not be written (disk full, database locked…); nothing was kept."""


@dataclass(frozen=True)
class Recorded:
    """What was written: the outbox seq and event id of the new event."""

    seq: int
    event_id: str


@dataclass(frozen=True)
class Fact:
    """A row to write with an event: a table of :mod:`kiosk.db.models` and its column values."""

    table: str
    values: Mapping[str, Any]


@dataclass(frozen=True)
class AlertRow:
    id: int
    kind: str
    message: str
    created_at: str


def sql_value(value: Any) -> Any:
    """A Python value as SQLAlchemy's SQLite types store it (JSON, DATETIME, BOOLEAN)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False)
    return value


def _orm_fact(fact: Any) -> Fact:
    """An unsaved ORM object as a Fact (its set attributes plus the columns' scalar defaults)."""
    from sqlalchemy import inspect

    state = inspect(fact)
    values: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        column = attr.columns[0]
        if attr.key in state.dict:
            values[column.name] = state.dict[attr.key]
        elif column.default is not None and not column.primary_key:
            arg = column.default.arg
            values[column.name] = arg(None) if callable(arg) else arg
    return Fact(fact.__table__.name, values)


class Database:
    """An open, migrated terminal database (see the module docstring)."""

    def __init__(self, path: Path, conn: sqlite3.Connection, db_instance_id: str) -> None:
        self.path = path
        self.db_instance_id = db_instance_id
        self.quarantined: list[str] = []
        self._conn = conn
        self._lock = threading.Lock()  # the GUI and sync threads share the write connection
        self._engine: Any = None
        self._session_factory: Any = None

    # --- SQLAlchemy, loaded on first use ---------------------------------------------

    @property
    def engine(self):  # type: ignore[no-untyped-def]
        if self._engine is None:
            from kiosk.db.engine import make_engine

            self._engine = make_engine(self.path)
        return self._engine

    @property
    def session_factory(self):  # type: ignore[no-untyped-def]
        if self._session_factory is None:
            from kiosk.db.engine import make_session_factory

            self._session_factory = make_session_factory(self.engine)
        return self._session_factory

    def session(self):  # type: ignore[no-untyped-def]
        return self.session_factory()

    def unit_of_work(self):  # type: ignore[no-untyped-def]
        from kiosk.db.uow import unit_of_work

        return unit_of_work(self.session_factory)

    # --- the hot path ---------------------------------------------------------------

    def query(self, sql: str, params: tuple | Mapping[str, Any] = ()) -> list[tuple]:
        """A read on the kiosk's own connection (for the few queries a worker waits on)."""
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def record(
        self,
        event_type: str,
        payload: dict[str, Any],
        fact: Fact | Any | None = None,
        *,
        occurred_at: datetime | None = None,
        also: Callable[[sqlite3.Connection], object] | None = None,
    ) -> Recorded:
        """Write ``fact`` (a Fact or an unsaved ORM object) and its outbox event at once.

        ``also`` runs further writes on the same connection inside the same
        transaction (e.g. marking a staff call acknowledged with its audit event).
        Raises RecordError if the write fails; then nothing of it exists.
        """
        if fact is not None and not isinstance(fact, Fact):
            fact = _orm_fact(fact)
        when = (occurred_at or datetime.now()).astimezone()
        event_id = str(uuid.uuid4())
        event_row = (
            event_id,
            event_type,
            SCHEMA_VERSION,
            when.isoformat(timespec="seconds"),
            json.dumps(payload, ensure_ascii=False),
            self.db_instance_id,
            sql_value(datetime.now()),
        )
        with self._lock:
            conn = self._conn
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    seq = conn.execute(_OUTBOX_INSERT, event_row).lastrowid
                    if fact is not None:
                        values = {k: sql_value(v) for k, v in fact.values.items()}
                        values["outbox_seq"] = seq
                        columns = ", ".join(values)
                        marks = ", ".join(f":{k}" for k in values)
                        conn.execute(
                            f"INSERT INTO {fact.table} ({columns}) VALUES ({marks})", values
                        )
                        _after_fact_written(conn)
                    if also is not None:
                        also(conn)
                    _before_commit(conn)
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
            except (sqlite3.Error, OSError) as exc:
                # The message names the failure class only: payloads may hold answers.
                log.error("could not record %s event: %s", event_type, type(exc).__name__)
                raise RecordError(_plain_reason(exc)) from exc
        return Recorded(seq, event_id)

    def add_alert(self, kind: str, message: str) -> None:
        """Leave an alert for the attendant (local only, not synced)."""
        with self._lock:
            with self._conn:
                self._conn.execute("BEGIN IMMEDIATE")
                self._conn.execute(
                    "INSERT INTO alerts (kind, message, created_at) VALUES (?, ?, ?)",
                    (kind, message, sql_value(datetime.now())),
                )

    def open_alerts(self) -> list[AlertRow]:
        rows = self.query(
            "SELECT id, kind, message, created_at FROM alerts WHERE cleared_at IS NULL ORDER BY id"
        )
        return [AlertRow(*row) for row in rows]

    def outbox_length(self) -> int:
        return self.query("SELECT count(*) FROM outbox WHERE sent_at IS NULL")[0][0]

    def get_meta(self, key: str) -> str | None:
        rows = self.query("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_meta(self, values: Mapping[str, str]) -> None:
        with self._lock:
            with self._conn:
                self._conn.execute("BEGIN IMMEDIATE")
                self._conn.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    list(values.items()),
                )

    def dispose(self) -> None:
        with self._lock:
            self._conn.close()
        if self._engine is not None:
            self._engine.dispose()


_OUTBOX_INSERT = (
    "INSERT INTO outbox (event_id, type, schema_version, occurred_at, payload, "
    "db_instance_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
)


def _after_fact_written(conn: sqlite3.Connection) -> None:
    """A seam for tests that inject a failure after both rows are written."""


def _before_commit(conn: sqlite3.Connection) -> None:
    """A seam for tests that inject a failure at commit (disk full, locked)."""


def _plain_reason(exc: BaseException) -> str:
    text = str(exc).lower()
    if "full" in text:
        return "disk full"
    if "locked" in text or "busy" in text:
        return "database busy"
    return "database error"


def quarantine(path: Path, reason: str) -> Path:
    """Move the database file (and its -wal/-shm) aside with a timestamp."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.quarantined-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.quarantined-{stamp}-{n}")
    for suffix in ("", "-wal", "-shm"):
        part = Path(f"{path}{suffix}")
        if part.exists():
            part.rename(Path(f"{target}{suffix}"))
    log.warning("database moved aside to %s: %s", target.name, reason)
    return target


def connect(path: Path) -> sqlite3.Connection:
    """The kiosk's own connection: autocommit mode (explicit BEGIN) and the house pragmas."""
    conn = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    apply_pragmas(conn)
    return conn


def _instance_id(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT value FROM meta WHERE key = 'db_instance_id'").fetchone()
    if row:
        return row[0]
    new = str(uuid.uuid4())
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            [("db_instance_id", new), ("created_at", datetime.now().astimezone().isoformat())],
        )
    return new


def _open(path: Path) -> Database:
    ensure_schema(path)
    conn = connect(path)
    try:
        return Database(path, conn, _instance_id(conn))
    except BaseException:
        conn.close()
        raise


def _usable_errors() -> tuple[type[BaseException], ...]:
    errors: tuple[type[BaseException], ...] = (UnknownSchemaError, sqlite3.DatabaseError)
    import sys

    if "sqlalchemy" in sys.modules:  # a migration ran and failed inside SQLAlchemy
        from sqlalchemy.exc import SQLAlchemyError

        errors += (SQLAlchemyError,)
    return errors


def open_database(path: Path) -> Database:
    """Open (creating or migrating) the database at ``path``; never give up on a bad file.

    A file that cannot be used is quarantined and replaced by a fresh one, with a
    ``db_quarantined`` alert recorded in the new file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _open(path)
    except _usable_errors() as exc:
        reason = str(exc) if isinstance(exc, UnknownSchemaError) else _describe_corruption(exc)
    moved = quarantine(path, reason)
    db = _open(path)
    message = f"The database could not be opened ({reason}); it was moved to {moved.name}."
    db.add_alert("db_quarantined", message)
    db.quarantined.append(str(moved))
    return db


def _describe_corruption(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return f"unreadable database: {text.splitlines()[0] if text else type(exc).__name__}"
