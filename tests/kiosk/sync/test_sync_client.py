"""The terminal's sync client against a real hub process over HTTP.

Invariants are checked by counting rows in the hub's database and in the
terminal's outbox, never by trusting the client's report.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.checkin.options import load_checkin_options
from kiosk.checkin.service import record_visit
from kiosk.db.meta import get_meta
from kiosk.db.models import ContentRecord, OutboxEvent
from kiosk.resources import resource
from kiosk.sync import outbox
from kiosk.sync.credentials import Credentials, credentials_path, load_credentials
from kiosk.sync.http import SyncError
from kiosk.sync.syncer import Syncer

OPTIONS = load_checkin_options()


def enroll_terminal(hub, station_id: str = "st-test") -> Credentials:  # type: ignore[no-untyped-def]
    client = hub.enroll(station_id)
    return Credentials(hub.base_url, client.terminal_id, client.station_id, client.token)


ROOT = Path(__file__).resolve().parents[3]


def check_in(db, config, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        record_visit(db, config, OPTIONS, trade="courier", services=["water"] if i % 2 else [])


def hub_events(hub) -> int:  # type: ignore[no-untyped-def]
    return hub.count("events")


def unsent(db) -> int:  # type: ignore[no-untyped-def]
    return outbox.stats(db).pending


def test_n_events_arrive_exactly_once(hub, terminal_db, config) -> None:  # type: ignore[no-untyped-def]
    check_in(terminal_db, config, 1203)  # three batches: 500 + 500 + 203
    report = Syncer(terminal_db, config, enroll_terminal(hub)).sync_once()
    assert hub_events(hub) == 1203
    assert unsent(terminal_db) == 0
    assert report.accepted == 1203 and report.duplicates == 0


def test_a_replayed_backlog_adds_nothing(hub, terminal_db, config) -> None:  # type: ignore[no-untyped-def]
    syncer = Syncer(terminal_db, config, enroll_terminal(hub))
    check_in(terminal_db, config, 40)
    syncer.sync_once()
    outbox.rewind(terminal_db, 0)  # as if the local acknowledgement had been lost
    assert unsent(terminal_db) == 40
    report = syncer.sync_once()
    assert report.duplicates == 40 and report.accepted == 0
    assert hub_events(hub) == 40 and unsent(terminal_db) == 0


def test_killed_between_hub_commit_and_local_ack_resends_without_doubles(
    hub, terminal_db, config, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    syncer = Syncer(terminal_db, config, enroll_terminal(hub))
    check_in(terminal_db, config, 25)

    def crash(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt("killed after the hub committed")

    monkeypatch.setattr(outbox, "mark_acked", crash)
    with pytest.raises(KeyboardInterrupt):
        syncer.sync_once()
    monkeypatch.undo()
    assert hub_events(hub) == 25 and unsent(terminal_db) == 25
    check_in(terminal_db, config, 5)
    report = syncer.sync_once()
    assert report.duplicates == 25 and report.accepted == 5
    assert hub_events(hub) == 30 and unsent(terminal_db) == 0


def test_a_hub_that_lost_events_gets_them_again(tmp_path, terminal_db, config) -> None:  # type: ignore[no-untyped-def]
    from hubtools import start_hub, stop_hub

    first = start_hub(tmp_path / "hub-a")
    try:
        check_in(terminal_db, config, 12)
        Syncer(terminal_db, config, enroll_terminal(first)).sync_once()
    finally:
        stop_hub(first)
    # The union restores an empty hub: it has seen nothing of this terminal.
    second = start_hub(tmp_path / "hub-b")
    try:
        check_in(terminal_db, config, 3)
        report = Syncer(terminal_db, config, enroll_terminal(second)).sync_once()
        assert report.rewinds == 1
        assert second.count("events") == 15
        assert unsent(terminal_db) == 0
    finally:
        stop_hub(second)


def test_hub_down_the_queue_grows_then_drains(tmp_path, terminal_db, config) -> None:  # type: ignore[no-untyped-def]
    from hubtools import start_hub, stop_hub

    hub = start_hub(tmp_path / "hub")
    creds = enroll_terminal(hub)
    stop_hub(hub)
    check_in(terminal_db, config, 7)
    with pytest.raises(SyncError) as info:
        Syncer(terminal_db, config, creds).sync_once()
    assert info.value.kind == "network" and info.value.retryable
    assert "cannot reach the hub" in str(info.value)
    assert get_meta(terminal_db, "sync_last_error").startswith("cannot reach the hub")
    check_in(terminal_db, config, 4)  # the kiosk keeps working
    assert unsent(terminal_db) == 11

    # The same hub database comes back on another port.
    hub = start_hub(tmp_path / "hub")
    try:
        moved = creds.__class__(hub.base_url, creds.terminal_id, creds.station_id, creds.token)
        Syncer(terminal_db, config, moved).sync_once()
        assert hub.count("events") == 11 and unsent(terminal_db) == 0
        assert get_meta(terminal_db, "sync_last_error") == ""
    finally:
        stop_hub(hub)


def test_a_bad_payload_is_rejected_without_blocking_the_queue(hub, terminal_db, config) -> None:  # type: ignore[no-untyped-def]
    check_in(terminal_db, config, 2)
    terminal_db.record("visit", {"trade": 42, "services": "water", "station_id": "st-test"})
    check_in(terminal_db, config, 2)
    report = Syncer(terminal_db, config, enroll_terminal(hub)).sync_once()
    assert report.rejected == 1 and report.accepted == 4
    assert unsent(terminal_db) == 0
    with terminal_db.session() as session:
        bad = session.scalars(select(OutboxEvent).where(OutboxEvent.seq == 3)).one()
    assert bad.rejected_code == "invalid_payload"
    assert outbox.stats(terminal_db).rejected == 1


def test_events_for_another_station_are_rejected_and_shown_to_the_attendant(
    hub, terminal_db, config
) -> None:  # type: ignore[no-untyped-def]
    from kiosk.attendant.dashboard import compute_dashboard
    from kiosk.config import Config, HubConfig, StationConfig

    # A terminal enrolled at ACC-1 whose config (wrongly) says it is ACC-2.
    wrong = Config(station=StationConfig(id="ACC-2"), hub=HubConfig(url=""))
    check_in(terminal_db, wrong, 7)
    report = Syncer(terminal_db, wrong, enroll_terminal(hub, "ACC-1")).sync_once()
    assert report.rejected == 7 and report.accepted == 0
    assert unsent(terminal_db) == 0  # acknowledged: the queue is not blocked
    assert hub_events(hub) == 0 and hub.count("rejected_events", code="station_mismatch") == 7
    with terminal_db.session() as session:
        codes = set(session.scalars(select(OutboxEvent.rejected_code)))
    assert codes == {"station_mismatch"}
    dash = compute_dashboard(terminal_db, "ACC-2", date.today())
    assert dash.sync.rejected == 7  # the dashboard's "Rejected by hub"


def test_an_unknown_token_stops_with_an_auth_error(hub, terminal_db, config) -> None:  # type: ignore[no-untyped-def]
    creds = enroll_terminal(hub)
    forged = creds.__class__(creds.hub_url, creds.terminal_id, creds.station_id, "not-the-token")
    check_in(terminal_db, config, 1)
    with pytest.raises(SyncError) as info:
        Syncer(terminal_db, config, forged).sync_once()
    assert info.value.kind == "auth" and info.value.status == 401
    assert not info.value.retryable
    assert unsent(terminal_db) == 1 and hub_events(hub) == 0


def publish(hub, items: list[dict], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"content-{len(items)}-{os.getpid()}.json"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    result = hub.cli("publish", str(path))
    assert result.returncode == 0, result.stderr


def test_content_flows_down_and_a_second_pull_is_304(hub, terminal_db, config, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = json.loads(resource("content", "settings.json").read_text(encoding="utf-8"))
    settings["trades"] = settings["trades"][:3]
    publish(hub, [{"kind": "settings", "id": "st-test", "body": settings}], tmp_path)
    syncer = Syncer(terminal_db, config, enroll_terminal(hub))
    first = syncer.sync_once()
    assert first.content_applied == 1
    with terminal_db.session() as session:
        row = session.get(ContentRecord, ("settings", "st-test"))
    assert [t["id"] for t in row.body["trades"]] == ["delivery_rider", "courier", "truck_driver"]
    cursor = get_meta(terminal_db, "content_cursor")
    second = syncer.sync_once()
    assert second.content_applied == 0 and get_meta(terminal_db, "content_cursor") == cursor

    publish(hub, [{"kind": "settings", "id": "st-test", "deleted": True}], tmp_path)
    syncer.sync_once()
    with terminal_db.session() as session:
        assert session.get(ContentRecord, ("settings", "st-test")).deleted


def test_an_item_the_terminal_cannot_apply_stops_the_cursor_there(
    hub, terminal_db, config, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings = json.loads(resource("content", "settings.json").read_text(encoding="utf-8"))
    publish(hub, [{"kind": "settings", "id": "good", "body": settings}], tmp_path)
    # Good enough for the hub's shape check, not for the kiosk: the items have no text.
    broken = {"id": "phq9", "version": 2, "items": [{"id": "x"}]}
    publish(hub, [{"kind": "instrument", "id": "phq9", "body": broken}], tmp_path)
    publish(hub, [{"kind": "settings", "id": "later", "body": settings}], tmp_path)
    report = Syncer(terminal_db, config, enroll_terminal(hub)).sync_once()
    assert report.content_applied == 1
    assert report.content_problem and "instrument 'phq9'" in report.content_problem
    with terminal_db.session() as session:
        kept = {(r.kind, r.id) for r in session.scalars(select(ContentRecord))}
    assert kept == {("settings", "good")}
    assert get_meta(terminal_db, "sync_last_error").startswith("instrument 'phq9'")


def kiosk_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=os.environ.copy(),
        timeout=120,
    )


def test_enroll_and_sync_once_from_the_command_line(hub, _isolated_dirs) -> None:  # type: ignore[no-untyped-def]
    code = hub.new_code("demo-station-1")
    result = kiosk_cli("enroll", "--hub", hub.base_url, "--code", code)
    assert result.returncode == 0, result.stderr
    path = credentials_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    creds = load_credentials()
    assert creds is not None and creds.token not in result.stdout + result.stderr

    again = kiosk_cli("enroll", "--hub", hub.base_url, "--code", code)
    assert again.returncode == 2 and "enrollment_code_invalid" in again.stderr

    from kiosk.db.database import open_database

    db = open_database(_isolated_dirs / "kiosk.db")
    db.record("staff_call", {"reason": "crisis_screen", "station_id": "demo-station-1"})
    db.dispose()
    result = kiosk_cli("sync", "--once")
    assert result.returncode == 0, result.stderr
    assert "pushed 1 events (1 new" in result.stdout
    assert hub.count("events") == 1


def test_sync_once_without_enrolment_says_what_to_do() -> None:
    result = kiosk_cli("sync", "--once")
    assert result.returncode == 2
    assert "not enrolled" in result.stderr and "kiosk enroll" in result.stderr


def test_sync_once_fails_non_zero_when_the_hub_is_gone(hub, _isolated_dirs) -> None:  # type: ignore[no-untyped-def]
    assert kiosk_cli("enroll", "--hub", hub.base_url, "--code", hub.new_code()).returncode == 0
    from hubtools import stop_hub

    stop_hub(hub)
    result = kiosk_cli("sync", "--once")
    assert result.returncode == 1
    assert result.stderr.strip().startswith("kiosk: sync failed: cannot reach the hub")


def test_the_heartbeat_carries_queue_printer_and_clock_and_the_skew_is_kept(
    hub, terminal_db, config
) -> None:  # type: ignore[no-untyped-def]
    import sqlalchemy as sa

    def printer_state() -> str:
        return "media_empty"

    check_in(terminal_db, config, 3)
    syncer = Syncer(terminal_db, config, enroll_terminal(hub), printer_state=printer_state)
    report = syncer.sync_once()
    with hub.engine.connect() as conn:
        body = conn.execute(sa.text("SELECT body FROM heartbeats")).scalar_one()
    body = json.loads(body) if isinstance(body, str) else body
    assert body["printer_state"] == "media_empty"
    assert body["printer_status"] == "paper_out"  # what the hub's fleet page alarms on
    assert body["sync_interval_s"] == config.hub.sync_interval_s
    assert body["outbox_length"] == 0  # pushed before the heartbeat
    assert report.clock_skew_s is not None and abs(report.clock_skew_s) < 5
    assert get_meta(terminal_db, "clock_skew_s") is not None


def test_a_printer_that_raises_is_reported_unknown_not_a_failed_sync(
    hub, terminal_db, config
) -> None:  # type: ignore[no-untyped-def]
    def broken() -> str:
        raise OSError("lpstat hung")

    Syncer(terminal_db, config, enroll_terminal(hub), printer_state=broken).sync_once()
    import sqlalchemy as sa

    with hub.engine.connect() as conn:
        body = conn.execute(sa.text("SELECT body FROM heartbeats")).scalar_one()
    body = json.loads(body) if isinstance(body, str) else body
    assert body["printer_state"] == "unknown"
    assert body["printer_status"] == "unknown"


def test_kiosk_sync_once_reports_the_configured_printer_to_the_fleet(hub, _isolated_dirs) -> None:  # type: ignore[no-untyped-def]
    """``kiosk sync --once`` asks the configured printer (here the file printer, ready)."""
    import sqlalchemy as sa

    assert kiosk_cli("enroll", "--hub", hub.base_url, "--code", hub.new_code()).returncode == 0
    result = kiosk_cli("sync", "--once")
    assert result.returncode == 0, result.stderr
    with hub.engine.connect() as conn:
        row = conn.execute(
            sa.text("SELECT printer_state, printer_status, sync_interval_s FROM terminal_health")
        ).one()
    assert tuple(row) == ("ready", "ok", 60)
