"""Counselling plans in the console (SQLite and PostgreSQL): a counsellor adds a weekly
plan and closes a day, an admin adds an extra afternoon; the sessions appear (and
disappear) in the hub at once; each problem is named beside its field; the one
permission check keeps officials out and counsellors to their own stations."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import sqlalchemy as sa
from consoletools import Browserish
from hubtools import Hub

from kiosk.hub.bookings.dayview import today_at

PLAN = {"station": "st-a", "start": "14:00", "end": "16:00", "slot_minutes": "60",
        "seats": "2", "utc_offset": "+08:00"}  # fmt: skip


def _sessions(hub: Hub, station: str, counsellor: str) -> list[tuple[str, bool]]:
    """(station-local start, cancelled) of the sessions the plans made, oldest first."""
    with hub.engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT starts_at, cancelled_at FROM booking_sessions WHERE station_id = :s"
                " AND counsellor = :c ORDER BY starts_utc"
            ),
            {"s": station, "c": counsellor},
        ).all()
    return [(starts, cancelled is not None) for starts, cancelled in rows]


def test_a_counsellor_plans_their_week_and_closes_a_day(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    carl = signed_in("carl")  # a counsellor at st-a only
    page = carl.get("/console/plans")
    assert page.status_code == 200 and 'id="no-plans"' in page.text
    day = today_at() + timedelta(days=3)
    # Someone else's name in the form is ignored: a counsellor plans their own sittings.
    done = carl.post("/console/plans/weekly", {**PLAN, "weekday": str(day.weekday()),
                     "counsellor": "mallory"}, form_page="/console/plans")  # fmt: skip
    assert done.status_code == 303, done.text
    made = _sessions(console_hub, "st-a", "carl")
    starts = [s for s, _ in made if s.startswith(day.isoformat())]
    assert starts == [f"{day.isoformat()}T14:00:00+08:00", f"{day.isoformat()}T15:00:00+08:00"]
    assert len(made) == 8  # two slots a week, four weeks ahead
    assert _sessions(console_hub, "st-a", "mallory") == []
    listing = carl.get("/console/plans").text
    assert re.search(r'<tr data-plan-id="\d+"><td class="mono">st-a</td><td>carl</td>', listing)
    assert console_hub.count("console_audit", action="plan_added", actor="carl") == 1

    closed = carl.post("/console/plans/exception", {**PLAN, "day": day.isoformat(),
                       "kind": "closed"}, form_page="/console/plans")  # fmt: skip
    assert closed.status_code == 303, closed.text
    after = dict(_sessions(console_hub, "st-a", "carl"))
    assert after[f"{day.isoformat()}T14:00:00+08:00"] is True  # cancelled
    assert sum(after.values()) == 2
    assert 'data-kind="closed"' in carl.get("/console/plans").text
    assert console_hub.count("console_audit", action="plan_closed_day", actor="carl") == 1
    # The admin finds both in the audit log, under their own filter.
    log = signed_in("ada").get("/console/audit", params={"action": "plan_added"}).text
    rows = log.split("<tbody>")[1]
    assert "新增每周咨询安排" in rows and "设置咨询师某天不来" not in rows
    assert f"carl, weekday {day.weekday()} 14:00-16:00" in log


def test_each_problem_is_named_beside_its_field_and_nothing_is_stored(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    carl = signed_in("carl")
    before = console_hub.count("booking_plans")
    bad = carl.post("/console/plans/weekly", {**PLAN, "weekday": "9", "start": "15:00",
                    "end": "14:00", "seats": "0", "slot_minutes": "five"},
                    form_page="/console/plans")  # fmt: skip
    assert bad.status_code == 400
    for field, text in (
        ("weekday", "请选择星期几"),
        ("end", "结束时间应晚于开始时间"),
        ("seats", "每段名额 1 到 100"),
        ("slot_minutes", "每段 10 到 480 分钟"),
    ):
        assert re.search(rf'id="weekly-{field}-error">{text}', bad.text), field
    assert 'id="weekly-start-error"' not in bad.text
    assert 'value="15:00"' in bad.text  # what was typed stays in the form
    foreign = carl.post("/console/plans/weekly", {**PLAN, "weekday": "1", "station": "st-b"},
                        form_page="/console/plans")  # fmt: skip
    assert foreign.status_code == 400
    assert 'id="weekly-station-error">您的账号不能为这个驿站安排' in foreign.text
    past = carl.post("/console/plans/exception", {**PLAN, "kind": "extra",
                     "day": (today_at() - timedelta(days=1)).isoformat()},
                     form_page="/console/plans")  # fmt: skip
    assert past.status_code == 400 and 'id="exception-day-error"' in past.text
    assert console_hub.count("booking_plans") == before
    assert console_hub.count("booking_plan_exceptions", kind="extra") == 0


def test_an_admin_adds_an_extra_afternoon_anywhere(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    ada = signed_in("ada")
    day = today_at() + timedelta(days=5)
    done = ada.post("/console/plans/exception", {**PLAN, "station": "st-z", "counsellor":
                    "dora", "day": day.isoformat(), "kind": "extra", "start": "09:00",
                    "end": "10:30", "slot_minutes": "45"}, form_page="/console/plans")  # fmt: skip
    assert done.status_code == 303, done.text
    assert _sessions(console_hub, "st-z", "dora") == [
        (f"{day.isoformat()}T09:00:00+08:00", False),
        (f"{day.isoformat()}T09:45:00+08:00", False),
    ]
    missing = ada.post("/console/plans/weekly", {**PLAN, "weekday": "2", "counsellor": " "},
                       form_page="/console/plans")  # fmt: skip
    assert missing.status_code == 400 and 'id="weekly-counsellor-error"' in missing.text


def test_officials_and_forged_forms_are_refused(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    olga = signed_in("olga")
    assert olga.get("/console/plans").status_code == 403
    assert 'href="/console/plans"' not in olga.get("/console/figures").text
    carl = signed_in("carl")
    assert 'href="/console/plans"' in carl.get("/console/bookings").text
    forged = carl.http.post(
        "/console/plans/weekly", data={**PLAN, "weekday": "1", "start": "07:00"}
    )
    assert forged.status_code == 403
    assert console_hub.count("booking_plans", start_time="07:00") == 0


def test_stopping_a_plan_takes_its_unbooked_sessions_off_and_keeps_booked_ones(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    from bookingtools import booking, post_booking

    ada = signed_in("ada")
    day = today_at() + timedelta(days=2)
    station = "st-stop"
    done = ada.post("/console/plans/weekly", {**PLAN, "station": station, "counsellor": "eve",
                    "weekday": str(day.weekday())}, form_page="/console/plans")  # fmt: skip
    assert done.status_code == 303
    with console_hub.engine.connect() as conn:
        plan_id, first = conn.execute(
            sa.text(
                "SELECT p.plan_id, s.session_id FROM booking_plans p JOIN booking_sessions s"
                " ON s.plan_id = p.plan_id WHERE p.station_id = :s ORDER BY s.starts_utc"
            ),
            {"s": station},
        ).first()
    terminal = console_hub.enroll(station)
    assert post_booking(terminal, booking(terminal, first)).status_code == 201
    assert len(_sessions(console_hub, station, "eve")) == 8

    carl = signed_in("carl")  # not his plan, not his station
    refused = carl.post(f"/console/plans/{plan_id}/stop", {}, form_page="/console/plans")
    assert refused.status_code == 403
    stopped = ada.post(f"/console/plans/{plan_id}/stop", {}, form_page="/console/plans")
    assert stopped.status_code == 303
    after = _sessions(console_hub, station, "eve")
    assert [cancelled for _, cancelled in after] == [False] + [True] * 7  # the booked one stays
    assert f'data-plan-id="{plan_id}"' not in ada.get("/console/plans").text
    assert console_hub.count("console_audit", action="plan_stopped", station_id=station) == 1
    again = ada.post(f"/console/plans/{plan_id}/stop", {}, form_page="/console/plans")
    assert again.status_code == 404
