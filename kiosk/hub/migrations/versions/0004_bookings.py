"""Counselling bookings: sessions, bookings, counsellors' weekly plans and exceptions.

Independent of the console's tables, so it can be chained after them.

Revision ID: 0004_bookings
Revises: 0003_fleet_figures
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_bookings"
down_revision = "0003_fleet_figures"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "booking_sessions",
        sa.Column("session_id", sa.String(64), nullable=False),
        sa.Column("station_id", sa.String(128), nullable=False),
        sa.Column("counsellor", sa.String(128), nullable=True),
        sa.Column("starts_at", sa.String(40), nullable=False),
        sa.Column("ends_at", sa.String(40), nullable=False),
        sa.Column("starts_utc", sa.DateTime(), nullable=False),
        sa.Column("ends_utc", sa.DateTime(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(), nullable=True),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("session_id", name="pk_booking_sessions"),
    )
    op.create_index(
        "ix_booking_sessions_station_starts", "booking_sessions", ["station_id", "starts_utc"]
    )
    op.create_table(
        "bookings",
        sa.Column("booking_id", sa.String(36), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("session_id", sa.String(128), nullable=False),
        sa.Column("station_id", sa.String(128), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("decision_number", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(32), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("followup_code", sa.String(64), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("terminal_id", sa.String(64), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=True),
        sa.Column("cancelled_by", sa.String(16), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(), nullable=True),
        sa.Column("attendance", sa.String(16), nullable=True),
        sa.PrimaryKeyConstraint("booking_id", name="pk_bookings"),
        sa.UniqueConstraint("code_hash", name="uq_bookings_code_hash"),
    )
    op.create_index("ix_bookings_session_status", "bookings", ["session_id", "status"])
    op.create_table(
        "booking_plans",
        sa.Column("plan_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("station_id", sa.String(128), nullable=False),
        sa.Column("counsellor", sa.String(128), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("start_time", sa.String(5), nullable=False),
        sa.Column("end_time", sa.String(5), nullable=False),
        sa.Column("slot_minutes", sa.Integer(), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("utc_offset", sa.String(6), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("plan_id", name="pk_booking_plans"),
    )
    op.create_table(
        "booking_plan_exceptions",
        sa.Column("exception_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("station_id", sa.String(128), nullable=False),
        sa.Column("counsellor", sa.String(128), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("start_time", sa.String(5), nullable=True),
        sa.Column("end_time", sa.String(5), nullable=True),
        sa.Column("slot_minutes", sa.Integer(), nullable=True),
        sa.Column("seats", sa.Integer(), nullable=True),
        sa.Column("utc_offset", sa.String(6), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("exception_id", name="pk_booking_plan_exceptions"),
    )


def downgrade() -> None:
    for table in ("booking_plan_exceptions", "booking_plans", "bookings", "booking_sessions"):
        op.drop_table(table)
