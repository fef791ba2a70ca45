"""The bookings tables (SQLAlchemy Core, on the hub's one metadata).

Change them only together with a migration (``0004_bookings``). The hub never holds a
booking's code, only its SHA-256; a booking carries no name, phone or visit.
"""

from __future__ import annotations

import sqlalchemy as sa

from kiosk.hub.schema import UTCDateTime, metadata

# A counsellor's sitting at a station. Times are kept twice: the station-local text
# with its offset, as terminals show it, and UTC for comparing with the clock.
sessions = sa.Table(
    "booking_sessions",
    metadata,
    sa.Column("session_id", sa.String(64), primary_key=True),
    sa.Column("station_id", sa.String(128), nullable=False),
    sa.Column("counsellor", sa.String(128), nullable=True),
    sa.Column("starts_at", sa.String(40), nullable=False),
    sa.Column("ends_at", sa.String(40), nullable=False),
    sa.Column("starts_utc", UTCDateTime(), nullable=False),
    sa.Column("ends_utc", UTCDateTime(), nullable=False),
    sa.Column("capacity", sa.Integer(), nullable=False),
    sa.Column("cancelled_at", UTCDateTime(), nullable=True),
    sa.Column("plan_id", sa.Integer(), nullable=True),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Index("ix_booking_sessions_station_starts", "station_id", "starts_utc"),
)

# One row per booking_id, ever: the decision and where the booking stands now.
# ``decision``/``decision_number``/``reason`` never change once written (a replay gets
# them back); ``status``/``number`` follow cancellations and promotions.
bookings = sa.Table(
    "bookings",
    metadata,
    sa.Column("booking_id", sa.String(36), primary_key=True),
    sa.Column("code_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("session_id", sa.String(128), nullable=False),
    sa.Column("station_id", sa.String(128), nullable=False),
    sa.Column("decision", sa.String(16), nullable=False),
    sa.Column("decision_number", sa.Integer(), nullable=True),
    sa.Column("reason", sa.String(32), nullable=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("number", sa.Integer(), nullable=True),
    sa.Column("followup_code", sa.String(64), nullable=True),
    # The first receipt, and what orders the waiting list: the hub's clock, then the
    # arriving terminal's seq (one terminal's offline bookings arrive in one batch).
    sa.Column("received_at", UTCDateTime(), nullable=False),
    sa.Column("terminal_id", sa.String(64), nullable=False),
    sa.Column("seq", sa.BigInteger(), nullable=True),
    sa.Column("cancelled_by", sa.String(16), nullable=True),
    sa.Column("cancelled_at", UTCDateTime(), nullable=True),
    sa.Column("attendance", sa.String(16), nullable=True),
    sa.Index("ix_bookings_session_status", "session_id", "status"),
)

# A counsellor's weekly sitting at a station; the hub turns plans into sessions.
plans = sa.Table(
    "booking_plans",
    metadata,
    sa.Column("plan_id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("station_id", sa.String(128), nullable=False),
    sa.Column("counsellor", sa.String(128), nullable=False),
    sa.Column("weekday", sa.Integer(), nullable=False),  # 0 = Monday
    sa.Column("start_time", sa.String(5), nullable=False),  # "14:00", station-local
    sa.Column("end_time", sa.String(5), nullable=False),
    sa.Column("slot_minutes", sa.Integer(), nullable=False),
    sa.Column("seats", sa.Integer(), nullable=False),
    sa.Column("utc_offset", sa.String(6), nullable=False),  # the station's, "+08:00"
    sa.Column("active", sa.Boolean(), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
)

# A plan's exception: a closed day (no sessions that day) or an extra afternoon.
plan_exceptions = sa.Table(
    "booking_plan_exceptions",
    metadata,
    sa.Column("exception_id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("station_id", sa.String(128), nullable=False),
    sa.Column("counsellor", sa.String(128), nullable=False),
    sa.Column("day", sa.String(10), nullable=False),  # station-local date
    sa.Column("kind", sa.String(8), nullable=False),  # "closed" | "extra"
    sa.Column("start_time", sa.String(5), nullable=True),
    sa.Column("end_time", sa.String(5), nullable=True),
    sa.Column("slot_minutes", sa.Integer(), nullable=True),
    sa.Column("seats", sa.Integer(), nullable=True),
    sa.Column("utc_offset", sa.String(6), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
)
