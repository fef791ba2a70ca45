"""The figures page's numbers, read from the roll-ups only (never the raw events).

Visits per day, by trade and by service, and slips printed and failed are exact counts
for the chosen days. Assessment results and staff calls follow the disclosure rule
(kiosk.disclosure, DESIGN.md privacy): broken down by instrument and band (staff calls
by reason) only for closed calendar months, each month a table of its own, protected
with complementary suppression; the open month shows only how many there were (masked
"<5" from 1 to 4). A range of days is widened to the whole months it touches for these.
Counselling bookings (attended, no-show, cancelled) follow the same rule; they are read
from the bookings table (kiosk/hub/figures/bookings.py says why).

Sums over days come from the monthly roll-up for the whole months inside the range and
from the daily roll-up for the days at its ends, so a year costs twelve month rows per
key and station, not 365 day rows.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kiosk.disclosure import Cell, Month, closed_months, mask_count, protect_bands, protect_row
from kiosk.hub.figures import bookings as booking_figures
from kiosk.hub.figures.bookings import BookingMonth
from kiosk.hub.figures.labels import band_order
from kiosk.hub.figures.rollup import ALL_STATIONS
from kiosk.hub.schema import figures_daily, figures_monthly

MAX_DAYS = 366 * 3


@dataclass(frozen=True)
class MonthTable:
    """One closed month's protected tables (cells are int, "<5" or "—")."""

    month: Month
    bands: dict[str, dict[str, Cell]]  # instrument -> band -> shown count
    instrument_totals: dict[str, Cell]
    assessments_total: Cell
    staff_calls: dict[str, Cell]  # reason -> shown count
    staff_calls_total: Cell


@dataclass
class Figures:
    first: date
    last: date
    station: str | None
    visits_per_day: list[tuple[date, int]] = field(default_factory=list)
    by_trade: list[tuple[str, int]] = field(default_factory=list)
    by_service: list[tuple[str, int]] = field(default_factory=list)
    slips_printed: int = 0
    slips_failed: int = 0
    months: list[MonthTable] = field(default_factory=list)
    open_month: Month | None = None
    open_assessments: Cell = 0
    open_staff_calls: Cell = 0
    booking_months: list[BookingMonth] = field(default_factory=list)
    open_bookings: Cell = 0

    @property
    def visits_total(self) -> int:
        return sum(count for _day, count in self.visits_per_day)

    def csv_rows(self) -> list[list[str]]:
        """Exactly the figures on the page, one per line:
        ``section,period,group,subgroup,count``."""
        rows = [["section", "period", "group", "subgroup", "count"]]
        for day, count in self.visits_per_day:
            rows.append(["visits_per_day", day.isoformat(), "", "", str(count)])
        period = f"{self.first.isoformat()}/{self.last.isoformat()}"
        rows.append(["visits", period, "", "", str(self.visits_total)])
        rows += [["visits_by_trade", period, k, "", str(n)] for k, n in self.by_trade]
        rows += [["visits_by_service", period, k, "", str(n)] for k, n in self.by_service]
        rows.append(["slips_printed", period, "", "", str(self.slips_printed)])
        rows.append(["slips_failed", period, "", "", str(self.slips_failed)])
        for table in self.months:
            month = str(table.month)
            for instrument, bands in table.bands.items():
                for band, cell in bands.items():
                    rows.append(["assessments", month, instrument, band, str(cell)])
                total = table.instrument_totals[instrument]
                rows.append(["assessments", month, instrument, "total", str(total)])
            rows.append(["assessments", month, "total", "", str(table.assessments_total)])
            for reason, cell in table.staff_calls.items():
                rows.append(["staff_calls", month, reason, "", str(cell)])
            rows.append(["staff_calls", month, "total", "", str(table.staff_calls_total)])
        if self.open_month is not None:
            month = str(self.open_month)
            rows.append(["assessments", month, "total", "", str(self.open_assessments)])
            rows.append(["staff_calls", month, "total", "", str(self.open_staff_calls)])
        rows += booking_figures.csv_rows(self.booking_months, self.open_month, self.open_bookings)
        return rows

    def to_csv(self) -> str:
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(self.csv_rows())
        return out.getvalue()


def _where_stations(
    table: sa.Table, station: str | None, stations: Collection[str] | None
) -> list[sa.ColumnElement[bool]]:
    """One station, an account's stations, or (neither) the union-wide rows."""
    clauses: list[sa.ColumnElement[bool]] = []
    if station is not None:
        clauses.append(table.c.station_id == station)
    if stations is not None:
        clauses.append(table.c.station_id.in_(sorted(stations)))
    if station is None and stations is None:
        clauses.append(table.c.station_id.in_(ALL_STATIONS))
    return clauses


def split_range(first: date, last: date) -> tuple[list[Month], list[tuple[date, date]]]:
    """The whole months inside ``[first, last]`` and the day ranges left at its ends."""
    months: list[Month] = []
    edges: list[tuple[date, date]] = []
    month = Month.of(first)
    while month.first_day <= last:
        start, end = max(month.first_day, first), min(month.last_day, last)
        if start == month.first_day and end == month.last_day:
            months.append(month)
        else:
            edges.append((start, end))
        month = month.next()
    return months, edges


