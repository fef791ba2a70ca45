"""Events up: validate a batch and store it exactly once, moving the high-water mark.

Every event of a batch goes in one transaction with ``INSERT … ON CONFLICT (event_id)
DO NOTHING``; the high-water mark per ``(terminal_id, db_instance_id)`` moves in the same
transaction, and so do the figures' roll-ups of the events newly inserted
(kiosk.hub.figures.rollup), so a crash either keeps the whole batch, its mark and its
figures or none of them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kiosk.hub.batch import EVENT_COLUMNS, REJECTED_COLUMNS, EventBatch
from kiosk.hub.bookings.events import decide_booking_events
from kiosk.hub.db import driver_cursor
from kiosk.hub.errors import ApiError
from kiosk.hub.figures.rollup import store_rollups
from kiosk.hub.schema import events, high_water, rejected_events, utcnow
from kiosk.sync.protocol import EventsRequest, EventsResponse

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Terminal:
    """The authenticated caller."""

    terminal_id: str
    station_id: str


class SeqGap(ApiError):
    """The batch starts past the high-water mark + 1; the terminal must rewind."""

    def __init__(self, acked_through: int, first_seq: int) -> None:
        super().__init__(
            409,
            "seq_gap",
            f"The batch starts at seq {first_seq} but the hub holds events only through "
            f"{acked_through}; resend from {acked_through + 1}.",
            extra={"acked_through": acked_through},
        )
        self.acked_through = acked_through


def check_batch_shape(batch: EventsRequest) -> None:
    """Refuse (422) a batch whose seqs are not contiguous or whose event ids repeat."""
    if not batch.events:
        return
    first = batch.events[0].seq
    for offset, item in enumerate(batch.events):
        if item.seq != first + offset:
            raise ApiError(
                422,
                "seq_not_contiguous",
                f"events[{offset}].seq is {item.seq} but {first + offset} was expected; "
                "seqs must ascend by one within a batch.",
            )
    if len({item.event_id for item in batch.events}) != len(batch.events):
        raise ApiError(422, "duplicate_event_id", "The same event_id appears twice in the batch.")


def _marker(conn: Connection) -> str:
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


def _now_param(conn: Connection, column: sa.Column[Any]) -> Any:
    """The current time as the driver is handed it for ``column`` (a UTCDateTime)."""
    value: Any = column.type.bind_processor(conn.dialect)(utcnow())  # type: ignore[misc]
    if conn.dialect.name == "sqlite" and isinstance(value, datetime):
        value = value.isoformat(" ")  # what sqlite3's own adapter would store
    return value


def _lock_high_water(conn: Connection, cursor: Any, terminal_id: str, db_instance_id: str) -> int:
    """Read the mark, holding a lock on it until commit (a row lock on PostgreSQL;
    SQLite's ``BEGIN IMMEDIATE`` already holds the database's write lock)."""
    m = _marker(conn)
    key = (terminal_id, db_instance_id)
    where = f"FROM high_water WHERE terminal_id = {m} AND db_instance_id = {m}"
    if conn.dialect.name != "postgresql":
        cursor.execute(f"SELECT acked_through {where}", key)
        row = cursor.fetchone()
        return int(row[0]) if row else 0
    locking = f"SELECT acked_through {where} FOR UPDATE"
    cursor.execute(locking, key)
    row = cursor.fetchone()
    if row is None:
        # A first batch: make the row so there is something to lock. Of two hub
        # processes doing this at once, one inserts and the other waits on its lock.
        cursor.execute(
            "INSERT INTO high_water (terminal_id, db_instance_id, acked_through, updated_at) "
            f"VALUES ({m}, {m}, 0, {m}) ON CONFLICT (terminal_id, db_instance_id) DO NOTHING",
            (*key, _now_param(conn, high_water.c.updated_at)),
        )
        cursor.execute(locking, key)
        row = cursor.fetchone()
    return int(row[0])


def _store_mark(
    conn: Connection, cursor: Any, terminal_id: str, db_instance_id: str, mark: int
) -> None:
    m = _marker(conn)
    cursor.execute(
        "INSERT INTO high_water (terminal_id, db_instance_id, acked_through, updated_at) "
        f"VALUES ({m}, {m}, {m}, {m}) ON CONFLICT (terminal_id, db_instance_id) "
        "DO UPDATE SET acked_through = excluded.acked_through, updated_at = excluded.updated_at",
        (terminal_id, db_instance_id, mark, _now_param(conn, high_water.c.updated_at)),
    )


def _insert_sql(conn: Connection, table: sa.Table, columns: tuple[str, ...]) -> str:
    """``INSERT … ON CONFLICT (primary key) DO NOTHING`` with positional parameters in
    ``columns`` order (``received_at`` last), for the driver's own executemany."""
    key = (conn.dialect.name, table.name)
    sql = _SQL.get(key)
    if sql is None:
        names = (*columns, "received_at")
        marker = _marker(conn)
        keys = ", ".join(column.name for column in table.primary_key.columns)
        sql = _SQL[key] = (
            f"INSERT INTO {table.name} ({', '.join(names)}) "
            f"VALUES ({', '.join([marker] * len(names))}) ON CONFLICT ({keys}) DO NOTHING"
        )
    return sql


