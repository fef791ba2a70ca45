"""The console's audit log: who did what, when, from where, for which station.

Actions are short keys (``login``, ``login_failed``, ``followup_lookup`` …) shown in
the reader's language by the Audit page. ``detail`` is plain text for people and must
never contain a follow-up code, a password, a token or an enrollment code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kiosk.hub.db import write_tx
from kiosk.hub.schema import console_audit, utcnow

ACTIONS = (
    "login",
    "login_failed",
    "login_locked",
    "logout",
    "followup_lookup",
    "content_published",
    "enroll_code_issued",
    "terminal_revoked",
    "account_created",
    "account_disabled",
    "account_enabled",
    "password_set",
    "booking_attended",
    "booking_no_show",
    "session_cancelled",
    "plan_added",
    "plan_closed_day",
    "plan_extra",
    "plan_stopped",
)


@dataclass(frozen=True)
class AuditEntry:
    entry_id: int
    at: datetime
    actor: str | None
    action: str
    station_id: str | None
    detail: str
    address: str | None


def record_on(
    conn: Connection,
    actor: str | None,
    action: str,
    *,
    station_id: str | None = None,
    detail: str = "",
    address: str | None = None,
) -> None:
    """Add an entry inside the caller's transaction (so it stands or falls with the change)."""
    conn.execute(
        console_audit.insert().values(
            at=utcnow(),
            actor=actor,
            action=action,
            station_id=station_id,
            detail=detail[:2000],
            address=(address or None) and address[:64],
        )
    )


def record(
    engine: Engine,
    actor: str | None,
    action: str,
    *,
    station_id: str | None = None,
    detail: str = "",
    address: str | None = None,
) -> None:
    """Add an entry in its own transaction."""
    with write_tx(engine) as conn:
        record_on(conn, actor, action, station_id=station_id, detail=detail, address=address)


def list_entries(
    engine: Engine,
    *,
    action: str | None = None,
    actor: str | None = None,
    before_id: int | None = None,
    limit: int = 100,
) -> list[AuditEntry]:
    """Newest first; ``before_id`` pages back through older entries."""
    query = sa.select(console_audit).order_by(console_audit.c.entry_id.desc()).limit(limit)
    if action:
        query = query.where(console_audit.c.action == action)
    if actor:
        query = query.where(console_audit.c.actor == actor)
    if before_id is not None:
        query = query.where(console_audit.c.entry_id < before_id)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        AuditEntry(
            row.entry_id, row.at, row.actor, row.action, row.station_id, row.detail, row.address
        )
        for row in rows
    ]
