"""Scenario 2: terminals sync through a proxy that drops, resets, delays, truncates and
answers 5xx; once it heals, everything converges."""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path

from flaky_proxy import FATES, FlakyProxy
from relkit import (
    Terminal,
    assert_exactly_once,
    drain,
    enroll,
    launch_hub,
    scale,
    stop,
    terminal_config,
)

from kiosk.sync.http import SyncError
from kiosk.sync.syncer import Syncer

CONVERGE_WITHIN_S = 45


def test_a_flaky_network_loses_and_doubles_nothing(tmp_path: Path) -> None:
    """Invariant: while the network drops, resets, delays, truncates and fakes 5xx
    (12 s in quick mode, 2 min in long), terminals keep recording; after it heals, every
    terminal's outbox drains within CONVERGE_WITHIN_S seconds and the hub then holds
    exactly each terminal's outbox event ids, once each — counted in both databases."""
    hub = launch_hub(tmp_path / "hub", access_log=False)
    port = int(hub.base_url.rsplit(":", 1)[1])
    proxy = FlakyProxy(port, seed="flaky").start()
    terminals = [Terminal.create(tmp_path / f"t{i}", enroll(hub, proxy.base_url)) for i in range(4)]
    stop_flag = threading.Event()
    outcomes: list[str] = []
    problems: list[BaseException] = []

    def run(index: int) -> None:
        rng = random.Random(index)
        terminal = terminals[index]
        syncer = Syncer(terminal.db, terminal_config(), terminal.creds)
        try:
            while not stop_flag.is_set():
                for _ in range(rng.randint(1, 12)):
                    terminal.db.record("staff_call", {"reason": "help", "station_id": "st-rel"})
                try:
                    syncer.sync_once()
                    outcomes.append("ok")
                except SyncError as exc:
                    assert exc.retryable, exc  # the network's faults never stop the queue
                    outcomes.append(exc.kind)
                time.sleep(rng.uniform(0, 0.1))
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            problems.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(terminals))]
    try:
        for thread in threads:
            thread.start()
        time.sleep(scale(12, 120))
        stop_flag.set()
        for thread in threads:
            thread.join(timeout=60)
        assert not problems, problems
        assert set(proxy.fates) == set(FATES), proxy.fates  # every fault really happened
        assert "network" in outcomes and "server" in outcomes

        proxy.heal()
        started = time.monotonic()
        for terminal in terminals:
            drain(terminal, CONVERGE_WITHIN_S - (time.monotonic() - started))
        for terminal in terminals:
            assert assert_exactly_once(hub.engine, terminal.creds.terminal_id, terminal.db.path)
    finally:
        stop_flag.set()
        for terminal in terminals:
            terminal.db.dispose()
        proxy.close()
        stop(hub)
