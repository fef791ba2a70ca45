"""Heartbeats: a terminal's health report, kept as its latest and as an hourly history.

Each heartbeat replaces the terminal's row in ``terminal_health`` (what the fleet page
shows) and the row of its hour in ``heartbeats`` (the newest heartbeat of each hour),
and history older than 30 days is pruned in the same write, so the table holds at most
30 × 24 rows per terminal however often it beats.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kiosk.hub.db import write_tx
from kiosk.hub.ingest import Terminal
from kiosk.hub.schema import heartbeats, terminal_health, terminals, utcnow
from kiosk.sync.protocol import HeartbeatRequest, HeartbeatResponse

HISTORY_DAYS = 30


def _upsert(conn: Connection, table: sa.Table, keys: list[str], values: dict[str, Any]) -> None:
    """``INSERT … ON CONFLICT (keys) DO UPDATE`` setting every other column."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(table).values(**values)
    changed = {name: statement.excluded[name] for name in values if name not in keys}
    conn.execute(statement.on_conflict_do_update(index_elements=keys, set_=changed))


def record_heartbeat(
    engine: Engine, terminal: Terminal, beat: HeartbeatRequest, now: datetime | None = None
) -> HeartbeatResponse:
    """Store one heartbeat and mark the terminal seen; reply with the hub's clock."""
    now = now or utcnow()
    skew = (beat.terminal_clock - now).total_seconds()
    hour = now.replace(minute=0, second=0, microsecond=0)
    with write_tx(engine) as conn:
        _upsert(
            conn,
            terminal_health,
            ["terminal_id"],
            {
                "terminal_id": terminal.terminal_id,
                "received_at": now,
                "clock_skew_s": skew,
                "app_version": beat.app_version[:64],
                "outbox_length": beat.outbox_length,
                "oldest_unsent_at": beat.oldest_unsent_at,
                "printer_state": beat.printer_state[:200],
                "printer_status": beat.printer_status,
                "sync_interval_s": beat.sync_interval_s,
                "last_sync_error": beat.last_sync_error,
            },
        )
        _upsert(
            conn,
            heartbeats,
            ["terminal_id", "hour"],
            {
                "terminal_id": terminal.terminal_id,
                "hour": hour,
                "received_at": now,
                "clock_skew_s": skew,
                "body": beat.model_dump(mode="json"),
            },
        )
        conn.execute(
            heartbeats.delete().where(
                (heartbeats.c.terminal_id == terminal.terminal_id)
                & (heartbeats.c.hour <= hour - timedelta(days=HISTORY_DAYS))
            )
        )
        conn.execute(
            terminals.update()
            .where(terminals.c.terminal_id == terminal.terminal_id)
            .values(last_seen_at=now, app_version=beat.app_version[:64] or terminals.c.app_version)
        )
    return HeartbeatResponse(server_time=now)
