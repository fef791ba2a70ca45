"""The attendant's figures: what the station served, and whether the terminal is healthy.

Privacy (DESIGN.md): results by band, and staff calls by reason, are shown only for
closed calendar months, each whole month on its own (:mod:`kiosk.attendant.monthly`,
protected by :mod:`kiosk.disclosure`, the one place the rule lives). For the days
asked for — today on the dashboard, a range in an export — only how many
self-assessments there were, masked like every count ("<5" for 1–4). So an attendant
who watched one worker finish cannot see which band a count went up in. The
dashboard, the CSV and the PDF all come from :func:`compute_dashboard`. No figure
here is a single assessment.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from kiosk.attendant.monthly import MonthFigures, month_figures
from kiosk.db.database import Database
from kiosk.db.meta import get_meta
from kiosk.db.models import Alert, Assessment, AttendantAction, SlipPrint, StaffCall, Visit
from kiosk.disclosure import Cell, Month, closed_months, mask_count
from kiosk.sync import outbox

LOW_DISK_MB = 500

# Columns of the tables, for SQLAlchemy Core: the figures are counts and need no ORM
# objects, and a Core statement compiles in a fraction of the time (the attendant's
# first look after the PIN compiles every one of them).
_visit = Visit.__table__.c
_assessment = Assessment.__table__.c
_slip = SlipPrint.__table__.c
_action = AttendantAction.__table__.c
_call = StaffCall.__table__.c
_alert = Alert.__table__.c


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
    # How many self-assessments in the days asked for, masked ("<5" for 1-4): no bands.
    assessments_total: Cell
    # Band tables, one per closed month (each whole), oldest first, already protected.
    months: list[MonthFigures]
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
    db: Database,
    station_id: str,
    day_from: date,
    day_to: date | None = None,
    *,
    months: list[Month] | None = None,
    today: date | None = None,
) -> Dashboard:
    """Every figure the attendant sees, straight from the database (indexed queries).

    ``months`` are the closed months whose band tables to include; by default those
    the days touch (``today``, default the date, decides which months are closed).
    """
    day_to = day_to or day_from
    if months is None:
        months = closed_months(day_from, day_to, today or date.today())
    start, end = _day_bounds(day_from, day_to)
    days = (day_from.isoformat(), day_to.isoformat())
    with db.session() as s:
        in_range = (_visit.station_id == station_id, _visit.local_day.between(*days))
        by_trade = dict(
            s.execute(
                select(_visit.trade, func.count()).where(*in_range).group_by(_visit.trade)
            ).all()
        )
        by_hour = [0] * 24
        for hour, n in s.execute(
            select(_visit.local_hour, func.count()).where(*in_range).group_by(_visit.local_hour)
        ):
            by_hour[hour] = n
        by_day = dict(
            s.execute(
                select(_visit.local_day, func.count()).where(*in_range).group_by(_visit.local_day)
            ).all()
        )
        assessed = s.scalar(
            select(func.count()).where(
                _assessment.station_id == station_id,
                _assessment.hour >= start,
                _assessment.hour < end,
            )
        )
        tables = [month_figures(s, station_id, month) for month in months]
        slips = dict(
            s.execute(
                select(_slip.ok, func.count())
                .where(
                    _slip.station_id == station_id,
                    _slip.occurred_at >= start,
                    _slip.occurred_at < end,
                )
                .group_by(_slip.ok)
            ).all()
        )
        last_refill = s.scalar(
            select(func.max(_action.occurred_at)).where(_action.action == "paper_refilled")
        )
        paper_used = s.scalar(
            select(func.count()).where(
                _slip.ok.is_(True),
                _slip.occurred_at > (last_refill or datetime.min),
            )
        )
        calls = [
            WaitingCall(c.id, c.reason, c.occurred_at)
            for c in s.execute(
                select(_call.id, _call.reason, _call.occurred_at)
                .where(_call.acknowledged_at.is_(None))
                .order_by(_call.occurred_at)
            )
        ]
        alerts = list(
            s.scalars(select(_alert.message).where(_alert.cleared_at.is_(None)).order_by(_alert.id))
        )
    disk = low_disk_alert(db.path.parent)
    if disk:
        alerts.append(disk)
    return Dashboard(
        station_id=station_id,
        day_from=day_from,
        day_to=day_to,
        visits_total=sum(by_trade.values()),
        visits_by_trade=by_trade,
        visits_by_hour=by_hour,
        visits_by_day=by_day,
        assessments_total=mask_count(assessed or 0),
        months=tables,
        slips_printed=slips.get(True, 0),
        slips_failed=slips.get(False, 0),
        paper_used_since_refill=paper_used or 0,
        staff_calls_waiting=calls,
        sync=sync_status(db),
        alerts=alerts,
    )
