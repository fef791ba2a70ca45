"""Server time of the union console's heaviest pages on PostgreSQL (issue #16).

- Figures, union-wide (all stations) for a year: 500 stations × 365 days of daily
  roll-ups and 12 months of monthly ones (visits, 6 trades, 6 services, slips, 5
  instruments' bands, staff calls) with their union-wide shard rows, as ingest keeps
  them — about 3 million roll-up rows.
- Fleet with 2,000 terminals, each with a latest heartbeat (a mix of green, amber, red).

A real ``kiosk-hub serve`` process on loopback serves the pages to a logged-in admin;
the time is one GET's round trip (the hub's work plus one loopback HTTP exchange),
after 3 warm-up requests, over ``BENCH_CONSOLE_ROUNDS`` requests (default 30):
median and p95, target p95 ≤ 200 ms. Needs KIOSK_TEST_PG_URL; makes and drops its own
database. Client and hub share this machine, named in the table.
"""

from __future__ import annotations

import io
import os
import platform
import re
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "hub"))

import httpx  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from hubtools import start_hub, stop_hub  # noqa: E402

from kiosk.hub.console.accounts import create_account  # noqa: E402
from kiosk.hub.db import open_db  # noqa: E402
from kiosk.hub.figures.rollup import shard_of  # noqa: E402

PG_URL = os.environ.get("KIOSK_TEST_PG_URL")
STATIONS = int(os.environ.get("BENCH_CONSOLE_STATIONS", "500"))
TERMINALS = int(os.environ.get("BENCH_CONSOLE_TERMINALS", "2000"))
ROUNDS = int(os.environ.get("BENCH_CONSOLE_ROUNDS", "30"))
TARGET_MS = 200.0
LAST = date(2026, 11, 30)
FIRST = LAST - timedelta(days=364)
TRADES = [
    "delivery_rider",
    "courier",
    "truck_driver",
    "ride_hailing_driver",
    "sanitation_worker",
    "other",
]
SERVICES = ["rest", "water", "charging", "microwave", "toilet", "first_aid"]
BANDS = {
    "phq9": ["minimal", "mild", "moderate", "moderately_severe", "severe"],
    "gad7": ["minimal", "mild", "moderate", "severe"],
    "k10": ["low", "moderate", "high", "very_high"],
    "who5": ["low", "reduced", "good"],
    "quick": ["none", "mild", "moderate", "severe"],
}
PASSWORD = "bench-password-123"


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"{platform.node()}: {model or platform.processor()}, {os.cpu_count()} CPUs, {system}"


def copy_rows(conn: sa.Connection, table: str, columns: str, rows: io.StringIO) -> None:
    raw = conn.connection.dbapi_connection
    with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        copy.write(rows.getvalue())


