"""Scenario 5: the hub is SIGKILLed while ingesting, and restarted."""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path

from relkit import (
    STATION,
    Terminal,
    assert_exactly_once,
    drain,
    enroll,
    kill_hub,
    launch_hub,
    scale,
    stop,
    terminal_config,
)

from kiosk.sync.http import SyncError
from kiosk.sync.syncer import Syncer


def test_hub_killed_mid_batch_loses_and_doubles_nothing(tmp_path: Path) -> None:
    """Invariant: a hub SIGKILLed while terminals push batches (5 times in quick mode, 40
    in long, more until a kill lands mid-request) and restarted on the same database
    and port keeps every batch it acknowledged and half of none; after the terminals
    drain, the hub holds exactly each outbox's event ids, once each, and its high-water
    mark equals the last seq — counted in the hub's database and the terminals' outboxes."""
    hub = launch_hub(tmp_path / "hub", access_log=False)
    port = int(hub.base_url.rsplit(":", 1)[1])
    terminals = [Terminal.create(tmp_path / f"t{i}", enroll(hub)) for i in range(2)]
    for terminal in terminals:
        for _ in range(1500):
            terminal.db.record("staff_call", {"reason": "help", "station_id": STATION})
    stop_flag = threading.Event()
    cut_mid_request: list[str] = []
    problems: list[BaseException] = []

    def push(terminal: Terminal) -> None:
        syncer = Syncer(terminal.db, terminal_config(), terminal.creds)
        rng = random.Random(terminal.creds.terminal_id)
        try:
            while not stop_flag.is_set():
                for _ in range(rng.randint(50, 400)):
                    terminal.db.record("staff_call", {"reason": "help", "station_id": STATION})
                try:
                    syncer.sync_once()
                except SyncError as exc:
                    if "refused" not in exc.message.lower():
                        cut_mid_request.append(exc.message)
                    time.sleep(0.05)
        except BaseException as exc:  # noqa: BLE001 - reported below
            problems.append(exc)

    threads = [threading.Thread(target=push, args=(t,)) for t in terminals]
    rng = random.Random("restart")
    try:
        for thread in threads:
            thread.start()
        # At least 5 kills (40 in long mode), and more until one has landed while a
        # request was in flight: a faster hub spends less of its time inside one.
        kills = 0
        while kills < scale(5, 40) or (not cut_mid_request and kills < scale(30, 80)):
            time.sleep(rng.uniform(0.3, 1.0))
            kill_hub(hub)
            stop(hub)
            hub = launch_hub(tmp_path / "hub", port=port, access_log=False)
            kills += 1
        stop_flag.set()
        for thread in threads:
            thread.join(timeout=60)
        assert not problems, problems
        assert cut_mid_request, "no kill landed while a request was in flight"
        for terminal in terminals:
            drain(terminal, 60)
        for terminal in terminals:
            total = assert_exactly_once(hub.engine, terminal.creds.terminal_id, terminal.db.path)
            assert hub.count("high_water", terminal_id=terminal.creds.terminal_id) == 1
            assert (
                hub.count("high_water", terminal_id=terminal.creds.terminal_id, acked_through=total)
                == 1
            )
    finally:
        stop_flag.set()
        for terminal in terminals:
            terminal.db.dispose()
        stop(hub)
