"""Station reports and the counsellor's follow-up look-up.

Privacy (DESIGN.md): every count of assessment results that a person sees is shown as
"<5" when it is between 1 and 4. Staff calls are masked the same way, because a call
with reason ``crisis_screen`` reveals an assessment's safety flag. A follow-up code is
the only way to a single result.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from kiosk.hub.schema import events

MASK = "<5"


def masked(count: int) -> int | str:
    """A count as a person may see it: 1 to 4 become "<5"."""
    return MASK if 1 <= count <= 4 else count


@dataclass
class StationReport:
    station_id: str
    date_from: date
    date_to: date
    visits: list[dict[str, Any]] = field(default_factory=list)
    assessments: list[dict[str, Any]] = field(default_factory=list)
    slips_printed: int = 0
    slips_failed: int = 0
    staff_calls: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready data."""
        return {
            "station_id": self.station_id,
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
            "visits": self.visits,
            "assessments": self.assessments,
            "slips_printed": self.slips_printed,
            "slips_failed": self.slips_failed,
            "staff_calls": self.staff_calls,
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)

    def to_csv(self) -> str:
        """One table: ``section,date,group,subgroup,count``."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["section", "date", "group", "subgroup", "count"])
        for row in self.visits:
            writer.writerow(["visits", row["date"], row["trade"], "", row["count"]])
        for row in self.assessments:
            writer.writerow(["assessments", "", row["instrument_id"], row["band"], row["count"]])
        writer.writerow(["slips_printed", "", "", "", self.slips_printed])
        writer.writerow(["slips_failed", "", "", "", self.slips_failed])
        for row in self.staff_calls:
            writer.writerow(["staff_calls", "", row["reason"], "", row["count"]])
        return out.getvalue()


def station_report(
    engine: Engine, station_id: str, date_from: date, date_to: date
) -> StationReport:
    """Aggregate a station's events whose local date falls in ``[date_from, date_to]``."""
    query = (
        sa.select(events.c.type, events.c.occurred_date, events.c.payload)
        .where(
            (events.c.station_id == station_id)
            & events.c.type.in_(("visit", "assessment", "slip_printed", "staff_call"))
            & (events.c.occurred_date >= date_from.isoformat())
            & (events.c.occurred_date <= date_to.isoformat())
        )
        .execution_options(yield_per=2000)
    )
    visits: Counter[tuple[str, str]] = Counter()
    assessments: Counter[tuple[str, str]] = Counter()
    calls: Counter[str] = Counter()
    slips_ok = slips_failed = 0
    with engine.connect() as conn:
        for row in conn.execute(query):
            payload = row.payload
            if row.type == "visit":
                visits[(row.occurred_date, str(payload.get("trade")))] += 1
            elif row.type == "assessment":
                assessments[(str(payload.get("instrument_id")), str(payload.get("band")))] += 1
            elif row.type == "slip_printed":
                if payload.get("ok"):
                    slips_ok += 1
                else:
                    slips_failed += 1
            else:
                calls[str(payload.get("reason"))] += 1
    return StationReport(
        station_id=station_id,
        date_from=date_from,
        date_to=date_to,
        visits=[
            {"date": day, "trade": trade, "count": count}
            for (day, trade), count in sorted(visits.items())
        ],
        assessments=[
            {"instrument_id": instrument, "band": band, "count": masked(count)}
            for (instrument, band), count in sorted(assessments.items())
        ],
        slips_printed=slips_ok,
        slips_failed=slips_failed,
        staff_calls=[
            {"reason": reason, "count": masked(count)} for reason, count in sorted(calls.items())
        ],
    )


def followup(engine: Engine, code: str) -> dict[str, Any] | None:
    """The one assessment result carrying this follow-up code, or None."""
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(events.c.station_id, events.c.payload)
            .where((events.c.type == "assessment") & (events.c.follow_up_code == code))
            .limit(2)
        ).all()
    if len(rows) != 1:
        # Two results under one code would mean a colliding code: show neither.
        return None
    payload = rows[0].payload
    return {
        "follow_up_code": code,
        "station_id": rows[0].station_id,
        "instrument_id": payload.get("instrument_id"),
        "instrument_version": payload.get("instrument_version"),
        "band": payload.get("band"),
        "total": payload.get("total"),
        "safety_flag": payload.get("safety_flag"),
        "hour": payload.get("hour"),
    }
