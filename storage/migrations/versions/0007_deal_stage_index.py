"""deal events by deal and time carry the stage: a deal's stage as of now (the latest event at or
before now, ties by id) is read from the index alone, for every deal a list or metric looks at

Replaces ix_deal_events_deal_at (deal_id, at), a prefix of the new index.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

"""
from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_deal_events_deal_at_stage", "deal_events", ["deal_id", "at", "id", "stage"], unique=False)
    op.drop_index("ix_deal_events_deal_at", table_name="deal_events")


def downgrade() -> None:
    op.create_index("ix_deal_events_deal_at", "deal_events", ["deal_id", "at"], unique=False)
    op.drop_index("ix_deal_events_deal_at_stage", table_name="deal_events")
