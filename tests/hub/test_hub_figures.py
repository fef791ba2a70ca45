"""Figures' roll-ups (kept by ingest in the events' transaction) and the heartbeat's
latest + hourly history, on SQLite and PostgreSQL, against a real hub process.

What an official would notice: the figures equal the events the terminals sent, a
batch sent twice (or half again) is counted once, the migration builds the same
figures from events the hub already held, and a terminal's heartbeat history never
grows past 30 days of hours.
"""

from __future__ import annotations

import json
import os
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hubtools import Hub, make_event, start_hub, stop_hub

from kiosk.hub.figures.query import figures
from kiosk.hub.heartbeat import HISTORY_DAYS, record_heartbeat
from kiosk.hub.ingest import Terminal
from kiosk.sync.protocol import HeartbeatRequest

PG_URL = os.environ.get("KIOSK_TEST_PG_URL")
TODAY = date(2026, 12, 5)  # a fixed "today" for which months are closed


def _pg_database() -> tuple[str, Callable[[], None]]:
    assert PG_URL
    name = f"kiosk_figures_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return sa.make_url(PG_URL).set(database=name).render_as_string(hide_password=False), drop


BACKENDS = [
    "sqlite",
    pytest.param(
        "postgres",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(not PG_URL, reason="KIOSK_TEST_PG_URL is not set"),
        ],
    ),
]


@pytest.fixture(scope="module", params=BACKENDS)
def any_hub(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Hub]:
    drop = None
    url = None
    if request.param == "postgres":
        url, drop = _pg_database()
    hub = start_hub(tmp_path_factory.mktemp("figures"), url)
    yield hub
    stop_hub(hub)
    if drop is not None:
        drop()
    assert "Traceback" not in hub.log(), hub.log()


def mixed_events(station: str, start_seq: int, days: list[str]) -> list[dict[str, Any]]:
    """Visits by trade and services, slips printed and failed, staff calls and
    assessment results over ``days`` (station-local, +08:00)."""
    out = []
    seq = start_seq
    for index, day in enumerate(days):
        when = f"{day}T{10 + index % 8:02d}:15:00+08:00"
        hour = f"{day}T{10 + index % 8:02d}:00:00+08:00"
        kinds: list[tuple[str, dict[str, Any]]] = [
            ("visit", {"trade": "courier", "services": ["water", "charging", "water"]}),
            ("visit", {"trade": "delivery_rider", "services": []}),
            ("slip_printed", {"ok": index % 3 != 0}),
            ("staff_call", {"reason": "crisis_screen"}),
            (
                "assessment",
                {"band": "mild" if index % 2 else "severe", "total": 7, "hour": hour},
            ),
            ("attendant_action", {}),
        ]
        for kind, payload in kinds:
            out.append(make_event(seq, kind, station_id=station, occurred_at=when, **payload))
            seq += 1
    return out


