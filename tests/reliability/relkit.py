"""Shared pieces of the reliability suite: hub processes on chosen ports, terminals, and
the invariants, checked by counting rows in the hub's and the terminal's databases.

Quick mode (the default, what CI runs) keeps every scenario to seconds; set
``KIOSK_RELIABILITY_LONG=1`` for the long mode, with ten times the faults.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "hub"))

from hubtools import Hub, start_hub  # noqa: E402

from kiosk.config import Config, HubConfig, StationConfig  # noqa: E402
from kiosk.db.database import Database, open_database  # noqa: E402
from kiosk.sync.credentials import Credentials  # noqa: E402

LONG = os.environ.get("KIOSK_RELIABILITY_LONG", "") not in ("", "0")
PG_URL = os.environ.get("KIOSK_TEST_PG_URL")
STATION = "st-rel"


def scale(quick: int, long: int) -> int:
    """``quick`` in CI's quick mode, ``long`` with KIOSK_RELIABILITY_LONG=1."""
    return long if LONG else quick


def launch_hub(
    data_dir: Path,
    db_url: str | None = None,
    *extra: str,
    port: int | None = None,
    ca_file: Path | None = None,
    access_log: bool = True,
) -> Hub:
    """hubtools.start_hub with quieter logs, appended across restarts of the same hub."""
    quiet = ["--log-level", "warning", *([] if access_log else ["--no-access-log"])]
    return start_hub(data_dir, db_url, *quiet, *extra, ca_file=ca_file, port=port, append_log=True)


def kill_hub(hub: Hub) -> None:
    """SIGKILL the hub process (no shutdown, no flush) and reap it."""
    os.kill(hub.process.pid, signal.SIGKILL)
    hub.process.wait()


def stop(hub: Hub) -> None:
    """Stop a hub by its PID (terminate, then kill) and close our handles on it."""
    hub.http.close()
    hub.engine.dispose()
    if hub.process.poll() is None:
        hub.process.terminate()
        try:
            hub.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            hub.process.kill()
            hub.process.wait()


def terminal_config(ca_bundle: str = "") -> Config:
    return Config(station=StationConfig(id=STATION), hub=HubConfig(url="", ca_bundle=ca_bundle))


def enroll(hub: Hub, base_url: str | None = None) -> Credentials:
    """Enroll a terminal on ``hub``; its credentials point at ``base_url`` (a proxy, say)."""
    client = hub.enroll(STATION)
    return Credentials(base_url or hub.base_url, client.terminal_id, STATION, client.token)


@dataclass
class Terminal:
    """A terminal: its own SQLite database and its hub credentials."""

    db: Database
    creds: Credentials

    @classmethod
    def create(cls, folder: Path, creds: Credentials) -> Terminal:
        return cls(open_database(folder / "kiosk.db"), creds)


# --------------------------------------------------------------------------- counting rows


def outbox_ids(db_path: Path) -> tuple[set[str], set[str]]:
    """(every outbox event id, the ids marked sent), read from the terminal's file."""
    engine = sa.create_engine(f"sqlite:///{db_path}")
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT event_id, sent_at FROM outbox")).all()
    finally:
        engine.dispose()
    return {r[0] for r in rows}, {r[0] for r in rows if r[1] is not None}


def hub_ids(engine: sa.Engine, terminal_id: str) -> list[str]:
    """Every event id the hub stored for a terminal, accepted or rejected (with repeats)."""
    with engine.connect() as conn:
        accepted = conn.execute(
            sa.text("SELECT event_id FROM events WHERE terminal_id = :t"), {"t": terminal_id}
        ).scalars()
        ids = list(accepted)
        ids += conn.execute(
            sa.text("SELECT event_id FROM rejected_events WHERE terminal_id = :t"),
            {"t": terminal_id},
        ).scalars()
    return ids


def doubled_seqs(engine: sa.Engine) -> int:
    """How many (terminal, database, seq) the hub holds more than once."""
    with engine.connect() as conn:
        return int(
            conn.execute(
                sa.text(
                    "SELECT COUNT(*) FROM (SELECT terminal_id, db_instance_id, seq FROM events "
                    "GROUP BY terminal_id, db_instance_id, seq HAVING COUNT(*) > 1) d"
                )
            ).scalar_one()
        )


def assert_acked_are_stored(engine: sa.Engine, terminal_id: str, db_path: Path) -> None:
    """No acknowledged event missing: every outbox row marked sent is in the hub."""
    _, sent = outbox_ids(db_path)
    missing = sent - set(hub_ids(engine, terminal_id))
    assert not missing, f"{len(missing)} events marked sent are not in the hub"


def assert_exactly_once(engine: sa.Engine, terminal_id: str, db_path: Path) -> int:
    """The hub's set of event ids for the terminal equals the outbox's, with no repeat and
    no seq stored twice. Returns how many events that is."""
    everything, sent = outbox_ids(db_path)
    stored = hub_ids(engine, terminal_id)
    assert len(stored) == len(set(stored)), "an event id is stored twice"
    assert set(stored) == everything, (
        f"hub holds {len(set(stored))} events, the terminal {len(everything)}: "
        f"{len(everything - set(stored))} missing, {len(set(stored) - everything)} unknown"
    )
    assert sent == everything, f"{len(everything - sent)} events are still unsent"
    assert doubled_seqs(engine) == 0
    return len(everything)


def drain(terminal: Terminal, deadline_s: float, config: Config | None = None) -> None:
    """Sync until the outbox is empty, or fail after ``deadline_s`` seconds."""
    from kiosk.sync import outbox
    from kiosk.sync.http import SyncError
    from kiosk.sync.syncer import Syncer

    syncer = Syncer(terminal.db, config or terminal_config(), terminal.creds)
    deadline = time.monotonic() + deadline_s
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            syncer.sync_once()
            if outbox.stats(terminal.db).pending == 0:
                return
        except SyncError as exc:
            last = exc
            time.sleep(min(exc.retry_after or 0.2, 1.0))
    raise AssertionError(f"the outbox did not drain within {deadline_s} s (last error: {last})")
