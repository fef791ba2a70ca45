"""Fleet reconnect (reliability scenario 4) as a benchmark: 200 terminals with 500-event
backlogs come back at once; how long until all drain, and how ingest scales with hub
processes.

For each backend (SQLite always; PostgreSQL when KIOSK_TEST_PG_URL is set) the fleet
drains once into one ``kiosk-hub serve`` process and once into two processes on two ports
sharing the database, terminals spread over them as a load balancer would. Clients speak
the real protocol and honour 503 + Retry-After (tests/reliability/fleetsim.py). The table
gives drain time, events/s overall and per process, and the scaling ratio
(rate with 2 processes / rate with 1). Client and hubs share this machine's cores, so
the ratio is a floor for hubs on their own hosts.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "reliability"))

import sqlalchemy as sa  # noqa: E402
from fleetsim import FleetResult, enroll_fleet, run_fleet  # noqa: E402
from relkit import launch_hub, stop  # noqa: E402

from kiosk.hub.db import open_db  # noqa: E402
from kiosk.hub.enroll import create_code  # noqa: E402

TERMINALS = int(os.environ.get("BENCH_FLEET_TERMINALS", "200"))
BACKLOG = int(os.environ.get("BENCH_FLEET_BACKLOG", "500"))
STATION = "bench-fleet"


def drain(db_url: str, folder: Path, processes: int) -> FleetResult:
    engine = open_db(db_url)
    codes = [create_code(engine, STATION) for _ in range(TERMINALS)]
    engine.dispose()
    hubs = [launch_hub(folder / f"hub{i}", db_url, "--no-access-log") for i in range(processes)]
    try:
        fleet = enroll_fleet(hubs[0].base_url, codes, STATION, BACKLOG)
        result = asyncio.run(run_fleet([hub.base_url for hub in hubs], fleet))
        stored = hubs[0].count("events")
    finally:
        for hub in hubs:
            stop(hub)
    if result.unexpected or stored != TERMINALS * BACKLOG:
        raise RuntimeError(f"fleet did not drain cleanly: {result.unexpected[:3]}, {stored}")
    return result


def backends(folder: Path) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = [("SQLite", lambda tag: f"sqlite:///{folder / tag}.db")]
    pg = os.environ.get("KIOSK_TEST_PG_URL")
    if pg:
        out.append(("PostgreSQL", lambda tag: _pg_database(pg, tag)))
    return out


_PG_MADE: list[tuple[str, str]] = []


def _pg_database(pg: str, tag: str) -> str:
    name = f"kiosk_fleet_{tag}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(pg, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    _PG_MADE.append((pg, name))
    return sa.make_url(pg).set(database=name).render_as_string(hide_password=False)


def _drop_pg() -> None:
    for pg, name in _PG_MADE:
        admin = sa.create_engine(pg, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> int:
    events = TERMINALS * BACKLOG
    rows: list[tuple[str, int, FleetResult]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        try:
            for backend, make_url in backends(folder):
                for processes in (1, 2):
                    url = make_url(f"p{processes}")  # type: ignore[operator]
                    rows.append((backend, processes, drain(url, folder / backend, processes)))
        finally:
            _drop_pg()
    print(f"fleet reconnect: {TERMINALS} terminals x {BACKLOG} events, all at once")
    header = f"{'backend':<12}{'procs':>6}{'drain s':>10}{'events/s':>11}{'per proc':>11}"
    print(f"{header}{'503s':>7}{'scaling':>9}")
    base: dict[str, float] = {}
    for backend, processes, result in rows:
        rate = events / result.seconds
        base.setdefault(backend, rate)
        scaling = rate / base[backend]
        print(
            f"{backend:<12}{processes:>6}{result.seconds:>10.1f}{rate:>11,.0f}"
            f"{rate / processes:>11,.0f}{result.refusals:>7}{scaling:>9.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