def _executemany_ignoring(
    conn: Connection,
    cursor: Any,
    table: sa.Table,
    columns: tuple[str, ...],
    rows: list[tuple[Any, ...]],
    received_at: Any = None,
) -> int:
    """Insert rows with the driver's own executemany, skipping Core's per-row parameter
    processing, which was most of the cost of a 500-row batch. Returns how many rows were
    inserted: both sqlite3 and psycopg sum ``rowcount`` over an executemany, and a row
    skipped by ``DO NOTHING`` does not count.
    """
    if not rows:
        return 0
    if received_at is None:
        received_at = _now_param(conn, table.c.received_at)
    cursor.executemany(_insert_sql(conn, table, columns), [(*row, received_at) for row in rows])
    return int(cursor.rowcount)


_SQL: dict[tuple[str, str], str] = {}


def _inserted(
    conn: Connection, cursor: Any, batch: EventBatch, accepted: int, received_at: Any
) -> list[tuple[Any, ...]]:
    """The rows of ``batch.good`` this transaction inserted, for the roll-ups.

    Usually all or none (a new batch, or a resent one). Otherwise, the rows stamped with
    this transaction's ``received_at`` (a duplicate keeps the stamp of its first arrival,
    which an earlier transaction of this terminal wrote, at an earlier time).
    """
    if accepted == len(batch.good):
        return batch.good
    if accepted == 0:
        return []
    m = _marker(conn)
    ids = [row[0] for row in batch.good]
    cursor.execute(
        f"SELECT event_id FROM events WHERE received_at = {m} AND terminal_id = {m} "
        f"AND event_id IN ({', '.join([m] * len(ids))})",
        (received_at, batch.terminal_id, *ids),
    )
    fresh = {row[0] for row in cursor.fetchall()}
    return [row for row in batch.good if row[0] in fresh]


def ingest(engine: Engine, terminal: Terminal, batch: EventBatch) -> EventsResponse:
    """Store a decoded batch; raise SeqGap if it starts past the high-water mark + 1."""
    with engine.connect() as conn:
        return ingest_on(conn, terminal, batch)


def ingest_on(conn: Connection, terminal: Terminal, batch: EventBatch) -> EventsResponse:
    """Store a decoded batch on ``conn`` in one write transaction and commit it; raise
    SeqGap (nothing written) if it starts past the high-water mark + 1.

    On PostgreSQL a transaction the caller began (the token check) goes on, so the check
    and the insert are one transaction. SQLite's is only a read, ended here so the write
    starts with ``BEGIN IMMEDIATE``. On any error the transaction is rolled back.
    """
    if conn.in_transaction() and conn.dialect.name == "sqlite":
        conn.commit()
    conn.execution_options(hub_write=True)
    if not conn.in_transaction():
        conn.begin()
    try:
        # Plain driver statements: they run for every upload, and Core's per-statement
        # work was a visible share of a request's time.
        with driver_cursor(conn) as cursor:
            result = _store_batch(conn, cursor, terminal, batch)
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
    return result


def _store_batch(
    conn: Connection, cursor: Any, terminal: Terminal, batch: EventBatch
) -> EventsResponse:
    mark = _lock_high_water(conn, cursor, terminal.terminal_id, batch.db_instance_id)
    if not batch.count:
        return EventsResponse(acked_through=mark, accepted=0, duplicates=0)
    first, last = batch.first_seq, batch.last_seq
    if first > mark + 1:
        raise SeqGap(mark, first)
    received_at = _now_param(conn, events.c.received_at)
    accepted = _executemany_ignoring(conn, cursor, events, EVENT_COLUMNS, batch.good, received_at)
    _executemany_ignoring(conn, cursor, rejected_events, REJECTED_COLUMNS, batch.bad)
    if any(row[4] == "booking_requested" for row in batch.good):
        # In this transaction: an acknowledged booking event always has its decision.
        decide_booking_events(conn, terminal, batch.good)
    new_mark = max(mark, last)
    if new_mark != mark:
        _store_mark(conn, cursor, terminal.terminal_id, batch.db_instance_id, new_mark)
    new_rows = _inserted(conn, cursor, batch, accepted, received_at)
    store_rollups(cursor, _marker(conn), new_rows)
    log.debug(
        "ingest terminal=%s seq=%d..%d accepted=%d duplicates=%d rejected=%d",
        terminal.terminal_id,
        first,
        last,
        accepted,
        len(batch.good) - accepted,
        len(batch.rejected),
    )
    return EventsResponse(
        acked_through=new_mark,
        accepted=accepted,
        duplicates=len(batch.good) - accepted,
        rejected=batch.rejected,
    )
