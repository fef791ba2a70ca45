"""Bookings on a real hub process (SQLite): one decision per booking_id however it
arrives, seats never oversold, cancellations move the waiting list up."""

from __future__ import annotations

from datetime import timedelta

from bookingtools import add_session, booking, booking_event, post_booking
from hubtools import Hub


def test_a_session_fills_then_waitlists_and_replays_get_the_same_answer(hub: Hub) -> None:
    client = hub.enroll()
    session_id = add_session(hub, capacity=2)
    bodies = [booking(client, session_id) for _ in range(4)]
    first = [post_booking(client, body) for body in bodies]
    assert [r.status_code for r in first] == [201] * 4
    answers = [r.json() for r in first]
    assert [(a["status"], a["number"]) for a in answers] == [
        ("confirmed", 1),
        ("confirmed", 2),
        ("waitlisted", 1),
        ("waitlisted", 2),
    ]
    again = [post_booking(client, body) for body in bodies]
    assert [r.status_code for r in again] == [200] * 4
    assert [r.json() for r in again] == answers
    # The same booking arriving as an event changes nothing either.
    events = [booking_event(client, body) for body in bodies]
    assert client.push(events).json()["accepted"] == 4
    assert hub.count("bookings", session_id=session_id) == 4
    assert [post_booking(client, body).json() for body in bodies] == answers


def test_an_offline_booking_is_decided_when_its_event_arrives(hub: Hub) -> None:
    client = hub.enroll()
    session_id = add_session(hub, capacity=1)
    bodies = [booking(client, session_id) for _ in range(3)]
    response = client.push([booking_event(client, body) for body in bodies])
    assert response.status_code == 200 and response.json()["accepted"] == 3
    answers = [post_booking(client, body) for body in bodies]
    assert [r.status_code for r in answers] == [200, 200, 200]  # decided at ingest
    assert [(r.json()["status"], r.json()["number"]) for r in answers] == [
        ("confirmed", 1),
        ("waitlisted", 1),
        ("waitlisted", 2),
    ]


def test_refusals_name_their_reason(hub: Hub) -> None:
    client = hub.enroll()
    past = add_session(hub, starts_in=timedelta(minutes=-30))
    cancelled = add_session(hub)
    assert hub.cli("sessions", "cancel", cancelled).returncode == 0
    other_station = add_session(hub, station="st-elsewhere")
    cases = {"nope-no-session": "unknown_session", past: "session_past"}
    cases[cancelled] = "session_cancelled"
    cases[other_station] = "unknown_session"
    for session_id, reason in cases.items():
        answer = post_booking(client, booking(client, session_id))
        assert answer.status_code == 201
        assert answer.json() == {**answer.json(), "status": "refused", "reason": reason}
        assert answer.json()["number"] is None


def test_sessions_list_live_free_seats_and_cancel_moves_the_oldest_up(hub: Hub) -> None:
    client = hub.enroll()
    session_id = add_session(hub, capacity=1)
    seats = hub.http.get("/v1/sessions", params={"station": "st-test"}, headers=client.headers)
    mine = [s for s in seats.json()["sessions"] if s["id"] == session_id]
    assert mine and mine[0]["free"] == 1 and mine[0]["capacity"] == 1
    from bookingtools import new_code

    codes = [new_code() for _ in range(3)]
    bodies = [booking(client, session_id, code) for code in codes]
    for body in bodies:
        post_booking(client, body)
    seats = hub.http.get("/v1/sessions", params={"station": "st-test"}, headers=client.headers)
    assert [s["free"] for s in seats.json()["sessions"] if s["id"] == session_id] == [0]
    from kiosk.hub.bookings.cancel import cancel_by_code_hash

    assert cancel_by_code_hash(hub.engine, bodies[0]["code_hash"]) == "cancelled"
    with hub.engine.connect() as conn:
        import sqlalchemy as sa

        rows = dict(
            conn.execute(
                sa.text("SELECT booking_id, status FROM bookings WHERE session_id = :s"),
                {"s": session_id},
            ).all()
        )
    assert [rows[b["booking_id"]] for b in bodies] == ["cancelled", "confirmed", "waitlisted"]


def test_sessions_flow_down_only_to_terminals_that_ask_for_them(hub: Hub) -> None:
    client = hub.enroll()
    session_id = add_session(hub)
    old = hub.http.get("/v1/content", params={"since": 0}, headers=client.headers).json()
    assert all(item["kind"] != "session" for item in old["items"])
    new = hub.http.get(
        "/v1/content",
        params={"since": 0, "kinds": "instrument,resource,station,settings,session"},
        headers=client.headers,
    ).json()
    bodies = {item["id"]: item["body"] for item in new["items"] if item["kind"] == "session"}
    assert bodies[session_id]["capacity"] == 3 and bodies[session_id]["station_id"] == "st-test"
    assert hub.http.get("/v1/health").json()["features"] == ["bookings"]
    assert hub.cli("sessions", "cancel", session_id).returncode == 0
    later = hub.http.get(
        "/v1/content", params={"since": new["version"], "kinds": "session"}, headers=client.headers
    ).json()
    assert [(i["id"], i["deleted"]) for i in later["items"]] == [(session_id, True)]


def test_sessions_cli_refuses_bad_input_with_one_line(hub: Hub) -> None:
    done = hub.cli(
        "sessions", "add", "--station", "st-test", "--start", "2026-12-08T14:00",
        "--end", "2026-12-08T15:00", "--capacity", "2",
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "+08:00" in done.stderr
    assert hub.cli("sessions", "cancel", "no-such-session").returncode == 2
    listing = hub.cli("sessions", "list", "--station", "st-test")
    assert listing.returncode == 0 and listing.stdout.startswith("id\t")


def test_a_seq_too_large_for_the_database_is_ignored_not_a_5xx(hub: Hub) -> None:
    """The optional ``seq`` beside the body orders the waiting list; a value no database
    column can hold is dropped rather than crashing the insert."""
    client = hub.enroll()
    session_id = add_session(hub, capacity=1)
    for seq in (10**30, -(10**30)):
        answer = post_booking(client, booking(client, session_id, seq=seq))
        assert answer.status_code == 201, answer.text
    assert hub.count("bookings", session_id=session_id) == 2
