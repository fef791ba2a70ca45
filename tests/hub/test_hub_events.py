"""Events up: exactly once, whatever the terminal resends (checked by counting hub rows)."""

from __future__ import annotations

import uuid

from hubtools import Client, Hub, make_event


def test_n_events_arrive_exactly_once(hub: Hub, client: Client) -> None:
    batches = [client.make_events(500), client.make_events(500), client.make_events(234)]
    for batch in batches:
        response = client.push(batch)
        assert response.status_code == 200, response.text
        assert response.json()["accepted"] == len(batch)
    assert response.json()["acked_through"] == 1234
    assert hub.count("events", terminal_id=client.terminal_id) == 1234
    with hub.engine.connect() as conn:
        import sqlalchemy as sa

        seqs = conn.execute(
            sa.text("SELECT seq FROM events WHERE terminal_id = :t ORDER BY seq"),
            {"t": client.terminal_id},
        ).scalars()
        assert list(seqs) == list(range(1, 1235))
    assert hub.count("high_water", terminal_id=client.terminal_id, acked_through=1234) == 1


def test_replayed_batch_counts_as_duplicates_and_adds_nothing(hub: Hub, client: Client) -> None:
    batch = client.make_events(50)
    assert client.push(batch).json()["accepted"] == 50
    replay = client.push(batch)
    assert replay.status_code == 200
    assert replay.json() == {"acked_through": 50, "accepted": 0, "duplicates": 50, "rejected": []}
    assert hub.count("events", terminal_id=client.terminal_id) == 50


def test_overlapping_resend_stores_only_the_new_tail(hub: Hub, client: Client) -> None:
    first = client.make_events(10)
    client.push(first)
    # A crash before the terminal marked 6..10 as sent: it resends them with 11..15.
    second = first[5:] + client.make_events(5)
    body = client.push(second).json()
    assert (body["accepted"], body["duplicates"], body["acked_through"]) == (5, 5, 15)
    assert hub.count("events", terminal_id=client.terminal_id) == 15


def test_seq_gap_is_refused_with_the_high_water_mark(hub: Hub, client: Client) -> None:
    client.push(client.make_events(7))
    client.next_seq = 20
    response = client.push(client.make_events(3))
    assert response.status_code == 409
    body = response.json()
    assert body["error"]["code"] == "seq_gap"
    assert body["acked_through"] == 7
    assert hub.count("events", terminal_id=client.terminal_id) == 7
    # The terminal rewinds to acked_through + 1 and the hub takes the batch.
    client.next_seq = 8
    assert client.push(client.make_events(3)).json()["acked_through"] == 10


def test_first_batch_must_start_at_one_per_database_instance(hub: Hub, client: Client) -> None:
    client.next_seq = 2
    response = client.push(client.make_events(1))
    assert response.status_code == 409
    assert response.json()["acked_through"] == 0
    # A new database file on the terminal starts its own count from 1.
    client.push([make_event(1, station_id=client.station_id)])
    client.db_instance_id = str(uuid.uuid4())
    client.next_seq = 1
    assert client.push(client.make_events(2)).json()["acked_through"] == 2
    assert hub.count("events", terminal_id=client.terminal_id) == 3


def test_bad_payload_is_rejected_and_later_events_still_accepted(hub: Hub, client: Client) -> None:
    events = client.make_events(3)
    events[1]["payload"]["services"] = "water"  # must be a list
    events += client.make_events(2, "assessment", answers=["1", 2])  # strings are not ints
    response = client.push(events)
    assert response.status_code == 200, response.text
    body = response.json()
    rejected = {item["event_id"]: item for item in body["rejected"]}
    assert set(rejected) == {events[1]["event_id"], events[3]["event_id"], events[4]["event_id"]}
    assert all(item["code"] == "invalid_payload" for item in rejected.values())
    assert "services" in rejected[events[1]["event_id"]]["message"]
    assert (body["accepted"], body["duplicates"], body["acked_through"]) == (2, 0, 5)
    assert hub.count("events", terminal_id=client.terminal_id) == 2
    assert hub.count("rejected_events", terminal_id=client.terminal_id) == 3
    later = client.push(client.make_events(2))
    assert later.json()["accepted"] == 2
    assert hub.count("events", terminal_id=client.terminal_id) == 4
    # Resent, a rejected event is listed again (so a terminal that missed the reply still
    # learns of it) but stored only once.
    again = client.push(events).json()
    assert len(again["rejected"]) == 3 and again["duplicates"] == 2
    assert hub.count("rejected_events", terminal_id=client.terminal_id) == 3


def test_unknown_type_and_schema_version_are_rejected_not_blocking(
    hub: Hub, client: Client
) -> None:
    events = client.make_events(1, "mood_selfie") + client.make_events(1)
    events[1]["schema_version"] = 2
    events += client.make_events(1)
    response = client.push(events)
    assert response.status_code == 200
    codes = {item["event_id"]: item["code"] for item in response.json()["rejected"]}
    assert codes == {
        events[0]["event_id"]: "unknown_event_type",
        events[1]["event_id"]: "unsupported_schema_version",
    }
    assert response.json()["acked_through"] == 3
    assert hub.count("events", terminal_id=client.terminal_id) == 1


def test_every_v1_type_is_accepted_and_extra_fields_kept(hub: Hub, client: Client) -> None:
    kinds = ["visit", "assessment", "slip_printed", "staff_call", "attendant_action"]
    events = [client.make_events(1, kind, future_field={"x": 1})[0] for kind in kinds]
    body = client.push(events).json()
    assert (body["accepted"], body["rejected"]) == (5, [])
    with hub.engine.connect() as conn:
        import sqlalchemy as sa

        payloads = conn.execute(
            sa.select(sa.column("payload", sa.JSON))
            .select_from(sa.table("events"))
            .where(sa.column("terminal_id") == client.terminal_id)
        ).scalars()
        assert all(p["future_field"] == {"x": 1} for p in payloads)


def test_assessment_time_is_kept_only_to_the_hour(hub: Hub, client: Client) -> None:
    event = make_event(
        1, "assessment", station_id=client.station_id, occurred_at="2026-11-28T21:37:12+08:00"
    )
    assert client.push([event]).json()["accepted"] == 1
    with hub.engine.connect() as conn:
        import sqlalchemy as sa

        stored = conn.execute(
            sa.text("SELECT occurred_at FROM events WHERE event_id = :e"),
            {"e": event["event_id"]},
        ).scalar_one()
    assert stored == "2026-11-28T21:00:00+08:00"


def test_empty_batch_reports_the_mark(hub: Hub, client: Client) -> None:
    client.push(client.make_events(4))
    body = client.push([]).json()
    assert body == {"acked_through": 4, "accepted": 0, "duplicates": 0, "rejected": []}
