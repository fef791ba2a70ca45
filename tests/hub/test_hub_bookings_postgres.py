"""Bookings on two hub processes sharing one PostgreSQL: never more confirmed than seats,
one decision per booking_id, nothing lost or doubled when a hub is SIGKILLed mid-booking,
and the worker's page limit counted across processes.

Needs a server: set KIOSK_TEST_PG_URL (``.ci/setup-postgres.sh`` does).
"""

from __future__ import annotations

import os
import signal
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from bookingtools import (
    add_session,
    booking,
    booking_event,
    fresh_rate_window,
    new_code,
    post_booking,
)
from hubtools import Client, Hub, start_hub, stop_hub

PG_URL = os.environ.get("KIOSK_TEST_PG_URL")

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL, reason="KIOSK_TEST_PG_URL is not set (no PostgreSQL server)"),
]


@pytest.fixture(scope="module")
def pg_db_url() -> Iterator[str]:
    assert PG_URL
    name = f"kiosk_hub_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield sa.make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="module")
def pg_hubs(pg_db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Hub]]:
    """Two hub processes on one PostgreSQL database, behind a 'proxy' on loopback."""
    hubs = [
        start_hub(tmp_path_factory.mktemp("pghub"), pg_db_url, "--trusted-proxy", "127.0.0.1")
        for _ in range(2)
    ]
    yield hubs
    for hub in hubs:
        stop_hub(hub)
        assert "Traceback" not in hub.log(), hub.log()


def _statuses(hub: Hub, session_id: str) -> Counter[str]:
    with hub.engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT status FROM bookings WHERE session_id = :s"), {"s": session_id}
        ).scalars()
        return Counter(rows)


def test_twenty_at_once_through_two_hubs_confirm_exactly_three(pg_hubs: list[Hub]) -> None:
    first, second = pg_hubs
    clients = [first.enroll() for _ in range(4)]
    session_id = add_session(first, capacity=3)
    bodies = [(clients[i % 4], booking(clients[i % 4], session_id)) for i in range(20)]
    start = threading.Barrier(20)

    def book(index: int) -> httpx.Response:
        client, body = bodies[index]
        start.wait()
        return post_booking(client, body, pg_hubs[index % 2])

    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(book, range(20)))
    assert [a.status_code for a in answers] == [201] * 20
    decided = [a.json() for a in answers]
    confirmed = sorted(a["number"] for a in decided if a["status"] == "confirmed")
    waitlisted = sorted(a["number"] for a in decided if a["status"] == "waitlisted")
    assert confirmed == [1, 2, 3]
    assert waitlisted == list(range(1, 18))
    assert _statuses(first, session_id) == {"confirmed": 3, "waitlisted": 17}
    # Replays, by either hub and by either path, get the same answers and change nothing.
    for index, (client, body) in enumerate(bodies):
        again = post_booking(client, body, pg_hubs[(index + 1) % 2])
        assert (again.status_code, again.json()) == (200, decided[index])
    for client in clients:
        mine = [body for owner, body in bodies if owner is client]
        assert client.push([booking_event(client, body) for body in mine]).status_code == 200
    assert _statuses(second, session_id) == {"confirmed": 3, "waitlisted": 17}
    seats = second.http.get(
        "/v1/sessions", params={"station": "st-test"}, headers=clients[0].headers
    ).json()["sessions"]
    assert [s["free"] for s in seats if s["id"] == session_id] == [0]


def test_events_and_direct_calls_racing_decide_each_booking_once(pg_hubs: list[Hub]) -> None:
    first, second = pg_hubs
    clients = [first.enroll() for _ in range(3)]
    session_id = add_session(first, capacity=4)
    per_client = {c.terminal_id: [booking(c, session_id) for _ in range(5)] for c in clients}
    events = {
        c.terminal_id: [booking_event(c, b) for b in per_client[c.terminal_id]] for c in clients
    }

    def by_event(client: Client) -> None:
        response = first.http.post(
            "/v1/events", json=client.batch(events[client.terminal_id]), headers=client.headers
        )
        assert response.status_code == 200, response.text

    def by_call(client: Client) -> None:
        for body in per_client[client.terminal_id]:
            assert post_booking(client, body, second).status_code in (200, 201)

    with ThreadPoolExecutor(max_workers=6) as pool:
        jobs = [pool.submit(by_event, c) for c in clients] + [
            pool.submit(by_call, c) for c in clients
        ]
        for job in jobs:
            job.result()
    assert _statuses(first, session_id) == {"confirmed": 4, "waitlisted": 11}


