"""The same hub on PostgreSQL: same migrations, same guarantees, two processes at once.

Needs a server: set KIOSK_TEST_PG_URL (``python3 dev.py test`` starts a throwaway one).
Each test module run makes its own throwaway database on that server and drops it afterwards.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa
from hubtools import Hub, start_hub, stop_hub

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
    """Two hub processes on one PostgreSQL database."""
    hubs = [start_hub(tmp_path_factory.mktemp("pghub"), pg_db_url) for _ in range(2)]
    yield hubs
    for hub in hubs:
        stop_hub(hub)
        assert "Traceback" not in hub.log(), hub.log()


def test_events_arrive_exactly_once_on_postgres(pg_hubs: list[Hub]) -> None:
    hub = pg_hubs[0]
    client = hub.enroll()
    batches = [client.make_events(500), client.make_events(300, "assessment")]
    for batch in batches:
        assert client.push(batch).json()["accepted"] == len(batch)
    replay = client.push(batches[1]).json()
    assert (replay["accepted"], replay["duplicates"]) == (0, 300)
    assert hub.count("events", terminal_id=client.terminal_id) == 800
    client.next_seq = 900
    gap = client.push(client.make_events(1))
    assert gap.status_code == 409 and gap.json()["acked_through"] == 800
    client.next_seq = 801
    bad = client.make_events(2, "assessment")
    bad[0]["payload"]["safety_flag"] = "no"
    body = client.push(bad).json()
    assert [r["event_id"] for r in body["rejected"]] == [bad[0]["event_id"]]
    assert body["acked_through"] == 802
    assert hub.count("rejected_events", terminal_id=client.terminal_id) == 1


def test_two_hub_processes_replaying_to_each_other_store_once(pg_hubs: list[Hub]) -> None:
    first, second = pg_hubs
    clients = [first.enroll() for _ in range(4)]
    sent = {c.terminal_id: [c.make_events(250) for _ in range(4)] for c in clients}

    def drive(index: int) -> None:
        client = clients[index]
        for batch in sent[client.terminal_id]:
            for hub in (first, second, first):  # every batch reaches both hubs
                response = hub.http.post(
                    "/v1/events", json=client.batch(batch), headers=client.headers
                )
                assert response.status_code in (200, 503), response.text

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(drive, [0, 1, 2, 3, 0, 1, 2, 3]))
    for client in clients:
        assert first.count("events", terminal_id=client.terminal_id) == 1000
        assert first.count("high_water", terminal_id=client.terminal_id, acked_through=1000) == 1
    with first.engine.connect() as conn:
        doubled = conn.execute(
            sa.text(
                "SELECT COUNT(*) FROM (SELECT terminal_id, db_instance_id, seq FROM events "
                "GROUP BY terminal_id, db_instance_id, seq HAVING COUNT(*) > 1) d"
            )
        ).scalar_one()
    assert doubled == 0


def test_enrollment_content_and_report_on_postgres(pg_hubs: list[Hub], tmp_path: Path) -> None:
    first, second = pg_hubs
    code = first.new_code("st-pg")
    assert first.http.post("/v1/enroll", json={"code": code}).status_code == 201
    assert second.http.post("/v1/enroll", json={"code": code}).status_code == 403
    client = second.enroll("st-pg")
    items = [{"kind": "settings", "id": "st-pg", "body": {"member_number": "off"}}]
    path = tmp_path / "content.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    assert first.cli("publish", str(path)).returncode == 0
    page = second.http.get("/v1/content", params={"since": 0}, headers=client.headers).json()
    assert [i["id"] for i in page["items"]] == ["st-pg"]
    client.push(client.make_events(1, "assessment", follow_up_code="PG-CODE-1"))
    result = first.cli(
        "report",
        "--station",
        "st-pg",
        "--from",
        "2026-11-28",
        "--to",
        "2026-11-28",
        "--format",
        "json",
    )
    data = json.loads(result.stdout)
    assert data["assessments_total"] == "<5"
    assert data["months"][0]["assessments"] == [
        {"instrument_id": "phq9", "band": "mild", "count": "<5"}
    ]
    assert "Band: mild" in first.cli("followup", "PG-CODE-1").stdout
