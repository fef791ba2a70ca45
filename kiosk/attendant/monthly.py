"""A closed month's band tables on the terminal, protected by :mod:`kiosk.disclosure`.

Assessment results by instrument and band, and staff calls by reason (a call from the
crisis screen reveals an assessment's safety item), are shown only for a closed
calendar month, station-local, the whole month on its own — never for today, never
for a range of days, never summed over months. Each table goes through
:func:`kiosk.disclosure.protect` as it is shown: rows are instruments (one cell per
band the month saw, a band not listed had none), each with its total, and the month's
total; staff calls are one row (a cell per reason) and its total.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.db.models import Assessment, StaffCall
from kiosk.disclosure import Cell, Month, protect_bands, protect_row


@dataclass(frozen=True)
class MonthFigures:
    """One closed month, every count as a person may see it (int, "<5" or "—")."""

    month: Month
    # instrument id -> band id -> shown count; instruments and bands sorted by id
    bands: dict[str, dict[str, Cell]]
    instrument_totals: dict[str, Cell]
    assessments_total: Cell
    staff_calls: dict[str, Cell]  # reason -> shown count
    staff_calls_total: Cell


def month_bounds(month: Month) -> tuple[datetime, datetime]:
    """[start, end) of a month in the terminal's naive station-local times."""
    start = datetime.combine(month.first_day, time.min)
    return start, datetime.combine(month.last_day + timedelta(days=1), time.min)


def month_figures(session: Session, station_id: str, month: Month) -> MonthFigures:
    """The month's protected tables. Only call it for a closed month (the caller's job:
    :func:`kiosk.disclosure.closed_months`)."""
    start, end = month_bounds(month)
    raw: dict[str, dict[str, int]] = {}
    assessment, call = Assessment.__table__.c, StaffCall.__table__.c  # Core: counts only
    for instrument, band, n in session.execute(
        select(assessment.instrument_id, assessment.band, func.count())
        .where(
            assessment.station_id == station_id,
            assessment.hour >= start,
            assessment.hour < end,
        )
        .group_by(assessment.instrument_id, assessment.band)
    ):
        raw.setdefault(instrument, {})[band] = n
    calls = dict(
        session.execute(
            select(call.reason, func.count())
            .where(
                call.station_id == station_id,
                call.occurred_at >= start,
                call.occurred_at < end,
            )
            .group_by(call.reason)
        ).all()
    )
    return figures_of(month, raw, calls)


def figures_of(month: Month, raw: dict[str, dict[str, int]], calls: dict[str, int]) -> MonthFigures:
    """Protect a month's raw counts (instrument → band → n, reason → n)."""
    bands, instrument_totals, total = protect_bands(raw)
    reasons = sorted(calls)
    call_cells, call_total = protect_row([calls[r] for r in reasons])
    return MonthFigures(
        month=month,
        bands=bands,
        instrument_totals=instrument_totals,
        assessments_total=total,
        staff_calls=dict(zip(reasons, call_cells, strict=True)),
        staff_calls_total=call_total if call_total is not None else 0,
    )
