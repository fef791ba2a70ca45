"""Reading the outbox for upload and marking what the hub acknowledged.

Unsent events are always a contiguous run of seqs (acks mark everything up to
a seq), so a batch is simply the next ≤ 500 unsent events in seq order, cut
short before it would pass the 1 MiB request limit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from kiosk.db.database import Database
from kiosk.db.models import OutboxEvent
from kiosk.sync.limits import MAX_BATCH_BYTES, MAX_BATCH_EVENTS

# Room left for the envelope around the events.
_BYTES_BUDGET = MAX_BATCH_BYTES - 4096


@dataclass(frozen=True)
class Batch:
    """The next events to push, already in wire form."""

    events: list[dict[str, Any]]

    @property
    def first_seq(self) -> int:
        return self.events[0]["seq"]

    @property
    def last_seq(self) -> int:
        return self.events[-1]["seq"]


def next_batch(db: Database, limit: int = MAX_BATCH_EVENTS) -> Batch | None:
    """The next unsent events in seq order (at most ``limit`` and about 1 MiB), or None."""
    # Core rows, not ORM objects: a 100,000-event backlog is read 500 at a time.
    t = OutboxEvent.__table__.c
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(t.event_id, t.seq, t.type, t.schema_version, t.occurred_at, t.payload)
            .where(t.sent_at.is_(None))
            .order_by(t.seq)
            .limit(limit)
        ).all()
    events: list[dict[str, Any]] = []
    size = 0
    for row in rows:
        event = row._asdict()
        encoded = len(json.dumps(event, ensure_ascii=False).encode()) + 1
        if events and size + encoded > _BYTES_BUDGET:
            break
        events.append(event)
        size += encoded
    return Batch(events) if events else None


def mark_acked(db: Database, through_seq: int, rejected: dict[str, tuple[str, str]]) -> int:
    """In one transaction: mark every event ≤ ``through_seq`` sent and note rejections.

    Returns how many events were newly marked.
    """
    now = datetime.now()
    with db.unit_of_work() as session:
        for event_id, (code, message) in rejected.items():
            session.execute(
                update(OutboxEvent)
                .where(OutboxEvent.event_id == event_id)
                .values(rejected_code=code, rejected_message=message)
            )
        result = session.execute(
            update(OutboxEvent)
            .where(OutboxEvent.seq <= through_seq, OutboxEvent.sent_at.is_(None))
            .values(sent_at=now)
        )
        return result.rowcount or 0


def rewind(db: Database, after_seq: int) -> int:
    """Mark events after ``after_seq`` unsent again (the hub lost them: 409 seq_gap)."""
    with db.unit_of_work() as session:
        result = session.execute(
            update(OutboxEvent)
            .where(OutboxEvent.seq > after_seq, OutboxEvent.sent_at.is_not(None))
            .values(sent_at=None)
        )
        return result.rowcount or 0


@dataclass(frozen=True)
class OutboxStats:
    pending: int
    oldest_unsent: str | None  # occurred_at of the oldest unsent event
    rejected: int
    last_seq: int


def stats(db: Database) -> OutboxStats:
    event = OutboxEvent.__table__.c  # Core: counts need no ORM objects, and compile faster
    with db.session() as session:
        pending, oldest = session.execute(
            select(func.count(), func.min(event.occurred_at)).where(event.sent_at.is_(None))
        ).one()
        rejected = session.scalar(select(func.count()).where(event.rejected_code.is_not(None)))
        last = session.scalar(select(func.max(event.seq)))
    return OutboxStats(pending or 0, oldest, rejected or 0, last or 0)
