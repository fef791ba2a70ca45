"""Heartbeats: a terminal's health report, stored as received with the measured skew."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from kiosk.hub.db import write_tx
from kiosk.hub.ingest import Terminal
from kiosk.hub.schema import heartbeats, terminals, utcnow
from kiosk.sync.protocol import HeartbeatRequest, HeartbeatResponse


def record_heartbeat(
    engine: Engine, terminal: Terminal, beat: HeartbeatRequest
) -> HeartbeatResponse:
    """Store one heartbeat and mark the terminal seen; reply with the hub's clock."""
    now = utcnow()
    skew = (beat.terminal_clock - now).total_seconds()
    with write_tx(engine) as conn:
        conn.execute(
            heartbeats.insert().values(
                terminal_id=terminal.terminal_id,
                received_at=now,
                clock_skew_s=skew,
                body=beat.model_dump(mode="json"),
            )
        )
        conn.execute(
            terminals.update()
            .where(terminals.c.terminal_id == terminal.terminal_id)
            .values(last_seen_at=now, app_version=beat.app_version[:64] or terminals.c.app_version)
        )
    return HeartbeatResponse(server_time=now)
