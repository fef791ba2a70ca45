"""The terminal's tables, as SQLAlchemy 2.0 typed models.

Every fact a worker or attendant creates (a visit, an assessment, a slip, a
staff call, an attendant action) is written in the same transaction as its
``outbox`` row; see :mod:`kiosk.db.record`. Schema changes go through Alembic
(``kiosk/db/migrations``), never ``create_all``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Meta(Base):
    """Key/value facts about this database file (db_instance_id, created_at)."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class OutboxEvent(Base):
    """One immutable event waiting for (or done with) upload to the hub.

    ``seq`` is the AUTOINCREMENT rowid: it only moves forward and a rolled-back
    transaction gives its number back, so seqs stay contiguous (PROTOCOL.md).
    """

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_unsent", "sent_at", "seq"),
        Index("ix_outbox_unsent_occurred", "sent_at", "occurred_at"),  # dashboard: oldest unsent
        Index("ix_outbox_rejected", "rejected_code"),  # dashboard: rejected count
        {"sqlite_autoincrement": True},
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    type: Mapped[str] = mapped_column(String(32))
    schema_version: Mapped[int] = mapped_column(Integer, default=1)
    occurred_at: Mapped[str] = mapped_column(String(40))  # ISO 8601 with offset
    payload: Mapped[dict] = mapped_column(JSON)
    db_instance_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    rejected_code: Mapped[str | None] = mapped_column(String(64), default=None)
    rejected_message: Mapped[str | None] = mapped_column(Text, default=None)


class Visit(Base):
    """A check-in. The member number, if the station asks for one, lives only here."""

    __tablename__ = "visits"
    __table_args__ = (Index("ix_visits_station_day", "station_id", "local_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    station_id: Mapped[str] = mapped_column(String(64))
    trade: Mapped[str] = mapped_column(String(64))
    services: Mapped[list] = mapped_column(JSON, default=list)
    member_number: Mapped[str | None] = mapped_column(String(32), default=None)
    occurred_at: Mapped[datetime] = mapped_column()
    local_day: Mapped[str] = mapped_column(String(10))  # YYYY-MM-DD, station-local
    local_hour: Mapped[int] = mapped_column(Integer)
    outbox_seq: Mapped[int] = mapped_column(ForeignKey("outbox.seq"))


class Assessment(Base):
    """An anonymous self-assessment result: no visit link, time truncated to the hour."""

    __tablename__ = "assessments"
    __table_args__ = (Index("ix_assessments_station_hour", "station_id", "hour"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    station_id: Mapped[str] = mapped_column(String(64))
    instrument_id: Mapped[str] = mapped_column(String(32))
    instrument_version: Mapped[str] = mapped_column(String(16))
    answers: Mapped[list] = mapped_column(JSON)
    total: Mapped[float] = mapped_column()
    band: Mapped[str] = mapped_column(String(32))
    safety_flag: Mapped[bool] = mapped_column(Boolean, default=False)
    follow_up_code: Mapped[str | None] = mapped_column(String(16), default=None, unique=True)
    hour: Mapped[datetime] = mapped_column()  # truncated to the hour, station-local
    outbox_seq: Mapped[int] = mapped_column(ForeignKey("outbox.seq"))


class SlipPrint(Base):
    """A slip that was sent to the printer, and whether it came out."""

    __tablename__ = "slip_prints"
    __table_args__ = (Index("ix_slip_prints_time", "occurred_at", "ok"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    station_id: Mapped[str] = mapped_column(String(64))
    resource_ids: Mapped[list] = mapped_column(JSON)
    paper: Mapped[str] = mapped_column(String(8))
    ok: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(Text, default=None)
    occurred_at: Mapped[datetime] = mapped_column()
    outbox_seq: Mapped[int] = mapped_column(ForeignKey("outbox.seq"))


class StaffCall(Base):
    """A worker asked for the attendant (e.g. from the crisis screen)."""

    __tablename__ = "staff_calls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    station_id: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(64))
    occurred_at: Mapped[datetime] = mapped_column()
    acknowledged_at: Mapped[datetime | None] = mapped_column(default=None)
    outbox_seq: Mapped[int] = mapped_column(ForeignKey("outbox.seq"))


class AttendantAction(Base):
    """Audit trail of what was done in attendant mode."""

    __tablename__ = "attendant_actions"
    __table_args__ = (Index("ix_attendant_actions_action", "action", "occurred_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    station_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    occurred_at: Mapped[datetime] = mapped_column()
    outbox_seq: Mapped[int] = mapped_column(ForeignKey("outbox.seq"))


class Alert(Base):
    """Something the attendant must see: a quarantined database, a failed write…

    Local only; alerts are about this terminal and are not synced as events.
    """

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column()
    cleared_at: Mapped[datetime | None] = mapped_column(default=None)


class ContentRecord(Base):
    """Content received from the hub (instruments, resources, stations, settings).

    Replaces the shipped defaults in ``resources/`` item by item; a tombstone
    (``deleted``) hides a shipped default too.
    """

    __tablename__ = "content_items"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    body: Mapped[dict | None] = mapped_column(JSON, default=None)
    received_at: Mapped[datetime] = mapped_column()


class Booking(Base):
    """A counselling booking made at this kiosk, and the hub's decision once known.

    The code itself is never stored: only its SHA-256, as on the wire, so nothing on
    this terminal can open the worker's page. No name, phone or visit either.
    """

    __tablename__ = "bookings"
    __table_args__ = (Index("ix_bookings_status", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    booking_id: Mapped[str] = mapped_column(String(36), unique=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    session_id: Mapped[str] = mapped_column(String(128))
    station_id: Mapped[str] = mapped_column(String(64))
    starts_at: Mapped[str] = mapped_column(String(40))  # station-local, with offset
    ends_at: Mapped[str] = mapped_column(String(40))
    followup_code: Mapped[str | None] = mapped_column(String(64), default=None)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    number: Mapped[int | None] = mapped_column(Integer, default=None)
    reason: Mapped[str | None] = mapped_column(String(32), default=None)
    created_at: Mapped[datetime] = mapped_column()
    decided_at: Mapped[datetime | None] = mapped_column(default=None)
    outbox_seq: Mapped[int] = mapped_column(ForeignKey("outbox.seq"))
