"""indexes for the attendant dashboard

The dashboard's health figures must stay quick on a year of data
(benchmarks/bench_dashboard.py): the count of rejected events scanned the
whole outbox, the oldest unsent event read every unsent row, the slips and the
paper count since the last refill scanned ``slip_prints``, and the last
refill scanned ``attendant_actions``.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_outbox_unsent_occurred", "outbox", ["sent_at", "occurred_at"]),
    ("ix_outbox_rejected", "outbox", ["rejected_code"]),
    ("ix_slip_prints_time", "slip_prints", ["occurred_at", "ok"]),
    ("ix_attendant_actions_action", "attendant_actions", ["action", "occurred_at"]),
)


def upgrade() -> None:
    # Plain CREATE INDEX: no table is copied, so a year of data migrates in seconds.
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
