"""Hub ingest on PostgreSQL through HTTP against a raw psycopg ``executemany``.

Ours: a real ``kiosk-hub serve --db postgresql+psycopg://…`` process on a loopback port;
one terminal posts ``EVENTS`` events in batches of 500 over one persistent httpx
connection, each validated, inserted with ``ON CONFLICT DO NOTHING`` and its high-water
mark moved in one transaction. Before the clock starts: bodies serialised and requests
built, and one empty batch posted (the hub opens its pooled connection, as the raw run
opens its own before its clock).

Peer: the same rows, as the hub stores them, written by psycopg's ``executemany`` of
``INSERT … ON CONFLICT (event_id) DO NOTHING`` into the same ``events`` table of the
same migrated database, one transaction per 500 rows. Rounds alternate; the figure is
the ratio of median rates (target ≥ 0.5). Needs KIOSK_TEST_PG_URL (``python3 dev.py bench``
sets it); without it the benchmark says so and exits 0.
"""

from __future__ import annotations

import json
import os
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
sys.path.insert(0, str(ROOT / "benchmarks"))

import httpx  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from bench_hub_ingest import BATCH, STATION, free_port, make_events  # noqa: E402

from kiosk.hub.db import open_db  # noqa: E402
from kiosk.hub.enroll import create_code  # noqa: E402

PG_URL = os.environ.get("KIOSK_TEST_PG_URL")
EVENTS = int(os.environ.get("BENCH_HUB_EVENTS", "20000"))
ROUNDS = int(os.environ.get("BENCH_HUB_ROUNDS", "3"))
TARGET = 0.5


def run_http(url: str, folder: Path, events: list[dict[str, Any]]) -> float:
    """Events per second through a real hub process on PostgreSQL."""
    engine = open_db(url)
    code = create_code(engine, STATION)
    engine.dispose()
    port = free_port()
    env = {**os.environ, "KIOSK_HUB_DATA_DIR": str(folder), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "kiosk.hub.cli", "serve", "--db", url, "--port", str(port)]
    with (folder / "hub.log").open("wb") as log:
        hub = subprocess.Popen(
            [*command, "--no-access-log", "--log-level", "warning"],
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
            instance = str(uuid.uuid4())
            bodies = [
                json.dumps(
                    {
                        "terminal_id": enrolled["terminal_id"],
                        "db_instance_id": instance,
                        "events": events[i : i + BATCH],
                    }
                ).encode()
                for i in range(0, len(events), BATCH)
            ]
            # One empty batch first, as a terminal's first push would be: the hub opens
            # its pooled database connection and thread before the clock starts, as the
            # raw run opens its connection before its clock.
            warm = {"terminal_id": enrolled["terminal_id"], "db_instance_id": instance}
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
            terminal_id = enrolled["terminal_id"]
    finally:
        hub.terminate()
        hub.wait(timeout=10)
    if _count(url, terminal_id) != len(events):
        raise RuntimeError("the hub did not store every event")
    return len(events) / elapsed


def _count(url: str, terminal_id: str) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        count = conn.execute(
            sa.text("SELECT COUNT(*) FROM events WHERE terminal_id = :t"), {"t": terminal_id}
        ).scalar_one()
    engine.dispose()
    return int(count)


def run_raw(url: str, events: list[dict[str, Any]]) -> float:
    """Events per second of psycopg executemany into the same table, 500 rows a commit."""
    import psycopg

    now = datetime.now(UTC).replace(tzinfo=None)
    terminal, instance = str(uuid.uuid4()), str(uuid.uuid4())
    rows = [
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
    sql = (
        "INSERT INTO events (event_id, terminal_id, db_instance_id, seq, type, schema_version, "
        "occurred_at, occurred_date, station_id, follow_up_code, payload, received_at) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (event_id) DO NOTHING"
    )
    dsn = sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as conn:
        start = time.perf_counter()
        for i in range(0, len(rows), BATCH):
            with conn.transaction(), conn.cursor() as cur:
                cur.executemany(sql, rows[i : i + BATCH])
        elapsed = time.perf_counter() - start
        stored = conn.execute(
            "SELECT COUNT(*) FROM events WHERE terminal_id = %s", (terminal,)
        ).fetchone()
    if not stored or stored[0] != len(events):
        raise RuntimeError("raw run did not store every event")
    return len(events) / elapsed


def main() -> int:
    if not PG_URL:
        print("bench_pg_ingest: skipped: set KIOSK_TEST_PG_URL (python3 dev.py bench does)")
        return 0
    name = f"kiosk_bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    ours: list[float] = []
    raw: list[float] = []
    try:
        open_db(url).dispose()
        with tempfile.TemporaryDirectory() as tmp:
            for _ in range(ROUNDS):
                raw.append(run_raw(url, make_events(EVENTS)))
                ours.append(run_http(url, Path(tmp), make_events(EVENTS)))
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    ours_rate, raw_rate = statistics.median(ours), statistics.median(raw)
    ratio = ours_rate / raw_rate
    print(f"PostgreSQL ingest, {EVENTS} events in batches of {BATCH}, median of {ROUNDS} rounds")
    print(f"{'measure':<52}{'events/s':>12}")
    print(f"{'hub over HTTP (kiosk-hub serve, PostgreSQL)':<52}{ours_rate:>12,.0f}")
    print(f"{'raw psycopg executemany, one commit per 500 rows':<52}{raw_rate:>12,.0f}")
    verdict = "ok" if ratio >= TARGET else "BELOW TARGET"
    print(f"{'ratio hub / raw (target >= 0.5)':<52}{ratio:>12.2f}  {verdict}")
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
