"""Roll-ups kept by ingest: per station and station-local day or month, counts by metric.

Ingest calls :func:`store_rollups` with the rows it has just inserted, in the same
transaction, so a figure and the events behind it are committed together or not at
all, and a duplicate (skipped by ``ON CONFLICT DO NOTHING``) is never counted twice.

Metrics (``key`` and ``sub`` are ``""`` where unused):

============== ========================== ======= ======= =========
metric         counts                     key     sub     kept
============== ========================== ======= ======= =========
visits         check-ins                                  day, month
visit_trade    check-ins by trade         trade           day, month
visit_service  check-ins using a service  service         day, month
slips          slips                      ok or           day, month
                                          failed
staff_calls    staff calls                reason          month
assessments    assessment results         instrument band  month
============== ========================== ======= ======= =========

Staff calls and assessment results are kept by month only: the disclosure rule
(DESIGN.md privacy) shows them for whole calendar months and never by day.

Every figure is also added to one of ``SHARDS`` union-wide rows, ``station_id`` =
``"*0"`` … ``"*7"`` (no station id can start with ``*``), chosen by the station, so a
union-wide page sums 8 rows a day instead of one per station, and terminals of
different stations seldom wait for the same row's lock.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from operator import itemgetter
from typing import Any

import msgspec

from kiosk.hub.batch import EVENT_COLUMNS

KEY_LENGTH = 128  # the key and sub columns' width; longer texts are cut there
SHARDS = 8
ALL_STATIONS = tuple(f"*{n}" for n in range(SHARDS))
MONTHLY_ONLY = frozenset({"staff_calls", "assessments"})

_TYPE = EVENT_COLUMNS.index("type")
_DATE = EVENT_COLUMNS.index("occurred_date")
_STATION = EVENT_COLUMNS.index("station_id")
_PAYLOAD = EVENT_COLUMNS.index("payload")


# Only the fields a figure needs: unknown fields are skipped (the payload was already
# validated in full by kiosk.hub.batch or the wire models before it got here).
class _Visit(msgspec.Struct):
    trade: str
    services: list[str]


class _Slip(msgspec.Struct):
    ok: bool


class _Call(msgspec.Struct):
    reason: str


class _Assessment(msgspec.Struct):
    instrument_id: str
    band: str


_VISIT = msgspec.json.Decoder(_Visit).decode
_SLIP = msgspec.json.Decoder(_Slip).decode
_CALL = msgspec.json.Decoder(_Call).decode
_ASSESSMENT = msgspec.json.Decoder(_Assessment).decode

Key = tuple[str, str, str, str, str]  # station, day or month, metric, key, sub


def facts(kind: str, payload: str | bytes) -> list[tuple[str, str, str]]:
    """The ``(metric, key, sub)`` an event of type ``kind`` adds one to."""
    if kind == "visit":
        visit = _VISIT(payload)
        out = [("visits", "", ""), ("visit_trade", visit.trade[:KEY_LENGTH], "")]
        for service in sorted({service[:KEY_LENGTH] for service in visit.services}):
            out.append(("visit_service", service, ""))
        return out
    if kind == "slip_printed":
        return [("slips", "ok" if _SLIP(payload).ok else "failed", "")]
    if kind == "staff_call":
        return [("staff_calls", _CALL(payload).reason[:KEY_LENGTH], "")]
    if kind == "assessment":
        result = _ASSESSMENT(payload)
        return [("assessments", result.instrument_id[:KEY_LENGTH], result.band[:KEY_LENGTH])]
    return []


@lru_cache(maxsize=4096)
def shard_of(station: str) -> str:
    """The union-wide row a station's figures are added to."""
    return ALL_STATIONS[zlib.crc32(station.encode()) % SHARDS]


def add(
    daily: Counter[Key], monthly: Counter[Key], kind: str, station: str, day: str, payload: Any
) -> None:
    """Count one event of type ``kind`` at ``station`` on local ``day`` (``YYYY-MM-DD``)."""
    if kind == "attendant_action":
        return
    month = day[:7]
    shard = shard_of(station)
    for metric, key, sub in facts(kind, payload):
        monthly[(station, month, metric, key, sub)] += 1
        monthly[(shard, month, metric, key, sub)] += 1
        if metric not in MONTHLY_ONLY:
            daily[(station, day, metric, key, sub)] += 1
            daily[(shard, day, metric, key, sub)] += 1


_PICK = itemgetter(_TYPE, _STATION, _DATE, _PAYLOAD)


def deltas(rows: Iterable[Sequence[Any]]) -> tuple[Counter[Key], Counter[Key]]:
    """Daily and monthly increments for event rows in ``EVENT_COLUMNS`` order.

    Ingest pays for this on every batch, so the work per event is one hash: events are
    grouped by (type, station, day, payload text) first (many payloads are the same
    text), each group's payload is decoded once, and months and union-wide rows are
    derived from the few per-day keys, not per event.
    """
    per_day: Counter[Key] = Counter()
    for (kind, station, day, payload), n in Counter(map(_PICK, rows)).items():
        if kind == "attendant_action":
            continue
        for metric, key, sub in facts(kind, payload):
            per_day[(station, day, metric, key, sub)] += n
    daily: Counter[Key] = Counter()
    monthly: Counter[Key] = Counter()
    for (station, day, metric, key, sub), n in per_day.items():
        month = day[:7]
        shard = shard_of(station)
        monthly[(station, month, metric, key, sub)] += n
        monthly[(shard, month, metric, key, sub)] += n
        if metric not in MONTHLY_ONLY:
            daily[(station, day, metric, key, sub)] += n
            daily[(shard, day, metric, key, sub)] += n
    return daily, monthly


def _upsert_sql(table: str, period: str, marker: str) -> str:
    return (
        f"INSERT INTO {table} (station_id, {period}, metric, key, sub, count) "
        f"VALUES ({', '.join([marker] * 6)}) "
        f"ON CONFLICT (station_id, {period}, metric, key, sub) "
        f"DO UPDATE SET count = {table}.count + excluded.count"
    )


def store_rollups(cursor: Any, marker: str, rows: Sequence[Sequence[Any]]) -> None:
    """Add the figures of newly inserted event ``rows`` with the driver's executemany.

    Keys go in sorted order, daily before monthly, so that on PostgreSQL two
    transactions adding to the same station's rows lock them in the same order and
    never deadlock. Ingest calls this last, just before its commit, so the row locks
    are held for as short a time as can be.
    """
    if not rows:
        return
    daily, monthly = deltas(rows)
    for table, period, counts in (
        ("figures_daily", "day", daily),
        ("figures_monthly", "month", monthly),
    ):
        if counts:
            cursor.executemany(
                _upsert_sql(table, period, marker),
                [(*key, count) for key, count in sorted(counts.items())],
            )
