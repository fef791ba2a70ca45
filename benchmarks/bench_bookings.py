"""Booking decisions on PostgreSQL under 50 concurrent requests, and the worker's page
look-up for known against unknown codes.

Ours: a real ``kiosk-hub serve --db postgresql+psycopg://…`` process; 50 threads (50
terminals) post bookings at once, round after round, into sessions of 10 seats, so
seats run out and waiting lists grow while the session rows are locked. The server's
own time per request comes from its ``Server-Timing`` header. Floor: the same 50
threads asking ``GET /v1/sessions`` (the same authentication and pool, no lock, no
write; its server time likewise) in the same run. Rows: p50/p95 of each and the ratio of p95s.

Look-ups: ``GET /b/<code>`` for codes the hub holds against codes it does not, one
client at a time (a guesser must not tell them apart by time); the ratio of medians
should be close to 1. Needs KIOSK_TEST_PG_URL; without it the benchmark says so.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from kiosk.hub.bookings.sessions import NewSession, add_session  # noqa: E402
from kiosk.hub.db import open_db  # noqa: E402
from kiosk.hub.enroll import create_code  # noqa: E402

PG_URL = os.environ.get("KIOSK_TEST_PG_URL")
CLIENTS = int(os.environ.get("BENCH_BOOKING_CLIENTS", "50"))
ROUNDS = int(os.environ.get("BENCH_BOOKING_ROUNDS", "10"))
LOOKUPS = int(os.environ.get("BENCH_BOOKING_LOOKUPS", "200"))
STATION = "bench-station"
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def _code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(10))


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_ms(response: httpx.Response) -> float:
    for part in response.headers.get("server-timing", "").split(";"):
        if part.startswith("dur="):
            return float(part[4:])
    raise RuntimeError("no Server-Timing on the answer")


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(url: str, folder: Path) -> None:
    engine = open_db(url)
    codes = [create_code(engine, STATION) for _ in range(CLIENTS)]
    start = datetime.now(UTC) + timedelta(days=3)
    sessions = [
        add_session(
            engine,
            NewSession(
                STATION, start + timedelta(hours=i), start + timedelta(hours=i, minutes=45), 10
            ),
        )
        for i in range(ROUNDS)
    ]
    engine.dispose()
    port = _free_port()
    env = {**os.environ, "KIOSK_HUB_DATA_DIR": str(folder), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "kiosk.hub.cli", "serve", "--db", url, "--port", str(port)]
    command += ["--no-access-log", "--log-level", "warning", "--trusted-proxy", "127.0.0.1"]
    with (folder / "hub.log").open("wb") as log:
        hub = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/v1/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        tokens = [httpx.post(f"{base}/v1/enroll", json={"code": c}).json()["token"] for c in codes]
        book_ms: list[float] = []
        seats_ms: list[float] = []
        held: list[str] = []
        lock = threading.Lock()

        def terminal(index: int, barrier: threading.Barrier) -> None:
            headers = {"Authorization": f"Bearer {tokens[index]}"}
            with httpx.Client(base_url=base, headers=headers, timeout=30) as http:
                http.get("/v1/sessions", params={"station": STATION})  # connection up
                for round_ in range(ROUNDS):
                    barrier.wait()
                    seats = http.get("/v1/sessions", params={"station": STATION})
                    barrier.wait()
                    code = _code()
                    body = {
                        "booking_id": str(uuid.uuid4()),
                        "code_hash": hashlib.sha256(code.encode()).hexdigest(),
                        "session_id": sessions[round_],
                        "station_id": STATION,
                        "followup_code": None,
                    }
                    answer = http.post("/v1/bookings", json=body)
                    if answer.status_code != 201:
                        raise RuntimeError(f"booking failed: {answer.status_code}")
                    with lock:
                        book_ms.append(_server_ms(answer))
                        seats_ms.append(_server_ms(seats))
                        held.append(code)

        barrier = threading.Barrier(CLIENTS)
        threads = [threading.Thread(target=terminal, args=(i, barrier)) for i in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        check = sa.create_engine(url)
        with check.connect() as conn:
            over = conn.execute(
                sa.text(
                    "SELECT COUNT(*) FROM (SELECT session_id FROM bookings WHERE status = "
                    "'confirmed' GROUP BY session_id HAVING COUNT(*) > 10) x"
                )
            ).scalar_one()
        check.dispose()
        if over:
            raise RuntimeError("a session was oversold")

        known: list[float] = []
        unknown: list[float] = []
        with httpx.Client(base_url=base, timeout=30) as http:
            for i in range(LOOKUPS):
                proxy = {"X-Forwarded-For": f"10.{i // 250}.{i % 250}.1"}  # stay under 20/min
                code, bucket = (held[i % len(held)], known) if i % 2 else (_code(), unknown)
                began = time.perf_counter()
                page = http.get(f"/b/{code}", headers=proxy)
                bucket.append((time.perf_counter() - began) * 1000)
                if page.status_code != 200:
                    raise RuntimeError(f"look-up failed: {page.status_code}")
    finally:
        hub.terminate()
        hub.wait(timeout=10)
    b50, b95 = _pct(book_ms, 0.5), _pct(book_ms, 0.95)
    s50, s95 = _pct(seats_ms, 0.5), _pct(seats_ms, 0.95)
    print(f"Booking decisions, {CLIENTS} concurrent terminals x {ROUNDS} rounds, PostgreSQL")
    print(f"{'measure':<58}{'p50 ms':>9}{'p95 ms':>9}")
    print(f"{'POST /v1/bookings, server time (Server-Timing)':<58}{b50:>9.1f}{b95:>9.1f}")
    print(f"{'floor: GET /v1/sessions, 50 at once, server time':<58}{s50:>9.1f}{s95:>9.1f}")
    print(f"{'ratio booking p95 / sessions p95':<58}{'':>9}{b95 / s95:>9.2f}")
    k, u = statistics.median(known), statistics.median(unknown)
    print(f"{'GET /b/<code>, known code (median, round trip)':<58}{k:>9.2f}")
    print(f"{'GET /b/<code>, unknown code (median, round trip)':<58}{u:>9.2f}")
    print(f"{'ratio known / unknown (close to 1: no timing oracle)':<58}{k / u:>9.2f}")


def main() -> int:
    if not PG_URL:
        print("bench_bookings: skipped: set KIOSK_TEST_PG_URL (.ci/setup-postgres.sh does)")
        return 0
    name = f"kiosk_bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            run(url, Path(tmp))
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
