"""Overload: past its ingest bound a hub answers 503 + Retry-After, and the terminal's
sync loop waits at least that long instead of hammering it."""

from __future__ import annotations

import json
import random
import socket
import time
from pathlib import Path

from relkit import STATION, Terminal, enroll, launch_hub, stop, terminal_config

from kiosk.sync import outbox
from kiosk.sync.backoff import Backoff
from kiosk.sync.loop import SyncLoop
from kiosk.sync.syncer import Syncer


def test_the_sync_loop_honours_retry_after_from_an_overloaded_hub(tmp_path: Path) -> None:
    """Invariant: while the hub's only ingest slot is taken, a sync pass gets 503
    "overloaded" with Retry-After, stores nothing, keeps the queue running (not stopped)
    and schedules its next try no sooner than Retry-After; once the slot is free the next
    pass drains the outbox — counted in the hub's database and the outbox."""
    hub = launch_hub(tmp_path / "hub", None, "--max-concurrent-ingest", "1", access_log=False)
    try:
        terminal = Terminal.create(tmp_path / "t", enroll(hub))
        for _ in range(20):
            terminal.db.record("staff_call", {"reason": "help", "station_id": STATION})
        holder = hub.enroll(STATION)
        body = json.dumps(holder.batch(holder.make_events(1))).encode()
        port = int(hub.base_url.rsplit(":", 1)[1])
        errors: list = []
        # A tiny backoff, so only Retry-After can make the delay reach a second.
        loop = SyncLoop(
            Syncer(terminal.db, terminal_config(), terminal.creds),
            60,
            on_error=errors.append,
            backoff=Backoff(base=0.01, rng=random.Random(1)),
        )
        with socket.create_connection(("127.0.0.1", port)) as slow:
            slow.sendall(
                (
                    "POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    f"Authorization: Bearer {holder.token}\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n"
                ).encode()
                + body[:10]
            )
            time.sleep(0.3)
            delay = loop.pass_once()
            assert errors and errors[-1].status == 503 and errors[-1].code == "overloaded"
            assert errors[-1].retry_after is not None and errors[-1].retry_after >= 1
            assert delay >= errors[-1].retry_after
            assert loop.state.stopped_on is None
            assert hub.count("events", terminal_id=terminal.creds.terminal_id) == 0
            slow.sendall(body[10:])
            assert slow.recv(65536).startswith(b"HTTP/1.1 200")
        assert loop.pass_once() == 60
        assert hub.count("events", terminal_id=terminal.creds.terminal_id) == 20
        assert outbox.stats(terminal.db).pending == 0
        terminal.db.dispose()
    finally:
        stop(hub)
