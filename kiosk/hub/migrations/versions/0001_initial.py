"""Initial hub schema: terminals, enrollment codes, events, rejected events, high-water
marks, heartbeats and versioned content.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "terminals",
        sa.Column("terminal_id", sa.String(64), nullable=False),
        sa.Column("station_id", sa.String(128), nullable=False),
        sa.Column("name", sa.String(200), nullable=False, server_default=""),
        sa.Column("app_version", sa.String(64), nullable=False, server_default=""),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("last_seen_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("terminal_id", name="pk_terminals"),
        sa.UniqueConstraint("token_hash", name="uq_terminals_token_hash"),
    )
    op.create_index("ix_terminals_station_id", "terminals", ["station_id"])
    op.create_table(
        "enrollment_codes",
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("station_id", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.Column("used_by", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("code_hash", name="pk_enrollment_codes"),
    )
    op.create_table(
        "events",
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("terminal_id", sa.String(64), nullable=False),
        sa.Column("db_instance_id", sa.String(36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("schema_version", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.String(40), nullable=False),
        sa.Column("occurred_date", sa.String(10), nullable=False),
        sa.Column("station_id", sa.String(128), nullable=False),
        sa.Column("follow_up_code", sa.String(64), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name="pk_events"),
    )
    op.create_index("ix_events_follow_up_code", "events", ["follow_up_code"])
    op.create_index(
        "ix_events_station_type_date", "events", ["station_id", "type", "occurred_date"]
    )
    op.create_index("ix_events_terminal_seq", "events", ["terminal_id", "db_instance_id", "seq"])
    op.create_table(
        "rejected_events",
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("terminal_id", sa.String(64), nullable=False),
        sa.Column("db_instance_id", sa.String(36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("schema_version", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.String(40), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name="pk_rejected_events"),
    )
    op.create_table(
        "high_water",
        sa.Column("terminal_id", sa.String(64), nullable=False),
        sa.Column("db_instance_id", sa.String(36), nullable=False),
        sa.Column("acked_through", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("terminal_id", "db_instance_id", name="pk_high_water"),
    )
    op.create_table(
        "heartbeats",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("terminal_id", sa.String(64), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("clock_skew_s", sa.Float(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_heartbeats"),
    )
    op.create_index("ix_heartbeats_terminal_id", "heartbeats", ["terminal_id"])
    op.create_table(
        "content_items",
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("item_id", sa.String(128), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "item_id", name="pk_content_items"),
    )
    op.create_index("ix_content_items_version", "content_items", ["version"])
    state = op.create_table(
        "content_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("pruned_through", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_content_state"),
    )
    op.bulk_insert(state, [{"id": 1, "version": 0, "pruned_through": 0}])


def downgrade() -> None:
    for table in (
        "content_state",
        "content_items",
        "heartbeats",
        "high_water",
        "rejected_events",
        "events",
        "enrollment_codes",
        "terminals",
    ):
        op.drop_table(table)
