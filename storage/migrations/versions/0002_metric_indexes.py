"""metric indexes: timestamps, so the metrics layer can tell in one index probe whether
anything is dated after `now` (the clock set back) and skip per-row time checks otherwise

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

"""
from typing import Sequence, Union

from alembic import op


revision: str = '0002'
down_revision: Union[str, Sequence[str], None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

INDEXES = (
    ("activities", "ix_activities_at", ["occurred_at"]),
    ("deal_events", "ix_deal_events_at", ["at"]),
    ("deals", "ix_deals_created_at", ["created_at"]),
    ("customers", "ix_customers_created_at", ["created_at"]),
)


def upgrade() -> None:
    for table, name, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for table, name, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
