"""The hub's tables (SQLAlchemy Core). Change them only together with a migration."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Stores naive UTC on every backend and hands back aware UTC datetimes."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


terminals = sa.Table(
    "terminals",
    metadata,
    sa.Column("terminal_id", sa.String(64), primary_key=True),
    sa.Column("station_id", sa.String(128), nullable=False, index=True),
    sa.Column("name", sa.String(200), nullable=False, server_default=""),
    sa.Column("app_version", sa.String(64), nullable=False, server_default=""),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("revoked_at", UTCDateTime(), nullable=True),
    sa.Column("last_seen_at", UTCDateTime(), nullable=True),
)

enrollment_codes = sa.Table(
    "enrollment_codes",
    metadata,
    sa.Column("code_hash", sa.String(64), primary_key=True),
    sa.Column("station_id", sa.String(128), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("expires_at", UTCDateTime(), nullable=False),
    sa.Column("used_at", UTCDateTime(), nullable=True),
    sa.Column("used_by", sa.String(64), nullable=True),
)

# One row per accepted event. Columns beside the payload are extracted at ingest so
# reports and follow-up look-ups need no JSON functions (which differ per backend).
events = sa.Table(
    "events",
    metadata,
    sa.Column("event_id", sa.String(36), primary_key=True),
    sa.Column("terminal_id", sa.String(64), nullable=False),
    sa.Column("db_instance_id", sa.String(36), nullable=False),
    sa.Column("seq", sa.BigInteger(), nullable=False),
    sa.Column("type", sa.String(64), nullable=False),
    sa.Column("schema_version", sa.Integer(), nullable=False),
    sa.Column("occurred_at", sa.String(40), nullable=False),
    sa.Column("occurred_date", sa.String(10), nullable=False),
    sa.Column("station_id", sa.String(128), nullable=False),
    sa.Column("follow_up_code", sa.String(64), nullable=True, index=True),
    sa.Column("payload", sa.JSON(), nullable=False),
    sa.Column("received_at", UTCDateTime(), nullable=False),
    sa.Index("ix_events_station_type_date", "station_id", "type", "occurred_date"),
    sa.Index("ix_events_terminal_seq", "terminal_id", "db_instance_id", "seq"),
)

# Figures kept by ingest in the events' own transaction (kiosk.hub.figures), per station
# and station-local day or month: one row per (metric, key, sub) with its count. Metrics
# and keys are listed in kiosk.hub.figures.rollup.
figures_daily = sa.Table(
    "figures_daily",
    metadata,
    sa.Column("station_id", sa.String(128), primary_key=True),
    sa.Column("day", sa.String(10), primary_key=True),
    sa.Column("metric", sa.String(32), primary_key=True),
    sa.Column("key", sa.String(128), primary_key=True),
    sa.Column("sub", sa.String(128), primary_key=True),
    sa.Column("count", sa.BigInteger(), nullable=False),
    sa.Index("ix_figures_daily_metric_day", "metric", "day"),
)

figures_monthly = sa.Table(
    "figures_monthly",
    metadata,
    sa.Column("station_id", sa.String(128), primary_key=True),
    sa.Column("month", sa.String(7), primary_key=True),
    sa.Column("metric", sa.String(32), primary_key=True),
    sa.Column("key", sa.String(128), primary_key=True),
    sa.Column("sub", sa.String(128), primary_key=True),
    sa.Column("count", sa.BigInteger(), nullable=False),
    sa.Index("ix_figures_monthly_metric_month", "metric", "month"),
)

# Events whose envelope was fine but whose payload was not: kept, acknowledged, listed.
rejected_events = sa.Table(
    "rejected_events",
    metadata,
    sa.Column("event_id", sa.String(36), primary_key=True),
    sa.Column("terminal_id", sa.String(64), nullable=False),
    sa.Column("db_instance_id", sa.String(36), nullable=False),
    sa.Column("seq", sa.BigInteger(), nullable=False),
    sa.Column("type", sa.String(64), nullable=False),
    sa.Column("schema_version", sa.Integer(), nullable=False),
    sa.Column("occurred_at", sa.String(40), nullable=False),
    sa.Column("payload", sa.JSON(), nullable=False),
    sa.Column("code", sa.String(64), nullable=False),
    sa.Column("message", sa.Text(), nullable=False),
    sa.Column("received_at", UTCDateTime(), nullable=False),
)

high_water = sa.Table(
    "high_water",
    metadata,
    sa.Column("terminal_id", sa.String(64), primary_key=True),
    sa.Column("db_instance_id", sa.String(36), primary_key=True),
    sa.Column("acked_through", sa.BigInteger(), nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
)

# Heartbeat history: the newest heartbeat of each hour per terminal, for 30 days
# (kiosk.hub.heartbeat prunes at write).
heartbeats = sa.Table(
    "heartbeats",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("terminal_id", sa.String(64), nullable=False, index=True),
    sa.Column("hour", UTCDateTime(), nullable=False),
    sa.Column("received_at", UTCDateTime(), nullable=False),
    sa.Column("clock_skew_s", sa.Float(), nullable=False),
    sa.Column("body", sa.JSON(), nullable=False),
    sa.UniqueConstraint("terminal_id", "hour", name="uq_heartbeats_terminal_hour"),
)

# The latest heartbeat of each terminal, in columns, for the fleet page.
terminal_health = sa.Table(
    "terminal_health",
    metadata,
    sa.Column("terminal_id", sa.String(64), primary_key=True),
    sa.Column("received_at", UTCDateTime(), nullable=False),
    sa.Column("clock_skew_s", sa.Float(), nullable=False),
    sa.Column("app_version", sa.String(64), nullable=False),
    sa.Column("outbox_length", sa.BigInteger(), nullable=False),
    sa.Column("oldest_unsent_at", UTCDateTime(), nullable=True),
    sa.Column("printer_state", sa.String(200), nullable=False),
    sa.Column("printer_status", sa.String(32), nullable=True),
    sa.Column("sync_interval_s", sa.Integer(), nullable=True),
    sa.Column("last_sync_error", sa.Text(), nullable=True),
)

content_items = sa.Table(
    "content_items",
    metadata,
    sa.Column("kind", sa.String(32), primary_key=True),
    sa.Column("item_id", sa.String(128), primary_key=True),
    sa.Column("version", sa.BigInteger(), nullable=False, index=True),
    sa.Column("deleted", sa.Boolean(), nullable=False),
    sa.Column("body", sa.JSON(), nullable=True),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
)

# Every publish that changed anything: one row per item it changed, with the body it
# published, so the console can list earlier versions and who made them.
content_history = sa.Table(
    "content_history",
    metadata,
    sa.Column("version", sa.BigInteger(), primary_key=True),
    sa.Column("kind", sa.String(32), primary_key=True),
    sa.Column("item_id", sa.String(128), primary_key=True),
    sa.Column("deleted", sa.Boolean(), nullable=False),
    sa.Column("body", sa.JSON(), nullable=True),
    sa.Column("published_at", UTCDateTime(), nullable=False),
    sa.Column("published_by", sa.String(200), nullable=True),
    sa.Index("ix_content_history_item", "kind", "item_id"),
)

# A single row (id = 1): the global content version and the newest version whose
# tombstones were pruned; a client whose cursor is older than that gets a reset.
content_state = sa.Table(
    "content_state",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
    sa.Column("version", sa.BigInteger(), nullable=False),
    sa.Column("pruned_through", sa.BigInteger(), nullable=False),
)

# --- The union console (kiosk/hub/console) -------------------------------------------

# One row per console account. ``stations`` is a JSON list of station ids the account
# is limited to, or NULL for all stations (admins are never limited).
console_users = sa.Table(
    "console_users",
    metadata,
    sa.Column("user_id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(64), nullable=False, unique=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("stations", sa.JSON(), nullable=True),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("locked_until", UTCDateTime(), nullable=True),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("password_changed_at", UTCDateTime(), nullable=False),
)

# A session is known only by the SHA-256 of its cookie value; it ends after
# ``last_seen_at`` is 30 minutes old, at logout, or when its account is disabled.
console_sessions = sa.Table(
    "console_sessions",
    metadata,
    sa.Column("session_hash", sa.String(64), primary_key=True),
    sa.Column(
        "user_id",
        sa.Integer(),
        sa.ForeignKey("console_users.user_id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("last_seen_at", UTCDateTime(), nullable=False),
)

# Who did what in the console (and the console-related commands). ``detail`` never
# holds a follow-up code, a password or a token.
console_audit = sa.Table(
    "console_audit",
    metadata,
    sa.Column("entry_id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("at", UTCDateTime(), nullable=False, index=True),
    sa.Column("actor", sa.String(64), nullable=True),
    sa.Column("action", sa.String(48), nullable=False, index=True),
    sa.Column("station_id", sa.String(128), nullable=True),
    sa.Column("detail", sa.Text(), nullable=False, server_default=""),
    sa.Column("address", sa.String(64), nullable=True),
)

# Fixed-window counters shared by every hub process (kiosk/hub/ratelimit.py).
rate_limits = sa.Table(
    "rate_limits",
    metadata,
    sa.Column("bucket", sa.String(200), primary_key=True),
    sa.Column("window_start", sa.BigInteger(), primary_key=True),
    sa.Column("hits", sa.Integer(), nullable=False),
)

# Named secrets made once by whichever hub process needs one first (the CSRF key).
hub_secrets = sa.Table(
    "hub_secrets",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.String(128), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
)
