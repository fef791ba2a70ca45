"""Scenario 1: a terminal process is SIGKILLed at random moments and restarted."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

import pytest
import sqlalchemy as sa
from relkit import (
    HERE,
    Terminal,
    assert_acked_are_stored,
    assert_exactly_once,
    drain,
    enroll,
    launch_hub,
    scale,
    stop,
)

from kiosk.db.database import open_database


def test_sigkill_at_random_moments_loses_and_doubles_nothing(tmp_path: Path) -> None:
    """Invariant: however often a recording, syncing terminal process is SIGKILLed (50
    times in quick mode, 500 in long) and restarted on the same database, every event
    the outbox marks sent is in the hub at every point, the file is never corrupted, and
    after one clean sync the hub's event ids for the terminal equal the outbox's event
    ids, each stored once — counted in both databases."""
    hub = launch_hub(tmp_path / "hub", access_log=False)
    driver = None
    try:
        creds = enroll(hub)
        db_path = tmp_path / "terminal" / "kiosk.db"
        open_database(db_path).dispose()  # created and migrated before the first kill
        creds_file = tmp_path / "creds.json"
        creds_file.write_text(json.dumps(asdict(creds)), encoding="utf-8")
        driver = subprocess.Popen(
            [sys.executable, str(HERE / "terminal_driver.py"), str(db_path), str(creds_file)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert driver.stdin and driver.stdout
        assert driver.stdout.readline().strip() == "ready"
        rng = random.Random(os.environ.get("KIOSK_RELIABILITY_SEED", "crash"))
        kills = scale(50, 500)
        for round_ in range(kills):
            driver.stdin.write(f"go {rng.randrange(1 << 30)}\n")
            driver.stdin.flush()
            line = driver.stdout.readline().strip()
            if line == "QUARANTINED":
                pytest.fail(f"a SIGKILL left the terminal database unusable (round {round_})")
            pid = int(line)
            time.sleep(rng.uniform(0.0, 0.5))
            os.kill(pid, signal.SIGKILL)
            if round_ % 10 == 9:
                time.sleep(0.05)  # let the kill land before reading the file
                assert_acked_are_stored(hub.engine, creds.terminal_id, db_path)
        driver.stdin.close()
        driver.wait(timeout=30)
        rest = driver.stdout.read()
        assert "QUARANTINED" not in rest
        assert_acked_are_stored(hub.engine, creds.terminal_id, db_path)

        terminal = Terminal.create(db_path.parent, creds)
        assert not terminal.db.quarantined
        drain(terminal, 60)
        terminal.db.dispose()
        total = assert_exactly_once(hub.engine, creds.terminal_id, db_path)
        assert total >= kills  # the workers really recorded between kills
        local = sa.create_engine(f"sqlite:///{db_path}")
        with local.connect() as conn:
            visits = conn.execute(sa.text("SELECT COUNT(*) FROM visits")).scalar_one()
            visit_events = conn.execute(
                sa.text("SELECT COUNT(*) FROM outbox WHERE type = 'visit'")
            ).scalar_one()
        local.dispose()
        assert visits == visit_events  # no visit without its outbox row, nor the reverse
        assert hub.count("events", terminal_id=creds.terminal_id, type="visit") == visits
    finally:
        if driver is not None:
            if driver.poll() is None:
                driver.kill()
                driver.wait()
            for pipe in (driver.stdin, driver.stdout):
                if pipe and not pipe.closed:
                    pipe.close()
        stop(hub)
