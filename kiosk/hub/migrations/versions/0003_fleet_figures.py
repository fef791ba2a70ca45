"""Fleet, figures and content history: the latest heartbeat per terminal in columns, an
hourly heartbeat history, the figures' daily and monthly roll-ups (built here from the
events the hub already holds) and the history of content publishes.

Revision ID: 0003_fleet_figures
Revises: 0002_console
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003_fleet_figures"
down_revision = "0002_console"
branch_labels = None
depends_on = None

HISTORY_DAYS = 30

_heartbeats = sa.table(
    "heartbeats",
    sa.column("id", sa.Integer()),
    sa.column("terminal_id", sa.String()),
    sa.column("hour", sa.DateTime()),
    sa.column("received_at", sa.DateTime()),
    sa.column("clock_skew_s", sa.Float()),
    sa.column("body", sa.JSON()),
)
_events = sa.table(
    "events",
    sa.column("type", sa.String()),
    sa.column("occurred_date", sa.String()),
    sa.column("station_id", sa.String()),
    sa.column("payload", sa.JSON()),
)


def _figure_columns(period: str, width: int) -> list[Any]:
    return [
        sa.Column("station_id", sa.String(128), nullable=False),
        sa.Column(period, sa.String(width), nullable=False),
        sa.Column("metric", sa.String(32), nullable=False),
        sa.Column("key", sa.String(128), nullable=False),
        sa.Column("sub", sa.String(128), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "terminal_health",
        sa.Column("terminal_id", sa.String(64), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("clock_skew_s", sa.Float(), nullable=False),
        sa.Column("app_version", sa.String(64), nullable=False),
        sa.Column("outbox_length", sa.BigInteger(), nullable=False),
        sa.Column("oldest_unsent_at", sa.DateTime(), nullable=True),
        sa.Column("printer_state", sa.String(200), nullable=False),
        sa.Column("printer_status", sa.String(32), nullable=True),
        sa.Column("sync_interval_s", sa.Integer(), nullable=True),
        sa.Column("last_sync_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("terminal_id", name="pk_terminal_health"),
    )
    daily = op.create_table(
        "figures_daily",
        *_figure_columns("day", 10),
        sa.PrimaryKeyConstraint(
            "station_id", "day", "metric", "key", "sub", name="pk_figures_daily"
        ),
    )
    op.create_index("ix_figures_daily_metric_day", "figures_daily", ["metric", "day"])
    monthly = op.create_table(
        "figures_monthly",
        *_figure_columns("month", 7),
        sa.PrimaryKeyConstraint(
            "station_id", "month", "metric", "key", "sub", name="pk_figures_monthly"
        ),
    )
    op.create_index("ix_figures_monthly_metric_month", "figures_monthly", ["metric", "month"])
    op.create_table(
        "content_history",
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("item_id", sa.String(128), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.Column("published_by", sa.String(200), nullable=True),
        sa.PrimaryKeyConstraint("version", "kind", "item_id", name="pk_content_history"),
    )
    op.create_index("ix_content_history_item", "content_history", ["kind", "item_id"])
    # What the hub publishes today is the history's first page (who published it is
    # not known: before this version the hub did not record it).
    op.execute(
        "INSERT INTO content_history (version, kind, item_id, deleted, body, published_at) "
        "SELECT version, kind, item_id, deleted, body, updated_at FROM content_items"
    )
    with op.batch_alter_table("heartbeats") as batch:
        batch.add_column(sa.Column("hour", sa.DateTime(), nullable=True))
    _hourly_history()
    with op.batch_alter_table("heartbeats") as batch:
        batch.alter_column("hour", existing_type=sa.DateTime(), nullable=False)
        batch.create_unique_constraint("uq_heartbeats_terminal_hour", ["terminal_id", "hour"])
    _build_rollups(daily, monthly)


def _naive_utc(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    if value.tzinfo is None:
        return None
    return value.astimezone(UTC).replace(tzinfo=None)


def _hourly_history() -> None:
    """Keep the newest heartbeat of each hour of the last 30 days; the newest of all
    becomes the terminal's latest."""
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(_heartbeats).order_by(_heartbeats.c.received_at, _heartbeats.c.id)
    ).all()
    cutoff = datetime.now(UTC).replace(tzinfo=None) - timedelta(days=HISTORY_DAYS)
    keep: dict[tuple[str, datetime], Any] = {}
    latest: dict[str, Any] = {}
    for row in rows:  # oldest first, so later rows replace earlier ones
        latest[row.terminal_id] = row
        if row.received_at >= cutoff:
            hour = row.received_at.replace(minute=0, second=0, microsecond=0)
            keep[(row.terminal_id, hour)] = row
    kept = {row.id for row in keep.values()}
    drop = [row.id for row in rows if row.id not in kept]
    for start in range(0, len(drop), 500):
        conn.execute(_heartbeats.delete().where(_heartbeats.c.id.in_(drop[start : start + 500])))
    for (_terminal, hour), row in keep.items():
        conn.execute(_heartbeats.update().where(_heartbeats.c.id == row.id).values(hour=hour))
    health = sa.table(
        "terminal_health",
        *(
            sa.column(name)
            for name in (
                "terminal_id",
                "received_at",
                "clock_skew_s",
                "app_version",
                "outbox_length",
                "oldest_unsent_at",
                "printer_state",
                "printer_status",
                "sync_interval_s",
                "last_sync_error",
            )
        ),
    )
    for terminal_id, row in latest.items():
        body = row.body if isinstance(row.body, dict) else {}
        conn.execute(
            health.insert().values(
                terminal_id=terminal_id,
                received_at=row.received_at,
                clock_skew_s=row.clock_skew_s,
                app_version=str(body.get("app_version") or "")[:64],
                outbox_length=int(body.get("outbox_length") or 0),
                oldest_unsent_at=_naive_utc(body.get("oldest_unsent_at")),
                printer_state=str(body.get("printer_state") or "")[:200],
                printer_status=None,
                sync_interval_s=None,
                last_sync_error=body.get("last_sync_error"),
            )
        )


def _build_rollups(daily: sa.Table, monthly: sa.Table) -> None:
    """The roll-ups of every event already held, counted as ingest counts them."""
    from kiosk.hub.figures.rollup import add

    conn = op.get_bind()
    per_day: Counter[tuple[str, str, str, str, str]] = Counter()
    per_month: Counter[tuple[str, str, str, str, str]] = Counter()
    query = sa.select(
        _events.c.type,
        _events.c.occurred_date,
        _events.c.station_id,
        sa.cast(_events.c.payload, sa.Text()).label("payload"),
    ).where(_events.c.type.in_(("visit", "slip_printed", "staff_call", "assessment")))
    for row in conn.execute(query.execution_options(yield_per=5000)):
        add(per_day, per_month, row.type, row.station_id, row.occurred_date, row.payload)
    for table, period, counts in ((daily, "day", per_day), (monthly, "month", per_month)):
        values = [
            {"station_id": s, period: p, "metric": m, "key": k, "sub": b, "count": n}
            for (s, p, m, k, b), n in sorted(counts.items())
        ]
        for start in range(0, len(values), 5000):
            conn.execute(table.insert(), values[start : start + 5000])


def downgrade() -> None:
    with op.batch_alter_table("heartbeats") as batch:
        batch.drop_constraint("uq_heartbeats_terminal_hour", type_="unique")
        batch.drop_column("hour")
    op.drop_table("content_history")
    op.drop_table("figures_monthly")
    op.drop_table("figures_daily")
    op.drop_table("terminal_health")
