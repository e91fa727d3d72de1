"""drop ix_activities_user_on: (user_id, occurred_on) is a prefix of ix_activities_user_on_kind

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22

"""
from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_activities_user_on", table_name="activities")


def downgrade() -> None:
    op.create_index("ix_activities_user_on", "activities", ["user_id", "occurred_on"], unique=False)
