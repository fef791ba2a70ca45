"""Record a check-in: the visit and its ``visit`` outbox event in one transaction."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kiosk.checkin.member import MemberNumberProblem, check_member_number
from kiosk.checkin.options import CheckinOptions
from kiosk.config import Config
from kiosk.db.database import Database, Fact, RecordError

log = logging.getLogger(__name__)

__all__ = [
    "CheckinError",
    "CheckinResult",
    "VisitToRecord",
    "RecordError",  # what write_visit raises, named here for the screens (DESIGN.md)
    "check_visit",
    "record_visit",
    "visits_today",
    "write_visit",
]


class CheckinError(ValueError):
    """A check-in that must not be recorded (unknown trade, bad member number…)."""

    def __init__(self, message: str, problem: MemberNumberProblem | None = None) -> None:
        super().__init__(message)
        self.problem = problem


@dataclass(frozen=True)
class CheckinResult:
    """What the thank-you screen shows."""

    visitor_number: int
    seq: int


def visits_today(db: Database, station_id: str, day: str | None = None) -> int:
    """How many visits this station has recorded today (station-local day)."""
    day = day or datetime.now().date().isoformat()
    # The hot path after a tap: plain sqlite3 on the ix_visits_station_day index.
    rows = db.query(
        "SELECT count(*) FROM visits WHERE station_id = ? AND local_day = ?", (station_id, day)
    )
    return rows[0][0]


@dataclass(frozen=True)
class VisitToRecord:
    """A checked visit, ready to write (:func:`check_visit` made it; nothing written yet)."""

    station_id: str
    payload: dict[str, Any]
    fact: Fact
    when: datetime


def check_visit(
    config: Config,
    options: CheckinOptions,
    *,
    trade: str,
    services: list[str],
    member_number: str = "",
    now: datetime | None = None,
) -> VisitToRecord:
    """Validate one visit without touching the database; raises CheckinError."""
    if trade not in options.trade_ids():
        raise CheckinError(f"unknown trade {trade!r}")
    unknown = set(services) - options.service_ids()
    if unknown:
        raise CheckinError(f"unknown service {sorted(unknown)[0]!r}")
    problem = check_member_number(member_number, config.kiosk)
    if problem is not None:
        raise CheckinError(f"member number refused: {problem.value}", problem)
    # Keep the station's order and drop repeats so the record does not depend on tap order.
    ordered = [s.id for s in options.services if s.id in set(services)]
    when = (now or datetime.now()).astimezone()
    local = when.replace(tzinfo=None)
    station = config.station.id
    payload = {
        "trade": trade,
        "services": ordered,
        "member_number": member_number or None,
        "station_id": station,
    }
    fact = Fact(
        "visits",
        {
            "station_id": station,
            "trade": trade,
            "services": ordered,
            "member_number": member_number or None,
            "occurred_at": local,
            "local_day": local.date().isoformat(),
            "local_hour": local.hour,
        },
    )
    return VisitToRecord(station, payload, fact, when)


def write_visit(db: Database, visit: VisitToRecord) -> CheckinResult:
    """Write a checked visit and its outbox event in one transaction; raises RecordError."""
    recorded = db.record("visit", visit.payload, visit.fact, occurred_at=visit.when)
    log.info("visit recorded (seq %d)", recorded.seq)
    day = visit.fact.values["local_day"]
    return CheckinResult(visits_today(db, visit.station_id, day), recorded.seq)


def record_visit(
    db: Database,
    config: Config,
    options: CheckinOptions,
    *,
    trade: str,
    services: list[str],
    member_number: str = "",
    now: datetime | None = None,
) -> CheckinResult:
    """Validate and record one visit; raises CheckinError (nothing written) or RecordError."""
    visit = check_visit(
        config, options, trade=trade, services=services, member_number=member_number, now=now
    )
    return write_visit(db, visit)
