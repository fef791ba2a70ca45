"""Counsellors' weekly plans become sessions 28 days ahead, once each however often the
hub rolls them; a closed day cancels its sessions and an extra afternoon adds some."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hubtools import Hub

CST = timezone(timedelta(hours=8))


def _sessions(hub: Hub, station: str) -> list[list[str]]:
    listing = hub.cli("sessions", "list", "--station", station)
    assert listing.returncode == 0, listing.stderr
    return [line.split("\t") for line in listing.stdout.strip().splitlines()[1:]]


def test_a_weekly_plan_fills_the_coming_four_weeks_once(hub: Hub) -> None:
    tomorrow = datetime.now(CST).date() + timedelta(days=1)
    plan = hub.cli(
        "sessions", "plan", "--station", "st-plan", "--counsellor", "王老师",
        "--weekday", str(tomorrow.weekday()), "--start", "14:00", "--end", "17:00",
        "--slot-minutes", "60", "--seats", "2",
    )  # fmt: skip
    assert plan.returncode == 0, plan.stderr
    rows = _sessions(hub, "st-plan")
    days = sorted({date.fromisoformat(row[1][:10]) for row in rows})
    assert days == [tomorrow + timedelta(weeks=n) for n in range(4)]
    assert {row[1][11:16] for row in rows} == {"14:00", "15:00", "16:00"}
    assert {row[3] for row in rows} == {"2"} and len(rows) == 12
    assert hub.cli("sessions", "roll").returncode == 0
    assert len(_sessions(hub, "st-plan")) == 12  # rolled again: nothing doubled

    closed = hub.cli(
        "sessions", "exception", "--station", "st-plan", "--counsellor", "王老师",
        "--day", tomorrow.isoformat(), "--closed",
    )  # fmt: skip
    assert closed.returncode == 0, closed.stderr
    rows = _sessions(hub, "st-plan")
    cancelled = [row for row in rows if row[6] == "cancelled"]
    assert {row[1][:10] for row in cancelled} == {tomorrow.isoformat()} and len(cancelled) == 3

    extra_day = tomorrow + timedelta(days=2)
    extra = hub.cli(
        "sessions", "exception", "--station", "st-plan", "--counsellor", "王老师",
        "--day", extra_day.isoformat(), "--start", "09:00", "--end", "10:30",
        "--slot-minutes", "45",
    )  # fmt: skip
    assert extra.returncode == 0, extra.stderr
    added = [row for row in _sessions(hub, "st-plan") if row[1][:10] == extra_day.isoformat()]
    assert [row[1][11:16] for row in added] == ["09:00", "09:45"]


def test_a_bad_plan_is_refused_with_one_line(hub: Hub) -> None:
    bad = hub.cli(
        "sessions", "plan", "--station", "st-plan", "--counsellor", "x", "--weekday", "1",
        "--start", "17:00", "--end", "14:00",
    )  # fmt: skip
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
    assert "end after it starts" in bad.stderr


def test_sessions_that_are_over_leave_the_terminals_content(hub: Hub) -> None:
    from bookingtools import add_session

    from kiosk.hub.bookings.plans import roll

    client = hub.enroll("st-over")
    session_id = add_session(hub, station="st-over")
    kinds = {"kinds": "session"}
    first = hub.http.get("/v1/content", params={"since": 0, **kinds}, headers=client.headers)
    assert session_id in {item["id"] for item in first.json()["items"]}
    roll(hub.engine, now=datetime.now(CST) + timedelta(days=40))  # a month and more later
    later = hub.http.get(
        "/v1/content", params={"since": first.json()["version"], **kinds}, headers=client.headers
    ).json()
    assert (session_id, True) in {(item["id"], item["deleted"]) for item in later["items"]}
