"""Making a booking at the kiosk and learning the hub's decision.

:func:`make_booking` writes the booking record and its ``booking_requested`` outbox
event in one transaction: the booking is never lost, whatever the network does.
:func:`ask_hub` then tells the worker at once when the hub answers within 3 s; if it
does not, the booking stays ``pending`` (shown honestly: "waiting for confirmation")
and its event decides it when the outbox is next pushed. :func:`resolve_pending` (run by
each sync pass after the push) learns those decisions. Offered only when the hub lists
the ``bookings`` feature (:func:`hub_offers_bookings`).
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import httpx

from kiosk.booking.codes import code_hash, new_code
from kiosk.booking.sessions import Slot
from kiosk.config import Config
from kiosk.db.database import Database, Fact
from kiosk.sync.protocol import FEATURE_BOOKINGS

log = logging.getLogger(__name__)

# The worker waits at the screen: the direct call gives up after this (PROTOCOL.md).
ANSWER_TIMEOUT = httpx.Timeout(3.0)
FEATURES_META = "hub_features"


@dataclass(frozen=True)
class Ticket:
    """A booking as the worker sees it on the screen and slip (never stored with the code)."""

    booking_id: str
    code: str
    slot: Slot
    followup_attached: bool
    status: str = "pending"  # pending | confirmed | waitlisted | refused
    number: int | None = None
    reason: str | None = None

    @property
    def decided(self) -> bool:
        return self.status != "pending"


def hub_offers_bookings(db: Database) -> bool:
    """Whether this terminal's hub listed the ``bookings`` feature at the last sync."""
    return FEATURE_BOOKINGS in (db.get_meta(FEATURES_META) or "").split(",")


def worker_url(config: Config, code: str) -> str:
    """The worker's page for this code: ``<hub.public_url>/b/<code>`` (else hub.url)."""
    base = (config.hub.public_url or config.hub.url).rstrip("/")
    return f"{base}/b/{code}"


def make_booking(db: Database, slot: Slot, followup_code: str | None) -> Ticket:
    """Record a booking and its outbox event together; return the worker's ticket.

    Raises kiosk.db.database.RecordError if it could not be written (nothing kept).
    """
    code = new_code()
    booking_id = str(uuid.uuid4())
    payload = {
        "booking_id": booking_id,
        "code_hash": code_hash(code),
        "session_id": slot.id,
        "station_id": slot.station_id,
        "followup_code": followup_code,
    }
    fact = Fact(
        "bookings",
        {
            "booking_id": booking_id,
            "code_hash": payload["code_hash"],
            "session_id": slot.id,
            "station_id": slot.station_id,
            "starts_at": slot.starts_at.isoformat(),
            "ends_at": slot.ends_at.isoformat(),
            "followup_code": followup_code,
            "status": "pending",
            "created_at": datetime.now(),
        },
    )
    db.record("booking_requested", payload, fact)
    log.info("booking recorded (pending)")
    return Ticket(booking_id, code, slot, followup_code is not None)


def _payload_of(db: Database, booking_id: str) -> dict[str, Any] | None:
    rows = db.query(
        "SELECT booking_id, code_hash, session_id, station_id, followup_code "
        "FROM bookings WHERE booking_id = ?",
        (booking_id,),
    )
    if not rows:
        return None
    keys = ("booking_id", "code_hash", "session_id", "station_id", "followup_code")
    return dict(zip(keys, rows[0], strict=True))


def record_decision(db: Database, booking_id: str, answer: dict[str, Any]) -> None:
    """Keep the hub's answer with the booking (only its first answer counts)."""
    status = answer.get("status")
    if status not in ("confirmed", "waitlisted", "refused"):
        return
    number = answer.get("number") if isinstance(answer.get("number"), int) else None
    reason = answer.get("reason") if isinstance(answer.get("reason"), str) else None
    from sqlalchemy import update

    from kiosk.db.models import Booking

    with db.unit_of_work() as session:
        session.execute(
            update(Booking)
            .where(Booking.booking_id == booking_id, Booking.status == "pending")
            .values(status=status, number=number, reason=reason, decided_at=datetime.now())
        )


