"""Enrollment codes for many stations at once: a CSV of station ids in, a CSV of codes out.

Used by ``kiosk-hub enroll-code --stations-file F`` and the console's Terminals page.
The input is one station id per line, in the first column; a header cell ``station_id``
(or ``station``), blank lines and further columns are ignored.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from kiosk.hub.enroll import DEFAULT_CODE_DAYS, check_station_id, create_codes
from kiosk.hub.schema import utcnow

MAX_STATIONS = 2000
_HEADERS = {"station_id", "station", "驿站", "驿站编号"}


class StationsFileError(ValueError):
    """The stations CSV is unusable; the message names the line."""


@dataclass(frozen=True)
class IssuedCode:
    station_id: str
    code: str
    expires_at: datetime


def parse_stations_csv(text: str) -> list[str]:
    """Station ids in file order (duplicates kept: one code each); StationsFileError."""
    stations: list[str] = []
    for number, row in enumerate(csv.reader(io.StringIO(text.lstrip("\ufeff"))), start=1):
        cell = row[0].strip() if row else ""
        if not cell or (number == 1 and cell.lower() in _HEADERS):
            continue
        try:
            stations.append(check_station_id(cell))
        except ValueError as exc:
            raise StationsFileError(f"line {number}: {exc}") from None
        if len(stations) > MAX_STATIONS:
            raise StationsFileError(f"more than {MAX_STATIONS} stations in one file")
    if not stations:
        raise StationsFileError("no station ids in the file")
    return stations


def issue_codes(
    engine: Engine,
    stations: list[str],
    days: float = DEFAULT_CODE_DAYS,
    now: datetime | None = None,
) -> list[IssuedCode]:
    """One code per station, all in one transaction."""
    now = now or utcnow()
    codes = create_codes(engine, stations, days, now)
    expires = now + timedelta(days=days)
    return [
        IssuedCode(station, code, expires) for station, code in zip(stations, codes, strict=True)
    ]


def codes_csv(codes: list[IssuedCode]) -> str:
    """``station_id,code,expires_at`` with one row per code."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["station_id", "code", "expires_at"])
    for issued in codes:
        writer.writerow(
            [issued.station_id, issued.code, issued.expires_at.strftime("%Y-%m-%dT%H:%M:%SZ")]
        )
    return out.getvalue()
