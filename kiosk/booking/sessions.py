"""The station's coming sessions, from the ``session`` content the hub sent.

Offline the kiosk shows these without seat counts; online it adds the hub's live free
seats (``GET /v1/sessions``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from kiosk.db.database import Database


@dataclass(frozen=True)
class Slot:
    """One session a worker can book; ``free`` is None when the hub was not asked."""

    id: str
    station_id: str
    starts_at: datetime  # aware, station-local
    ends_at: datetime
    capacity: int
    free: int | None = None

    @property
    def day(self) -> date:
        return self.starts_at.date()


def _slot(body: dict) -> Slot | None:
    try:
        return Slot(
            id=str(body["id"]),
            station_id=str(body["station_id"]),
            starts_at=datetime.fromisoformat(body["starts_at"]),
            ends_at=datetime.fromisoformat(body["ends_at"]),
            capacity=int(body["capacity"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


def upcoming(db: Database, station_id: str, now: datetime | None = None) -> list[Slot]:
    """This station's sessions that have not started, soonest first."""
    now = now or datetime.now(UTC)
    rows = db.query(
        "SELECT body FROM content_items WHERE kind = 'session' AND deleted = 0 AND body IS NOT NULL"
    )
    slots = []
    for (body,) in rows:
        slot = _slot(json.loads(body) if isinstance(body, str) else body)
        if slot is None or slot.station_id != station_id or slot.starts_at.tzinfo is None:
            continue
        if slot.starts_at > now:
            slots.append(slot)
    return sorted(slots, key=lambda s: (s.starts_at, s.id))


def with_seats(slots: list[Slot], free: dict[str, int] | None) -> list[Slot]:
    """The slots with the hub's free seats; without an answer from the hub, unchanged.
    A session the hub no longer lists (cancelled meanwhile) is left out."""
    if free is None:
        return slots
    return [replace(slot, free=free[slot.id]) for slot in slots if slot.id in free]


def by_day(slots: list[Slot]) -> list[tuple[date, list[Slot]]]:
    """The slots grouped by station-local day, in order."""
    days: dict[date, list[Slot]] = {}
    for slot in slots:
        days.setdefault(slot.day, []).append(slot)
    return list(days.items())