_clients: dict[tuple[str, str, str], Any] = {}
_clients_lock = threading.Lock()


@contextmanager
def _client(config: Config, credentials: Any) -> Iterator[Any]:
    """One kept-alive client per hub and token: making one (its TLS context) costs more
    than the booking call itself, and the worker is waiting."""
    from kiosk.sync.http import HubClient

    key = (credentials.hub_url, credentials.token, config.hub.ca_bundle)
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            client = _clients[key] = HubClient(
                credentials.hub_url, credentials.token, config.hub.ca_bundle, timeout=ANSWER_TIMEOUT
            )
    yield client


def ask_hub(db: Database, config: Config, credentials: Any, ticket: Ticket) -> Ticket:
    """``POST /v1/bookings`` within 3 s; the decided ticket, or the same one still pending
    if the hub cannot be reached or does not answer in time."""
    from kiosk.sync.http import SyncError

    payload = _payload_of(db, ticket.booking_id)
    if payload is None or credentials is None:
        return ticket
    try:
        with _client(config, credentials) as client:
            answer = client.request("POST", "/v1/bookings", json=payload, ok=(200, 201)).json()
    except (SyncError, ValueError) as exc:
        log.info("booking left pending: %s", getattr(exc, "kind", type(exc).__name__))
        return ticket
    record_decision(db, ticket.booking_id, answer)
    return decided(ticket, answer)


def decided(ticket: Ticket, answer: dict[str, Any]) -> Ticket:
    """The ticket with the hub's answer."""
    status = answer.get("status")
    if status not in ("confirmed", "waitlisted", "refused"):
        return ticket
    return replace(ticket, status=status, number=answer.get("number"), reason=answer.get("reason"))


def free_seats(config: Config, credentials: Any, station_id: str) -> dict[str, int] | None:
    """The hub's live free seats per session (3 s), or None when offline."""
    from kiosk.sync.http import SyncError

    if credentials is None:
        return None
    try:
        with _client(config, credentials) as client:
            body = client.request("GET", "/v1/sessions", params={"station": station_id}).json()
        return {str(s["id"]): int(s["free"]) for s in body["sessions"]}
    except (SyncError, ValueError, KeyError, TypeError):
        return None


def resolve_pending(db: Database, client: Any) -> int:
    """Ask the hub for the decision of every booking still pending here (after the push
    delivered their events, so each is decided in the order it was made). Returns how
    many were decided. Network trouble, 429 and 5xx stop the pass (the next one goes on);
    a booking the hub refuses outright (another 4xx) is passed over, so it never holds up
    the bookings made after it."""
    from kiosk.sync.http import SyncError

    rows = db.query("SELECT booking_id FROM bookings WHERE status = 'pending' ORDER BY id")
    done = 0
    for (booking_id,) in rows:
        payload = _payload_of(db, booking_id)
        if payload is None:
            continue
        try:
            answer = client.request("POST", "/v1/bookings", json=payload, ok=(200, 201)).json()
        except SyncError as exc:
            if exc.retryable:
                raise
            log.warning("a pending booking was refused by the hub: %s", exc.code or exc.kind)
            continue
        record_decision(db, booking_id, answer)
        done += 1
    return done


def book(db: Database, config: Config, slot: Slot, followup_code: str | None) -> Ticket:
    """What ``booking_confirm`` runs (off the GUI thread): record the booking, then ask the
    hub for its answer if this terminal is enrolled."""
    from kiosk.sync.credentials import CredentialsError, load_credentials

    ticket = make_booking(db, slot, followup_code)
    try:
        credentials = load_credentials()
    except CredentialsError:
        credentials = None
    return ask_hub(db, config, credentials, ticket)


def live_seats(config: Config, station_id: str) -> dict[str, int] | None:
    """The hub's free seats for the booking screen (off the GUI thread), or None."""
    from kiosk.sync.credentials import CredentialsError, load_credentials

    try:
        credentials = load_credentials()
    except CredentialsError:
        return None
    return free_seats(config, credentials, station_id)
