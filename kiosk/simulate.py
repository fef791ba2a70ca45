"""``kiosk simulate``: synthetic load through the real services (check-in, assessment, staff call).

For demos, the attendant dashboard's tests and benchmarks: every record goes
through the same service function a screen calls, with its outbox event.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.config import Config

# Visits cluster at meal times and the evening, as at a real roadside station.
HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 3, 4, 4, 3, 3, 6, 8, 5, 3, 3, 4, 6, 8, 6, 4, 3, 2, 1]


@dataclass(frozen=True)
class SimulationResult:
    visits: int
    assessments: int
    staff_calls: int


def simulate(
    db,  # type: ignore[no-untyped-def]
    config: Config,
    *,
    days: int,
    visits_per_day: int,
    assessments_per_day: int,
    staff_calls_per_day: int = 0,
    seed: int = 1,
    end: datetime | None = None,
    past_only: bool = False,
) -> SimulationResult:
    """Record ``days`` days of activity ending today; returns what was written.

    ``past_only``: nothing later than ``end`` (default now), so "today" ends at the
    current time instead of running to midnight.
    """
    from kiosk.assessment import load_instruments, score
    from kiosk.assessment.service import record_assessment, record_staff_call
    from kiosk.checkin.options import load_checkin_options
    from kiosk.checkin.service import record_visit
    from kiosk.resources import resource

    rng = random.Random(seed)
    options = load_checkin_options()
    trades = [t.id for t in options.trades]
    services = [s.id for s in options.services]
    instruments, _ = load_instruments(resource("instruments"))
    usable = [i for i in instruments.values() if i.id != "quick"] or list(instruments.values())
    until = end or datetime.now()
    end = until.replace(minute=0, second=0, microsecond=0)
    counts = [0, 0, 0]
    for day in range(days - 1, -1, -1):
        base = (end - timedelta(days=day)).replace(hour=0)

        def moment(base: datetime = base) -> datetime:
            hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
            when = base + timedelta(hours=hour, minutes=rng.randrange(60))
            if past_only and when > until:  # today so far: the same hour weights
                hours = range(until.hour + 1)
                hour = rng.choices(hours, HOUR_WEIGHTS[: len(hours)])[0]
                minutes = until.minute + 1 if hour == until.hour else 60
                when = base + timedelta(hours=hour, minutes=rng.randrange(minutes))
            return when

        for _ in range(visits_per_day):
            record_visit(
                db,
                config,
                options,
                trade=rng.choice(trades),
                services=rng.sample(services, rng.randrange(0, 4)),
                now=moment(),
            )
            counts[0] += 1
        for _ in range(assessments_per_day):
            instrument = rng.choice(usable)
            scores = instrument.answer_scores
            answers = [rng.choice(scores) for _ in instrument.items]
            record_assessment(db, config, score(instrument, answers), answers, now=moment())
            counts[1] += 1
        for _ in range(staff_calls_per_day):
            record_staff_call(db, config, "crisis_screen", now=moment())
            counts[2] += 1
    return SimulationResult(*counts)
