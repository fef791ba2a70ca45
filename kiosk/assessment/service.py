"""Recording a finished self-assessment and a call for staff.

Privacy (DESIGN.md): the record carries the instrument id and version, the
answers, total, band, safety flag, station id and the time truncated to the
hour — no visit link, no member number, no device fingerprint. A follow-up code
exists only if the worker asked for one, and is random.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from kiosk.assessment.scoring import Score
from kiosk.config import Config
from kiosk.db.database import Database, Fact

log = logging.getLogger(__name__)

# No 0/O, 1/I/L: a worker reads the code to a counsellor over the phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def new_follow_up_code() -> str:
    """A random 8-character code (~39 bits) from an alphabet without look-alikes."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def truncate_to_hour(when: datetime) -> datetime:
    return when.replace(minute=0, second=0, microsecond=0)


@dataclass(frozen=True)
class AssessmentRecorded:
    follow_up_code: str | None
    seq: int


def record_assessment(
    db: Database,
    config: Config,
    result: Score,
    answers: Sequence[int],
    *,
    follow_up: bool = False,
    now: datetime | None = None,
) -> AssessmentRecorded:
    """Store one finished assessment and its ``assessment`` event in one transaction."""
    hour = truncate_to_hour((now or datetime.now()).astimezone())
    code = new_follow_up_code() if follow_up else None
    safety = bool(result.flags)
    payload = {
        "instrument_id": result.instrument_id,
        "instrument_version": result.version,
        "answers": list(answers),
        "total": result.total,
        "band": result.band.id,
        "safety_flag": safety,
        "follow_up_code": code,
        "station_id": config.station.id,
        "hour": hour.isoformat(),
    }
    fact = Fact(
        "assessments",
        {
            "station_id": config.station.id,
            "instrument_id": result.instrument_id,
            "instrument_version": str(result.version),
            "answers": list(answers),
            "total": result.total,
            "band": result.band.id,
            "safety_flag": safety,
            "follow_up_code": code,
            "hour": hour.replace(tzinfo=None),
        },
    )
    # The event's time is the hour too: occurred_at must not undo the truncation.
    recorded = db.record("assessment", payload, fact, occurred_at=hour)
    log.info("assessment recorded (seq %d)", recorded.seq)
    return AssessmentRecorded(code, recorded.seq)


def record_staff_call(
    db: Database, config: Config, reason: str, *, now: datetime | None = None
) -> int:
    """A worker asked for the attendant: store it (for the dashboard alert) and its event."""
    when = (now or datetime.now()).astimezone()
    fact = Fact(
        "staff_calls",
        {
            "station_id": config.station.id,
            "reason": reason,
            "occurred_at": when.replace(tzinfo=None),
        },
    )
    recorded = db.record(
        "staff_call", {"reason": reason, "station_id": config.station.id}, fact, occurred_at=when
    )
    log.info("staff call recorded (%s)", reason)
    return recorded.seq
