"""Scenario 3: two hub processes on one PostgreSQL database; terminals alternate."""

from __future__ import annotations

import random
import threading
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa
from relkit import (
    PG_URL,
    STATION,
    Terminal,
    assert_exactly_once,
    enroll,
    launch_hub,
    scale,
    stop,
    terminal_config,
)

from kiosk.sync import outbox
from kiosk.sync.http import SyncError
from kiosk.sync.syncer import Syncer

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not PG_URL, reason="KIOSK_TEST_PG_URL is not set (no PostgreSQL server to share)"
    ),
]


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A throwaway database on the KIOSK_TEST_PG_URL server, dropped afterwards."""
    assert PG_URL
    name = f"kiosk_rel_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield sa.make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_terminals_alternating_between_two_hubs_store_once(tmp_path: Path, pg_url: str) -> None:
    """Invariant: terminals that alternate between two hub processes on one PostgreSQL
    database, and replay every batch they sent to one hub to the other, end with the
    hub holding exactly each outbox's event ids, once each, and one high-water mark
    equal to the last seq — counted in PostgreSQL and in the terminals' outboxes."""
    hubs = [launch_hub(tmp_path / f"hub{i}", pg_url, access_log=False) for i in range(2)]
    terminals = [Terminal.create(tmp_path / f"t{i}", enroll(hubs[0])) for i in range(4)]
    rounds = scale(6, 60)
    problems: list[BaseException] = []

    def run(index: int) -> None:
        terminal = terminals[index]
        rng = random.Random(index)
        try:
            for round_ in range(rounds):
                for _ in range(rng.randint(100, 700)):
                    terminal.db.record("staff_call", {"reason": "help", "station_id": STATION})
                first, second = hubs[round_ % 2], hubs[(round_ + 1) % 2]
                for hub in (first, second):
                    creds = replace(terminal.creds, hub_url=hub.base_url)
                    _sync(Syncer(terminal.db, terminal_config(), creds))
                    if hub is first:
                        outbox.rewind(terminal.db, 0)  # replay everything to the other hub
        except BaseException as exc:  # noqa: BLE001 - reported below
            problems.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(terminals))]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not problems, problems
        engine = hubs[0].engine
        for terminal in terminals:
            total = assert_exactly_once(engine, terminal.creds.terminal_id, terminal.db.path)
            tid = terminal.creds.terminal_id
            assert hubs[1].count("events", terminal_id=tid) == total
            assert hubs[0].count("high_water", terminal_id=tid, acked_through=total) == 1
    finally:
        for terminal in terminals:
            terminal.db.dispose()
        for hub in hubs:
            stop(hub)


def _sync(syncer: Syncer) -> None:
    """Sync, retrying the hub's deliberate 503 "overloaded"."""
    for _ in range(50):
        try:
            syncer.sync_once()
            return
        except SyncError as exc:
            if exc.status != 503:
                raise
    raise AssertionError("the hub stayed overloaded")
