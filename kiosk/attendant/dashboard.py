"""The attendant's figures: what the station served, and whether the terminal is healthy.

Privacy (DESIGN.md): every count of assessment results a person sees is shown
as "<5" when it is between 1 and 4, so nobody can read one worker's result off
the table. :func:`mask_count` is the one place that rule lives; the dashboard,
the CSV and the PDF all use it. No figure here is a single assessment.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from kiosk.db.database import Database
from kiosk.db.meta import get_meta
from kiosk.db.models import Alert, Assessment, AttendantAction, SlipPrint, StaffCall, Visit

LOW_DISK_MB = 500
MASK = "<5"


def mask_count(n: int) -> str:
    """A count of assessment results as a person may see it: 1–4 become "<5"."""
    return MASK if 1 <= n <= 4 else str(n)


@dataclass(frozen=True)
class WaitingCall:
    id: int
    reason: str
    occurred_at: datetime


@dataclass(frozen=True)
class SyncStatus:
    last_success: str | None
    outbox_length: int
    oldest_unsent: str | None
    last_error: str | None
    clock_skew_s: float | None
    rejected: int


@dataclass(frozen=True)
class Dashboard:
    """Figures for a date range (a single day on the dashboard, a range in exports)."""

    station_id: str
    day_from: date
    day_to: date
    visits_total: int
    visits_by_trade: dict[str, int]
    visits_by_hour: list[int]  # 24 buckets, station-local hour
    visits_by_day: dict[str, int]
    # instrument id -> band id -> count, already masked for display ("<5")
    assessments: dict[str, dict[str, str]]
    assessments_total: str
    slips_printed: int
    slips_failed: int
    paper_used_since_refill: int
    staff_calls_waiting: list[WaitingCall]
    sync: SyncStatus
    alerts: list[str] = field(default_factory=list)


def _day_bounds(day_from: date, day_to: date) -> tuple[datetime, datetime]:
    return datetime.combine(day_from, datetime.min.time()), datetime.combine(
        day_to + timedelta(days=1), datetime.min.time()
    )


def sync_status(db: Database) -> SyncStatus:
    from kiosk.sync import outbox

    stats = outbox.stats(db)
    skew = get_meta(db, "clock_skew_s")
    return SyncStatus(
        last_success=get_meta(db, "sync_last_success"),
        outbox_length=stats.pending,
        oldest_unsent=stats.oldest_unsent,
        last_error=get_meta(db, "sync_last_error") or None,
        clock_skew_s=float(skew) if skew else None,
        rejected=stats.rejected,
    )


def low_disk_alert(folder) -> str | None:  # type: ignore[no-untyped-def]
    try:
        free_mb = shutil.disk_usage(folder).free // (1024 * 1024)
    except OSError:
        return None
    if free_mb < LOW_DISK_MB:
        return f"Low disk space: {free_mb} MB free."
    return None


def compute_dashboard(
    db: Database, station_id: str, day_from: date, day_to: date | None = None
) -> Dashboard:
    """Every figure the attendant sees, straight from the database (indexed queries)."""
    day_to = day_to or day_from
    start, end = _day_bounds(day_from, day_to)
    days = (day_from.isoformat(), day_to.isoformat())
    with db.session() as s:
        in_range = (Visit.station_id == station_id, Visit.local_day.between(*days))
        by_trade = dict(
            s.execute(
                select(Visit.trade, func.count()).where(*in_range).group_by(Visit.trade)
            ).all()
        )
        by_hour = [0] * 24
        for hour, n in s.execute(
            select(Visit.local_hour, func.count()).where(*in_range).group_by(Visit.local_hour)
        ):
            by_hour[hour] = n
        by_day = dict(
            s.execute(
                select(Visit.local_day, func.count()).where(*in_range).group_by(Visit.local_day)
            ).all()
        )
        raw: dict[str, dict[str, int]] = {}
        for instrument, band, n in s.execute(
            select(Assessment.instrument_id, Assessment.band, func.count())
            .where(
                Assessment.station_id == station_id,
                Assessment.hour >= start,
                Assessment.hour < end,
            )
            .group_by(Assessment.instrument_id, Assessment.band)
        ):
            raw.setdefault(instrument, {})[band] = n
        slips = dict(
            s.execute(
                select(SlipPrint.ok, func.count())
                .where(
                    SlipPrint.station_id == station_id,
                    SlipPrint.occurred_at >= start,
                    SlipPrint.occurred_at < end,
                )
                .group_by(SlipPrint.ok)
            ).all()
        )
        last_refill = s.scalar(
            select(func.max(AttendantAction.occurred_at)).where(
                AttendantAction.action == "paper_refilled"
            )
        )
        paper_used = s.scalar(
            select(func.count()).where(
                SlipPrint.ok.is_(True),
                SlipPrint.occurred_at > (last_refill or datetime.min),
            )
        )
        calls = [
            WaitingCall(c.id, c.reason, c.occurred_at)
            for c in s.scalars(
                select(StaffCall)
                .where(StaffCall.acknowledged_at.is_(None))
                .order_by(StaffCall.occurred_at)
            )
        ]
        alerts = [
            a.message
            for a in s.scalars(select(Alert).where(Alert.cleared_at.is_(None)).order_by(Alert.id))
        ]
    disk = low_disk_alert(db.path.parent)
    if disk:
        alerts.append(disk)
    total = sum(n for bands in raw.values() for n in bands.values())
    return Dashboard(
        station_id=station_id,
        day_from=day_from,
        day_to=day_to,
        visits_total=sum(by_trade.values()),
        visits_by_trade=by_trade,
        visits_by_hour=by_hour,
        visits_by_day=by_day,
        assessments={
            inst: {band: mask_count(n) for band, n in sorted(bands.items())}
            for inst, bands in sorted(raw.items())
        },
        assessments_total=mask_count(total),
        slips_printed=slips.get(True, 0),
        slips_failed=slips.get(False, 0),
        paper_used_since_refill=paper_used or 0,
        staff_calls_waiting=calls,
        sync=sync_status(db),
        alerts=alerts,
    )
