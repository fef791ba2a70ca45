"""The fleet page's rows: one per terminal, worst state first, filtered by state and station.

Two steps, so a fleet of thousands costs little: :func:`states` judges every terminal
from the few columns the state needs (plain values, no per-row objects beyond the
pure function's input), then :func:`rows` reads everything the page shows for the one
page of terminals it shows.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from kiosk.hub.fleet.state import ORDER, Beat, State, backlog_age, reasons, state_of
from kiosk.hub.schema import terminal_health, terminals

_NAIVE = sa.DateTime()  # read times as the driver gives them (naive UTC): no per-value hook


@dataclass(frozen=True, slots=True)
class Judged:
    """A terminal's state, and what the page sorts and filters it by."""

    terminal_id: str
    station_id: str
    name: str
    state: State
    reasons: tuple[str, ...]


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


def _aware(value: datetime | None) -> datetime | None:
    return None if value is None else value.replace(tzinfo=UTC)


def _joined() -> sa.FromClause:
    return terminals.outerjoin(
        terminal_health, terminal_health.c.terminal_id == terminals.c.terminal_id
    )


def states(engine: Engine, now: datetime, stations: Collection[str] | None = None) -> list[Judged]:
    """Every enrolled terminal the account may see (None: all), judged at ``now``, worst
    first, then by station and name. Revoked terminals are kept: they are red."""
    query = sa.select(
        terminals.c.terminal_id,
        terminals.c.station_id,
        terminals.c.name,
        sa.type_coerce(terminals.c.revoked_at, _NAIVE),
        sa.type_coerce(terminal_health.c.received_at, _NAIVE),
        terminal_health.c.sync_interval_s,
        terminal_health.c.printer_status,
        sa.type_coerce(terminal_health.c.oldest_unsent_at, _NAIVE),
        terminal_health.c.clock_skew_s,
    ).select_from(_joined())
    if stations is not None:
        query = query.where(terminals.c.station_id.in_(sorted(stations)))
    with engine.connect() as conn:
        found = conn.execute(query).all()
    naive_now = now.astimezone(UTC).replace(tzinfo=None)  # compared with naive UTC times
    out = []
    for (
        terminal_id,
        station_id,
        name,
        revoked_at,
        received,
        interval,
        status,
        oldest,
        skew,
    ) in found:
        beat = (
            None
            if received is None
            else Beat(received, interval, status, oldest, skew if skew is not None else 0.0)
        )
        why = reasons(beat, revoked_at is not None, naive_now)
        out.append(Judged(terminal_id, station_id, name, state_of(why), tuple(why)))
    out.sort(key=lambda j: (ORDER[j.state], j.station_id, j.name, j.terminal_id))
    return out


def rows(engine: Engine, now: datetime, judged: Sequence[Judged]) -> list[FleetRow]:
    """Everything the page shows for ``judged`` (one page of terminals), in that order."""
    if not judged:
        return []
    query = (
        sa.select(
            terminals.c.terminal_id,
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
        )
        .select_from(_joined())
        .where(terminals.c.terminal_id.in_([j.terminal_id for j in judged]))
    )
    with engine.connect() as conn:
        found = {row.terminal_id: row for row in conn.execute(query)}
    out = []
    for j in judged:
        row = found.get(j.terminal_id)
        if row is None:  # pragma: no cover - terminals are never deleted
            continue
        beat = (
            None
            if row.received_at is None
            else Beat(
                row.received_at,
                row.sync_interval_s,
                row.printer_status,
                row.oldest_unsent_at,
                row.clock_skew_s,
            )
        )
        out.append(
            FleetRow(
                terminal_id=j.terminal_id,
                station_id=j.station_id,
                name=j.name,
                app_version=row.reported_version or row.app_version,
                state=j.state,
                reasons=j.reasons,
                last_heartbeat=row.received_at,
                age=None if beat is None else now - beat.received_at,
                outbox_length=row.outbox_length,
                oldest_unsent_at=row.oldest_unsent_at,
                backlog_age=None if beat is None else backlog_age(beat, now),
                printer_state=row.printer_state or "",
                printer_status=row.printer_status,
                last_sync_error=row.last_sync_error,
                clock_skew_s=row.clock_skew_s,
                revoked=row.revoked_at is not None,
            )
        )
    return out


def fleet(engine: Engine, now: datetime, stations: Collection[str] | None = None) -> list[FleetRow]:
    """Every terminal's full row, worst first (for a small fleet or a script)."""
    return rows(engine, now, states(engine, now, stations))


def counts(judged: Collection[Judged | FleetRow]) -> dict[State, int]:
    """How many terminals are in each state."""
    found = {state: 0 for state in State}
    for row in judged:
        found[row.state] += 1
    return found