def fill_figures(engine: sa.Engine) -> int:
    daily, monthly = io.StringIO(), io.StringIO()
    count = 0
    months: dict[tuple[str, str, str, str, str], int] = {}
    shards: dict[tuple[str, str, str, str, str], int] = {}

    def add_month(*key_n: object, sharded: bool = True) -> None:
        station, month, metric, key, sub, n = key_n
        for who in (station, shard_of(str(station))) if sharded else (station,):
            k = (str(who), str(month), str(metric), str(key), str(sub))
            months[k] = months.get(k, 0) + int(n)  # type: ignore[call-overload]

    for s in range(STATIONS):
        station = f"st-{s:04d}"
        day = FIRST
        while day <= LAST:
            d = day.isoformat()
            base = 20 + (s * 7 + day.toordinal()) % 40
            items = [
                ("visits", "", base),
                ("slips", "ok", base // 3),
                ("slips", "failed", base // 40),
            ]
            items += [("visit_trade", t, base // (i + 2)) for i, t in enumerate(TRADES)]
            items += [("visit_service", v, base // (i + 1)) for i, v in enumerate(SERVICES)]
            for metric, key, n in items:
                daily.write(f"{station}\t{d}\t{metric}\t{key}\t\t{n}\n")
                add_month(station, d[:7], metric, key, "", n, sharded=False)
                shard = (shard_of(station), d, metric, key, "")
                shards[shard] = shards.get(shard, 0) + n
                count += 1
            day += timedelta(days=1)
        for month in {FIRST.isoformat()[:7], *(f"{LAST.year}-{m:02d}" for m in range(1, 12))}:
            for instrument, bands in BANDS.items():
                for i, band in enumerate(bands):
                    n = (s + i * 3) % 17
                    if n:
                        add_month(station, month, "assessments", instrument, band, n)
            if s % 4:
                add_month(station, month, "staff_calls", "crisis_screen", "", s % 4)
    for (station, d, metric, key, sub), n in shards.items():
        daily.write(f"{station}\t{d}\t{metric}\t{key}\t{sub}\t{n}\n")
        add_month(station, d[:7], metric, key, sub, n, sharded=False)
    for (station, month, metric, key, sub), n in months.items():
        monthly.write(f"{station}\t{month}\t{metric}\t{key}\t{sub}\t{n}\n")
    with engine.begin() as conn:
        copy_rows(conn, "figures_daily", "station_id, day, metric, key, sub, count", daily)
        copy_rows(conn, "figures_monthly", "station_id, month, metric, key, sub, count", monthly)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE figures_daily"))
        conn.execute(sa.text("VACUUM ANALYZE figures_monthly"))
    return count + len(months)


def fill_fleet(engine: sa.Engine) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    terminals, health = io.StringIO(), io.StringIO()
    for t in range(TERMINALS):
        terminal = str(uuid.uuid4())
        station = f"st-{t % STATIONS:04d}"
        revoked = "\\N" if t % 97 else now.isoformat()
        terminals.write(
            f"{terminal}\t{station}\tkiosk-{t}\t0.1.0\t{uuid.uuid4().hex}{uuid.uuid4().hex}\t{now.isoformat()}\t{revoked}\t{now.isoformat()}\n"
        )
        if t % 50 == 0:
            continue  # never heard from
        age = timedelta(seconds=30) if t % 7 else timedelta(hours=30)
        status = ["ok", "ok", "ok", "paper_low", "paper_out", "unknown"][t % 6]
        health.write(
            f"{terminal}\t{(now - age).isoformat()}\t{(t % 11) - 5}.5\t0.1.0\t{t % 9}\t\\N\t"
            f"ready\t{status}\t60\t\\N\n"
        )
    with engine.begin() as conn:
        copy_rows(
            conn,
            "terminals",
            "terminal_id, station_id, name, app_version, token_hash, created_at, revoked_at, "
            "last_seen_at",
            terminals,
        )
        copy_rows(
            conn,
            "terminal_health",
            "terminal_id, received_at, clock_skew_s, app_version, outbox_length, oldest_unsent_at, "
            "printer_state, printer_status, sync_interval_s, last_sync_error",
            health,
        )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE terminals"))
        conn.execute(sa.text("VACUUM ANALYZE terminal_health"))


def time_page(http: httpx.Client, path: str, check: str) -> tuple[float, float]:
    for _ in range(3):
        response = http.get(path)
        if response.status_code != 200 or check not in response.text:
            raise RuntimeError(f"{path}: {response.status_code} {response.text[:300]}")
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = http.get(path)
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{path}: {response.status_code}")
    times.sort()
    return statistics.median(times), times[max(0, round(0.95 * len(times)) - 1)]


def main() -> int:
    if not PG_URL:
        print("bench_console: skipped: set KIOSK_TEST_PG_URL (.ci/setup-postgres.sh does)")
        return 0
    name = f"kiosk_bench_console_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    try:
        engine = open_db(url)
        started = time.perf_counter()
        rows = fill_figures(engine)
        fill_fleet(engine)
        create_account(engine, "bench", "admin", PASSWORD, None)
        engine.dispose()
        print(
            f"filled {rows:,} roll-up rows and {TERMINALS:,} terminals in "
            f"{time.perf_counter() - started:.0f} s"
        )
        with tempfile.TemporaryDirectory() as tmp:
            hub = start_hub(Path(tmp), url, "--no-access-log", "--log-level", "warning")
            try:
                http = httpx.Client(base_url=hub.base_url, timeout=60)
                login = http.get("/console/login").text
                token = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)  # type: ignore[union-attr]
                http.post(
                    "/console/login",
                    data={"username": "bench", "password": PASSWORD, "csrf_token": token},
                )
                year = f"from={FIRST.isoformat()}&to={LAST.isoformat()}"
                results = [
                    (
                        f"figures, all {STATIONS} stations, 365 days",
                        time_page(http, f"/console/figures?{year}", "visits-chart"),
                    ),
                    (
                        "figures CSV, the same",
                        time_page(http, f"/console/figures.csv?{year}", "visits_per_day"),
                    ),
                    (
                        "figures, one station, 365 days",
                        time_page(http, f"/console/figures?{year}&station=st-0007", "visits-chart"),
                    ),
                    (
                        f"fleet, {TERMINALS:,} terminals",
                        time_page(http, "/console/fleet", "data-terminal-id"),
                    ),
                ]
                http.close()
            finally:
                stop_hub(hub)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    print(
        f"console pages on PostgreSQL, {ROUNDS} requests each after 3 warm-up; machine: {machine()}"
    )
    print(f"{'page':<44}{'median ms':>11}{'p95 ms':>9}")
    worst = 0.0
    for label, (median, p95) in results:
        worst = max(worst, p95)
        print(f"{label:<44}{median:>11.1f}{p95:>9.1f}")
    verdict = "ok" if worst <= TARGET_MS else "ABOVE TARGET"
    print(f"{'worst p95 (target <= 200 ms)':<44}{'':>11}{worst:>9.1f}  {verdict}")
    return 0 if worst <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