def _sums(
    conn: Connection,
    first: date,
    last: date,
    station: str | None,
    stations: Collection[str] | None,
    metrics: tuple[str, ...],
) -> Counter[tuple[str, str]]:
    """``(metric, key)`` → count over the days ``first``..``last``."""
    months, edges = split_range(first, last)
    found: Counter[tuple[str, str]] = Counter()
    queries = []
    if months:
        m = figures_monthly
        queries.append(
            sa.select(m.c.metric, m.c.key, sa.func.sum(m.c.count))
            .where(
                m.c.metric.in_(metrics),
                m.c.month.in_([str(month) for month in months]),
                *_where_stations(m, station, stations),
            )
            .group_by(m.c.metric, m.c.key)
        )
    for start, end in edges:
        d = figures_daily
        queries.append(
            sa.select(d.c.metric, d.c.key, sa.func.sum(d.c.count))
            .where(
                d.c.metric.in_(metrics),
                d.c.day.between(start.isoformat(), end.isoformat()),
                *_where_stations(d, station, stations),
            )
            .group_by(d.c.metric, d.c.key)
        )
    for query in queries:
        for metric, key, count in conn.execute(query):
            found[(metric, key)] += int(count)
    return found


def _month_counts(
    conn: Connection,
    months: list[Month],
    station: str | None,
    stations: Collection[str] | None,
) -> dict[str, dict[tuple[str, str, str], int]]:
    """month → (metric, key, sub) → count for assessments and staff calls."""
    if not months:
        return {}
    m = figures_monthly
    query = (
        sa.select(m.c.month, m.c.metric, m.c.key, m.c.sub, sa.func.sum(m.c.count))
        .where(
            m.c.metric.in_(("assessments", "staff_calls")),
            m.c.month.in_([str(month) for month in months]),
            *_where_stations(m, station, stations),
        )
        .group_by(m.c.month, m.c.metric, m.c.key, m.c.sub)
    )
    out: dict[str, dict[tuple[str, str, str], int]] = {}
    for month, metric, key, sub, count in conn.execute(query):
        out.setdefault(month, {})[(metric, key, sub)] = int(count)
    return out


def month_table(month: Month, counts: dict[tuple[str, str, str], int]) -> MonthTable:
    """Protect one closed month: rows are instruments (a cell per band the month saw, in
    the instrument's order), each with its total, and the month's total; staff calls one
    row and its total."""
    raw: dict[str, dict[str, int]] = {}
    calls: dict[str, int] = {}
    for (metric, key, sub), count in counts.items():
        if metric == "assessments":
            raw.setdefault(key, {})[sub] = count
        else:
            calls[key] = count
    protected, instrument_totals, total = protect_bands(raw)
    reasons = sorted(calls)
    call_cells, call_total = protect_row([calls[r] for r in reasons])
    return MonthTable(
        month=month,
        # Shown in each instrument's own band order, protected in protect_bands' order.
        bands={
            i: dict(sorted(cells.items(), key=lambda item, i=i: band_order(i, item[0])))
            for i, cells in protected.items()
        },
        instrument_totals=instrument_totals,
        assessments_total=total,
        staff_calls=dict(zip(reasons, call_cells, strict=True)),
        staff_calls_total=call_total if call_total is not None else 0,
    )


def figures(
    engine: Engine,
    first: date,
    last: date,
    today: date,
    *,
    station: str | None = None,
    stations: Collection[str] | None = None,
) -> Figures:
    """The figures of ``station`` (None: every station ``stations`` allows, None: all)
    for the days ``first``..``last``; ``today`` decides which months are closed."""
    if last < first:
        raise ValueError("the range ends before it starts")
    if (last - first).days >= MAX_DAYS:
        raise ValueError(f"a range is at most {MAX_DAYS} days")
    out = Figures(first=first, last=last, station=station)
    d = figures_daily
    with engine.connect() as conn:
        per_day = dict(
            conn.execute(
                sa.select(d.c.day, sa.func.sum(d.c.count))
                .where(
                    d.c.metric == "visits",
                    d.c.day.between(first.isoformat(), last.isoformat()),
                    *_where_stations(d, station, stations),
                )
                .group_by(d.c.day)
            ).all()
        )
        day = first
        while day <= last:
            out.visits_per_day.append((day, int(per_day.get(day.isoformat(), 0))))
            day += timedelta(days=1)
        sums = _sums(
            conn, first, last, station, stations, ("visit_trade", "visit_service", "slips")
        )
        out.by_trade = sorted(
            ((k, n) for (m, k), n in sums.items() if m == "visit_trade"),
            key=lambda x: (-x[1], x[0]),
        )
        out.by_service = sorted(
            ((k, n) for (m, k), n in sums.items() if m == "visit_service"),
            key=lambda x: (-x[1], x[0]),
        )
        out.slips_printed = sums.get(("slips", "ok"), 0)
        out.slips_failed = sums.get(("slips", "failed"), 0)
        closed = closed_months(first, last, today)
        current = Month.of(today)
        touches_open = Month.of(first) <= current <= Month.of(last)
        wanted = closed + ([current] if touches_open else [])
        counts = _month_counts(conn, wanted, station, stations)
        booked = booking_figures.month_counts(conn, wanted, station, stations)
    out.months = [month_table(month, counts.get(str(month), {})) for month in closed]
    out.booking_months = [
        booking_figures.booking_month(month, booked.get(str(month), {})) for month in closed
    ]
    if touches_open:
        now = counts.get(str(current), {})
        out.open_month = current
        out.open_assessments = mask_count(
            sum(n for (metric, _k, _s), n in now.items() if metric == "assessments")
        )
        out.open_staff_calls = mask_count(
            sum(n for (metric, _k, _s), n in now.items() if metric == "staff_calls")
        )
        out.open_bookings = booking_figures.open_month_bookings(booked.get(str(current), {}))
    return out
