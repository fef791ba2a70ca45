"""What the attendant does, each an ``attendant_action`` event (the audit trail, synced).

Also the PIN lockout: five wrong PINs lock entry for five minutes. The count
and the lock live in the database so a restart does not reset them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, select, update

from kiosk.attendant.pin import verify_pin
from kiosk.config import Config
from kiosk.db.database import Database
from kiosk.db.meta import get_meta, set_meta
from kiosk.db.models import AttendantAction, StaffCall

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
    also: Callable[[Connection], object] | None = None,
) -> int:
    """Store one attendant action and its event; returns the outbox seq."""
    if action not in ACTIONS:
        raise ValueError(f"unknown attendant action {action!r}")
    when = (now or datetime.now()).astimezone()
    detail = dict(detail or {})
    fact = AttendantAction(
        station_id=config.station.id,
        action=action,
        detail=detail,
        occurred_at=when.replace(tzinfo=None),
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
    table = StaffCall.__table__

    def mark(conn: Connection) -> None:
        done = conn.execute(
            update(table)
            .where(table.c.id == call_id, table.c.acknowledged_at.is_(None))
            .values(acknowledged_at=datetime.now())
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
    from sqlalchemy import func

    with db.session() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(StaffCall)
                .where(StaffCall.acknowledged_at.is_(None))
            )
            or 0
        )


def clear_alert(db: Database, config: Config, alert_id: int) -> None:
    from kiosk.db.models import Alert

    with db.unit_of_work() as session:
        alert = session.get(Alert, alert_id)
        if alert is not None and alert.cleared_at is None:
            alert.cleared_at = datetime.now()
            kind = alert.kind
        else:
            return
    record_action(db, config, "alert_cleared", {"kind": kind})