def expected(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures an official expects, counted straight from the events sent."""
    per_day: Counter[str] = Counter()
    trades: Counter[str] = Counter()
    services: Counter[str] = Counter()
    slips: Counter[bool] = Counter()
    for event in events:
        payload = event["payload"]
        if event["type"] == "visit":
            per_day[event["occurred_at"][:10]] += 1
            trades[payload["trade"]] += 1
            services.update(set(payload["services"]))
        elif event["type"] == "slip_printed":
            slips[payload["ok"]] += 1
    return {"per_day": per_day, "trades": trades, "services": services, "slips": slips}


def shown(hub: Hub, station: str, first: date, last: date) -> dict[str, Any]:
    found = figures(hub.engine, first, last, TODAY, station=station)
    return {
        "per_day": Counter({d.isoformat(): n for d, n in found.visits_per_day if n}),
        "trades": Counter(dict(found.by_trade)),
        "services": Counter(dict(found.by_service)),
        "slips": Counter({True: found.slips_printed, False: found.slips_failed}) - Counter(),
    }


def days_between(first: date, last: date) -> list[str]:
    return [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]


def test_figures_equal_the_events_sent_and_a_resent_batch_counts_once(any_hub: Hub) -> None:
    station = f"st-{uuid.uuid4().hex[:6]}"
    client = any_hub.enroll(station)
    # 2026-10-30 .. 2026-11-03: the range's ends fall inside months, so the sums come
    # from both the monthly and the daily roll-ups.
    days = days_between(date(2026, 10, 30), date(2026, 11, 3))
    events = mixed_events(station, 1, days)
    client.next_seq = len(events) + 1
    assert client.push(events).json()["accepted"] == len(events)
    want = expected(events)
    assert shown(any_hub, station, date(2026, 10, 1), date(2026, 11, 30)) == want

    again = client.push(events).json()
    assert (again["accepted"], again["duplicates"]) == (0, len(events))
    assert shown(any_hub, station, date(2026, 10, 1), date(2026, 11, 30)) == want

    # A terminal that lost its acknowledgement resends the last 4 events with 6 new.
    more = mixed_events(station, client.next_seq, ["2026-11-04"])
    overlap = events[-4:] + more
    reply = client.push(overlap).json()
    assert (reply["accepted"], reply["duplicates"]) == (len(more), 4)
    want = expected(events + more)
    assert shown(any_hub, station, date(2026, 10, 1), date(2026, 11, 30)) == want
    # A range that cuts months: 2026-10-31 .. 2026-11-02 only.
    part = [e for e in events if "2026-10-31" <= e["occurred_at"][:10] <= "2026-11-02"]
    assert shown(any_hub, station, date(2026, 10, 31), date(2026, 11, 2)) == expected(part)


def test_assessments_and_staff_calls_show_only_for_closed_months_and_protected(
    any_hub: Hub,
) -> None:
    station = f"st-{uuid.uuid4().hex[:6]}"
    client = any_hub.enroll(station)
    # October (closed on TODAY), 10 days: 5 mild, 5 severe results and 10 staff calls.
    october = mixed_events(station, 1, days_between(date(2026, 10, 10), date(2026, 10, 19)))
    # Two results in one band make a small cell; December is the open month.
    december = mixed_events(station, len(october) + 1, ["2026-12-01", "2026-12-02"])
    assert client.push(october + december).status_code == 200
    found = figures(any_hub.engine, date(2026, 10, 1), date(2026, 12, 5), TODAY, station=station)
    assert [str(table.month) for table in found.months] == ["2026-10", "2026-11"]
    october_table = found.months[0]
    assert october_table.bands == {"phq9": {"mild": 5, "severe": 5}}
    assert october_table.assessments_total == 10
    assert october_table.staff_calls == {"crisis_screen": 10}
    assert found.months[1].assessments_total == 0
    # The open month: only how many, and 2 shows as "<5".
    assert str(found.open_month) == "2026-12"
    assert (found.open_assessments, found.open_staff_calls) == ("<5", "<5")
    assert "severe" not in found.to_csv().split("2026-12")[-1]


def test_a_small_band_in_a_closed_month_is_masked_with_a_partner(any_hub: Hub) -> None:
    station = f"st-{uuid.uuid4().hex[:6]}"
    client = any_hub.enroll(station)
    events = [
        make_event(
            i + 1,
            "assessment",
            station_id=station,
            band="mild",
            occurred_at="2026-09-03T10:00:00+08:00",
            hour="2026-09-03T10:00:00+08:00",
        )
        for i in range(9)
    ] + [
        make_event(
            10 + i,
            "assessment",
            station_id=station,
            band="severe",
            occurred_at="2026-09-04T10:00:00+08:00",
            hour="2026-09-04T10:00:00+08:00",
        )
        for i in range(2)
    ]
    assert client.push(events).json()["accepted"] == 11
    found = figures(any_hub.engine, date(2026, 9, 1), date(2026, 9, 30), TODAY, station=station)
    bands = found.months[0].bands["phq9"]
    assert bands["severe"] == "<5"
    assert bands["mild"] == "—"  # else 11 − 9 would give the 2 away
    assert found.months[0].instrument_totals["phq9"] == 11
    assert "2" not in [row[-1] for row in found.csv_rows() if row[0] == "assessments"]


def test_a_refused_batch_leaves_the_figures_alone(any_hub: Hub) -> None:
    station = f"st-{uuid.uuid4().hex[:6]}"
    client = any_hub.enroll(station)
    gap = mixed_events(station, 5, ["2026-11-20"])  # starts past the mark + 1
    assert client.push(gap).status_code == 409
    found = figures(any_hub.engine, date(2026, 11, 1), date(2026, 11, 30), TODAY, station=station)
    assert found.visits_total == 0 and found.slips_printed == 0


def beat(**fields: Any) -> HeartbeatRequest:
    return HeartbeatRequest(terminal_clock=datetime.now(UTC), **fields)


def test_the_heartbeat_keeps_the_latest_and_one_per_hour_for_30_days(any_hub: Hub) -> None:
    client = any_hub.enroll("st-beat")
    terminal = Terminal(client.terminal_id, client.station_id)
    start = datetime(2026, 10, 1, 0, 10, tzinfo=UTC)
    moments = [start + timedelta(hours=7 * i) for i in range(150)]  # ~44 days
    moments += [moments[-1] + timedelta(minutes=m) for m in (5, 20, 40)]  # same hour
    for moment in moments:
        record_heartbeat(any_hub.engine, terminal, beat(outbox_length=moment.hour), now=moment)
    last = moments[-1]
    with any_hub.engine.connect() as conn:
        hours = (
            conn.execute(
                sa.text("SELECT hour FROM heartbeats WHERE terminal_id = :t ORDER BY hour"),
                {"t": client.terminal_id},
            )
            .scalars()
            .all()
        )
        latest = conn.execute(
            sa.text(
                "SELECT outbox_length, received_at FROM terminal_health WHERE terminal_id = :t"
            ),
            {"t": client.terminal_id},
        ).one()
    hours = [h if isinstance(h, datetime) else datetime.fromisoformat(str(h)) for h in hours]
    last_hour = last.replace(minute=0, tzinfo=None)
    want = {
        m.replace(minute=0, tzinfo=None)
        for m in moments
        if m.replace(minute=0, tzinfo=None) > last_hour - timedelta(days=HISTORY_DAYS)
    }
    assert hours == sorted(want)  # one row per hour, nothing older than 30 days
    assert len(hours) < len(moments) and len(hours) <= HISTORY_DAYS * 24
    assert latest.outbox_length == last.hour


def test_the_heartbeat_over_http_carries_interval_and_printer_status(any_hub: Hub) -> None:
    client = any_hub.enroll("st-beat")
    body = {
        "terminal_clock": datetime.now(UTC).isoformat(),
        "printer_status": "paper_out",
        "sync_interval_s": 300,
        "outbox_length": 3,
    }
    assert any_hub.http.post("/v1/heartbeat", json=body, headers=client.headers).status_code == 200
    older = {"terminal_clock": datetime.now(UTC).isoformat()}  # an older terminal's body
    other = any_hub.enroll("st-beat")
    assert any_hub.http.post("/v1/heartbeat", json=older, headers=other.headers).status_code == 200
    bad = {**body, "sync_interval_s": 0}
    refused = any_hub.http.post("/v1/heartbeat", json=bad, headers=client.headers)
    assert refused.status_code == 422 and "sync_interval_s" in refused.json()["error"]["message"]
    with any_hub.engine.connect() as conn:
        row = conn.execute(
            sa.text(
                "SELECT printer_status, sync_interval_s, outbox_length FROM terminal_health "
                "WHERE terminal_id = :t"
            ),
            {"t": client.terminal_id},
        ).one()
    assert tuple(row) == ("paper_out", 300, 3)


def test_a_heartbeat_with_a_backlog_time_outside_utc_is_refused_not_a_5xx(
    any_hub: Hub,
) -> None:
    """Year 1 at +14:00 or year 9999 at −12:00 parses, but has no UTC form to store."""
    client = any_hub.enroll("st-beat")
    for moment in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"):
        body = {"terminal_clock": datetime.now(UTC).isoformat(), "oldest_unsent_at": moment}
        answer = any_hub.http.post("/v1/heartbeat", json=body, headers=client.headers)
        assert answer.status_code == 422, answer.text
        assert "oldest_unsent_at" in answer.json()["error"]["message"]


def test_the_migration_builds_the_same_figures_from_events_already_held(
    tmp_path: Path, any_hub: Hub
) -> None:
    """A hub at 0002 with events and heartbeats, migrated: its figures equal those a hub
    that ingested the same events keeps; heartbeats become one per hour."""
    from alembic import command
    from alembic.config import Config

    from kiosk.hub.db import make_engine

    station = f"st-{uuid.uuid4().hex[:6]}"
    client = any_hub.enroll(station)
    events = mixed_events(station, 1, days_between(date(2026, 10, 28), date(2026, 11, 2)))
    assert client.push(events).status_code == 200

    drop = None
    if any_hub.db_url.startswith("postgresql"):  # an old hub of the same kind
        url, drop = _pg_database()
    else:
        url = f"sqlite:///{tmp_path / 'old.db'}"
    json_param = "CAST(:{} AS JSON)" if url.startswith("postgresql") else ":{}"
    engine = make_engine(url)
    config = Config()
    config.set_main_option(
        "script_location", str(Path(__file__).resolve().parents[2] / "kiosk/hub/migrations")
    )
    with engine.connect() as conn:
        config.attributes["connection"] = conn.execution_options(hub_write=True)
        command.upgrade(config, "0002_console")
        conn.commit()
    with any_hub.engine.connect() as source, engine.begin() as target:
        rows = (
            source.execute(
                sa.text(
                    "SELECT event_id, terminal_id, db_instance_id, seq, type, schema_version, "
                    "occurred_at, occurred_date, station_id, follow_up_code, payload, received_at "
                    "FROM events WHERE station_id = :s"
                ),
                {"s": station},
            )
            .mappings()
            .all()
        )
        for row in rows:
            values = dict(row)
            if not isinstance(values["payload"], str):
                values["payload"] = json.dumps(values["payload"])
            target.execute(
                sa.text(
                    "INSERT INTO events VALUES (:event_id, :terminal_id, :db_instance_id, :seq, "
                    ":type, :schema_version, :occurred_at, :occurred_date, :station_id, "
                    f":follow_up_code, {json_param.format('payload')}, :received_at)"
                ),
                values,
            )
        base = datetime.now(UTC).replace(minute=0, second=0, microsecond=0, tzinfo=None)
        base -= timedelta(hours=3)
        for at, version in (
            (base + timedelta(minutes=5), "early"),
            (base + timedelta(minutes=40), "late"),  # the same hour: this one stays
            (base - timedelta(days=40), "ancient"),  # past 30 days: dropped
            (base + timedelta(hours=1, minutes=10), "newest"),
        ):
            target.execute(
                sa.text(
                    "INSERT INTO heartbeats (terminal_id, received_at, clock_skew_s, body) "
                    f"VALUES ('t1', :at, 0.5, {json_param.format('body')})"
                ),
                {"at": at, "body": f'{{"app_version": "{version}"}}'},
            )
    engine.dispose()
    from kiosk.hub.db import open_db

    migrated = open_db(url)
    try:
        for first, last in (
            (date(2026, 10, 1), date(2026, 11, 30)),
            (date(2026, 10, 30), date(2026, 11, 1)),
        ):
            assert figures(migrated, first, last, TODAY, station=station) == figures(
                any_hub.engine, first, last, TODAY, station=station
            )
        with migrated.connect() as conn:
            kept = (
                conn.execute(sa.text("SELECT body FROM heartbeats ORDER BY hour")).scalars().all()
            )
            latest = conn.execute(sa.text("SELECT app_version FROM terminal_health")).scalar_one()
        kept = [json.loads(b) if isinstance(b, str) else b for b in kept]
        assert [b["app_version"] for b in kept] == ["late", "newest"]
        assert latest == "newest"
    finally:
        migrated.dispose()
        if drop is not None:
            drop()


def test_union_wide_figures_are_the_sum_of_every_stations(any_hub: Hub) -> None:
    """The union-wide rows ingest keeps beside each station's add up to the stations'."""
    for index in range(3):
        station = f"st-sum-{index}-{uuid.uuid4().hex[:4]}"
        client = any_hub.enroll(station)
        events = mixed_events(
            station, 1, days_between(date(2026, 10, 29), date(2026, 11, 2 + index))
        )
        assert client.push(events).status_code == 200
    with any_hub.engine.connect() as conn:
        stations = (
            conn.execute(sa.text("SELECT DISTINCT station_id FROM terminals")).scalars().all()
        )
    first, last = date(2026, 10, 1), date(2026, 11, 30)
    everyone = figures(any_hub.engine, first, last, TODAY)
    each = [figures(any_hub.engine, first, last, TODAY, station=s) for s in stations]
    assert everyone.visits_total == sum(f.visits_total for f in each) > 0
    assert Counter(dict(everyone.by_trade)) == sum(
        (Counter(dict(f.by_trade)) for f in each), Counter()
    )
    assert everyone.slips_failed == sum(f.slips_failed for f in each)
