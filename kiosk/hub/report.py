"""Station reports and the counsellor's follow-up look-up.

Privacy (DESIGN.md), through :mod:`kiosk.disclosure`, the one rule every table uses:
for the days asked for, a report shows how many self-assessments there were (1–4 as
"<5") and never which bands. Results by instrument and band, and staff calls by reason
(a call from the crisis screen reveals an assessment's safety item), come only for
the closed calendar months the days touch, each whole month on its own, protected:
counts 1–4 as "<5" and complementary cells as "—". A month is closed on the hub once
it is over at every station (:func:`kiosk.disclosure.hub_today`); dates are the
stations' own (``occurred_date``). A follow-up code is the only way to a single result.
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
from sqlalchemy.engine import Connection, Engine

from kiosk.disclosure import (
    Cell,
    Month,
    closed_months,
    hub_today,
    mask_count,
    protect_bands,
    protect_row,
)
from kiosk.hub.schema import events


@dataclass
class StationReport:
    station_id: str
    date_from: date
    date_to: date
    visits: list[dict[str, Any]] = field(default_factory=list)
    assessments_total: Cell = 0  # the days asked for: how many, no bands
    months: list[dict[str, Any]] = field(default_factory=list)  # closed months, protected
    slips_printed: int = 0
    slips_failed: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready data."""
        return {
            "station_id": self.station_id,
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
            "visits": self.visits,
            "assessments_total": self.assessments_total,
            "months": self.months,
            "slips_printed": self.slips_printed,
            "slips_failed": self.slips_failed,
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)

    def to_csv(self) -> str:
        """One table: ``section,date,group,subgroup,count`` (``date`` is a day or a month)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["section", "date", "group", "subgroup", "count"])
        for row in self.visits:
            writer.writerow(["visits", row["date"], row["trade"], "", row["count"]])
        writer.writerow(["assessments_total", "", "", "", self.assessments_total])
        for month in self.months:
            when = month["month"]
            writer.writerow(["assessment_totals", when, "", "", month["assessments_total"]])
            for row in month["assessment_totals"]:
                writer.writerow(["assessment_totals", when, row["instrument_id"], "", row["count"]])
            for row in month["assessments"]:
                writer.writerow(
                    ["assessments", when, row["instrument_id"], row["band"], row["count"]]
                )
            writer.writerow(["staff_call_totals", when, "", "", month["staff_calls_total"]])
            for row in month["staff_calls"]:
                writer.writerow(["staff_calls", when, row["reason"], "", row["count"]])
        writer.writerow(["slips_printed", "", "", "", self.slips_printed])
        writer.writerow(["slips_failed", "", "", "", self.slips_failed])
        return out.getvalue()


def _between(first: date, last: date) -> Any:
    return (events.c.occurred_date >= first.isoformat()) & (
        events.c.occurred_date <= last.isoformat()
    )


def month_table(conn: Connection, station_id: str, month: Month) -> dict[str, Any]:
    """A closed month's results by band and staff calls by reason, protected."""
    query = sa.select(events.c.type, events.c.payload).where(
        (events.c.station_id == station_id)
        & events.c.type.in_(("assessment", "staff_call"))
        & _between(month.first_day, month.last_day)
    )
    bands: Counter[tuple[str, str]] = Counter()
    calls: Counter[str] = Counter()
    for row in conn.execute(query.execution_options(yield_per=2000)):
        payload = row.payload
        if row.type == "assessment":
            bands[(str(payload.get("instrument_id")), str(payload.get("band")))] += 1
        else:
            calls[str(payload.get("reason"))] += 1
    raw: dict[str, dict[str, int]] = {}
    for (instrument, band), n in bands.items():
        raw.setdefault(instrument, {})[band] = n
    shown, instrument_totals, total = protect_bands(raw)
    reasons = sorted(calls)
    call_cells, call_total = protect_row([calls[r] for r in reasons])
    return {
        "month": str(month),
        "assessments_total": total,
        "assessment_totals": [
            {"instrument_id": i, "count": n} for i, n in instrument_totals.items()
        ],
        "assessments": [
            {"instrument_id": i, "band": b, "count": n}
            for i, cells in shown.items()
            for b, n in cells.items()
        ],
        "staff_calls_total": call_total,
        "staff_calls": [
            {"reason": r, "count": n} for r, n in zip(reasons, call_cells, strict=True)
        ],
    }


def station_report(
    engine: Engine,
    station_id: str,
    date_from: date,
    date_to: date,
    today: date | None = None,
) -> StationReport:
    """A station's figures for the local days ``[date_from, date_to]``; band tables for
    the closed months those days touch (``today`` decides, default :func:`hub_today`)."""
    query = (
        sa.select(events.c.type, events.c.occurred_date, events.c.payload)
        .where(
            (events.c.station_id == station_id)
            & events.c.type.in_(("visit", "assessment", "slip_printed"))
            & _between(date_from, date_to)
        )
        .execution_options(yield_per=2000)
    )
    visits: Counter[tuple[str, str]] = Counter()
    assessed = slips_ok = slips_failed = 0
    with engine.connect() as conn:
        for row in conn.execute(query):
            payload = row.payload
            if row.type == "visit":
                visits[(row.occurred_date, str(payload.get("trade")))] += 1
            elif row.type == "assessment":
                assessed += 1
            elif payload.get("ok"):
                slips_ok += 1
            else:
                slips_failed += 1
        months = [
            month_table(conn, station_id, month)
            for month in closed_months(date_from, date_to, today or hub_today())
        ]
    return StationReport(
        station_id=station_id,
        date_from=date_from,
        date_to=date_to,
        visits=[
            {"date": day, "trade": trade, "count": count}
            for (day, trade), count in sorted(visits.items())
        ],
        assessments_total=mask_count(assessed),
        months=months,
        slips_printed=slips_ok,
        slips_failed=slips_failed,
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
