"""The fleet page's rows: one per terminal, worst state first, filtered by state and station."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from kiosk.hub.fleet.state import ORDER, Beat, State, backlog_age, reasons, state_of
from kiosk.hub.schema import terminal_health, terminals


@dataclass(frozen=True, slots=True)
class FleetRow:
    terminal_id: str
    station_id: str
    name: str
    app_version: str
    state: State
    reasons: tuple[str, ...]
    last_heartbeat: datetime | None
    age: timedelta | None
    outbox_length: int | None
    oldest_unsent_at: datetime | None
    backlog_age: timedelta | None
    printer_state: str
    printer_status: str | None
    last_sync_error: str | None
    clock_skew_s: float | None
    revoked: bool


def fleet(
    engine: Engine,
    now: datetime,
    *,
    states: Collection[str] | None = None,
    station: str | None = None,
    stations: Collection[str] | None = None,
) -> list[FleetRow]:
    """Every enrolled terminal (revoked ones too: they are red), red first, then by
    station and name. ``station`` picks one; ``stations`` limits to an account's stations
    (None: all); ``states`` keeps only those states (None or empty: all)."""
    query = sa.select(
        terminals.c.terminal_id,
        terminals.c.station_id,
        terminals.c.name,
        terminals.c.app_version,
        terminals.c.revoked_at,
        terminal_health.c.app_version.label("reported_version"),
        terminal_health.c.received_at,
        terminal_health.c.clock_skew_s,
        terminal_health.c.outbox_length,
        terminal_health.c.oldest_unsent_at,
        terminal_health.c.printer_state,
        terminal_health.c.printer_status,
        terminal_health.c.sync_interval_s,
        terminal_health.c.last_sync_error,
    ).select_from(
        terminals.outerjoin(
            terminal_health, terminal_health.c.terminal_id == terminals.c.terminal_id
        )
    )
    if station:
        query = query.where(terminals.c.station_id == station)
    if stations is not None:
        query = query.where(terminals.c.station_id.in_(sorted(stations)))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    wanted = {State(value) for value in states} if states else None
    out: list[FleetRow] = []
    for row in rows:
        beat = (
            None
            if row.received_at is None
            else Beat(
                received_at=row.received_at,
                sync_interval_s=row.sync_interval_s,
                printer_status=row.printer_status,
                oldest_unsent_at=row.oldest_unsent_at,
                clock_skew_s=row.clock_skew_s,
            )
        )
        revoked = row.revoked_at is not None
        why = reasons(beat, revoked, now)
        state = state_of(why)
        if wanted is not None and state not in wanted:
            continue
        out.append(
            FleetRow(
                terminal_id=row.terminal_id,
                station_id=row.station_id,
                name=row.name,
                app_version=row.reported_version or row.app_version,
                state=state,
                reasons=tuple(why),
                last_heartbeat=row.received_at,
                age=None if beat is None else now - beat.received_at,
                outbox_length=row.outbox_length,
                oldest_unsent_at=row.oldest_unsent_at,
                backlog_age=None if beat is None else backlog_age(beat, now),
                printer_state=row.printer_state or "",
                printer_status=row.printer_status,
                last_sync_error=row.last_sync_error,
                clock_skew_s=row.clock_skew_s,
                revoked=revoked,
            )
        )
    out.sort(key=lambda r: (ORDER[r.state], r.station_id, r.name, r.terminal_id))
    return out


def counts(rows: Collection[FleetRow]) -> dict[State, int]:
    """How many terminals are in each state."""
    found = {state: 0 for state in State}
    for row in rows:
        found[row.state] += 1
    return found