def test_cancelling_moves_the_oldest_waitlisted_up(pg_hubs: list[Hub]) -> None:
    first, second = pg_hubs
    client = first.enroll()
    session_id = add_session(first, capacity=1)
    codes = [new_code() for _ in range(4)]
    # The waiting list is made offline: one batch, in seq order.
    bodies = [booking(client, session_id, code) for code in codes]
    assert client.push([booking_event(client, body) for body in bodies]).status_code == 200
    page = second.http.get(f"/b/{codes[0]}")
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    second.http.post(f"/b/{codes[0]}/cancel", data={"csrf_token": token})
    with first.engine.connect() as conn:
        rows = dict(
            conn.execute(
                sa.text("SELECT booking_id, status FROM bookings WHERE session_id = :s"),
                {"s": session_id},
            ).all()
        )
    statuses = [rows[body["booking_id"]] for body in bodies]
    assert statuses == ["cancelled", "confirmed", "waitlisted", "waitlisted"]
    assert "第 1 位" in first.http.get(f"/b/{codes[1]}").text
    assert "排第 1 位" in first.http.get(f"/b/{codes[2]}").text


def test_a_hub_killed_mid_booking_loses_and_doubles_nothing(
    pg_hubs: list[Hub], pg_db_url: str, tmp_path: Path
) -> None:
    survivor = pg_hubs[0]
    victim = start_hub(tmp_path / "victim", pg_db_url, "--no-access-log")
    clients = [survivor.enroll() for _ in range(4)]
    session_id = add_session(survivor, capacity=5)
    sent: dict[str, tuple[Client, dict]] = {}
    answered: dict[str, dict] = {}
    cut: list[str] = []
    lock = threading.Lock()
    stop_flag = threading.Event()

    def fire(client: Client) -> None:
        with httpx.Client(base_url=victim.base_url, timeout=10) as http:
            while not stop_flag.is_set():
                body = booking(client, session_id)
                with lock:
                    sent[body["booking_id"]] = (client, body)
                try:
                    response = http.post("/v1/bookings", json=body, headers=client.headers)
                except httpx.TransportError:
                    cut.append(body["booking_id"])
                    return
                if response.status_code in (200, 201):
                    answered[body["booking_id"]] = response.json()

    threads = [threading.Thread(target=fire, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    time.sleep(1.5)
    os.kill(victim.process.pid, signal.SIGKILL)
    victim.process.wait()
    stop_flag.set()
    for thread in threads:
        thread.join(timeout=30)
    victim.http.close()
    victim.engine.dispose()
    assert cut, "no kill landed while a booking was in flight"
    assert len(answered) >= 5
    for booking_id, (client, body) in sent.items():
        again = post_booking(client, body, survivor)
        assert again.status_code in (200, 201)
        if booking_id in answered:
            assert (again.status_code, again.json()) == (200, answered[booking_id])
    with survivor.engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT booking_id, status FROM bookings WHERE session_id = :s"),
            {"s": session_id},
        ).all()
    assert sorted(row.booking_id for row in rows) == sorted(sent)
    assert Counter(row.status for row in rows) == {"confirmed": 5, "waitlisted": len(sent) - 5}


def test_the_page_limit_is_counted_across_hub_processes(pg_hubs: list[Hub]) -> None:
    first, second = pg_hubs
    phone = {"X-Forwarded-For": "198.51.100.77"}
    fresh_rate_window()
    answers = [
        hub.http.get(f"/b/{new_code()}", headers=phone).status_code for hub in [first, second] * 10
    ]
    assert answers == [200] * 20
    assert second.http.get(f"/b/{new_code()}", headers=phone).status_code == 429
    assert first.http.get(f"/b/{new_code()}", headers=phone).status_code == 429
