"""A 100,000-event backlog on one terminal drains to a real hub over loopback.

Target (issue 7): ≤ 20 s. The floor beside it is the same number of events
read out of the terminal's outbox and serialised to JSON without sending, so
the ratio shows what the network and the hub add.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "hub"))

EVENTS = int(os.environ.get("BENCH_DRAIN_EVENTS", "100000"))


def fill(db, n: int) -> None:  # type: ignore[no-untyped-def]
    """Write n visit events fast: one transaction per 5,000 (the backlog's shape, not its pace)."""
    import uuid

    from sqlalchemy import insert

    from kiosk.db.models import OutboxEvent

    now = datetime.now().astimezone()
    payload = {
        "trade": "courier",
        "services": ["water"],
        "member_number": None,
        "station_id": "st-bench",
    }
    for start in range(0, n, 5000):
        rows = [
            {
                "event_id": str(uuid.uuid4()),
                "type": "visit",
                "schema_version": 1,
                "occurred_at": now.isoformat(timespec="seconds"),
                "payload": payload,
                "db_instance_id": db.db_instance_id,
                "created_at": now.replace(tzinfo=None),
            }
            for _ in range(min(5000, n - start))
        ]
        with db.engine.begin() as conn:
            conn.execute(insert(OutboxEvent.__table__), rows)


def read_and_serialise(path: Path) -> float:
    """The floor: read every outbox row in seq order and JSON-encode it in batches of 500."""
    import json
    import sqlite3

    t0 = time.perf_counter()
    conn = sqlite3.connect(path)
    cursor = conn.execute(
        "SELECT event_id, seq, type, schema_version, occurred_at, payload FROM outbox ORDER BY seq"
    )
    while rows := cursor.fetchmany(500):
        events = [
            {
                "event_id": r[0],
                "seq": r[1],
                "type": r[2],
                "schema_version": r[3],
                "occurred_at": r[4],
                "payload": json.loads(r[5]),
            }
            for r in rows
        ]
        json.dumps({"events": events})
    conn.close()
    return time.perf_counter() - t0


def main() -> int:
    from hubtools import start_hub, stop_hub

    from kiosk.config import Config, StationConfig
    from kiosk.db.database import open_database
    from kiosk.sync.credentials import Credentials
    from kiosk.sync.syncer import Syncer

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        os.environ["KIOSK_DATA_DIR"] = str(tmp_path / "terminal")
        db = open_database(tmp_path / "terminal" / "kiosk.db")
        fill(db, EVENTS)

        floor = read_and_serialise(tmp_path / "terminal" / "kiosk.db")

        hub = start_hub(tmp_path / "hub")
        try:
            client = hub.enroll("st-bench")
            creds = Credentials(hub.base_url, client.terminal_id, client.station_id, client.token)
            syncer = Syncer(db, Config(station=StationConfig(id="st-bench")), creds)
            t0 = time.perf_counter()
            report = syncer.sync_once()
            drain = time.perf_counter() - t0
            arrived = hub.count("events")
        finally:
            stop_hub(hub)
        db.dispose()
    ok = arrived == EVENTS and report.accepted == EVENTS
    print(f"{'benchmark':46} {'value':>10} {'floor':>10} {'ratio':>7} {'target':>10}")
    print(
        f"{f'drain {EVENTS:,} events to the hub (s)':46} {drain:10.2f} {floor:10.2f} "
        f"{drain / floor:7.1f} {'<= 20 s':>10}"
    )
    print(f"{'events/s over loopback':46} {EVENTS / drain:10.0f}")
    print(f"all {EVENTS:,} events arrived exactly once: {'yes' if ok else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
