"""Helpers for the hub tests: start a REAL hub process on a loopback port, talk to it.

The hub runs as ``python -m kiosk.hub.cli serve`` in a subprocess; tests talk to it with
httpx and check what arrived by counting rows in the hub's own database file.
"""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def hub_env(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "KIOSK_HUB_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}


def run_cli(db_url: str, *args: str, data_dir: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``kiosk-hub ARGS --db URL`` as a real process."""
    command = [sys.executable, "-m", "kiosk.hub.cli", *args, "--db", db_url]
    env = hub_env(data_dir or Path(db_url.removeprefix("sqlite:///")).parent)
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


@dataclass
class Client:
    """An enrolled terminal: its identity, token and next seq per database instance."""

    hub: Hub
    terminal_id: str
    station_id: str
    token: str
    db_instance_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    next_seq: int = 1

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def batch(self, events: list[dict[str, Any]], **overrides: Any) -> dict[str, Any]:
        body = {
            "terminal_id": self.terminal_id,
            "db_instance_id": self.db_instance_id,
            "events": events,
        }
        body.update(overrides)
        return body

    def make_events(self, count: int, kind: str = "visit", **payload: Any) -> list[dict[str, Any]]:
        """``count`` new events with the next seqs, for this terminal's station unless
        ``payload`` names another ``station_id``."""
        station_id = payload.pop("station_id", self.station_id)
        out = []
        for _ in range(count):
            out.append(make_event(self.next_seq, kind, station_id=station_id, **payload))
            self.next_seq += 1
        return out

    def push(self, events: list[dict[str, Any]], **overrides: Any) -> httpx.Response:
        return self.hub.http.post(
            "/v1/events", json=self.batch(events, **overrides), headers=self.headers
        )


def default_payload(kind: str, station_id: str) -> dict[str, Any]:
    if kind == "visit":
        return {
            "trade": "courier",
            "services": ["water"],
            "member_number": None,
            "station_id": station_id,
        }
    if kind == "assessment":
        return {
            "instrument_id": "phq9",
            "instrument_version": 1,
            "answers": [0, 1, 2, 0, 1, 0, 0, 1, 0],
            "total": 5,
            "band": "mild",
            "safety_flag": False,
            "follow_up_code": None,
            "station_id": station_id,
            "hour": "2026-11-28T21:00:00+08:00",
        }
    if kind == "slip_printed":
        return {
            "resource_ids": ["hotline-12355"],
            "paper": "80mm",
            "ok": True,
            "reason": None,
            "station_id": station_id,
        }
    if kind == "staff_call":
        return {"reason": "crisis_screen", "station_id": station_id}
    if kind == "attendant_action":
        return {"action": "restock_paper", "detail": {}, "station_id": station_id}
    return {"station_id": station_id}


def make_event(
    seq: int,
    kind: str = "visit",
    *,
    station_id: str = "st-test",
    occurred_at: str = "2026-11-28T21:05:00+08:00",
    **payload: Any,
) -> dict[str, Any]:
    body = default_payload(kind, station_id)
    body.update(payload)
    return {
        "event_id": str(uuid.uuid4()),
        "seq": seq,
        "type": kind,
        "schema_version": 1,
        "occurred_at": occurred_at,
        "payload": body,
    }


@dataclass
class Hub:
    """A running hub process and a way into its database."""

    base_url: str
    db_url: str
    data_dir: Path
    process: subprocess.Popen
    log_path: Path
    http: httpx.Client
    engine: sa.Engine

    def count(self, table: str, **where: Any) -> int:
        clause = " AND ".join(f"{key} = :{key}" for key in where) or "1 = 1"
        with self.engine.connect() as conn:
            return int(
                conn.execute(
                    sa.text(f"SELECT COUNT(*) FROM {table} WHERE {clause}"), where
                ).scalar_one()
            )

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        return run_cli(self.db_url, *args, data_dir=self.data_dir)

    def new_code(
        self, station_id: str = "st-test", days: float = 7, now: datetime | None = None
    ) -> str:
        from kiosk.hub.enroll import create_code

        return create_code(self.engine, station_id, days=days, now=now)

    def enroll(self, station_id: str = "st-test") -> Client:
        response = self.http.post(
            "/v1/enroll",
            json={"code": self.new_code(station_id), "terminal_name": "t", "app_version": "0.1"},
        )
        assert response.status_code == 201, response.text
        body = response.json()
        return Client(self, body["terminal_id"], body["station_id"], body["token"])

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def start_hub(
    data_dir: Path,
    db_url: str | None = None,
    *extra: str,
    ca_file: Path | None = None,
    port: int | None = None,
    append_log: bool = False,
) -> Hub:
    """Start ``kiosk-hub serve`` on a loopback port (default: a free one); wait for /v1/health.

    With ``ca_file`` the hub is expected to serve HTTPS (pass the ``--ssl-*`` options in
    ``extra``) and the client trusts only that CA. ``port`` and ``append_log`` let a
    killed hub come back at the address its terminals know, keeping its log.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    db_url = db_url or f"sqlite:///{data_dir / 'hub.db'}"
    port = port or free_port()
    log_path = data_dir / "hub.log"
    command = [sys.executable, "-m", "kiosk.hub.cli", "serve", "--db", db_url]
    command += ["--host", "127.0.0.1", "--port", str(port), *extra]
    with log_path.open("ab" if append_log else "wb") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=hub_env(data_dir), stdout=log, stderr=subprocess.STDOUT
        )
    scheme = "https" if ca_file else "http"
    verify: Any = ssl.create_default_context(cafile=str(ca_file)) if ca_file else True
    base_url = f"{scheme}://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"hub exited with {process.returncode}:\n{log_path.read_text()}")
        try:
            health = httpx.get(f"{base_url}/v1/health", timeout=1, verify=verify)
            if health.status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            process.wait()
            raise RuntimeError(f"hub did not answer /v1/health:\n{log_path.read_text()}")
        time.sleep(0.1)
    return Hub(
        base_url,
        db_url,
        data_dir,
        process,
        log_path,
        httpx.Client(base_url=base_url, timeout=30, verify=verify),
        sa.create_engine(db_url),
    )


def stop_hub(hub: Hub) -> None:
    hub.http.close()
    hub.engine.dispose()
    hub.process.terminate()
    try:
        hub.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        hub.process.kill()
        hub.process.wait()


def past(days: float) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)
