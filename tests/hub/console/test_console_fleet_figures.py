"""The fleet and figures pages over HTTP, on SQLite and PostgreSQL: what an official sees.

Heartbeats arrive through the real terminal API; one "silent for two days" is written
with the hub's own record_heartbeat and a clock two days back (no test waits two days).
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from consoletools import Browserish
from hubtools import Client, Hub, make_event

from kiosk.disclosure import Month, hub_today
from kiosk.hub.heartbeat import record_heartbeat
from kiosk.hub.ingest import Terminal
from kiosk.sync.protocol import HeartbeatRequest

ROW = re.compile(r'<tr data-terminal-id="([^"]+)" data-state="([a-z]+)" data-station="([^"]+)">')


def beat(hub: Hub, client: Client, **fields: object) -> None:
    body = {"terminal_clock": datetime.now(UTC).isoformat(), "sync_interval_s": 60, **fields}
    response = hub.http.post("/v1/heartbeat", json=body, headers=client.headers)
    assert response.status_code == 200, response.text


def rows(page: str) -> list[tuple[str, str, str]]:
    return ROW.findall(page)


def test_fleet_shows_each_terminal_state_red_first(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    st = f"st-{uuid.uuid4().hex[:6]}"
    fine, paper, never, silent, revoked = (console_hub.enroll(st) for _ in range(5))
    beat(console_hub, fine, printer_status="ok")
    beat(console_hub, paper, printer_status="paper_out")
    record_heartbeat(
        console_hub.engine,
        Terminal(silent.terminal_id, st),
        HeartbeatRequest(terminal_clock=datetime.now(UTC) - timedelta(days=2)),
        now=datetime.now(UTC) - timedelta(days=2),
    )
    beat(console_hub, revoked)
    assert console_hub.cli("revoke", revoked.terminal_id).returncode == 0

    page = signed_in("ada").get(f"/console/fleet?station={st}")
    assert page.status_code == 200
    found = {terminal: state for terminal, state, _station in rows(page.text)}
    assert found == {
        fine.terminal_id: "green",
        paper.terminal_id: "amber",
        never.terminal_id: "red",
        silent.terminal_id: "red",
        revoked.terminal_id: "red",
    }
    order = [state for _t, state, _s in rows(page.text)]
    assert order == sorted(order, key=["red", "amber", "green"].index)
    assert "缺纸" in page.text and "超过 24 小时无心跳" in page.text and "已吊销" in page.text

    only_red = signed_in("ada").get(f"/console/fleet?station={st}&state=red")
    assert {t for t, s, _ in rows(only_red.text)} == {
        never.terminal_id,
        silent.terminal_id,
        revoked.terminal_id,
    }


def test_the_fleet_filter_form_is_a_post_with_csrf_that_lands_on_a_bookmarkable_page(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    admin = signed_in("ada")
    answer = admin.post("/console/fleet", {"state": ["amber", "red"], "station": "st-a"})
    assert answer.status_code == 303
    assert answer.headers["location"] == "/console/fleet?state=amber&state=red&station=st-a"
    refused = admin.http.post("/console/fleet", data={"state": "red"})
    assert refused.status_code == 403


def test_an_official_sees_only_the_stations_of_the_account(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    ours, theirs = console_hub.enroll("st-a"), console_hub.enroll("st-elsewhere")
    page = signed_in("olga").get("/console/fleet").text
    shown = {terminal: station for terminal, _state, station in rows(page)}
    assert ours.terminal_id in shown and theirs.terminal_id not in shown
    assert set(shown.values()) == {"st-a"}
    assert signed_in("carl").get("/console/fleet").status_code == 403
    other = signed_in("olga").get("/console/figures?station=st-elsewhere")
    assert other.status_code == 403


def _csv(client: Browserish, query: str) -> list[list[str]]:
    response = client.get(f"/console/figures.csv?{query}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))


def test_figures_on_the_page_equal_the_csv_and_the_events_sent(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    st = f"st-{uuid.uuid4().hex[:6]}"
    client = console_hub.enroll(st)
    today = hub_today()
    closed = Month.of(today.replace(day=1) - timedelta(days=1))
    day1, day2 = closed.first_day + timedelta(days=2), closed.first_day + timedelta(days=9)
    events = []
    for day, trade, count in ((day1, "courier", 3), (day2, "delivery_rider", 5)):
        for _ in range(count):
            events.append(
                make_event(
                    len(events) + 1,
                    "visit",
                    station_id=st,
                    trade=trade,
                    occurred_at=f"{day.isoformat()}T09:30:00+08:00",
                )
            )
    for band, count in (("mild", 8), ("severe", 2)):
        for _ in range(count):
            events.append(
                make_event(
                    len(events) + 1,
                    "assessment",
                    station_id=st,
                    band=band,
                    occurred_at=f"{day1.isoformat()}T20:10:00+08:00",
                    hour=f"{day1.isoformat()}T20:00:00+08:00",
                )
            )
    events.append(
        make_event(
            len(events) + 1,
            "slip_printed",
            station_id=st,
            ok=False,
            occurred_at=f"{day2.isoformat()}T10:00:00+08:00",
        )
    )
    assert client.push(events).json()["accepted"] == len(events)

    official = signed_in("ada")
    query = f"station={st}&from={closed.first_day.isoformat()}&to={today.isoformat()}"
    page = official.get(f"/console/figures?{query}").text
    table = _csv(official, query)

    # Visits: 8 in all, 3 and 5 on two days, by trade; the same in the CSV.
    assert 'data-count="8"' in page
    bars = dict(re.findall(r'data-day="([0-9-]+)" data-count="([0-9]+)"', page))
    assert bars[day1.isoformat()] == "3" and bars[day2.isoformat()] == "5"
    assert sum(int(n) for n in bars.values()) == 8
    per_day = {r[1]: r[4] for r in table if r[0] == "visits_per_day"}
    assert per_day == bars
    assert {r[2]: r[4] for r in table if r[0] == "visits_by_trade"} == {
        "courier": "3",
        "delivery_rider": "5",
    }
    assert ["slips_failed"] == [r[0] for r in table if r[0] == "slips_failed" and r[4] == "1"]
    assert 'id="slips-failed">1<' in page

    # Assessments: a closed month, 8 mild and 2 severe: the 2 is "<5" and its partner
    # is masked, on the page and in the CSV alike; the total stays.
    month = str(closed)
    cells = {(r[2], r[3]): r[4] for r in table if r[0] == "assessments" and r[1] == month}
    assert cells == {
        ("phq9", "mild"): "—",
        ("phq9", "severe"): "<5",
        ("phq9", "total"): "10",
        ("total", ""): "10",
    }
    assert 'data-band="severe">重度 <strong>&lt;5</strong>' in page
    assert 'data-band="mild">轻度 <strong>—</strong>' in page
    assert ">2<" not in page.split('id="assessments"')[1]


def test_the_open_month_shows_only_how_many(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    st = f"st-{uuid.uuid4().hex[:6]}"
    client = console_hub.enroll(st)
    today = hub_today()
    events = [
        make_event(
            i + 1,
            "assessment",
            station_id=st,
            band="severe",
            occurred_at=f"{today.isoformat()}T08:10:00+08:00",
            hour=f"{today.isoformat()}T08:00:00+08:00",
        )
        for i in range(6)
    ]
    assert client.push(events).status_code == 200
    query = f"station={st}&from={today.replace(day=1).isoformat()}&to={today.isoformat()}"
    page = signed_in("ada").get(f"/console/figures?{query}").text
    assert 'id="open-assessments">6<' in page
    assert "data-band" not in page  # no band of the open month, anywhere
    rows = _csv(signed_in("ada"), query)
    assert [r for r in rows if r[0] == "assessments"] == [
        ["assessments", str(Month.of(today)), "total", "", "6"]
    ]


def test_bad_dates_are_named_not_a_server_error(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    admin = signed_in("ada")
    page = admin.get("/console/figures?from=yesterday&to=2026-13-40")
    assert page.status_code == 200 and 'id="figures-problem"' in page.text
    backwards = admin.get("/console/figures?from=2026-11-30&to=2026-11-01")
    assert backwards.status_code == 200 and "结束日期早于开始日期" in backwards.text
    for query in (
        "from=0001-01-01&to=9999-12-31",
        "from=2026-01-01&to=2026-01-02&station=a%0d%0ab",
    ):
        assert admin.get(f"/console/figures?{query}").status_code == 200, query
        assert admin.get(f"/console/figures.csv?{query}").status_code == 200, query


def test_a_large_fleet_comes_200_to_a_page_worst_first(
    console_hub: Hub, signed_in: Callable[[str], Browserish]
) -> None:
    st = f"st-{uuid.uuid4().hex[:6]}"
    terminals = [console_hub.enroll(st) for _ in range(203)]
    for client in terminals[:200]:
        beat(console_hub, client)  # green; the last 3 never beat: red
    admin = signed_in("ada")
    first = admin.get(f"/console/fleet?station={st}").text
    assert len(rows(first)) == 200
    assert [state for _t, state, _s in rows(first)[:3]] == ["red"] * 3
    assert 'id="nav-fleet" aria-current="page"' in first
    assert "第 1–200 台，共 203 台" in first
    link = re.search(r'href="([^"]+)" id="fleet-next"', first)
    assert link is not None
    second = admin.get(link.group(1).replace("&amp;", "&")).text
    assert len(rows(second)) == 3 and "第 201–203 台，共 203 台" in second
    assert {t for t, _s, _st in rows(first) + rows(second)} == {c.terminal_id for c in terminals}
