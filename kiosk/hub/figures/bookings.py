"""Booking figures: bookings, attendance and no-shows per station and month.

Read from the hub's ``bookings`` table joined to its sessions with one GROUP BY, not
from a roll-up: a booking changes after ingest (attended, no-show, cancelled, promoted),
so a roll-up would have to follow every change, while the table holds one small row per
booking (a few per session) and is read here by month of the session's station-local
start. Never from raw events.

The disclosure rule (DESIGN.md privacy, kiosk.disclosure) applies as for assessments:
whether a worker came is about that worker, so the breakdown (attended, no-show,
cancelled, other) is shown only for closed calendar months, each month a table of its
own (rows = stations with their totals; the union's totals too with two stations or
more) protected with complementary suppression; the open month shows only how many
bookings there were, masked "<5" from 1 to 4. A refused booking was never a booking and
is not counted.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kiosk.disclosure import Cell, Month, mask_count, protect
from kiosk.hub.bookings.tables import bookings, sessions

# The columns of a month's table, in the order shown; they add up to the bookings.
OUTCOMES = ("attended", "no_show", "cancelled", "other")


@dataclass(frozen=True)
class BookingMonth:
    """One closed month's protected table (cells are int, "<5" or "—")."""

    month: Month
    stations: dict[str, dict[str, Cell]]  # station -> outcome -> shown count
    station_totals: dict[str, Cell]  # station -> bookings
    outcome_totals: dict[str, Cell]  # outcome -> all stations (empty for one station)
    total: Cell  # all stations (0 with no station; unused for one)


def outcome(status: str, attendance: str | None) -> str:
    """Which column a booking counts in."""
    if attendance in ("attended", "no_show"):
        return attendance
    return "cancelled" if status == "cancelled" else "other"


def month_counts(
    conn: Connection,
    months: list[Month],
    station: str | None,
    stations: Collection[str] | None,
) -> dict[str, dict[tuple[str, str], int]]:
    """month → (station, outcome) → count of bookings for sessions in that month."""
    if not months:
        return {}
    month = sa.func.substr(sessions.c.starts_at, 1, 7)
    query = (
        sa.select(
            month,
            bookings.c.station_id,
            bookings.c.status,
            bookings.c.attendance,
            sa.func.count(),
        )
        .select_from(bookings.join(sessions, sessions.c.session_id == bookings.c.session_id))
        .where(
            bookings.c.status != "refused",
            sessions.c.starts_at >= months[0].first_day.isoformat(),
            sessions.c.starts_at < months[-1].next().first_day.isoformat(),
        )
        .group_by(month, bookings.c.station_id, bookings.c.status, bookings.c.attendance)
    )
    if station is not None:
        query = query.where(bookings.c.station_id == station)
    if stations is not None:
        query = query.where(bookings.c.station_id.in_(sorted(stations)))
    wanted = {str(m) for m in months}
    out: dict[str, dict[tuple[str, str], int]] = {}
    for when, station_id, status, attendance, count in conn.execute(query):
        if when not in wanted:
            continue
        key = (station_id, outcome(status, attendance))
        per_month = out.setdefault(when, {})
        per_month[key] = per_month.get(key, 0) + int(count)
    return out


def booking_month(month: Month, counts: dict[tuple[str, str], int]) -> BookingMonth:
    """Protect one closed month: a row per station that had bookings, a column per
    outcome, each row with its total. Column totals and the grand total are shown (and
    protected with the cells) only for two stations or more: for one station they would
    repeat its row and force more cells to be hidden."""
    names = sorted({station for station, _outcome in counts})
    raw = [[counts.get((s, o), 0) for o in OUTCOMES] for s in names]
    union = len(names) > 1
    shown = protect(raw, row_totals=True, column_totals=union, grand_total=union)
    totals: dict[str, Cell] = {}
    total: Cell = 0
    if union:
        totals = dict(zip(OUTCOMES, shown.column_totals or (), strict=True))
        total = shown.grand_total if shown.grand_total is not None else 0
    return BookingMonth(
        month=month,
        stations={
            s: dict(zip(OUTCOMES, row, strict=True))
            for s, row in zip(names, shown.cells, strict=True)
        },
        station_totals=dict(zip(names, shown.row_totals or (), strict=True)),
        outcome_totals=totals,
        total=total,
    )


def open_month_bookings(counts: dict[tuple[str, str], int]) -> Cell:
    """The open month: only how many bookings, masked."""
    return mask_count(sum(counts.values()))


def csv_rows(months: list[BookingMonth], open_month: Month | None, open_total: Cell) -> list:
    """The booking figures as ``section,period,group,subgroup,count`` lines."""
    rows: list[list[str]] = []
    for table in months:
        period = str(table.month)
        for station, cells in table.stations.items():
            for name, cell in cells.items():
                rows.append(["bookings", period, station, name, str(cell)])
            rows.append(["bookings", period, station, "total", str(table.station_totals[station])])
        for name, cell in table.outcome_totals.items():
            rows.append(["bookings", period, "total", name, str(cell)])
        if len(table.stations) != 1:
            rows.append(["bookings", period, "total", "total", str(table.total)])
    if open_month is not None:
        rows.append(["bookings", str(open_month), "total", "total", str(open_total)])
    return rows
