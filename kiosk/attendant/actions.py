"""What the attendant does, each an ``attendant_action`` event (the audit trail, synced).

Also the PIN lockout: five wrong PINs lock entry for five minutes. The count
and the lock live in the database so a restart does not reset them.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from kiosk.config import Config
from kiosk.db.database import Database, Fact, sql_value
from kiosk.db.meta import get_meta, set_meta

log = logging.getLogger(__name__)

MAX_WRONG_PINS = 5
LOCKOUT = timedelta(minutes=5)

ACTIONS = frozenset(
    {
        "login",
        "logout",
        "pin_lockout",
        "sync_now",
        "test_print",
        "paper_refilled",
        "staff_call_acknowledged",
        "export",
        "pin_changed",
        "restart",
        "exit_to_desktop",
        "alert_cleared",
    }
)


def record_action(
    db: Database,
    config: Config,
    action: str,
    detail: dict[str, Any] | None = None,
    *,
    now: datetime | None = None,
    also: Callable[[sqlite3.Connection], object] | None = None,
) -> int:
    """Store one attendant action and its event; returns the outbox seq."""
    if action not in ACTIONS:
        raise ValueError(f"unknown attendant action {action!r}")
    when = (now or datetime.now()).astimezone()
    detail = dict(detail or {})
    fact = Fact(
        "attendant_actions",
        {
            "station_id": config.station.id,
            "action": action,
            "detail": detail,
            "occurred_at": when.replace(tzinfo=None),
        },
    )
    payload = {"action": action, "detail": detail, "station_id": config.station.id}
    recorded = db.record("attendant_action", payload, fact, occurred_at=when, also=also)
    log.info("attendant action %s", action)
    return recorded.seq


@dataclass(frozen=True)
class PinCheck:
    ok: bool
    locked_until: datetime | None = None
    attempts_left: int = MAX_WRONG_PINS


def pin_locked_until(db: Database, now: datetime | None = None) -> datetime | None:
    value = get_meta(db, "pin_locked_until")
    if not value:
        return None
    until = datetime.fromisoformat(value)
    return until if until > (now or datetime.now()) else None


def check_pin(db: Database, config: Config, pin: str, *, now: datetime | None = None) -> PinCheck:
    """Verify a PIN typed at the kiosk, counting failures and locking after five."""
    # Here, not at the top: hashlib loads OpenSSL (MiBs of RSS), and the staff-call
    # poll imports this module at every start, long before anyone types a PIN.
    from kiosk.attendant.pin import verify_pin

    now = now or datetime.now()
    locked = pin_locked_until(db, now)
    if locked is not None:
        return PinCheck(False, locked, 0)
    if verify_pin(pin, config.attendant.pin_hash):
        set_meta(db, pin_failures="0", pin_locked_until="")
        record_action(db, config, "login", now=now)
        return PinCheck(True)
    failures = int(get_meta(db, "pin_failures", "0") or 0) + 1
    if failures >= MAX_WRONG_PINS:
        until = now + LOCKOUT
        set_meta(db, pin_failures="0", pin_locked_until=until.isoformat())
        record_action(db, config, "pin_lockout", {"minutes": 5}, now=now)
        log.warning("attendant entry locked for 5 minutes after %d wrong PINs", failures)
        return PinCheck(False, until, 0)
    set_meta(db, pin_failures=str(failures))
    return PinCheck(False, None, MAX_WRONG_PINS - failures)


def acknowledge_staff_call(db: Database, config: Config, call_id: int) -> bool:
    """Mark a waiting staff call handled, with its audit event in the same transaction."""

    def mark(conn: sqlite3.Connection) -> None:
        done = conn.execute(
            "UPDATE staff_calls SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL",
            (sql_value(datetime.now()), call_id),
        )
        if done.rowcount != 1:
            raise _NotWaiting

    try:
        record_action(db, config, "staff_call_acknowledged", {"call_id": call_id}, also=mark)
    except _NotWaiting:
        return False
    return True


class _NotWaiting(Exception):
    """The call was already acknowledged (or never existed): write nothing."""


def waiting_staff_calls(db: Database) -> int:
    """Staff calls not yet acknowledged (the window polls this for the alert)."""
    return db.query("SELECT count(*) FROM staff_calls WHERE acknowledged_at IS NULL")[0][0]


def leave_alert(db: Database, kind: str, message: str) -> None:
    """Leave an alert for the attendant (local only, not synced): a write that failed…"""
    db.add_alert(kind, message)


def clear_alert(db: Database, config: Config, alert_id: int) -> bool:
    """Clear an alert the attendant has dealt with, audited in the same transaction."""
    kinds = [row[0] for row in db.query("SELECT kind FROM alerts WHERE id = ?", (alert_id,))]

    def clear(conn: sqlite3.Connection) -> None:
        done = conn.execute(
            "UPDATE alerts SET cleared_at = ? WHERE id = ? AND cleared_at IS NULL",
            (sql_value(datetime.now()), alert_id),
        )
        if done.rowcount != 1:
            raise _NotWaiting

    try:
        record_action(db, config, "alert_cleared", {"kind": kinds[0] if kinds else ""}, also=clear)
    except _NotWaiting:
        return False
    return True


def clear_alerts(db: Database, config: Config) -> int:
    """Clear every open alert the attendant has seen to; each clearing is audited."""
    ids = [row[0] for row in db.query("SELECT id FROM alerts WHERE cleared_at IS NULL")]
    return sum(clear_alert(db, config, alert_id) for alert_id in ids)
