"""Scenario 4: 200 terminals with 500-event backlogs come back at once."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

from fleetsim import enroll_fleet, run_fleet
from relkit import STATION, Terminal, assert_exactly_once, enroll, launch_hub, stop, terminal_config

from kiosk.sync.backoff import Backoff
from kiosk.sync.loop import SyncLoop
from kiosk.sync.syncer import Syncer

SIMULATED = 196
REAL = 4
BACKLOG = 500
DRAIN_WITHIN_S = 90


def test_a_fleet_reconnecting_at_once_drains_without_5xx(tmp_path: Path) -> None:
    """Invariant: 200 terminals (196 lightweight protocol clients, 4 real Syncers with
    SQLite outboxes) each with a 500-event backlog return at once; all drain within
    DRAIN_WITHIN_S; the hub answers nothing but 200 and its deliberate 503 "overloaded"
    with Retry-After, which every client honours (no retry sooner than asked); and the
    hub then holds exactly 500 events per terminal — counted in the hub's database and
    in the real terminals' outboxes."""
    hub = launch_hub(tmp_path / "hub", None, "--max-concurrent-ingest", "4", access_log=False)
    try:
        codes = [hub.new_code(STATION) for _ in range(SIMULATED)]
        fleet = enroll_fleet(hub.base_url, codes, STATION, BACKLOG)
        real = [Terminal.create(tmp_path / f"real{i}", enroll(hub)) for i in range(REAL)]
        for terminal in real:
            for _ in range(BACKLOG):
                terminal.db.record("staff_call", {"reason": "help", "station_id": STATION})
        honoured: list[tuple[float, float]] = []  # (delay chosen, Retry-After given)
        problems: list[BaseException] = []

        def run_real(terminal: Terminal) -> None:
            errors: list = []
            loop = SyncLoop(
                Syncer(terminal.db, terminal_config(), terminal.creds),
                60,
                on_error=errors.append,
                backoff=Backoff(base=0.5, cap=5),
            )
            deadline = time.monotonic() + DRAIN_WITHIN_S
            try:
                while time.monotonic() < deadline:
                    delay = loop.pass_once()
                    if loop.state.last_error is None:
                        return
                    error = errors[-1]
                    assert error.status == 503 and error.code == "overloaded", error
                    honoured.append((delay, error.retry_after))
                    time.sleep(delay)
                raise AssertionError("a real terminal did not drain in time")
            except BaseException as exc:  # noqa: BLE001 - reported below
                problems.append(exc)

        threads = [threading.Thread(target=run_real, args=(t,)) for t in real]
        for thread in threads:
            thread.start()
        result = asyncio.run(run_fleet([hub.base_url], fleet))
        for thread in threads:
            thread.join(timeout=DRAIN_WITHIN_S)
        assert not problems, problems
        assert result.unexpected == [], result.unexpected[:5]
        assert set(result.statuses) <= {200, 503}, result.statuses
        assert result.refusals > 0  # the fleet really overloaded the hub
        assert result.early_retries == 0
        assert all(delay >= retry_after for delay, retry_after in honoured), honoured
        assert result.seconds < DRAIN_WITHIN_S

        for sim in fleet:
            assert hub.count("events", terminal_id=sim.terminal_id) == BACKLOG
        for terminal in real:
            assert assert_exactly_once(hub.engine, terminal.creds.terminal_id, terminal.db.path)
            terminal.db.dispose()
        assert hub.count("events") == (SIMULATED + REAL) * BACKLOG
    finally:
        stop(hub)
