"""Open the terminal database and record facts with their outbox events.

:func:`open_database` checks the file, migrates it (keeping a copy first) and,
when the file cannot be used — corrupt, not a database, made by a newer kiosk —
moves it aside with a timestamp, starts a fresh one and leaves an alert for the
attendant. :meth:`Database.record` is the one way any capability writes a fact:
the fact and its outbox event are committed in the same transaction.
"""

from __future__ import annotations

import logging
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, inspect, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.db.engine import make_engine, make_session_factory
from kiosk.db.migrate import UnknownSchemaError, ensure_schema
from kiosk.db.models import Alert, Base, Meta, OutboxEvent
from kiosk.db.uow import unit_of_work

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1


class RecordError(Exception):
    """A fact could not be written (disk full, database locked…); nothing was kept."""


@dataclass(frozen=True)
class Recorded:
    """What was written: the outbox seq and event id of the new event."""

    seq: int
    event_id: str


@dataclass
class Database:
    """An open, migrated terminal database."""

    path: Path
    engine: Engine
    session_factory: sessionmaker[Session]
    db_instance_id: str
    quarantined: list[str] = field(default_factory=list)

    def session(self) -> Session:
        return self.session_factory()

    def unit_of_work(self):  # type: ignore[no-untyped-def]
        return unit_of_work(self.session_factory)

    def record(
        self,
        event_type: str,
        payload: dict[str, Any],
        fact: Base | None = None,
        *,
        occurred_at: datetime | None = None,
        also: Callable[[Connection], object] | None = None,
    ) -> Recorded:
        """Write ``fact`` (if any) and its outbox event in one transaction.

        ``also`` runs further writes on the same connection, inside the same
        transaction (e.g. marking a staff call acknowledged with its audit event).
        Raises RecordError if the write fails; then nothing of it exists.
        """
        when = (occurred_at or datetime.now()).astimezone()
        event_row = {
            "event_id": str(uuid.uuid4()),
            "type": event_type,
            "schema_version": SCHEMA_VERSION,
            "occurred_at": when.isoformat(timespec="seconds"),
            "payload": payload,
            "db_instance_id": self.db_instance_id,
            "created_at": datetime.now(),
        }
        try:
            # Core inserts on one connection: the ORM session's bookkeeping cost more
            # than the fsync on the kiosk's hardware (benchmarks/bench_record.py).
            with self.engine.begin() as conn:
                seq = conn.execute(_OUTBOX_INSERT, event_row).inserted_primary_key[0]
                if fact is not None:
                    conn.execute(_insert_for(fact), {**_column_values(fact), "outbox_seq": seq})
                    _after_fact_written(conn)
                if also is not None:
                    also(conn)
                recorded = Recorded(seq, event_row["event_id"])
        except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
            # The message names the failure class only: payloads may hold answers.
            log.error("could not record %s event: %s", event_type, type(exc).__name__)
            raise RecordError(_plain_reason(exc)) from exc
        return recorded

    def add_alert(self, kind: str, message: str) -> None:
        """Leave an alert for the attendant (local only, not synced)."""
        with self.unit_of_work() as session:
            session.add(Alert(kind=kind, message=message, created_at=datetime.now()))

    def open_alerts(self) -> list[Alert]:
        with self.session() as session:
            return list(
                session.scalars(select(Alert).where(Alert.cleared_at.is_(None)).order_by(Alert.id))
            )

    def outbox_length(self) -> int:
        with self.session() as session:
            return (
                session.scalar(
                    select(func.count())
                    .select_from(OutboxEvent)
                    .where(OutboxEvent.sent_at.is_(None))
                )
                or 0
            )

    def dispose(self) -> None:
        self.engine.dispose()


_OUTBOX_INSERT = insert(OutboxEvent.__table__)
_INSERTS: dict[str, Any] = {}


def _insert_for(fact: Base) -> Any:
    table = fact.__table__  # type: ignore[attr-defined]
    stmt = _INSERTS.get(table.name)
    if stmt is None:
        stmt = _INSERTS[table.name] = insert(table)
    return stmt


def _column_values(fact: Base) -> dict[str, Any]:
    """The column values set on an unsaved ORM object (defaults fill the rest)."""
    state = inspect(fact)
    values = {}
    for attr in state.mapper.column_attrs:
        if attr.key in state.dict:
            values[attr.key] = state.dict[attr.key]
    return values


def _after_fact_written(conn: Connection) -> None:
    """A seam for tests that inject a failure after both rows are written."""


def _plain_reason(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).lower()
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


def _instance_id(session_factory: sessionmaker[Session]) -> str:
    with unit_of_work(session_factory) as session:
        row = session.get(Meta, "db_instance_id")
        if row is None:
            row = Meta(key="db_instance_id", value=str(uuid.uuid4()))
            session.add(row)
            session.add(Meta(key="created_at", value=datetime.now().astimezone().isoformat()))
        return row.value


def _open(path: Path) -> Database:
    engine = make_engine(path)
    try:
        ensure_schema(path, engine)
        factory = make_session_factory(engine)
        return Database(path, engine, factory, _instance_id(factory))
    except BaseException:
        engine.dispose()
        raise


def open_database(path: Path) -> Database:
    """Open (creating or migrating) the database at ``path``; never give up on a bad file.

    A file that cannot be used is quarantined and replaced by a fresh one, with an
    ``db_quarantined`` alert recorded in the new file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _open(path)
    except (UnknownSchemaError, sqlite3.DatabaseError, SQLAlchemyError) as exc:
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
