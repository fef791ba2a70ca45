"""The union console: accounts, sessions, audit log, rate-limit counters, hub secrets.

Revision ID: 0002_console
Revises: 0001_initial
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_console"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "console_users",
        sa.Column("user_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("stations", sa.JSON(), nullable=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("password_changed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_console_users"),
        sa.UniqueConstraint("name", name="uq_console_users_name"),
    )
    op.create_table(
        "console_sessions",
        sa.Column("session_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["console_users.user_id"],
            name="fk_console_sessions_user_id_console_users",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_hash", name="pk_console_sessions"),
    )
    op.create_index("ix_console_sessions_user_id", "console_sessions", ["user_id"])
    op.create_table(
        "console_audit",
        sa.Column("entry_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(64), nullable=True),
        sa.Column("action", sa.String(48), nullable=False),
        sa.Column("station_id", sa.String(128), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False, server_default=""),
        sa.Column("address", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("entry_id", name="pk_console_audit"),
    )
    op.create_index("ix_console_audit_at", "console_audit", ["at"])
    op.create_index("ix_console_audit_action", "console_audit", ["action"])
    op.create_table(
        "rate_limits",
        sa.Column("bucket", sa.String(200), nullable=False),
        sa.Column("window_start", sa.BigInteger(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("bucket", "window_start", name="pk_rate_limits"),
    )
    op.create_table(
        "hub_secrets",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("value", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_hub_secrets"),
    )


def downgrade() -> None:
    op.drop_table("hub_secrets")
    op.drop_table("rate_limits")
    op.drop_index("ix_console_audit_action", table_name="console_audit")
    op.drop_index("ix_console_audit_at", table_name="console_audit")
    op.drop_table("console_audit")
    op.drop_index("ix_console_sessions_user_id", table_name="console_sessions")
    op.drop_table("console_sessions")
    op.drop_table("console_users")
