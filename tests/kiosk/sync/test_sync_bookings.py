"""Bookings from the terminal's side against a real hub process: sessions arrive only
from a hub that serves bookings, an online booking is answered at once, and one made
with the hub down stays pending until ``kiosk sync --once`` learns its decision."""

from __future__ import annotations

from datetime import timedelta

from bookingtools import add_session
from test_sync_client import enroll_terminal, kiosk_cli

from kiosk.booking.codes import code_hash
from kiosk.booking.service import ask_hub, hub_offers_bookings, make_booking
from kiosk.booking.sessions import upcoming
from kiosk.db.database import open_database
from kiosk.sync.credentials import Credentials, save_credentials
from kiosk.sync.syncer import Syncer


def test_an_online_booking_is_confirmed_at_once_and_its_event_changes_nothing(
    hub, terminal_db, config
) -> None:  # type: ignore[no-untyped-def]
    creds = enroll_terminal(hub)
    session_id = add_session(hub, capacity=1)
    add_session(hub, station="st-elsewhere")
    syncer = Syncer(terminal_db, config, creds)
    syncer.sync_once()
    assert hub_offers_bookings(terminal_db)
    slots = upcoming(terminal_db, "st-test")
    assert [slot.id for slot in slots] == [session_id]  # only this station's
    first = ask_hub(terminal_db, config, creds, make_booking(terminal_db, slots[0], None))
    second = ask_hub(terminal_db, config, creds, make_booking(terminal_db, slots[0], "FU-9"))
    assert (first.status, first.number) == ("confirmed", 1)
    assert (second.status, second.number) == ("waitlisted", 1)
    syncer.sync_once()  # the two booking_requested events reach the hub too
    assert hub.count("bookings", session_id=session_id) == 2
    assert hub.count("bookings", code_hash=code_hash(first.code), status="confirmed") == 1
    rows = terminal_db.query("SELECT code_hash, status FROM bookings ORDER BY id")
    assert rows == [(code_hash(first.code), "confirmed"), (code_hash(second.code), "waitlisted")]
    assert first.code not in str(terminal_db.query("SELECT * FROM bookings"))


def test_a_booking_made_with_the_hub_down_waits_then_sync_once_decides_it(
    hub, _isolated_dirs, config
) -> None:  # type: ignore[no-untyped-def]
    code = hub.new_code("demo-station-1")
    assert kiosk_cli("enroll", "--hub", hub.base_url, "--code", code).returncode == 0
    session_id = add_session(hub, station="demo-station-1", starts_in=timedelta(days=3))
    assert kiosk_cli("sync", "--once").returncode == 0
    db = open_database(_isolated_dirs / "kiosk.db")
    try:
        [slot] = upcoming(db, "demo-station-1")
        assert slot.id == session_id
        from kiosk.sync.credentials import load_credentials

        real = load_credentials()
        assert real is not None
        down = Credentials("http://127.0.0.1:9", real.terminal_id, real.station_id, real.token)
        ticket = ask_hub(db, config, down, make_booking(db, slot, None))
        assert ticket.status == "pending" and not ticket.decided
        assert hub.count("bookings") == 0
    finally:
        db.dispose()
    save_credentials(real)
    result = kiosk_cli("sync", "--once")
    assert result.returncode == 0, result.stderr
    db = open_database(_isolated_dirs / "kiosk.db")
    try:
        assert db.query("SELECT status, number FROM bookings") == [("confirmed", 1)]
    finally:
        db.dispose()
    assert hub.count("bookings", status="confirmed") == 1


class _RefusesFirst:
    """The real hub client, except that the hub refuses one booking outright (409)."""

    def __init__(self, client, refused: str) -> None:  # type: ignore[no-untyped-def]
        self.client, self.refused = client, refused

    def request(self, method, path, **kwargs):  # type: ignore[no-untyped-def]
        from kiosk.sync.http import SyncError

        if kwargs.get("json", {}).get("booking_id") == self.refused:
            raise SyncError("refused", "Another booking has this code", 409, "code_in_use")
        return self.client.request(method, path, **kwargs)


def test_a_booking_the_hub_refuses_outright_does_not_hold_up_the_next(
    hub, terminal_db, config
) -> None:  # type: ignore[no-untyped-def]
    from kiosk.booking.service import resolve_pending
    from kiosk.sync.http import HubClient

    creds = enroll_terminal(hub)
    add_session(hub, capacity=3)
    Syncer(terminal_db, config, creds).sync_once()
    [slot] = upcoming(terminal_db, "st-test")
    first = make_booking(terminal_db, slot, None)  # made offline: both pending
    second = make_booking(terminal_db, slot, None)
    with HubClient(creds.hub_url, creds.token) as client:
        decided = resolve_pending(terminal_db, _RefusesFirst(client, first.booking_id))
    assert decided == 1
    rows = terminal_db.query("SELECT booking_id, status FROM bookings ORDER BY id")
    assert rows == [(first.booking_id, "pending"), (second.booking_id, "confirmed")]
