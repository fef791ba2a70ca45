"""Hub ingest through HTTP against a raw ``executemany`` into the same kind of database.

Ours: a real ``kiosk-hub serve`` process on a loopback port; one terminal posts
``EVENTS`` events in batches of 500 over one persistent httpx connection, each batch
validated, inserted with ``ON CONFLICT DO NOTHING`` and its high-water mark moved in one
transaction. Before the clock starts: bodies serialised and requests built, and one
empty batch posted (the hub opens its pooled connection, as the raw run opens its own
before its clock).

Peer: the same rows (as the hub stores them) written with sqlite3's ``executemany`` of
``INSERT … ON CONFLICT DO NOTHING`` into a migrated hub database with the same pragmas
(WAL, synchronous=FULL), one transaction per 500 rows — the same durability unit as
the hub's. A single-transaction raw run is printed for reference.

Rounds alternate between the two on fresh databases; the figure is the ratio of median
rates (target ≥ 0.5).
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from kiosk.hub.db import open_db  # noqa: E402
from kiosk.hub.enroll import create_code  # noqa: E402

EVENTS = int(os.environ.get("BENCH_HUB_EVENTS", "20000"))
BATCH = 500
ROUNDS = int(os.environ.get("BENCH_HUB_ROUNDS", "5"))  # fsync noise: a median of 5
TARGET = 0.5
STATION = "bench-station"


def make_events(count: int) -> list[dict[str, Any]]:
    kinds: list[tuple[str, dict[str, Any]]] = [
        (
            "visit",
            {
                "trade": "courier",
                "services": ["water", "charging"],
                "member_number": None,
                "station_id": STATION,
            },
        ),
        (
            "assessment",
            {
                "instrument_id": "phq9",
                "instrument_version": 1,
                "answers": [0, 1, 2, 1, 0, 1, 0, 0, 0],
                "total": 5,
                "band": "mild",
                "safety_flag": False,
                "follow_up_code": None,
                "station_id": STATION,
                "hour": "2026-11-28T21:00:00+08:00",
            },
        ),
        (
            "slip_printed",
            {
                "resource_ids": ["hotline-12355", "counselling_station"],
                "paper": "80mm",
                "ok": True,
                "reason": None,
                "station_id": STATION,
            },
        ),
        (
            "visit",
            {
                "trade": "delivery_rider",
                "services": ["rest"],
                "member_number": None,
                "station_id": STATION,
            },
        ),
    ]
    out = []
    for seq in range(1, count + 1):
        kind, payload = kinds[seq % len(kinds)]
        out.append(
            {
                "event_id": str(uuid.uuid4()),
                "seq": seq,
                "type": kind,
                "schema_version": 1,
                "occurred_at": "2026-11-28T21:05:00+08:00",
                "payload": payload,
            }
        )
    return out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_http(folder: Path, events: list[dict[str, Any]]) -> float:
    """Events per second through a real hub process."""
    url = f"sqlite:///{folder / 'hub.db'}"
    engine = open_db(url)
    code = create_code(engine, STATION)
    engine.dispose()
    port = free_port()
    env = {**os.environ, "KIOSK_HUB_DATA_DIR": str(folder), "PYTHONPATH": str(ROOT)}
    with (folder / "hub.log").open("wb") as log:
        hub = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kiosk.hub.cli",
                "serve",
                "--db",
                url,
                "--port",
                str(port),
                "--no-access-log",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
            for _ in range(300):
                try:
                    if http.get("/v1/health").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            enrolled = http.post("/v1/enroll", json={"code": code}).json()
            headers = {
                "Authorization": f"Bearer {enrolled['token']}",
                "Content-Type": "application/json",
            }
            db_instance = str(uuid.uuid4())
            bodies = [
                json.dumps(
                    {
                        "terminal_id": enrolled["terminal_id"],
                        "db_instance_id": db_instance,
                        "events": events[i : i + BATCH],
                    }
                ).encode()
                for i in range(0, len(events), BATCH)
            ]
            # One empty batch first, as a terminal's first push would be: the hub opens
            # its pooled database connection and thread before the clock starts, as the
            # raw run opens its connection before its clock.
            warm = {"terminal_id": enrolled["terminal_id"], "db_instance_id": db_instance}
            response = http.post("/v1/events", json={**warm, "events": []}, headers=headers)
            if response.status_code != 200:
                raise RuntimeError("the hub refused an empty batch")
            # Requests are built before the clock too, like the bodies: what is timed is
            # the hub's work plus one HTTP exchange per batch on a persistent connection.
            requests = [
                http.build_request("POST", "/v1/events", content=body, headers=headers)
                for body in bodies
            ]
            start = time.perf_counter()
            for request in requests:
                response = http.send(request)
                if response.status_code != 200 or response.json()["accepted"] != BATCH:
                    raise RuntimeError(f"ingest failed: {response.status_code} {response.text}")
            elapsed = time.perf_counter() - start
    finally:
        hub.terminate()
        hub.wait(timeout=10)
    stored = sqlite3.connect(folder / "hub.db")
    count = stored.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    stored.close()
    if count != len(events):
        raise RuntimeError(f"hub stored {count} events, expected {len(events)}")
    return len(events) / elapsed


def raw_rows(events: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
    terminal, instance = str(uuid.uuid4()), str(uuid.uuid4())
    return [
        (
            e["event_id"],
            terminal,
            instance,
            e["seq"],
            e["type"],
            e["schema_version"],
            e["occurred_at"],
            e["occurred_at"][:10],
            STATION,
            None,
            json.dumps(e["payload"]),
            now,
        )
        for e in events
    ]


def run_raw(folder: Path, events: list[dict[str, Any]], batch: int) -> float:
    """Events per second of sqlite3 executemany into a migrated hub database."""
    open_db(f"sqlite:///{folder / 'raw.db'}").dispose()
    rows = raw_rows(events)
    conn = sqlite3.connect(folder / "raw.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA busy_timeout=10000")
    sql = (
        "INSERT INTO events (event_id, terminal_id, db_instance_id, seq, type, schema_version, "
        "occurred_at, occurred_date, station_id, follow_up_code, payload, received_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING"
    )
    start = time.perf_counter()
    for i in range(0, len(rows), batch):
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(sql, rows[i : i + batch])
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    count = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    conn.close()
    if count != len(events):
        raise RuntimeError(f"raw stored {count} events, expected {len(events)}")
    return len(events) / elapsed


def main() -> int:
    ours: list[float] = []
    raw: list[float] = []
    raw_one_tx: list[float] = []
    for _ in range(ROUNDS):
        events = make_events(EVENTS)
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            raw.append(run_raw(folder, events, BATCH))
            ours.append(run_http(folder, events))
            (folder / "raw.db").unlink()
            raw_one_tx.append(run_raw(folder, events, len(events)))
    ours_rate, raw_rate = statistics.median(ours), statistics.median(raw)
    ratio = ours_rate / raw_rate
    print(f"hub ingest, {EVENTS} events in batches of {BATCH}, median of {ROUNDS} rounds")
    print(f"{'measure':<52}{'events/s':>12}")
    print(f"{'hub over HTTP (kiosk-hub serve, SQLite)':<52}{ours_rate:>12,.0f}")
    print(f"{'raw executemany, one transaction per 500 rows':<52}{raw_rate:>12,.0f}")
    print(
        f"{'raw executemany, one transaction (reference)':<52}"
        f"{statistics.median(raw_one_tx):>12,.0f}"
    )
    verdict = "ok" if ratio >= TARGET else "BELOW TARGET"
    print(f"{'ratio hub / raw per-500 (target >= 0.5)':<52}{ratio:>12.2f}  {verdict}")
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
