"""A fleet of terminals coming back at once, on the real protocol (used by the fleet test
and benchmarks/bench_fleet.py).

Most terminals are lightweight asyncio clients: each enrolls with a real code, holds a
500-event backlog and posts it to ``/v1/events``; on 429/503 it waits at least the
``Retry-After`` the hub gave (plus jitter) before trying again, as PROTOCOL.md asks.
Every answer is recorded, so a test can prove the hub never sent another 5xx.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

PAYLOAD = {"trade": "courier", "services": ["water"], "member_number": None}


@dataclass
class SimTerminal:
    terminal_id: str
    token: str
    station_id: str
    backlog: int
    db_instance_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    bodies: dict[int, bytes] = field(default_factory=dict)

    def prepare(self) -> None:
        """Serialise every batch of the backlog (first seq -> body) ahead of the run."""
        for first in range(1, self.backlog + 1, 500):
            self.bodies[first] = self.body(first, min(500, self.backlog - first + 1))

    def body(self, first: int, count: int) -> bytes:
        events = [
            {
                "event_id": str(uuid.uuid4()),
                "seq": seq,
                "type": "visit",
                "schema_version": 1,
                "occurred_at": "2026-11-28T21:05:00+08:00",
                "payload": {**PAYLOAD, "station_id": self.station_id},
            }
            for seq in range(first, first + count)
        ]
        return json.dumps(
            {
                "terminal_id": self.terminal_id,
                "db_instance_id": self.db_instance_id,
                "events": events,
            }
        ).encode()


@dataclass
class FleetResult:
    seconds: float
    statuses: dict[int, int]
    unexpected: list[str]  # answers other than 200 and a 503/429 "overloaded" with Retry-After
    early_retries: int  # retries sooner than Retry-After allowed (must stay 0)
    refusals: int


def enroll_fleet(
    base_url: str, codes: list[str], station_id: str, backlog: int
) -> list[SimTerminal]:
    """Enroll one simulated terminal per code through the real ``/v1/enroll``."""
    out = []
    with httpx.Client(base_url=base_url, timeout=30) as http:
        for code in codes:
            response = http.post("/v1/enroll", json={"code": code, "terminal_name": "sim"})
            response.raise_for_status()
            body = response.json()
            out.append(SimTerminal(body["terminal_id"], body["token"], station_id, backlog))
    return out


async def _drain_one(
    http: httpx.AsyncClient, terminal: SimTerminal, result: dict[str, Any], rng: random.Random
) -> None:
    acked = 0
    not_before = 0.0
    while acked < terminal.backlog:
        first = acked + 1
        count = min(500, terminal.backlog - acked)
        body = terminal.bodies.get(first) or terminal.body(first, count)
        if time.monotonic() < not_before:
            result["early"] += 1
        response = await http.post(
            "/v1/events",
            content=body,
            headers={
                "Authorization": f"Bearer {terminal.token}",
                "Content-Type": "application/json",
            },
        )
        result["statuses"][response.status_code] = (
            result["statuses"].get(response.status_code, 0) + 1
        )
        if response.status_code == 200:
            acked = int(response.json()["acked_through"])
            continue
        retry_after = response.headers.get("retry-after")
        code = _code(response)
        if response.status_code in (429, 503) and code == "overloaded" and retry_after:
            result["refusals"] += 1
            wait = float(retry_after) * rng.uniform(1.0, 1.5)
            not_before = time.monotonic() + float(retry_after)
            await asyncio.sleep(wait)
            continue
        result["unexpected"].append(f"{response.status_code} {response.text[:200]}")
        await asyncio.sleep(0.5)


def _code(response: httpx.Response) -> str | None:
    try:
        return str(response.json()["error"]["code"])
    except (ValueError, KeyError, TypeError):
        return None


async def run_fleet(
    base_urls: list[str], terminals: list[SimTerminal], seed: int = 0
) -> FleetResult:
    """All terminals post their backlogs at once (spread over ``base_urls``) until drained."""
    result: dict[str, Any] = {"statuses": {}, "unexpected": [], "early": 0, "refusals": 0}
    rng = random.Random(seed)
    limits = httpx.Limits(max_connections=len(terminals), max_keepalive_connections=len(terminals))
    clients = [httpx.AsyncClient(base_url=url, timeout=120, limits=limits) for url in base_urls]
    for terminal in terminals:  # serialise before the clock starts
        if not terminal.bodies:
            terminal.prepare()
    started = time.perf_counter()
    try:
        await asyncio.gather(
            *(
                _drain_one(clients[i % len(clients)], terminal, result, rng)
                for i, terminal in enumerate(terminals)
            )
        )
    finally:
        for client in clients:
            await client.aclose()
    return FleetResult(
        time.perf_counter() - started,
        result["statuses"],
        result["unexpected"],
        result["early"],
        result["refusals"],
    )
